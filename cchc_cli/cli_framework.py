"""The command line's own words (help screens, usage errors) in Vietnamese, through Typer/Click's hooks.

Nothing here patches Typer or Click. The command line uses subclasses:

* :class:`CchcTyper` (a ``typer.Typer``) gives every command :class:`Command` and every group :class:`Group`,
  with Vietnamese ``options_metavar`` / ``subcommand_metavar``;
* :class:`Command` / :class:`Group` override Click's documented help hooks (``format_usage``,
  ``format_help_text``, ``format_options``, ``format_commands``, ``get_help_option``) so help is written
  from each parameter's fields (metavar, help, default, required) with Vietnamese headings; the group's
  ``resolve_command``/``invoke`` and each command's ``parse_args`` raise :class:`VietUsageError` with a
  Vietnamese sentence where Click would build an English one;
* :meth:`Group.main` runs Click with ``standalone_mode=False`` and turns each Click exception into a
  Vietnamese message from the exception's fields (:func:`describe_error`), never from its English text.

Help uses Click's plain formatter (``rich_markup_mode=None``): ``cchc --help`` imports no Rich (speed, see
bench/bench_cli.py). Written for the Typer range pinned in pyproject.toml (Typer vendors Click as
``typer._click``).
"""

from __future__ import annotations

import difflib
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import Any, NoReturn, Union, get_args, get_origin

import typer
from typer import _click as click
from typer._click import exceptions as click_exc
from typer._click.globals import get_current_context
from typer.core import TyperCommand, TyperGroup

USAGE_PREFIX = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]..."
HELP_OPTION_HELP = "Hiện hướng dẫn này rồi thoát."
SECTION_ARGUMENTS = "Tham số"
SECTION_OPTIONS = "Tùy chọn"
SECTION_COMMANDS = "Lệnh"
DEFAULT_TEXT = "mặc định: {}"
REQUIRED_TEXT = "bắt buộc"
ERROR_PREFIX = "Lỗi: "
TRY_HELP = "Gõ «{command} {option}» để xem hướng dẫn."
ABORTED = "Đã dừng theo yêu cầu người dùng; tệp nào đã ghi xong thì giữ nguyên, không có tệp ghi dở."

#: (annotation → metavar when a parameter declares none, what a value must be)
_TYPE_WORDS: list[tuple[type, str, str]] = [
    (bool, "CÓ/KHÔNG", "có hoặc không (true/false)"),
    (int, "SỐ", "một số nguyên"),
    (float, "SỐ", "một số"),
    (datetime, "NGÀY_GIỜ", "ngày giờ dạng năm-tháng-ngày giờ:phút, ví dụ 2025-12-31 17:00"),
    (date, "NGÀY", "ngày dạng năm-tháng-ngày, ví dụ 2025-12-31"),
    (Path, "ĐƯỜNG_DẪN", "một đường dẫn tệp hoặc thư mục"),
    (str, "GIÁ_TRỊ", "một giá trị"),
]

# Rich console markup a docstring may carry ("[bold]…[/bold]"); help is plain text.
_MARKUP = re.compile(r"\[/?(?:bold|b|italic|i|dim|underline|u)?\]")


class VietUsageError(click_exc.UsageError):
    """A usage error whose message is already Vietnamese (raised by the classes below)."""


def _annotation(param: click.Parameter) -> Any:
    """The value type of a parameter: ``list[Path] | None`` → ``Path``."""
    ann = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    for _ in range(3):
        args = [a for a in get_args(ann) if a is not type(None)]
        if not args or get_origin(ann) not in (list, tuple, Union, UnionType):
            break
        ann = args[0]
    return ann


def _choices(param: click.Parameter) -> tuple[Any, ...] | None:
    desc = getattr(param, "type_descriptor", None)
    try:
        return getattr(desc, "choices", None)
    except Exception:  # a descriptor this Typer version builds differently
        return None


def _type_words(param: click.Parameter) -> tuple[str, str]:
    choices = _choices(param)
    if choices:
        values = [str(getattr(c, "value", c)) for c in choices]
        return "|".join(values), "một trong: " + ", ".join(values)
    ann = _annotation(param)
    for typ, metavar, words in _TYPE_WORDS:
        if isinstance(ann, type) and issubclass(ann, typ):
            return metavar, words
    return "GIÁ_TRỊ", "một giá trị hợp lệ"


def is_flag(param: click.Parameter) -> bool:
    return bool(getattr(param, "is_flag", False))


def metavar(param: click.Parameter) -> str:
    """The placeholder shown for a parameter's value: its declared metavar, else a Vietnamese word for its type."""
    return param.metavar or _type_words(param)[0]


def param_label(param: click.Parameter) -> str:
    """How a parameter is named in a message: ``«--out»`` for an option, ``THƯ_MỤC`` for an argument."""
    if getattr(param, "param_type_name", "") == "option":
        longest = max(param.opts, key=len) if param.opts else param.name or ""
        return f"«{longest}»"
    return metavar(param)


def _is_argument(param: click.Parameter) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _repeats(param: click.Parameter) -> bool:
    return param.nargs == -1 or bool(getattr(param, "multiple", False))


def _default_text(param: click.Parameter) -> str | None:
    if is_flag(param) or param.required:
        return None
    show = getattr(param, "show_default", None)
    if show is False:
        return None
    if isinstance(show, str):
        return show
    default = param.default
    if default is None or default == () or default == [] or callable(default):
        return None
    if isinstance(default, (list, tuple)):
        return ", ".join(str(v) for v in default)
    return str(getattr(default, "value", default))


def help_record(param: click.Parameter) -> tuple[str, str] | None:
    """(left column, right column) of one parameter in the help screen; None when hidden."""
    if getattr(param, "hidden", False):
        return None
    if _is_argument(param):
        left = metavar(param) + ("..." if _repeats(param) else "")
    else:
        left = ", ".join(sorted(param.opts, key=len, reverse=True))
        if not is_flag(param):
            left += f" {metavar(param)}"
    text = _MARKUP.sub("", inspect.cleandoc(getattr(param, "help", None) or ""))
    extra = []
    default = _default_text(param)
    if default:
        extra.append(DEFAULT_TEXT.format(default))
    if param.required:
        extra.append(REQUIRED_TEXT)
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return left, text


class _Help:
    """Help-screen hooks shared by Command and Group (Click's ``format_*`` methods)."""

    params: list[click.Parameter]
    help: str | None
    options_metavar: str | None

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.params:
            if not _is_argument(param) or getattr(param, "hidden", False):
                continue
            name = metavar(param) + ("..." if _repeats(param) else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The docstring, markup removed; prose paragraphs re-wrapped, example paragraphs (those naming a
        ``cchc`` command) kept one line per example."""
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        text = _MARKUP.sub("", text)
        if not text:
            return
        formatter.write_paragraph()
        width = max((formatter.width or 80) - formatter.current_indent - 2, 40)
        with formatter.indentation():
            indent = " " * formatter.current_indent
            for k, paragraph in enumerate(text.split("\n\n")):
                lines = paragraph.splitlines()
                if not any("cchc " in line for line in lines):
                    lines = [" ".join(" ".join(lines).split())]
                if k:
                    formatter.write("\n")
                for line in lines:
                    for part in textwrap.wrap(line, width, break_on_hyphens=False) or [""]:
                        formatter.write(f"{indent}{part}\n")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param)
            if record is not None:
                (args if _is_argument(param) else opts).append(record)
        if args:
            with formatter.section(SECTION_ARGUMENTS):
                formatter.write_dl(args)
        if opts:
            with formatter.section(SECTION_OPTIONS):
                formatter.write_dl(opts)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parsing, with extra arguments refused in Vietnamese (Click's own message is English)."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)  # type: ignore[misc]
        except click_exc.UsageError as err:
            _attach(err, ctx)
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            shown = " ".join(f"«{a}»" for a in rest)
            raise VietUsageError(f"Thừa tham số: {shown}. Đường dẫn có dấu cách thì đặt trong ngoặc kép.", ctx)
        return rest


def _attach(err: click_exc.UsageError, ctx: click.Context) -> None:
    """Click's option parser raises without the context; the message needs it (which command, which option)."""
    if err.ctx is None:
        err.ctx = ctx
        err.cmd = ctx.command


class Command(_Help, TyperCommand):
    """A cchc command: Vietnamese help from the parameters' fields."""


class Group(_Help, TyperGroup):
    """The cchc command group: Vietnamese help, unknown commands and usage errors in Vietnamese."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A group passes what follows the command name on to the command: no extra-argument check here.
        try:
            return TyperGroup.parse_args(self, ctx, args)
        except click_exc.UsageError as err:
            _attach(err, ctx)
            raise

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            short = _MARKUP.sub("", cmd.short_help or inspect.cleandoc(cmd.help or "").split("\n\n")[0])
            rows.append((name, " ".join(short.split())))
        if rows:
            with formatter.section(SECTION_COMMANDS):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing and not name.startswith("-"):
            message = f"Không có lệnh «{name}»."
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            if close:
                message += " Có phải ý bạn là " + " hoặc ".join(f"«{c}»" for c in close) + "?"
            raise VietUsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:
            raise VietUsageError("Thiếu lệnh.", ctx)
        return super().invoke(ctx)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's ``main`` with ``standalone_mode=False``; Click's exceptions worded here, from their fields.

        In standalone mode (the console script, CliRunner) it exits with the exit code: 0, or 2 for a
        usage error, or what the command raised with ``typer.Exit``. Otherwise it returns the exit code.
        """
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
            if code == 130:  # Typer turns Ctrl-C into Exit(130) without a word
                click.echo(ABORTED, err=True)
        except click_exc.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help(), err=True)
            code = err.exit_code
        except click.ClickException as err:
            show_error(err)
            code = err.exit_code
        except typer.Abort:
            click.echo(ABORTED, err=True)
            code = 130
        if standalone_mode:
            sys.exit(code)
        return code


def describe_error(err: click.ClickException) -> str:
    """A one-line Vietnamese message for a Click/Typer exception, built from its fields (never its text)."""
    ex = click_exc
    if isinstance(err, VietUsageError):
        return err.message
    if isinstance(err, ex.NoSuchOption):
        message = f"Không có tùy chọn «{err.option_name}»."
        if err.possibilities:
            message += " Có phải ý bạn là " + " hoặc ".join(f"«{p}»" for p in sorted(err.possibilities)) + "?"
        return message
    if isinstance(err, ex.MissingParameter):
        if err.param is None:
            return "Thiếu một tham số bắt buộc."
        what = "tùy chọn" if not _is_argument(err.param) else ""
        help_text = " ".join(_MARKUP.sub("", err.param.help or "").split()) if hasattr(err.param, "help") else ""
        head = f"Thiếu {what} {param_label(err.param)}".replace("  ", " ")
        return f"{head}: {help_text.rstrip('.')}." if help_text else f"{head}."
    if isinstance(err, ex.BadParameter):
        if err.param is None:
            return "Giá trị không hợp lệ."
        return f"Giá trị của {param_label(err.param)} không hợp lệ: cần {_type_words(err.param)[1]}."
    if isinstance(err, ex.BadOptionUsage):
        option = _find_option(err.ctx, err.option_name)
        if option is not None and is_flag(option):
            return f"Tùy chọn «{err.option_name}» không nhận giá trị."
        wanted = f" ({metavar(option)})" if option is not None else ""
        return f"Tùy chọn «{err.option_name}» cần một giá trị{wanted} ngay sau nó."
    if isinstance(err, ex.BadArgumentUsage):
        return "Số giá trị của tham số không đúng."
    if isinstance(err, ex.FileError):
        return f"Không mở được tệp «{err.filename}»."
    if isinstance(err, click_exc.UsageError):
        return "Lệnh gõ chưa đúng cách dùng."
    return "Không thực hiện được lệnh."


def _find_option(ctx: click.Context | None, name: str) -> click.Parameter | None:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None


def show_error(err: click.ClickException, echo: Callable[..., Any] = click.echo) -> None:
    """Print a usage error as Click would (usage line, where to find help, the error), in Vietnamese."""
    ctx = getattr(err, "ctx", None)
    if isinstance(err, click_exc.UsageError) and ctx is not None:
        echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            echo(TRY_HELP.format(command=ctx.command_path, option=ctx.help_option_names[0]), err=True)
        echo("", err=True)
    echo(ERROR_PREFIX + describe_error(err), err=True)


class CchcTyper(typer.Typer):
    """``typer.Typer`` whose commands and groups are the Vietnamese :class:`Command` / :class:`Group`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("add_completion", False)
        # Help as wide as the terminal, up to 120 columns (Click stops at 80): examples stay on one line.
        kwargs.setdefault("context_settings", {"max_content_width": 120})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(name, **kwargs)


def fail(message: str) -> NoReturn:
    """Stop with a Vietnamese usage error (exit 2) from inside a command."""
    raise VietUsageError(message, get_current_context(silent=True))

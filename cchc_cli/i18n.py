"""Vietnamese for the strings Typer/Click print themselves (usage, option panels, errors).

Typer vendors Click (``typer._click``). Depending on the version, the built-in strings either go
through ``gettext`` (``_()`` / ``ngettext`` bound as module globals, and constants computed from
them at import time in ``typer.rich_utils``) or are plain f-strings. :func:`install_vietnamese`
covers both:

* module globals ``_`` / ``ngettext`` that are still the stdlib ``gettext`` functions are replaced
  by a dict-backed translator (:data:`CATALOG`);
* string constants of ``typer.rich_utils`` (panel titles, ``[default: …]``, …) are translated;
* error messages that are built with f-strings are translated when they are shown, by wrapping
  ``format_message`` of the exception classes with :func:`translate_message` (regex rules);
* the help option text, the ``Usage:`` prefix, the usage metavars and the type placeholders
  (``<bool>``, ``<path>`` …) are patched at the few places that build them.

Every patch is optional: if an attribute is missing in some Typer/Click version it is skipped
silently, and calling :func:`install_vietnamese` twice is harmless.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import importlib
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["CATALOG", "install_vietnamese", "translate_message", "translate_output"]

_MARK = "_cchc_vi"

#: msgid (exactly as in the Typer/Click sources) -> Vietnamese.
CATALOG: dict[str, str] = {
    # Help screens
    "Usage: ": "Cách dùng: ",
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Arguments": "Tham số",
    "Commands": "Lệnh",
    "Positionals": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "In phiên bản rồi thoát.",
    "[default: {}]": "[mặc định: {}]",
    "default: {default}": "mặc định: {default}",
    "[env var: {}]": "[biến môi trường: {}]",
    "env var: {var}": "biến môi trường: {var}",
    "[required]": "[bắt buộc]",
    "required": "bắt buộc",
    "(deprecated) ": "(không còn dùng) ",
    "(deprecated)": "(không còn dùng)",
    "(DEPRECATED)": "(KHÔNG CÒN DÙNG)",
    "(dynamic)": "(tự tính)",
    "(DEPRECATED: {message})": "(KHÔNG CÒN DÙNG: {message})",
    # Errors
    "Error": "Lỗi",
    "Error: {message}": "Lỗi: {message}",
    "Aborted.": "Đã dừng.",
    "Aborted!": "Đã dừng.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Gõ [blue]«{command_path} {help_option}»[/] để xem hướng dẫn."
    ),
    "Try '{command} {option}' for help.": "Gõ «{command} {option}» để xem hướng dẫn.",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh «{name}».",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Possible options: {possibilities})": "(Có thể là: {possibilities})",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "argument": "tham số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Thừa tham số ngoài dự kiến: ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ngoài dự kiến: ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn «{name}» cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn «{name}» cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn «{name}» không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số «{name}» cần {nargs} giá trị.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp «{filename}»: {message}",
    "unknown error": "lỗi không xác định",
    "{value!r} is not one of {choices}.": "«{value}» không phải một trong các giá trị: {choices}.",
    "{value!r} is not {choice}.": "«{value}» không phải {choice}.",
    "Choose from:": "Chọn một trong:",
    "The value you entered was invalid.": "Giá trị vừa nhập không hợp lệ.",
    "The two entered values do not match.": "Hai giá trị vừa nhập không khớp nhau.",
    "invalid input": "câu trả lời không hợp lệ",
    "Repeat for confirmation": "Nhập lại để xác nhận",
}

#: Plural msgids (singular, plural) -> Vietnamese (Vietnamese has a single form).
PLURAL_CATALOG: dict[tuple[str, str], str] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Thừa tham số ngoài dự kiến: ({args})"
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tùy chọn «{name}» cần {nargs} giá trị."
    ),
    ("Argument {name!r} takes {nargs} values.", "Argument {name!r} takes {nargs} values."): (
        "Tham số «{name}» cần {nargs} giá trị."
    ),
}

#: Type placeholders in the help tables: ``<bool>`` -> ``<có/không>`` …
TYPE_LABELS: dict[str, str] = {
    "bool": "có/không",
    "str": "văn bản",
    "text": "văn bản",
    "int": "số nguyên",
    "integer": "số nguyên",
    "float": "số",
    "int range": "số nguyên",
    "float range": "số",
    "path": "đường dẫn",
    "Path": "đường dẫn",
    "PosixPath": "đường dẫn",
    "WindowsPath": "đường dẫn",
    "file": "tệp",
    "dir": "thư mục",
    "date": "ngày",
    "datetime": "ngày giờ",
}

#: Tokens of the usage line (``[OPTIONS]``, ``COMMAND [ARGS]...``).
USAGE_TOKENS: dict[str, str] = {
    "COMMAND [ARGS]...": "LỆNH [THAM SỐ]...",
    "[OPTIONS]": "[TÙY CHỌN]",
}

# ---------------------------------------------------------------------------------------------
# Message translation (errors built with f-strings)
# ---------------------------------------------------------------------------------------------

_Q = r"(?:'[^'\n]*'|\"[^\"\n]*\")"  # a repr()-quoted name
_QS = rf"{_Q}(?: / {_Q})*"  # one or more, as Click joins parameter hints

_PARAM_KIND = {"argument": "tham số", "option": "tùy chọn", "parameter": "tham số"}
_PATH_LABEL = {
    "path": "Đường dẫn",
    "file": "Tệp",
    "dir": "Thư mục",
    "directory": "Thư mục",
}
_PATH_PROBLEM = {
    "does not exist": "không tồn tại",
    "is a file": "là tệp, không phải thư mục",
    "is a directory": "là thư mục, không phải tệp",
    "is not readable": "không đọc được (thiếu quyền đọc)",
    "is not writable": "không ghi được (thiếu quyền ghi)",
    "is not executable": "không chạy được (thiếu quyền chạy)",
}
_OLD_TYPE_NAMES = {
    "integer": "số nguyên",
    "float": "số",
    "boolean": "giá trị có/không",
    "UUID": "UUID",
    "datetime": "ngày giờ",
    "integer range": "số nguyên",
    "float range": "số",
}
_COMPARISON = {
    "greater than or equal to": "lớn hơn hoặc bằng",
    "less than or equal to": "nhỏ hơn hoặc bằng",
    "greater than": "lớn hơn",
    "less than": "nhỏ hơn",
}


def _guillemets(quoted: str) -> str:
    """``'x'`` -> ``«x»``; anything else is returned unchanged."""
    if len(quoted) >= 2 and quoted[0] == quoted[-1] and quoted[0] in "'\"":
        return f"«{quoted[1:-1]}»"
    return quoted


def _hints(text: str) -> str:
    """``'--a' / '-a'`` -> ``«--a» / «-a»``."""
    return re.sub(_Q, lambda m: _guillemets(m.group(0)), text)


_Repl = str | Callable[[re.Match[str]], str]

_RULES: list[tuple[re.Pattern[str], _Repl]] = [
    (
        re.compile(r"^Invalid value for (?P<h>.+?): "),
        lambda m: f"Giá trị không hợp lệ cho {_hints(m['h'])}: ",
    ),
    (re.compile(r"^Invalid value: "), "Giá trị không hợp lệ: "),
    (
        re.compile(rf"^Missing (?P<k>argument|option|parameter)(?: (?P<h>{_QS}))?\."),
        lambda m: f"Thiếu {_PARAM_KIND[m['k']]}" + (f" {_hints(m['h'])}" if m["h"] else "") + ".",
    ),
    (re.compile(r"^Missing parameter: "), "Thiếu tham số: "),
    (re.compile(r"^Missing command\."), "Thiếu lệnh."),
    (re.compile(r"Choose from:"), "Chọn một trong:"),
    (re.compile(r"^No such option: "), "Không có tùy chọn: "),
    (re.compile(r"\(Possible options: (?P<o>[^)]*)\)"), r"(Có thể là: \g<o>)"),
    (re.compile(rf"^No such command (?P<n>{_Q})\."), lambda m: f"Không có lệnh {_guillemets(m['n'])}."),
    (re.compile(r"Did you mean (?P<s>.+?)\?"), lambda m: f"Có phải ý bạn là {_hints(m['s'])}?"),
    (
        re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)"),
        r"Thừa tham số ngoài dự kiến: (\g<a>)",
    ),
    (
        re.compile(rf"^Option (?P<o>{_Q}) requires an argument\."),
        lambda m: f"Tùy chọn {_guillemets(m['o'])} cần một giá trị.",
    ),
    (
        re.compile(rf"^Option (?P<o>{_Q}) requires (?P<n>\d+) arguments\."),
        lambda m: f"Tùy chọn {_guillemets(m['o'])} cần {m['n']} giá trị.",
    ),
    (
        re.compile(rf"^Option (?P<o>{_Q}) does not take a value\."),
        lambda m: f"Tùy chọn {_guillemets(m['o'])} không nhận giá trị.",
    ),
    (
        re.compile(rf"^Argument (?P<o>{_Q}) takes (?P<n>\d+) values\."),
        lambda m: f"Tham số {_guillemets(m['o'])} cần {m['n']} giá trị.",
    ),
    (
        re.compile(
            rf"\b(?P<l>(?i:path|file|dir|directory)) (?P<p>{_Q}) "
            rf"(?P<w>{'|'.join(map(re.escape, _PATH_PROBLEM))})\."
        ),
        lambda m: f"{_PATH_LABEL[m['l'].lower()]} {_guillemets(m['p'])} {_PATH_PROBLEM[m['w']]}.",
    ),
    (
        re.compile(rf"^Could not open file (?P<f>{_Q}): "),
        lambda m: f"Không mở được tệp {_guillemets(m['f'])}: ",
    ),
    (re.compile(r"unknown error$"), "lỗi không xác định"),
    (re.compile(r"Value error, "), ""),
    (
        re.compile(rf"(?P<v>{_Q}) is not one of (?P<c>.+?)\.$"),
        lambda m: f"{_guillemets(m['v'])} không phải một trong các giá trị: {m['c']}.",
    ),
    (
        re.compile(rf"(?P<v>{_Q}) is not (?P<c>{_Q})\.$"),
        lambda m: f"{_guillemets(m['v'])} không phải {_guillemets(m['c'])}.",
    ),
    (
        re.compile(rf"(?P<v>{_Q}) is not a valid (?P<t>{'|'.join(map(re.escape, _OLD_TYPE_NAMES))})\."),
        lambda m: f"{_guillemets(m['v'])} không phải {_OLD_TYPE_NAMES[m['t']]} hợp lệ.",
    ),
    (
        re.compile(r"Value (?P<v>.+) is not a valid (?P<t>[\w\[\]., ]+)\.$"),
        lambda m: f"Giá trị {_guillemets(m['v'])} không phải {TYPE_LABELS.get(m['t'], m['t'])} hợp lệ.",
    ),
    (re.compile(r"Value must be an iterable\."), "Giá trị phải là một danh sách."),
    (
        re.compile(r"(?P<n>\d+) values are required, but (?P<g>\d+) given\."),
        r"Cần \g<n> giá trị nhưng nhận được \g<g>.",
    ),
    (
        re.compile(r"(?P<v>.+) does not match the formats (?P<f>.+)\.$"),
        lambda m: f"{_guillemets(m['v'])} không khớp định dạng nào trong: {m['f']}.",
    ),
    # Pydantic messages (Typer ≥ 0.2x converts values with pydantic)
    (re.compile(r"Input should be a valid integer(?:,.*)?$"), "Giá trị phải là số nguyên."),
    (re.compile(r"Input should be a valid number(?:,.*)?$"), "Giá trị phải là số."),
    (re.compile(r"Input should be a valid boolean(?:,.*)?$"), "Giá trị phải là có/không (true/false)."),
    (
        re.compile(r"Input should be a valid date(?: or datetime)?(?:,.*)?$"),
        "Ngày không hợp lệ (cần dạng năm-tháng-ngày, ví dụ 2025-12-31).",
    ),
    (re.compile(r"Input should be a valid datetime(?:,.*)?$"), "Ngày giờ không hợp lệ."),
    (re.compile(r"Input should be a valid string(?:,.*)?$"), "Giá trị phải là văn bản."),
    (
        re.compile(rf"Input should be (?P<c>{'|'.join(map(re.escape, _COMPARISON))}) (?P<n>\S+)$"),
        lambda m: f"Giá trị phải {_COMPARISON[m['c']]} {m['n']}.",
    ),
]

_OUTPUT_RULES: list[tuple[re.Pattern[str], _Repl]] = [
    (re.compile(r"^Error: ", re.MULTILINE), "Lỗi: "),
    (
        re.compile(r"^Try '(?P<c>[^'\n]*)' for help\.$", re.MULTILINE),
        r"Gõ «\g<c>» để xem hướng dẫn.",
    ),
    (re.compile(r"^Usage: ", re.MULTILINE), "Cách dùng: "),
    (re.compile(r"^Aborted!$", re.MULTILINE), "Đã dừng."),
]


def _apply(rules: list[tuple[re.Pattern[str], _Repl]], text: str) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


def translate_message(message: str) -> str:
    """Translate an English Click/Typer/pydantic error message; unknown text is kept as is."""
    if not isinstance(message, str) or not message:
        return message
    return _apply(_RULES, message)


def translate_output(text: Any) -> Any:
    """Translate whole lines Click prints itself (``Error: …``, ``Try '…' for help.``)."""
    if not isinstance(text, str) or not text:
        return text
    text = _apply(_OUTPUT_RULES, text)
    if text.startswith("Lỗi: "):
        text = "Lỗi: " + translate_message(text[len("Lỗi: ") :])
    return text


# ---------------------------------------------------------------------------------------------
# gettext replacements
# ---------------------------------------------------------------------------------------------


def vi_gettext(message: str) -> str:
    """Dict-backed ``gettext``: Vietnamese when known, else the msgid."""
    return CATALOG.get(message, message)


def vi_ngettext(singular: str, plural: str, n: int) -> str:
    """Dict-backed ``ngettext``."""
    if (singular, plural) in PLURAL_CATALOG:
        return PLURAL_CATALOG[(singular, plural)]
    msgid = singular if n == 1 else plural
    return CATALOG.get(msgid, msgid)


# ---------------------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------------------

_TYPER_MODULES = (
    "typer.core",
    "typer.main",
    "typer.rich_utils",
    "typer._click",
    "typer._click.core",
    "typer._click.decorators",
    "typer._click.exceptions",
    "typer._click.formatting",
    "typer._click.parser",
    "typer._click.termui",
    "typer._click.types",
    "typer._click.utils",
)
# Older Typer uses the separate ``click`` package; only patched when Typer does not vendor it.
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)

_RICH_CONSTANTS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except Exception:  # absent in this version, or an optional dependency is missing
        return None


def _is_patched(obj: Any) -> bool:
    return bool(getattr(obj, _MARK, False))


def _mark(func: Any) -> Any:
    with contextlib.suppress(AttributeError, TypeError):
        setattr(func, _MARK, True)
    return func


def _patch_gettext_globals(modules: list[ModuleType]) -> None:
    for mod in modules:
        if getattr(mod, "_", None) is gettext.gettext:
            mod._ = vi_gettext  # type: ignore[attr-defined]
        if getattr(mod, "ngettext", None) is gettext.ngettext:
            mod.ngettext = vi_ngettext  # type: ignore[attr-defined]


def _patch_rich_constants(rich_utils: ModuleType | None) -> None:
    if rich_utils is None:
        return
    for name in _RICH_CONSTANTS:
        value = getattr(rich_utils, name, None)
        if isinstance(value, str) and value in CATALOG:
            setattr(rich_utils, name, CATALOG[value])
    highlighter_cls = getattr(rich_utils, "OptionHighlighter", None)
    highlights = getattr(highlighter_cls, "highlights", None)
    vi_usage = r"(?P<usage>Cách dùng: )"
    if isinstance(highlights, list) and vi_usage not in highlights:
        highlights.append(vi_usage)


def _exception_classes(modules: list[ModuleType]) -> list[type]:
    classes: list[type] = []
    for mod in modules:
        base = getattr(mod, "ClickException", None)
        if not isinstance(base, type):
            continue
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, base) and obj not in classes:
                classes.append(obj)
    return classes


def _patch_format_message(classes: list[type]) -> None:
    for cls in classes:
        original = cls.__dict__.get("format_message")
        if original is None and not any(base in classes for base in cls.__mro__[1:]):
            # The root (ClickException) may inherit format_message from outside Click.
            original = getattr(cls, "format_message", None)
        if original is None or _is_patched(original):
            continue

        def format_message(self: Any, _orig: Callable[[Any], str] = original) -> str:
            return translate_message(_orig(self))

        functools.update_wrapper(format_message, original)
        cls.format_message = _mark(format_message)  # type: ignore[attr-defined]


def _patch_echo(modules: list[ModuleType]) -> None:
    """Wrap the ``echo`` the exception and prompt modules use for ``Error: …`` / ``Try …`` lines."""
    for mod in modules:
        original = getattr(mod, "echo", None)
        if original is None or _is_patched(original) or not callable(original):
            continue

        def echo(message: Any = None, *args: Any, _orig: Callable[..., Any] = original, **kwargs: Any) -> Any:
            return _orig(translate_output(message), *args, **kwargs)

        functools.update_wrapper(echo, original)
        mod.echo = _mark(echo)  # type: ignore[attr-defined]


def _patch_help_option(decorators: ModuleType | None) -> None:
    original = getattr(decorators, "help_option", None)
    if decorators is None or original is None or _is_patched(original):
        return

    def help_option(*args: Any, **kwargs: Any) -> Any:
        decorator = original(*args, **kwargs)
        if not callable(decorator):
            return decorator

        def apply(cmd: Any) -> Any:
            cmd = decorator(cmd)
            for param in getattr(cmd, "params", None) or []:
                help_text = getattr(param, "help", None)
                if isinstance(help_text, str) and help_text in CATALOG:
                    param.help = CATALOG[help_text]
            return cmd

        return apply

    functools.update_wrapper(help_option, original)
    decorators.help_option = _mark(help_option)  # type: ignore[attr-defined]


def _patch_write_usage(formatting: ModuleType | None) -> None:
    formatter_cls = getattr(formatting, "HelpFormatter", None)
    original = getattr(formatter_cls, "write_usage", None)
    if formatter_cls is None or original is None or _is_patched(original):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> Any:
        if prefix is None:
            prefix = CATALOG["Usage: "]
        elif prefix in CATALOG:
            prefix = CATALOG[prefix]
        for english, vietnamese in USAGE_TOKENS.items():
            args = args.replace(english, vietnamese)
        return original(self, prog, args, prefix)

    functools.update_wrapper(write_usage, original)
    formatter_cls.write_usage = _mark(write_usage)


def _translate_type_label(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    match = re.fullmatch(r"<(?P<label>[^<>]*)>(?P<rest>(?:\.\.\.)?)", text)
    if not match:
        return TYPE_LABELS.get(text, text)
    label = match["label"]
    if label == "bool":
        return ""  # a flag takes no value: showing a type would suggest one
    if label in TYPE_LABELS:
        label = TYPE_LABELS[label]
    else:
        inner = re.fullmatch(r"list\[(?P<inner>[^\[\]]+)\]", label)
        if inner and inner["inner"] in TYPE_LABELS:
            label = f"danh sách {TYPE_LABELS[inner['inner']]}"
    return f"<{label}>{match['rest']}"


def _patch_display_type(core: ModuleType | None) -> None:
    if core is None:
        return
    for cls_name in ("_TyperParameter", "TyperArgument", "TyperOption"):
        cls = getattr(core, cls_name, None)
        if cls is None:
            continue
        original = cls.__dict__.get("display_type")
        if original is None or _is_patched(original):
            continue

        def display_type(self: Any, *args: Any, _orig: Callable[..., Any] = original, **kwargs: Any) -> Any:
            return _translate_type_label(_orig(self, *args, **kwargs))

        functools.update_wrapper(display_type, original)
        cls.display_type = _mark(display_type)


def install_vietnamese() -> None:
    """Make Typer/Click's own strings Vietnamese. Idempotent; unknown versions degrade to English."""
    loaded = [m for m in (_import(n) for n in _TYPER_MODULES) if m is not None]
    vendored = any(m.__name__.startswith("typer._click") for m in loaded)
    if not vendored:
        loaded += [m for m in (_import(n) for n in _CLICK_MODULES) if m is not None]
    prefixes = ("typer.", "click.") if not vendored else ("typer.",)
    modules = [
        m
        for name, m in list(sys.modules.items())
        if isinstance(m, ModuleType) and (name in ("typer", "click") or name.startswith(prefixes))
    ]
    for mod in loaded:
        if mod not in modules:
            modules.append(mod)

    def find(*names: str) -> ModuleType | None:
        for name in names:
            mod = sys.modules.get(name)
            if mod is not None:
                return mod
        return None

    _patch_gettext_globals(modules)
    _patch_rich_constants(find("typer.rich_utils"))
    _patch_format_message(_exception_classes(modules))
    _patch_echo([m for m in (find("typer._click.exceptions", "click.exceptions"), find("typer._click.termui")) if m])
    _patch_help_option(find("typer._click.decorators", "click.decorators"))
    _patch_write_usage(find("typer._click.formatting", "click.formatting"))
    _patch_display_type(find("typer.core"))

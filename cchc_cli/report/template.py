"""The sandboxed Jinja environment of the outline, and template errors as one-line Vietnamese messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from cchc_cli.errors import CchcError
from cchc_cli.numfmt import vi_number, vi_percent
from cchc_cli.report.figures import MISSING_NONE, join_and, rate


class TemplateUseError(Exception):
    """Raised by a helper the template called wrongly (unknown table, bad chart); carries a Vietnamese message."""


def _finalize(value: Any) -> Any:
    """What ``{{ … }}`` prints: numbers the Vietnamese way, None as a highlighted gap (never as 0 or "None")."""
    if value is None:
        return f"=={MISSING_NONE}=="
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return vi_number(value, 1)
    return value


def make_env(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters["number"] = lambda x, decimals=1: vi_number(x, decimals)
    env.filters["percent"] = lambda x, decimals=1: vi_percent(x, decimals)
    env.filters["join_and"] = join_and
    env.globals["rate"] = rate
    return env


_UNDEFINED = [
    (re.compile(r"^'([^']+)' is undefined$"), "không có biến «{0}»"),
    (re.compile(r"^'([^']+)' has no attribute '([^']+)'$"), "«{0}» không có thuộc tính «{1}»"),
    (re.compile(r"^'([^']+)' object has no attribute '([^']+)'$"), "«{0}» không có thuộc tính «{1}»"),
]
_SYNTAX = [
    (re.compile(r"^Encountered unknown tag '([^']+)'"), "thẻ không hợp lệ «{{% {0} %}}»"),
    (re.compile(r"^Unexpected end of template.*'(\w+)'\.$", re.S), "mẫu kết thúc mà khối «{0}» chưa đóng"),
    (re.compile(r"^unexpected end of template"), "mẫu kết thúc giữa chừng (thiếu dấu đóng?)"),
    (re.compile(r"^unexpected '(.+)'$"), "ký tự «{0}» không đúng chỗ"),
    (re.compile(r"^expected token '([^']+)', got '([^']+)'"), "cần «{0}» nhưng gặp «{1}»"),
    (re.compile(r"^No filter named '([^']+)'"), "không có bộ lọc «{0}»"),
]


def _translate(message: str, table: list[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, text in table:
        m = pattern.search(message)
        if m:
            return text.format(*m.groups())
    return None


def _template_line(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """Template file and line of the innermost template frame of a traceback."""
    name, line = None, None
    while tb is not None:
        tmpl = tb.tb_frame.f_globals.get("__jinja_template__")
        if tmpl is not None:
            name, line = tmpl.name, tmpl.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return name, line


def template_error(exc: BaseException, default_name: str) -> CchcError:
    """A CchcError naming the template file and line, in Vietnamese."""
    if isinstance(exc, TemplateSyntaxError):
        detail = _translate(exc.message or "", _SYNTAX) or f"cú pháp sai ({exc.message})"
        return CchcError(f"mẫu báo cáo {exc.name or default_name}, dòng {exc.lineno}: lỗi cú pháp: {detail}")
    name, line = _template_line(exc.__traceback__)
    where = f"mẫu báo cáo {name or default_name}" + (f", dòng {line}" if line else "")
    if isinstance(exc, TemplateNotFound):
        return CchcError(f"{where}: không tìm thấy tệp mẫu «{exc.name}»")
    if isinstance(exc, UndefinedError):
        detail = _translate(str(exc), _UNDEFINED) or f"giá trị không xác định ({exc})"
        return CchcError(f"{where}: {detail}")
    if isinstance(exc, SecurityError):
        m = re.search(r"attribute '([^']+)'", str(exc))
        what = f"truy cập «{m.group(1)}»" if m else str(exc)
        return CchcError(f"{where}: thao tác không được phép trong mẫu ({what})")
    if isinstance(exc, TemplateUseError):
        return CchcError(f"{where}: {exc}")
    return CchcError(f"{where}: lỗi khi dựng mẫu ({type(exc).__name__}: {exc})")


def render_outline(
    path: Path, context: dict[str, Any], helpers: dict[str, Callable[..., Any]]
) -> tuple[str, dict[str, Any]]:
    """Render the outline at ``path``: its text, and the variables it set at top level ({% set … %})."""
    env = make_env(path.parent)
    env.globals.update(helpers)
    try:
        template = env.get_template(path.name)
        module = template.make_module(context)
    except (TemplateError, TemplateUseError, ArithmeticError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise template_error(exc, path.name) from exc
    exports = {k: v for k, v in vars(module).items() if not k.startswith("_")}
    return str(module), exports


def render_field(env: SandboxedEnvironment, text: str, context: dict[str, Any], where: str) -> str:
    """One ``{{ … }}`` field of the Word base document (``where`` names the file and paragraph)."""
    try:
        return env.from_string(text).render(context)
    except (TemplateError, TemplateUseError, ArithmeticError, TypeError, ValueError, KeyError, AttributeError) as exc:
        err = template_error(exc, where)
        message = str(err).replace(f"mẫu báo cáo {where}", where)
        raise CchcError(re.sub(r"mẫu báo cáo <template>(, dòng \d+)?", where, message)) from exc

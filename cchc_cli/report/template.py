"""The sandboxed Jinja environment of the outline, and template errors as one-line Vietnamese messages."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from jinja2 import (
    ChainableUndefined,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from cchc_cli.errors import CchcError
from cchc_cli.numfmt import vi_number, vi_percent
from cchc_cli.report.figures import MISSING_NONE, join_and, rate


class TemplateUseError(Exception):
    """Raised by a helper the template called wrongly (unknown table, bad chart); carries a Vietnamese message."""


class Indicators(dict[str, Any]):
    """``ind`` of the outline: indicator id → Series (a named type so errors can list the valid ids)."""


class Periods(dict[str, Any]):
    """``periods`` of the outline: period id → PeriodView."""


def near(name: str, names: list[str], *, limit: int = 6) -> str:
    """ "; gần giống: «a», «b»" — the valid names closest to a wrong one (all of them when few)."""
    names = [str(n) for n in names]
    close = difflib.get_close_matches(str(name), names, n=limit, cutoff=0.5)
    if not close and len(names) <= limit:
        close = names
    if not close:
        return ""
    return ("; gần giống: " if len(names) > limit else "; có: ") + ", ".join(f"«{c}»" for c in close)


def _frames() -> Iterator[FrameType]:
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        yield frame
        frame = frame.f_back


@dataclass
class Problems:
    """Every mistake of one render of the outline, each at the line of the outline that caused it.

    The line is the one of the outermost template frame (the caller of a macro, not the macro body); when the
    mistake happens inside a macro, its own line is added. Rendering goes on after a mistake so that one run
    lists them all.
    """

    name: str = ""
    items: list[tuple[int | None, str]] = field(default_factory=list)

    def where(self) -> tuple[int | None, int | None]:
        """(line of the outermost template frame, line of the innermost) in the outline file."""
        lines = []
        for frame in _frames():
            tmpl = frame.f_globals.get("__jinja_template__")
            if tmpl is not None and (not self.name or tmpl.name == self.name):
                lines.append(tmpl.get_corresponding_lineno(frame.f_lineno))
        if not lines:
            return None, None
        return lines[-1], lines[0]

    def add(self, message: str) -> None:
        outer, inner = self.where()
        if inner is not None and outer is not None and inner != outer:
            message += f" (trong macro, dòng {inner})"
        if (outer, message) not in self.items:
            self.items.append((outer, message))

    def error(self) -> CchcError | None:
        if not self.items:
            return None
        if len(self.items) == 1:
            line, message = self.items[0]
            return CchcError(f"mẫu báo cáo {self.name}" + (f", dòng {line}" if line else "") + f": {message}")
        rows = "\n".join(
            f"  - dòng {line}: {message}" if line else f"  - {message}"
            for line, message in sorted(self.items, key=lambda x: x[0] or 0)
        )
        return CchcError(f"mẫu báo cáo {self.name} có {len(self.items)} lỗi:\n{rows}")


def _describe_undefined(obj: Any, name: str, context: dict[str, Any]) -> str:
    from cchc_cli.report.figures import Series

    if name.startswith("_"):
        return f"thao tác không được phép trong mẫu (truy cập «{name}»)"
    if obj is None:
        return f"không có biến «{name}»" + near(name, [k for k in context if not k.startswith("_")])
    if isinstance(obj, Indicators):
        return f"không có chỉ tiêu «{name}» trong lược đồ" + near(name, list(obj))
    if isinstance(obj, Periods):
        return f"không có kỳ báo cáo «{name}»" + near(name, list(obj))
    if isinstance(obj, Series):
        return f"chỉ tiêu «{obj.id}» không có kỳ «{name}»" + near(name, list(obj.figures), limit=12)
    what = {"Figure": "số liệu", "Total": "số liệu tổng", "Change": "mức thay đổi", "PeriodView": "kỳ báo cáo"}
    kind = what.get(type(obj).__name__, "giá trị này")
    return f"{kind} không có thuộc tính «{name}»"


def recording_undefined(problems: Problems, context: dict[str, Any]) -> type[ChainableUndefined]:
    """An Undefined that records the mistake once and renders a highlighted "[?]" so rendering goes on."""

    class Recorded(ChainableUndefined):
        __slots__ = ("_told",)

        def _tell(self) -> None:
            try:
                object.__getattribute__(self, "_told")
                return
            except AttributeError:
                object.__setattr__(self, "_told", True)
            from jinja2.utils import missing

            obj = None if self._undefined_obj is missing else self._undefined_obj
            problems.add(_describe_undefined(obj, str(self._undefined_name), context))

        def __str__(self) -> str:
            self._tell()
            return "==[?]=="

        def __iter__(self) -> Iterator[Any]:
            self._tell()
            return iter(())

        def __bool__(self) -> bool:
            self._tell()
            return False

        def __len__(self) -> int:
            self._tell()
            return 0

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            self._tell()
            return self

    return Recorded


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
    if isinstance(exc, TypeError | AttributeError):
        return CchcError(
            f"{where}: phép tính hoặc lời gọi hàm không dùng được với giá trị này (kiểm tra tên chỉ tiêu, mã kỳ "
            "và cách gọi hàm theo HUONG-DAN.md)"
        )
    if isinstance(exc, ArithmeticError):
        return CchcError(f"{where}: phép tính không thực hiện được (chia cho 0 hoặc số quá lớn)")
    return CchcError(f"{where}: lỗi khi dựng mẫu ({exc})")


def render_outline(
    path: Path,
    context: dict[str, Any],
    helpers: dict[str, Callable[..., Any]],
    problems: Problems | None = None,
) -> tuple[str, dict[str, Any]]:
    """Render the outline at ``path``: its text, and the variables it set at top level ({% set … %}).

    Mistakes the helpers and names report go to ``problems``; when there are any, one CchcError lists them
    all (with lines). A syntax error or an error that stops Jinja is reported alone.
    """
    problems = problems if problems is not None else Problems()
    problems.name = path.name
    env = make_env(path.parent)
    env.undefined = recording_undefined(problems, {**context, **helpers, **env.globals})
    env.globals.update(helpers)
    try:
        template = env.get_template(path.name)
        module = template.make_module(context)
    except (TemplateError, TemplateUseError, ArithmeticError, TypeError, ValueError, KeyError, AttributeError) as exc:
        earlier = problems.error()
        stop = template_error(exc, path.name)
        if earlier is not None:
            raise CchcError(f"{earlier}\n  - {str(stop).removeprefix(f'mẫu báo cáo {path.name}, ')}") from exc
        raise stop from exc
    found = problems.error()
    if found is not None:
        raise found
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

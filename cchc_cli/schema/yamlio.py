"""Reading schema YAML the way an editor means it, and explaining YAML mistakes in Vietnamese.

Two YAML 1.1 traps are closed at the parser level:

- a plain scalar with a leading zero (``00010``, ``01234``: GSO commune codes of Hà Nội) is octal in YAML 1.1
  (``00010`` → 8); here it stays the text typed;
- a key written twice in one mapping (two ``label:`` lines) silently keeps the last one; here it is an error.

A syntax error becomes one Vietnamese sentence with the line and the likely cause (a Tab, an unquoted colon,
an indentation slip, a quote or bracket left open).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A plain scalar of digits that starts with 0 (and is not just "0"): a code, never an octal number.
LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")


def _with_leading_zero_strings(loader: Any) -> None:
    """Put a "leading zero → str" resolver before the int resolvers of ``loader`` (a class)."""
    resolvers = {k: list(v) for k, v in loader.yaml_implicit_resolvers.items()}
    for first in "0+-":
        resolvers[first] = [("tag:yaml.org,2002:str", LEADING_ZERO), *resolvers.get(first, [])]
    loader.yaml_implicit_resolvers = resolvers


def _construct_mapping(self: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
            if key in seen:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key}",
                    key_node.start_mark,
                )
            seen[key] = key_node
    return SafeConstructor.construct_mapping(self, node, deep=deep)


class SchemaLoader(_BASE):
    """The fast safe loader, with codes kept as typed and duplicate keys refused."""


class _PlainLoader(yaml.SafeLoader):
    """The pure-Python twin, used only to word an error (its messages are the same on every platform)."""


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it (2020-06-01); one that does not exist (2020-13-01) is a YAML error at its line,
    not a ValueError out of PyYAML."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        problem = f"ngày «{node.value}» không có thật (viết dạng năm-tháng-ngày, ví dụ 2020-06-01)"
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from exc


for _cls in (SchemaLoader, _PlainLoader):
    _with_leading_zero_strings(_cls)
    _cls.construct_mapping = _construct_mapping  # type: ignore[method-assign]
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


def load_yaml(text: str) -> Any:
    """Parse ``text`` (raises yaml.YAMLError; word it with :func:`explain`)."""
    return yaml.load(text, Loader=SchemaLoader)  # a safe loader: no arbitrary objects


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (for line numbers), with the same scalar resolution as :func:`load_yaml`."""
    return yaml.compose(text, Loader=SchemaLoader)


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _cause(text: str, problem: str, context: str, line: int, column: int) -> str:
    """The likely cause of a PyYAML error (pure-Python wording), as advice to the editor."""
    here = _line(text, line)
    if problem.startswith("ngày «"):  # worded here already (_construct_date)
        return problem
    if "'\\t'" in problem or ("\t" in here[: max(column, 0) + 1] and "cannot start any token" in problem):
        return "có ký tự Tab: dùng dấu cách, không dùng phím Tab để thụt lề"
    if "duplicate key" in problem:
        key = problem.rsplit(" ", 1)[-1]
        return f"khóa «{key}» được viết hai lần trong cùng một mục (xóa một dòng, hoặc sửa tên khóa)"
    if "cannot start any token" in problem:
        char = re.search(r"character '(.+?)'", problem)
        shown = char.group(1) if char else here[column : column + 1]
        return f"giá trị bắt đầu bằng ký tự «{shown}»: câu như vậy phải đặt trong ngoặc kép"
    if "mapping values are not allowed" in problem:
        first = here.find(": ")
        if 0 <= first < column:
            return 'câu có dấu hai chấm phải đặt trong ngoặc kép (ví dụ text: "Ghi chú: …")'
        return "thụt lề không thẳng hàng: các khóa cùng cấp phải bắt đầu ở cùng một cột (dùng dấu cách)"
    if "quoted scalar" in context:
        return 'thiếu dấu ngoặc kép đóng (mỗi câu mở bằng " phải đóng bằng " trên cùng dòng)'
    if "flow" in context:
        return (
            "thiếu dấu đóng ngoặc ] hoặc }, hoặc câu có dấu hai chấm, dấu phẩy trong ngoặc {…}/[…] "
            "chưa đặt trong ngoặc kép"
        )
    if "block" in context or "expected" in problem:
        return (
            "thụt lề không thẳng hàng: các dòng cùng cấp phải bắt đầu ở cùng một cột, dòng con thụt vào "
            "bằng dấu cách; mỗi mục của danh sách bắt đầu bằng «- »"
        )
    if "alias" in problem or "anchor" in problem:
        return "ký tự * hoặc & ở đầu giá trị: câu như vậy phải đặt trong ngoặc kép"
    return "kiểm tra dòng này và dòng ngay trên (thụt lề, dấu hai chấm, ngoặc kép)"


def _unclosed_quote(text: str, last: int) -> int | None:
    """0-based index of the first line up to ``last`` with an odd number of double quotes (comments aside)."""
    for index, raw in enumerate(text.splitlines()[: max(last, 0) + 1]):
        if raw.lstrip().startswith("#"):
            continue
        if (raw.count('"') - raw.count('\\"')) % 2:
            return index
    return None


def explain(text: str, exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line, Vietnamese explanation) of a YAML error raised while loading ``text``."""
    try:  # the C parser words errors differently; the Python parser's wording is what we match
        yaml.load(text, Loader=_PlainLoader)
    except yaml.YAMLError as plain:
        exc = plain
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    # An unclosed quote or bracket is found lines later; the line to fix is where it was opened.
    opened = "quoted scalar" in context or "flow" in context
    mark = (getattr(exc, "context_mark", None) if opened else None) or getattr(exc, "problem_mark", None)
    line = mark.line if mark is not None else -1
    column = mark.column if mark is not None else -1
    open_quote = _unclosed_quote(text, line)
    if open_quote is not None and "duplicate key" not in problem:
        # A double quote left open swallows the following lines: the parser fails far below it.
        line, cause = open_quote, 'thiếu dấu ngoặc kép đóng (mỗi câu mở bằng " phải đóng bằng " trên cùng dòng)'
    else:
        cause = _cause(text, problem, context, line, column)
    shown = _line(text, line).strip()
    if shown:
        cause += f" — dòng này: «{shown[:80]}»"
    return (line + 1 if mark is not None else None), cause

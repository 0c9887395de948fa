"""Load a schema YAML file into the typed model; every problem names the file, line and key."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cchc_cli.errors import SchemaError, os_reason
from cchc_cli.schema.checks import check_consistency
from cchc_cli.schema.model import Schema
from cchc_cli.schema.yamlio import compose, explain, load_yaml

DEFAULT_SCHEMA_NAME = "khanh-son-2011-2020.yaml"
MAX_SCHEMA_BYTES = 5 * 1024 * 1024

Loc = Sequence[str | int]


def default_schema_text() -> tuple[str, str]:
    """(display name, text) of the bundled Khánh Sơn 2011–2020 schema, found as package data."""
    ref = resources.files("cchc_cli.data.schemas").joinpath(DEFAULT_SCHEMA_NAME)
    return f"<mặc định>/{DEFAULT_SCHEMA_NAME}", ref.read_text(encoding="utf-8")


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


class _Locator:
    """Maps a key path such as ('indicators', 3, 'parent') to a 1-based line of the YAML text."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, loc: Loc) -> int | None:
        node = self.root
        best = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == key:
                        nxt = v
                        best = k.start_mark.line + 1
                        break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                best = node.start_mark.line + 1
            else:
                break
            if node is None:
                break
        return best


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


def _describe(path: str, locator: _Locator, loc: Loc, message: str) -> str:
    line = locator.line(loc)
    where = f"{path}:{line}" if line else path
    return f"{where}: khóa {format_loc(loc)}: {message}"


_PYDANTIC_VI = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép (gõ nhầm tên khóa?)",
    "string_type": "phải là chuỗi chữ",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài",
    "string_pattern_mismatch": "sai dạng (chỉ dùng chữ thường không dấu, số và dấu _)",
    "int_parsing": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "list_type": "phải là danh sách",
    "dict_type": "phải là bảng khóa: giá trị",
    "model_type": "phải là bảng khóa: giá trị",
    "literal_error": "giá trị không hợp lệ",
    "enum": "giá trị không hợp lệ",
    "too_short": "danh sách không được rỗng",
}


def _choices_vi(expected: str) -> str:
    """Pydantic's ``'year', 'stage' or 'assessment'`` as ``year, stage hoặc assessment``."""
    head, _, last = expected.rpartition(" or ")
    items = [*(x for x in head.split(", ") if x), last] if head else [last]
    items = [x.strip().strip("'\"") or '"" (để trống)' for x in items]
    return ", ".join(items[:-1]) + " hoặc " + items[-1] if len(items) > 1 else items[0]


def _pydantic_message(err: Any) -> str:
    key = err["loc"][-1] if err.get("loc") else ""
    if err["type"] == "extra_forbidden" and isinstance(key, str) and " " in key.strip():
        # {text: Số cơ quan, đơn vị …}: the comma ends the value and the rest reads as a key.
        return f"«{key}» không phải tên khóa: câu có dấu phẩy trong ngoặc {{…}} phải đặt trong ngoặc kép"
    vi = _PYDANTIC_VI.get(err["type"], err["msg"])
    ctx = err.get("ctx") or {}
    if err["type"] in ("literal_error", "enum") and "expected" in ctx:
        vi += f" «{err.get('input', '')}» (chấp nhận: {_choices_vi(str(ctx['expected']))})"
    if err["type"] == "string_pattern_mismatch" and "input" in err:
        vi += f": {err['input']!r}"
    return vi


def _strip_union_loc(loc: Loc) -> list[str | int]:
    """Pydantic adds union member names (e.g. 'str', 'float') to loc; the YAML has no such keys."""
    members = {"str", "float", "int", "date", "function-after"}
    return [p for p in loc if not (isinstance(p, str) and (p in members or p.startswith("literal[")))]


def describe_problem(path: str, root: yaml.Node | None, loc: Loc, message: str) -> str:
    """"FILE:LINE: khóa KEY: MESSAGE" for a problem at key path ``loc`` of a YAML document's node tree."""
    return _describe(path, _Locator(root), loc, message)


pydantic_message = _pydantic_message
strip_union_loc = _strip_union_loc


def load_schema_text(text: str, path: str) -> Schema:
    """Parse and check schema text; raises SchemaError listing every problem found."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        line, cause = explain(text, exc)
        where = f"{path}:{line}" if line else path
        raise SchemaError([f"{where}: YAML sai cú pháp: {cause}"], path=path) from exc
    if not isinstance(data, dict):
        raise SchemaError([f"{path}: tệp lược đồ phải là một bảng khóa: giá trị (YAML)"], path=path)

    def locator() -> _Locator:  # line numbers are only needed to report problems
        return _Locator(compose(text))

    try:
        schema = Schema.model_validate(_nfc(data))
    except ValidationError as exc:
        loc = locator()
        problems = [_describe(path, loc, _strip_union_loc(e["loc"]), _pydantic_message(e)) for e in exc.errors()]
        raise SchemaError(problems, path=path) from exc
    issues = check_consistency(schema)
    if issues:
        loc = locator()
        raise SchemaError([_describe(path, loc, where, msg) for where, msg in issues], path=path)
    return schema


def load_schema(path: Path | str | None = None) -> Schema:
    """Load the schema at ``path``, or the bundled default when ``path`` is None."""
    if path is None:
        name, text = default_schema_text()
        return load_schema_text(text, name)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_SCHEMA_BYTES:
            raise SchemaError([f"{p}: tệp quá lớn để là một lược đồ"], path=str(p))
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise SchemaError([f"{p}: không tìm thấy tệp"], path=str(p)) from exc
    except IsADirectoryError as exc:
        raise SchemaError([f"{p}: là thư mục, không phải tệp YAML"], path=str(p)) from exc
    except OSError as exc:
        raise SchemaError([f"{p}: không đọc được tệp ({os_reason(exc)})"], path=str(p)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemaError([f"{p}: tệp không phải UTF-8 (lưu lại với mã hóa UTF-8)"], path=str(p)) from exc
    return load_schema_text(text, str(p))

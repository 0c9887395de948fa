"""Schema problems (`schema check`) in words a specialist reads, for the page.

The loader words each problem for whoever edits the YAML file: ``FILE:LINE: khóa indicators[40].parent: dòng cha
«x» không có trong indicators`` (schema/loader.py ``_describe``; a syntax error ``FILE:LINE: YAML sai cú pháp: …``).
The page says the same thing in plain words — where (line, and which indicator, unit, rule … by its number in its
list and its own name), what is wrong — and keeps the key path as a small hint for whoever opens the file.
The plain name of every schema key lives here (``KEY_WORDS``); a key it does not know is shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Top-level lists and blocks of a schema → what they hold, for a specialist.
LIST_WORDS = {
    "schema": "thông tin chung của lược đồ",
    "campaign": "thông tin đợt báo cáo",
    "periods": "kỳ báo cáo",
    "units": "đơn vị",
    "groups": "nhóm đơn vị",
    "sections": "phần của biểu mẫu",
    "indicators": "chỉ tiêu",
    "rules": "quy tắc kiểm tra",
    "corrections": "chỗ sửa so với văn bản gốc",
    "targets": "mục tiêu",
}

#: Keys inside an item (or a block) → their plain name.
KEY_WORDS = {
    **LIST_WORDS,
    "id": "mã",
    "code": "mã",
    "name": "tên",
    "short_name": "tên viết tắt",
    "title": "tên",
    "text": "nội dung",
    "number": "số thứ tự",
    "version": "phiên bản",
    "kind": "loại",
    "stt": "số thứ tự in trên biểu",
    "section": "thuộc phần",
    "table": "thuộc bảng",
    "tables": "các bảng",
    "parent": "dòng cha",
    "uom": "đơn vị tính",
    "reporters": "đơn vị báo cáo",
    "aggregate": "cách tổng hợp",
    "derive": "cách tính",
    "ratio": "tỷ lệ",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "temporal": "số liệu trong kỳ hay cuối kỳ",
    "required": "bắt buộc điền",
    "note": "ghi chú",
    "plausible": "khoảng giá trị hợp lý",
    "members": "các đơn vị trong nhóm",
    "commune_level": "nhóm cấp xã",
    "contact": "liên hệ",
    "person": "người phụ trách",
    "phone": "điện thoại",
    "email": "thư điện tử",
    "plan_number": "số kế hoạch",
    "plan_date": "ngày kế hoạch",
    "issuing_body": "cơ quan ban hành",
    "issuing_body_short": "tên ngắn cơ quan ban hành",
    "district": "địa bàn",
    "province": "tỉnh",
    "place": "địa danh ghi trên văn bản",
    "annex": "tên phụ lục",
    "annex_title": "tên đầy đủ của phụ lục",
    "collector": "đơn vị nhận báo cáo",
    "deadline": "hạn nộp",
    "deadline_text": "hạn nộp ghi trên biểu mẫu",
    "report_deadline": "hạn gửi báo cáo tổng hợp",
    "file_prefix": "chữ đầu tên tệp biểu mẫu",
    "level": "cấp của địa bàn",
    "label": "tên kỳ",
    "short_label": "tên kỳ viết tắt",
    "start": "ngày bắt đầu",
    "end": "ngày kết thúc",
    "partial": "kỳ chưa trọn",
    "sheet": "tên trang tính",
    "shape": "dạng bảng",
    "text_header": "tiêu đề cột chỉ tiêu",
    "value_header": "tiêu đề cột giá trị",
    "severity": "mức độ (lỗi / cảnh báo)",
    "scope": "phạm vi (từng đơn vị / toàn địa bàn)",
    "left": "vế trái",
    "op": "phép so sánh",
    "right": "vế phải",
    "tolerance": "sai số cho phép",
    "missing": "khi thiếu số liệu",
    "min": "giá trị nhỏ nhất",
    "max": "giá trị lớn nhất",
    "max_ratio": "mức thay đổi tối đa",
    "min_base": "mức nền tối thiểu",
    "message": "lời thông báo",
    "hint": "cách sửa",
    "where": "vị trí trong văn bản gốc",
    "source": "văn bản gốc ghi",
    "used": "lược đồ dùng",
    "why": "lý do",
    "goal": "mục tiêu tự đánh giá",
    "merged": "các mục tiêu gộp",
    "measures": "cách đo",
    "indicator": "chỉ tiêu",
    "value": "giá trị",
    "period": "kỳ",
}

#: Phrases of the loader's messages that name a key → the same in plain words (longest first).
MESSAGE_WORDS = (
    ("khóa không được phép (gõ nhầm tên khóa?)", "mục này không có trong lược đồ (gõ nhầm tên?)"),
    ("thiếu khóa bắt buộc", "thiếu mục bắt buộc"),
    ("không có trong units/groups", "không có trong danh sách đơn vị và nhóm đơn vị"),
    ("không có trong indicators", "không có trong danh sách chỉ tiêu"),
    ("không có trong units", "không có trong danh sách đơn vị"),
    ("không có trong periods", "không có trong danh sách kỳ báo cáo"),
    ("không có trong sections", "không có trong danh sách phần"),
    ("YAML sai cú pháp", "viết sai cách ghi của tệp"),
)

_KEYED = re.compile(r"^(?P<file>.*?)(?::(?P<line>\d+))?: khóa (?P<key>.+?): (?P<message>.*)$", re.DOTALL)
_LINED = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class PlainProblem:
    """One schema problem for the page: ``place`` and ``message`` in plain words; ``key`` (the YAML key path,
    None when the problem is not at a key), ``line`` and ``file`` as the loader gave them, for the hint."""

    place: str
    message: str
    key: str | None
    line: int | None
    file: str

    @property
    def file_name(self) -> str:
        """The schema file's name without its folders (Windows or POSIX)."""
        return self.file.replace("\\", "/").rsplit("/", 1)[-1]


def _parts(key: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PART.findall(key)]


def _item_name(item: Any) -> str:
    """An item's own name, as the file shows it: its text/name/title (shortened), and its id or code."""
    if not isinstance(item, dict):
        return ""
    label = next((str(item[k]) for k in ("text", "name", "title", "label") if item.get(k)), "")
    label = " ".join(label.split())
    if len(label) > 60:
        label = label[:57].rstrip() + "…"
    ident = next((str(item[k]) for k in ("id", "code") if item.get(k)), "")
    if label and ident:
        return f"«{label}» (mã {ident})"
    return f"«{label or ident}»" if label or ident else ""


def _place(parts: list[str | int], data: Any) -> str:
    """``indicators[40].parent`` → ``Chỉ tiêu thứ 41 «…» (mã …), mục «dòng cha»``."""
    words: list[str] = []
    node = data
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        node_here = node.get(part) if isinstance(node, dict) and isinstance(part, str) else None
        if isinstance(part, str) and isinstance(nxt, int):
            item = node_here[nxt] if isinstance(node_here, list) and nxt < len(node_here) else None
            name = _item_name(item)
            what = KEY_WORDS.get(part, f"«{part}»")
            words.append(f"{what} thứ {nxt + 1}" + (f" {name}" if name else ""))
            node = item
            i += 2
            continue
        if isinstance(part, str) and i == 0 and part in LIST_WORDS:
            words.append(LIST_WORDS[part])  # a top-level block: "thông tin đợt báo cáo"
        elif isinstance(part, str):
            words.append(f"mục «{KEY_WORDS[part]}»" if part in KEY_WORDS else f"mục «{part}»")
        node = node_here
        i += 1
    text = ", ".join(words)
    return text[:1].upper() + text[1:]


def _plain_message(message: str) -> str:
    for phrase, plain in MESSAGE_WORDS:
        message = message.replace(phrase, plain)
    return message


def _yaml_data(path: Path | None) -> Any:
    """The schema file's data, to name the items problems are in; None when it can't be read as YAML."""
    if path is None:
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):  # ValueError: a date that does not exist
        return None


def plain_problems(problems: list[str], schema_path: Path | None) -> list[PlainProblem]:
    """Each of the loader's ``problems`` (for the schema at ``schema_path``) in plain words; a problem in a form
    this module does not know is kept whole as its message."""
    data = _yaml_data(schema_path)
    out = []
    for problem in problems:
        keyed = _KEYED.match(problem)
        if keyed:
            line = int(keyed["line"]) if keyed["line"] else None
            key = keyed["key"]
            place = _place(_parts(key), data) if key != "(gốc)" else "Cả tệp"
            out.append(PlainProblem(place, _plain_message(keyed["message"]), key, line, keyed["file"]))
            continue
        lined = _LINED.match(problem)
        if lined:
            line = int(lined["line"])
            out.append(PlainProblem(f"Dòng {line}", _plain_message(lined["message"]), None, line, lined["file"]))
            continue
        out.append(PlainProblem("", problem, None, None, ""))
    return out

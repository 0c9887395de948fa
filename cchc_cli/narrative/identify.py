"""Which unit sent a narrative report: the specialist's mapping file, the outline's fingerprint, the letterhead,
the file name, the one unit named in the text — in that order. Names are compared on a normalised key (NFC/NFD,
old/new tone placement, case, non-breaking spaces, "&"/"và", HĐND/UBND spelled out), as DESIGN.md's
"Vietnamese text in the wild" asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.narrative.fingerprint import read_fingerprint
from cchc_cli.narrative.headings import split_numbering, text_key
from cchc_cli.narrative.reader import DocBlock, DocContent, DocPara, DocTable
from cchc_cli.schema.model import Schema, Unit
from cchc_cli.textutil import fold_ascii, label_key

LETTERHEAD_PARAGRAPHS = 8

HOW_MAPPING = "tệp ánh xạ"
HOW_FINGERPRINT = "dấu vân tay đề cương"
HOW_LETTERHEAD = "tên cơ quan ở đầu văn bản"
HOW_FILE_NAME = "tên tệp"
HOW_TEXT = "nội dung văn bản"


@dataclass
class Identification:
    unit: Unit | None
    how: str = ""
    conflicts: list[str] = field(default_factory=list)


def _name_keys(unit: Unit) -> list[str]:
    keys = {text_key(unit.name), text_key(unit.short_name)}
    keys |= {k[: -len(" huyện")] for k in keys if k.endswith(" huyện")}  # "VĂN PHÒNG HĐND VÀ UBND" on two lines
    if unit.is_commune:
        keys.add(text_key(unit.authority))
    return sorted((k for k in keys if len(k) >= 6), key=len, reverse=True)


def _file_keys(unit: Unit) -> list[str]:
    name = fold_ascii(unit.name).casefold()
    bare = re.sub(r"^(xa|thi tran|phuong|phong|trung tam)\s+", "", name)
    keys = {_ascii_words(name), _ascii_words(bare), _ascii_words(fold_ascii(unit.short_name).casefold())}
    return sorted((k for k in keys if len(k) >= 5), key=len, reverse=True)


def _ascii_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold_ascii(text).casefold()))


def letterhead_text(content: DocContent) -> str:
    """The text where a report names its agency: the first table (ND30 letterhead) or the first paragraphs
    (without its addressees: :func:`addressed`)."""
    parts: list[str] = []
    blocks = content.blocks[: LETTERHEAD_PARAGRAPHS + 1]
    for block, to_whom in zip(blocks, addressed(blocks), strict=True):
        if isinstance(block, DocTable):
            if block.rows and block.rows[0]:
                parts.append(block.rows[0][0])
            break
        if isinstance(block, DocPara) and not to_whom:
            if label_key(block.text) in ("báo cáo",) or split_numbering(block.text)[0] is not None:
                break
            parts.append(block.text)
    return " ".join(parts)


_ADDRESS_HEADS = ("kinh gui", "noi nhan")
_LIST_MARKS = ("-", "–", "—", "+", "•")


def addressed(blocks: Sequence[DocBlock]) -> list[bool]:
    """For each block, whether it names whom the report goes to: «Kính gửi: …» and the «Nơi nhận:» list with
    its lines (Nghị định 30/2020, Phụ lục I: "Kính gửi", "Nơi nhận" are parts of a document's form). A unit named
    there received the report; it did not write it."""
    out: list[bool] = []
    in_list = False
    for block in blocks:
        text = block.text.strip() if isinstance(block, DocPara) else ""
        if fold_ascii(text).casefold().startswith(_ADDRESS_HEADS):
            in_list = True
            out.append(True)
            continue
        in_list = in_list and text.startswith(_LIST_MARKS)
        out.append(in_list)
    return out


def _match_names(schema: Schema, text: str, keys_of: object, normalise: object) -> list[Unit]:
    hay = f" {normalise(text)} "  # type: ignore[operator]
    found: list[tuple[int, Unit]] = []
    for unit in schema.units:
        for key in keys_of(unit):  # type: ignore[operator]
            if f" {key} " in hay:
                found.append((len(key), unit))
                break
    if not found:
        return []
    longest = max(n for n, _ in found)
    return [u for n, u in found if n == longest]


def identify_unit(schema: Schema, content: DocContent, path: Path, mapping: dict[str, str]) -> Identification:
    """The unit of one narrative (see the module doc for the order); conflicts between sources are reported."""
    mapped = mapping.get(label_key(path.name))
    if mapped:
        return Identification(schema.unit_by_code[mapped], HOW_MAPPING)
    fp = read_fingerprint(content.custom)
    fp_unit = schema.unit_by_code.get(fp.get("unit", "")) if fp.get("schema") == schema.meta.id else None
    by_head = _match_names(schema, letterhead_text(content), _name_keys, text_key)
    head_unit = by_head[0] if len(by_head) == 1 else None
    if fp_unit is not None:
        ident = Identification(fp_unit, HOW_FINGERPRINT)
        if head_unit is not None and head_unit.code != fp_unit.code:
            ident = Identification(head_unit, HOW_LETTERHEAD)
            ident.conflicts.append(
                f"{path.name}: đề cương được tạo cho {fp_unit.name} nhưng đầu văn bản ghi {head_unit.name}; "
                f"coi là báo cáo của {head_unit.name} (sửa bằng tệp ánh xạ nếu không đúng)."
            )
        return ident
    if head_unit is not None:
        return Identification(head_unit, HOW_LETTERHEAD)
    stem = path.stem
    code_match = re.match(r"^\s*([A-Za-z0-9]+)[\s_\-.]", stem + " ")
    if code_match and code_match.group(1) in schema.unit_by_code:
        return Identification(schema.unit_by_code[code_match.group(1)], HOW_FILE_NAME)
    by_name = _match_names(schema, stem, _file_keys, _ascii_words)
    if len(by_name) == 1:
        return Identification(by_name[0], HOW_FILE_NAME)
    blocks = content.blocks
    whole = " ".join(
        b.text for b, to_whom in zip(blocks, addressed(blocks), strict=True) if isinstance(b, DocPara) and not to_whom
    )
    in_text = {u.code: u for u in _match_all(schema, whole)}
    if len(in_text) == 1:  # one unit named anywhere in the text, and no other
        return Identification(next(iter(in_text.values())), HOW_TEXT)
    return Identification(None)


def _match_all(schema: Schema, text: str) -> list[Unit]:
    hay = f" {text_key(text)} "
    return [u for u in schema.units if any(f" {k} " in hay for k in _name_keys(u))]


def load_mapping(path: Path, schema: Schema) -> dict[str, str]:
    """``don-vi-bao-cao.yaml``: "tên tệp: mã đơn vị (hoặc tên đơn vị)" per line → {file-name key: unit code}.

    Missing file → {}. Raises CchcError naming the file for bad YAML or an unknown unit.
    """
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "không đúng dạng «tên tệp: mã đơn vị»"
        raise CchcError(f"không đọc được tệp ánh xạ {path}: {reason}") from exc
    if not isinstance(data, dict):
        raise CchcError(f"tệp ánh xạ {path}: mỗi dòng phải có dạng «tên tệp: mã đơn vị»")
    by_name = {text_key(u.name): u.code for u in schema.units}
    out: dict[str, str] = {}
    for file_name, unit in data.items():
        value = str(unit).strip()
        code = value if value in schema.unit_by_code else by_name.get(text_key(value))
        if code is None:
            raise CchcError(f"tệp ánh xạ {path}: không có đơn vị «{value}» (dòng của tệp «{file_name}»)")
        out[label_key(str(file_name))] = code
    return out

"""Each unit's Word outline (.docx) of Phụ lục 1: the headings the unit reports on, in Word heading styles, a short
guide under each, the unit's own Phụ lục 2 rows as a reminder, the unit's ND30 letterhead (from the report's Word
base, templates/mau-van-ban.docx) and a fingerprint in the custom document properties.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.narrative.fingerprint import KIND_OUTLINE, write_fingerprint
from cchc_cli.narrative.outline import Outline, OutlineNode, load_outline
from cchc_cli.narrative.pull import BlockWriter
from cchc_cli.narrative.template_marks import GUIDE_PREFIX, GUIDE_STYLE, REMINDER_TITLE
from cchc_cli.report.docx_build import normalize_zip
from cchc_cli.report.render import SIGNER_TITLE
from cchc_cli.schema import words
from cchc_cli.schema.model import COMMUNE_NAME_HEAD, Schema, Unit
from cchc_cli.textutil import slug

_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?\}\}")
_SIGNER = {"phong": "TRƯỞNG PHÒNG", "van_phong": "CHÁNH VĂN PHÒNG", "don_vi_su_nghiep": "GIÁM ĐỐC"}


def outline_file_name(unit: Unit) -> str:
    """``DeCuong_<code>_<name without diacritics>.docx``, beside the unit's ``PL2_…xlsx`` workbook."""
    return f"DeCuong_{unit.code}_{slug(unit.name)}.docx"


def plan_outlines(schema: Schema, units: Sequence[Unit], out_dir: Path) -> list[tuple[Unit, Path]]:
    """(unit, target path) for every selected unit that writes at least one outline heading."""
    outline = load_outline(schema)
    return [(u, Path(out_dir) / outline_file_name(u)) for u in units if outline.nodes_for_unit(u.code)]


def write_unit_outlines(schema: Schema, targets: Sequence[tuple[Unit, Path]]) -> list[tuple[Unit, Path]]:
    """Write each unit's outline atomically; CchcError naming the file when one cannot be written.

    Communes whose outlines differ only by their name (the same headings, reminder rows and kind: at national
    scale, thousands) are built once and stamped with each name (``Stamper``), byte for byte what building each
    would give (tests/test_narrative.py holds it to that)."""
    outline = load_outline(schema)
    stamper = Stamper(schema, outline)
    written = []
    for unit, path in targets:
        data = stamper.render(unit)
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise CchcError(f"{path}: không ghi được tệp ({os_reason(exc)}).") from exc
        written.append((unit, path))
    return written


def _set_text(paragraph: Paragraph, text: str) -> None:
    runs = paragraph.runs
    rpr = copy.deepcopy(runs[0]._r.rPr) if runs and runs[0]._r.rPr is not None else None
    for r in runs:
        r._r.getparent().remove(r._r)
    run = paragraph.add_run(text)
    if rpr is not None:
        run._r.insert(0, rpr)


def _letterhead(doc: DocumentObject, schema: Schema, unit: Unit) -> Paragraph:
    """Fill the base's fields for the unit; returns the ``{{ content }}`` paragraph."""
    camp = schema.campaign
    commune = unit.is_commune
    place = unit.place if commune else camp.place
    values = {
        "district": unit.name.upper(),
        "date_line": f"{place}, ngày      tháng      năm {camp.deadline.year}",
        "title": words.subject(schema),
        "signer": "",
    }
    recipients = [
        f"- {schema.unit_by_code[camp.collector].name if camp.collector in schema.unit_by_code else ''} (b/c);",
        "- Lưu: VT.",
    ]
    signer_title = SIGNER_TITLE if commune else [_SIGNER.get(unit.kind, "THỦ TRƯỞNG ĐƠN VỊ")]
    marker: Paragraph | None = None
    paragraphs = list(doc.paragraphs) + [
        p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for p in paragraphs:
        text = p.text.strip()
        if text == "{{ content }}" or re.fullmatch(r"\{\{\s*content\s*\}\}", text):
            marker = p
        elif re.fullmatch(r"\{\{\s*(recipients|signer_title)\s*\}\}", text):
            items = recipients if "recipients" in text else signer_title
            for item in items:
                clone = copy.deepcopy(p._p)
                p._p.addprevious(clone)
                _set_text(Paragraph(clone, p._parent), item)
            p._p.getparent().remove(p._p)
        elif "{{" in text:
            _set_text(p, _FIELD.sub(lambda m: values.get(m.group(1), ""), p.text))
        elif text == "ỦY BAN NHÂN DÂN" and p.style is not None and p.style.name == "Cơ quan ban hành" and not commune:
            _set_text(p, camp.issuing_body_short.upper())
        elif text == "TM. ỦY BAN NHÂN DÂN" and not commune:
            _set_text(p, "")
        elif text == "CHỦ TỊCH" and not commune:
            _set_text(p, _SIGNER.get(unit.kind, "THỦ TRƯỞNG ĐƠN VỊ"))
        elif text.startswith("Số:") and not commune:
            _set_text(p, p.text.replace("BC-UBND", f"BC-{unit.code}"))
    if marker is None:
        raise CchcError("tệp mẫu Word mau-van-ban.docx không có đoạn «{{ content }}»")
    return marker


def _guide_style(doc: DocumentObject) -> None:
    if GUIDE_STYLE in {s.name for s in doc.styles}:
        return
    style = doc.styles.add_style(GUIDE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.italic = True
    style.font.size = Pt(12)
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _heading_text(node: OutlineNode) -> str:
    if node.number.lower().startswith("phần"):
        return f"{node.number}\n{node.text.upper()}"
    if node.depth <= 2:
        return f"{node.number} {node.text.upper()}"
    return node.title


def _reminder_rows(schema: Schema, unit: Unit) -> list[list[str]]:
    rows = [[REMINDER_TITLE, "", "", ""], ["Phần", "STT", "Chỉ tiêu", "Đơn vị tính"]]
    for ind in schema.indicators_for_unit(unit.code):
        section = schema.section_by_id[ind.section]
        rows.append([section.number, ind.stt, ind.text, ind.uom])
    return rows


def build_unit_outline(schema: Schema, outline: Outline, unit: Unit) -> DocumentObject:
    """The unit's outline as a python-docx Document (see the module doc)."""
    ref = resources.files("cchc_cli.data.templates").joinpath("mau-van-ban.docx")
    doc = Document(io.BytesIO(ref.read_bytes()))
    _guide_style(doc)
    marker = _letterhead(doc, schema, unit)
    writer = BlockWriter(doc, marker._p)
    camp = schema.campaign
    collector = schema.unit_by_code.get(camp.collector)
    to = collector.name if collector else "cơ quan tổng hợp"
    writer.paragraph(
        f"{GUIDE_PREFIX}Đơn vị viết báo cáo dưới từng đề mục (giữ nguyên tên đề mục; có thể thêm đề mục con, bảng, "
        f"danh sách); xóa các đoạn in nghiêng màu xám này; gửi về {to} {camp.deadline_text} cùng biểu mẫu "
        f"{camp.annex}. Đề mục in đậm có ghi «đơn vị chủ trì» thì báo cáo đầy đủ cho toàn {camp.district}.",
        GUIDE_STYLE,
    )
    rows = _reminder_rows(schema, unit)
    if len(rows) > 2:
        writer.paragraph(
            f"{GUIDE_PREFIX}bảng dưới đây nhắc các chỉ tiêu {camp.annex} của đơn vị; nên nêu các số liệu này trong "
            "phần viết tương ứng.",
            GUIDE_STYLE,
        )
        table = writer.table(rows, header_rows=2, widths_cm=(1.4, 1.4, 11.0, 2.6))
        if table is not None:
            title = table.cell(0, 0).merge(table.cell(0, 3))
            title.text = REMINDER_TITLE
            if "Bảng - tiêu đề" in {st.name for st in doc.styles}:
                title.paragraphs[0].style = doc.styles["Bảng - tiêu đề"]
    writer.paragraph(
        f"Thực hiện Kế hoạch số {camp.plan_number} ngày {camp.plan_date:%d/%m/%Y} của {camp.issuing_body_short} về "
        f"{camp.title[0].lower()}{camp.title[1:]}, {unit.authority} báo cáo kết quả như sau:",
        "Normal",
    )
    for node in outline.nodes_for_unit(unit.code):
        level = min(node.depth, 5)
        heading = writer.paragraph("", f"Heading {level}")
        for i, line in enumerate(_heading_text(node).split("\n")):
            if i:
                heading.add_run().add_break()
            heading.add_run(line)
        guide = node.guide_xa if (unit.is_commune and node.guide_xa) else node.guide
        if unit.code in node.lead and (node.parent is None or unit.code not in node.parent.lead):
            guide = (guide + " " if guide else "") + f"(Đơn vị chủ trì: báo cáo đầy đủ cho toàn {camp.district}.)"
        if guide:
            writer.paragraph(GUIDE_PREFIX + guide, GUIDE_STYLE)
        if not node.children:
            writer.paragraph("", "Normal")
    writer.paragraph(f"Trên đây là báo cáo kết quả công tác cải cách hành chính của {unit.authority}./.", "Normal")
    marker._p.getparent().remove(marker._p)
    stamp = dt.datetime(camp.plan_date.year, camp.plan_date.month, camp.plan_date.day)
    props = doc.core_properties
    props.title = f"Báo cáo tổng kết CCHC – {unit.name}"
    props.subject = outline.title or camp.title
    props.author = unit.name
    props.last_modified_by = unit.name
    props.keywords = "CCHC; đề cương báo cáo"
    props.comments = "Tạo bằng cchc generate-templates"
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    write_fingerprint(
        doc,
        {
            "kind": KIND_OUTLINE,
            "schema": schema.meta.id,
            "schema_version": schema.meta.version,
            "unit": unit.code,
            "outline_version": outline.version,
        },
    )
    return doc


def render_unit_outline(schema: Schema, outline: Outline, unit: Unit) -> bytes:
    """The unit's outline .docx as bytes (fixed zip timestamps: the same input gives the same bytes)."""
    buf = io.BytesIO()
    build_unit_outline(schema, outline, unit).save(buf)
    return normalize_zip(buf.getvalue())


SENTINEL = "QZXQZXQ"  # stands for a commune's name (without its kind word) in a stamped outline


class Stamper:
    """Unit outlines for many communes: one build per kind of commune outline, then the unit's name and code
    written into it. Only communes whose name starts with its kind word («Xã», «UBND xã» …: COMMUNE_NAME_HEAD)
    and which lead no heading are stamped (their outline depends on the unit only through the name and the
    code in the fingerprint); any other unit is built on its own."""

    def __init__(self, schema: Schema, outline: Outline) -> None:
        self.schema = schema
        self.outline = outline
        self.built: dict[tuple, tuple[Unit, bytes]] = {}  # class → (the unit it was built for, its outline)

    def key(self, unit: Unit) -> tuple | None:
        match = COMMUNE_NAME_HEAD.match(unit.name)
        if not unit.is_commune or match is None or SENTINEL in unit.name:
            return None
        nodes = self.outline.nodes_for_unit(unit.code)
        if any(unit.code in n.lead for n in nodes):
            return None
        rows = tuple(tuple(r) for r in _reminder_rows(self.schema, unit))
        return (unit.kind, match.group(1), tuple(id(n) for n in nodes), rows)

    def render(self, unit: Unit) -> bytes:
        key = self.key(unit)
        if key is None:
            return render_unit_outline(self.schema, self.outline, unit)
        if key not in self.built:
            proto = unit.model_copy(update={"name": f"{key[1]} {SENTINEL}"})
            self.built[key] = (proto, render_unit_outline(self.schema, self.outline, proto))
        proto, data = self.built[key]
        return _stamp(data, proto, unit)


def _stamp(data: bytes, proto: Unit, unit: Unit) -> bytes:
    """The prototype outline ``data`` (built for ``proto``) with ``unit``'s name in every form the outline
    writes it (as is, upper case, "UBND xã …", the place without its kind word) and its code in the
    fingerprint."""
    forms = [
        (proto.authority, unit.authority),
        (proto.name.upper(), unit.name.upper()),
        (proto.name, unit.name),
        (SENTINEL, unit.place),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in ("word/document.xml", "docProps/core.xml"):
                text = body.decode("utf-8")
                for old, new in forms:
                    text = text.replace(escape(old), escape(new))
                body = text.encode("utf-8")
            elif info.filename == "docProps/custom.xml":
                body = body.replace(f">{escape(proto.code)}<".encode(), f">{escape(unit.code)}<".encode())
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, body)
    return out.getvalue()

"""Build templates/mau-van-ban.docx: the Word base of the report (styles, A4 page, letterhead, closing block).

    .venv/bin/python templates/make_base_docx.py

The result is an ordinary Word document: open it in Word or LibreOffice to change fonts, spacing, the letterhead
or the signature block (Home → Styles; the styles keep their names). `cchc render-report` keeps everything in it
and puts the report's content where the paragraph ``{{ content }}`` is. Form: Nghị định 30/2020/NĐ-CP, Phụ lục I
(see ../shared/reference/nd30-format.md). Running the script twice gives the same bytes.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

FONT = "Times New Roman"
OUT = Path(__file__).with_name("mau-van-ban.docx")
KEEP_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Header",
    "Header Char",
    "Footer",
    "Footer Char",
    "Caption",
    "Table Grid",
    "Strong",
    "Emphasis",
    *(f"Heading {i}" for i in range(1, 10)),
    *(f"Heading {i} Char" for i in range(1, 10)),
}
# Page (ND30: top 20–25, bottom 20–25, left 30–35, right 15–20 mm)
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
TEXT_MM = 210 - LEFT - RIGHT
LEFT_COL_MM, RIGHT_COL_MM = 62, TEXT_MM - 62


def text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """Width of ``text`` set in Times New Roman (measured on its metric clone Liberation Serif)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family="Liberation Serif", weight="bold" if bold else "normal")
    font = TTFont(font_manager.findfont(prop, fallback_to_default=False))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = sum(hmtx[cmap[ord(c)]][0] for c in text)
    return units / font["head"].unitsPerEm * size_pt * 25.4 / 72


# ---- styles -------------------------------------------------------------------------------------------------
def _fonts(rpr: etree._Element) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), FONT)


def clean_styles(doc: DocumentObject) -> None:
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        ui = doc.styles[name].name if name else ""
        if ui not in KEEP_STYLES:
            styles.remove(style)
            continue
        for color in style.iter(qn("w:color")):
            color.getparent().remove(color)
        rpr = style.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _fonts(rpr)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.find(qn("w:spacing")).attrib.clear()


def para_style(
    doc: DocumentObject,
    name: str,
    style_id: str | None = None,
    *,
    base: str = "Normal",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: int | None = None,
    indent: float | None = 0.0,
    before: float = 0,
    after: float = 0,
    line: float | None = 1.0,
    keep_next: bool = False,
) -> BaseStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    if name != "Normal":
        style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    font.name = FONT
    _fonts(style.element.get_or_add_rPr())
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if indent is not None:
        pf.first_line_indent = Cm(indent)
        pf.left_indent = Cm(0)
        pf.right_indent = Cm(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = line
    pf.keep_with_next = keep_next or None
    pf.widow_control = True
    return style


def make_styles(doc: DocumentObject) -> None:
    J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    # Body: Times New Roman 14, justified, first-line indent 1,27 cm, 6 pt after, line spacing 1,15.
    para_style(doc, "Normal", size=14, align=J, indent=1.27, after=6, line=1.15)
    # Headings by the outline's numbering (ND30): Phần (centred, bold); I. (capitals, bold); 1. (bold);
    # 1.1. (bold italic); a) (upright, body size).
    para_style(doc, "Heading 1", size=14, bold=True, align=C, indent=0, before=12, after=6, line=1.15, keep_next=True)
    para_style(doc, "Heading 2", size=14, bold=True, align=J, indent=1.27, before=6, after=6, line=1.15, keep_next=True)
    para_style(doc, "Heading 3", size=14, bold=True, align=J, indent=1.27, before=6, after=6, line=1.15, keep_next=True)
    para_style(
        doc,
        "Heading 4",
        size=14,
        bold=True,
        italic=True,
        align=J,
        indent=1.27,
        before=6,
        after=6,
        line=1.15,
        keep_next=True,
    )
    para_style(doc, "Heading 5", size=14, align=J, indent=1.27, before=0, after=6, line=1.15, keep_next=True)
    para_style(doc, "Header", size=14, align=C, indent=0)
    para_style(doc, "Footer", size=12, align=C, indent=0)
    para_style(doc, "Caption", size=13, italic=True, align=C, indent=0, before=3, after=9)
    # Letterhead and closing block
    para_style(doc, "Cơ quan ban hành", "CoQuanBanHanh", size=13, bold=True, align=C)
    para_style(doc, "Quốc hiệu", "QuocHieu", size=13, bold=True, align=C)
    para_style(doc, "Tiêu ngữ", "TieuNgu", size=14, bold=True, align=C)
    para_style(doc, "Đường kẻ", "DuongKe", size=1, align=C, line=None, before=3)
    para_style(doc, "Số, ký hiệu", "SoKyHieu", size=13, align=C, before=6)
    para_style(doc, "Địa danh, ngày tháng", "DiaDanhNgay", size=14, italic=True, align=C, before=6)
    para_style(doc, "Tên loại văn bản", "TenLoai", size=14, bold=True, align=C, before=18)
    para_style(doc, "Trích yếu", "TrichYeu", size=14, bold=True, align=C)
    para_style(doc, "Nơi nhận", "NoiNhan", size=12, bold=True, italic=True, align=L, before=6)
    para_style(doc, "Nơi nhận - dòng", "NoiNhanDong", size=11, align=L)
    para_style(doc, "Chức vụ người ký", "ChucVuKy", size=14, bold=True, align=C, before=6)
    para_style(doc, "Họ tên người ký", "HoTenKy", size=14, bold=True, align=C)
    # Content helpers
    para_style(doc, "Cần bổ sung", "CanBoSung", size=14, italic=True, align=J, indent=1.27, after=6, line=1.15)
    para_style(doc, "Hình", "Hinh", size=14, align=C, indent=0, before=6, keep_next=True)
    para_style(doc, "Bảng - chữ", "BangChu", size=12, align=L, indent=0, before=1, after=1)
    para_style(doc, "Bảng - tiêu đề", "BangTieuDe", size=12, bold=True, align=C, indent=0, before=2, after=2)
    para_style(doc, "Bảng - ghi chú", "BangGhiChu", size=11, italic=True, align=J, indent=0, before=2, after=6)
    # "DỰ THẢO" mark above the letterhead (removed with --ban-chinh-thuc); the annex title block
    para_style(doc, "Dấu dự thảo", "DauDuThao", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=3)
    para_style(doc, "Giữa trang", "GiuaTrang", size=14, align=C, before=0, after=3)  # ">> " lines: annex title
    rule = doc.styles["Đường kẻ"].paragraph_format
    rule.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.line_spacing = Pt(2)


# ---- page, header ---------------------------------------------------------------------------------------------
PAGE_FIELD = (
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
    f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
    f"<w:r {nsdecls('w')}><w:t>2</w:t></w:r>",
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
)


def page_setup(doc: DocumentObject) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(TOP), Mm(BOTTOM), Mm(LEFT), Mm(RIGHT)
    s.header_distance, s.footer_distance = Mm(10), Mm(10)
    # Page numbers: Arabic, centred at the top, not on page 1 (ND30).
    s.different_first_page_header_footer = True
    header = s.header.paragraphs[0]
    header.style = doc.styles["Header"]
    for xml in PAGE_FIELD:
        header._p.append(parse_xml(xml))
    s.first_page_header.is_linked_to_previous = False
    s.first_page_header.paragraphs[0].style = doc.styles["Header"]


# ---- letterhead and closing -----------------------------------------------------------------------------------
def _no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    tblpr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
    )
    tblpr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )


def _table(doc: DocumentObject, rows: int, widths_mm: list[float]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    return table


def _set(paragraph: Paragraph, text: str, style: str) -> Paragraph:
    paragraph.style = style  # a style's name, looked up in the document's styles
    if text:
        paragraph.add_run(text)
    return paragraph


def _add(cell: _Cell, text: str, style: str) -> Paragraph:
    return _set(cell.add_paragraph(), text, style)


def _rule(paragraph: Paragraph, length_mm: float, box_mm: float) -> None:
    """A solid line ``length_mm`` long, centred in a box ``box_mm`` wide (a top border with indents)."""
    paragraph.style = "Đường kẻ"
    side = max(0.0, (box_mm - length_mm) / 2)
    pf = paragraph.paragraph_format
    pf.left_indent, pf.right_indent = Mm(side), Mm(side)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'),
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


def letterhead(doc: DocumentObject) -> None:
    table = _table(doc, 2, [LEFT_COL_MM, RIGHT_COL_MM])
    left, right = table.rows[0].cells
    _set(left.paragraphs[0], "ỦY BAN NHÂN DÂN", "Cơ quan ban hành")
    _add(left, "{{ district|upper }}", "Cơ quan ban hành")
    agency = text_width_mm("HUYỆN KHÁNH SƠN", 13, True)
    _rule(left.add_paragraph(), agency * 0.45, LEFT_COL_MM)
    _set(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Quốc hiệu")
    motto = "Độc lập - Tự do - Hạnh phúc"
    _add(right, motto, "Tiêu ngữ")
    _rule(right.add_paragraph(), text_width_mm(motto, 14, True), RIGHT_COL_MM)
    number, date = table.rows[1].cells
    _set(number.paragraphs[0], "Số:         /BC-UBND", "Số, ký hiệu")
    _set(date.paragraphs[0], "{{ date_line }}", "Địa danh, ngày tháng")
    _set(doc.add_paragraph(), "BÁO CÁO", "Tên loại văn bản")
    _set(doc.add_paragraph(), "{{ title }}", "Trích yếu")
    _rule(doc.add_paragraph(), 50, TEXT_MM)


def closing(doc: DocumentObject) -> None:
    _set(doc.add_paragraph(), "", "Normal")
    table = _table(doc, 1, [TEXT_MM - 90, 90])
    left, right = table.rows[0].cells
    _set(left.paragraphs[0], "Nơi nhận:", "Nơi nhận")
    _add(left, "{{ recipients }}", "Nơi nhận - dòng")
    _set(right.paragraphs[0], "{{ signer_title }}", "Chức vụ người ký")  # one paragraph per line
    for _ in range(4):
        _add(right, "", "Họ tên người ký")
    _add(right, "{{ signer }}", "Họ tên người ký")


# ---- package --------------------------------------------------------------------------------------------------
def drop_extras(doc: DocumentObject) -> None:
    """No thumbnail (python-docx's own picture) and no stylesWithEffects copy of the old styles."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                del rels[rid]
    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w14:docId"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), "vi-VN")
    for el in settings.findall(qn("w:decimalSymbol")):
        el.set(qn("w:val"), ",")
    for el in settings.findall(qn("w:listSeparator")):
        el.set(qn("w:val"), ";")


def finish_zip(data: bytes) -> bytes:
    """Theme fonts → Times New Roman; fixed timestamps (same script, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith("word/theme/"):
                blob = re.sub(rb'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"', rb'\1Times New Roman"', blob)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, blob)
    return out.getvalue()


def build() -> bytes:
    doc = Document()
    clean_styles(doc)
    make_styles(doc)
    page_setup(doc)
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    _set(doc.add_paragraph(), "{{ draft_mark }}", "Dấu dự thảo")
    letterhead(doc)
    _set(doc.add_paragraph(), "{{ content }}", "Normal")
    closing(doc)
    _set(doc.add_paragraph(), "{{ annex }}", "Normal")
    drop_extras(doc)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Mẫu báo cáo (Nghị định 30/2020/NĐ-CP)", "cchc", "cchc"
    props.language, props.revision, props.comments = "vi-VN", 1, "Tạo bằng templates/make_base_docx.py"
    import datetime as dt

    props.created = props.modified = dt.datetime(2020, 1, 1)
    buf = io.BytesIO()
    doc.save(buf)
    return finish_zip(buf.getvalue())


def main() -> int:
    OUT.write_bytes(build())
    print(f"đã ghi {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

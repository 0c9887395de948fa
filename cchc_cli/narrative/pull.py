"""Pull the units' narratives into the rendered draft (a post-processing step on the python-docx Document).

The draft's headings (Word heading styles) are placed on the outline with the same matcher as the units'
headings. Under each placed heading the units' text goes, attributed ("Theo báo cáo của Phòng Tư pháp:",
"UBND xã Sơn Lâm:"), lead units first, in a shaded "to edit" style, replacing the highlighted "[Cần bổ sung – …]"
placeholder paragraph under the heading when there is one. Text placed on an outline heading the draft does not
show goes under the nearest heading it does show, with the outline heading named; text under headings the outline
lacks goes to an appendix, one section per unit. Nothing a unit wrote is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from cchc_cli.narrative.collect import Block, Narrative, NarrativeSet
from cchc_cli.narrative.headings import HeadingMatcher
from cchc_cli.narrative.outline import OutlineNode
from cchc_cli.report.docx_build import back_matter_anchor
from cchc_cli.textutil import label_key

EDIT_STYLE = "Nội dung đơn vị (cần biên tập)"
LABEL_STYLE = "Nội dung đơn vị - nguồn"
PLACEHOLDER_STYLE = "Cần bổ sung"
TABLE_TEXT_STYLE = "Bảng - chữ"
TABLE_HEAD_STYLE = "Bảng - tiêu đề"
PLACEHOLDER_PREFIX = "[cần bổ sung"
APPENDIX_TITLE = "PHỤ LỤC CÁC NỘI DUNG ĐƠN VỊ BÁO CÁO NGOÀI ĐỀ CƯƠNG"
APPENDIX_NOTE = (
    "Phần này tập hợp nội dung các đơn vị viết dưới những đề mục không có trong đề cương (Phụ lục 1). Chuyên viên "
    "chuyển nội dung cần dùng vào mục phù hợp của báo cáo, rồi xóa phần phụ lục này trước khi trình ký."
)
SHADE = "EAF1FB"
BORDER = "2F5597"


def attribution(narrative: Narrative) -> str:
    """ "Theo báo cáo của Phòng Tư pháp:" for an office, "UBND xã Sơn Lâm:" for a commune."""
    unit = narrative.unit
    if unit is None:
        return f"Theo báo cáo chưa xác định đơn vị (tệp {narrative.path.name}):"
    if unit.is_commune:
        return f"{unit.authority}:"
    return f"Theo báo cáo của {unit.name}:"


@dataclass
class PullReport:
    """What went where: (outline node id, unit code or file name, number of blocks) and appendix entries."""

    placed: list[tuple[str, str, int]] = field(default_factory=list)
    under_parent: list[tuple[str, str, str]] = field(default_factory=list)  # (node, shown under node, unit)
    appendix: list[tuple[str, str]] = field(default_factory=list)  # (unit, heading as written)
    placeholders_replaced: int = 0


def _is_heading(p: Paragraph) -> bool:
    style = p.style
    while style is not None:
        if (style.name or "").casefold().startswith("heading"):
            return True
        style = style.base_style
    ppr = p._p.pPr
    return ppr is not None and ppr.find(qn("w:outlineLvl")) is not None


def _is_placeholder(p: Paragraph) -> bool:
    return (p.style is not None and p.style.name == PLACEHOLDER_STYLE) or label_key(p.text).startswith(
        PLACEHOLDER_PREFIX
    )


def ensure_styles(doc: DocumentObject) -> None:
    """Add the shaded, left-ruled "to edit" paragraph style and its label style when the document lacks them."""
    names = {s.name for s in doc.styles}
    if EDIT_STYLE not in names:
        style = doc.styles.add_style(EDIT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.3)
        ppr = style.element.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", BORDER)):
            left.set(qn(k), v)
        borders.append(left)
        shd = OxmlElement("w:shd")
        for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", SHADE)):
            shd.set(qn(k), v)
        ppr.insert(0, borders)
        ppr.append(shd)
    if LABEL_STYLE not in names:
        label = doc.styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = doc.styles[EDIT_STYLE]
        label.font.bold = True
        label.font.italic = True
        label.paragraph_format.keep_with_next = True
        label.paragraph_format.space_before = Pt(6)


class BlockWriter:
    """Inserts paragraphs and tables after an anchor element, in order."""

    def __init__(self, doc: DocumentObject, anchor: Any) -> None:
        self.doc, self.anchor = doc, anchor

    def _place(self, element: Any) -> None:
        self.anchor.addnext(element)
        self.anchor = element

    def paragraph(self, text: str, style: str) -> Paragraph:
        p = OxmlElement("w:p")
        self._place(p)
        para = Paragraph(p, self.doc._body)
        para.style = self.doc.styles[style]
        if text:
            para.add_run(text)
        return para

    def table(self, rows: list[list[str]], *, header_rows: int = 0, widths_cm: Sequence[float] = ()) -> Table | None:
        """A simple grid table (the base's table styles when it has them); None for no rows."""
        width = max((len(r) for r in rows), default=0)
        if not width:
            return None
        styles = {s.name for s in self.doc.styles}
        table = self.doc.add_table(rows=len(rows), cols=width)
        if "Table Grid" in styles:
            table.style = self.doc.styles["Table Grid"]
        for i, row in enumerate(rows):
            style = TABLE_HEAD_STYLE if i < header_rows else TABLE_TEXT_STYLE
            for j in range(width):
                cell = table.cell(i, j)
                cell.text = row[j] if j < len(row) else ""
                if style in styles:
                    for p in cell.paragraphs:
                        p.style = self.doc.styles[style]
                if j < len(widths_cm):
                    cell.width = Cm(widths_cm[j])
        if widths_cm:
            table.autofit = False
            for j, w in enumerate(widths_cm[:width]):
                table.columns[j].width = Cm(w)
        self._place(table._tbl)
        return table

    def text_width_cm(self) -> float:
        """Width between the margins of the document's first section (the report's portrait pages, where the
        units' text goes), in cm. python-docx sizes a new table to the LAST section, the landscape Phụ lục."""
        section = self.doc.sections[0]
        emu = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return emu / 360000

    def blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "table":
                cols = max((len(r) for r in block.rows), default=0)
                table = self.table(block.rows, widths_cm=(self.text_width_cm() / cols,) * cols if cols else ())
                if table is not None:  # shaded like the unit's paragraphs: text to edit
                    for row in table.rows:
                        for cell in row.cells:
                            shd = OxmlElement("w:shd")
                            for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", SHADE)):
                                shd.set(qn(k), v)
                            cell._tc.get_or_add_tcPr().append(shd)
            else:
                self.paragraph(block.text, EDIT_STYLE)

    def contribution(self, narrative: Narrative, blocks: list[Block], note: str = "") -> None:
        label = attribution(narrative)
        self.paragraph(f"{label[:-1]} ({note}):" if note else label, LABEL_STYLE)
        self.blocks(blocks)


def _draft_headings(doc: DocumentObject, narratives: NarrativeSet) -> dict[str, Paragraph]:
    """outline node id → the draft's heading paragraph for it (the first one placed there)."""
    matcher = HeadingMatcher(narratives.outline)
    found: dict[str, Paragraph] = {}
    figures_part = False  # under a part that holds figures (Phần thứ tư): its headings are table titles
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph) and _is_heading(block) and block.text.strip():
            placement = matcher.place(block.text.replace("\n", " "))
            node = placement.node
            if node is not None and node.parent is None:
                figures_part = not node.narrative
            if node is not None and not figures_part:
                found.setdefault(node.id, block)
    return found


def _section_elements(heading: Paragraph) -> list[Any]:
    """Body elements after ``heading`` up to the next heading paragraph."""
    out = []
    el = heading._p.getnext()
    while el is not None and el.tag in (qn("w:p"), qn("w:tbl")):
        if el.tag == qn("w:p") and _is_heading(Paragraph(el, heading._parent)):
            break
        out.append(el)
        el = el.getnext()
    return out


def _shown_at(node: OutlineNode, headings: dict[str, Paragraph]) -> OutlineNode | None:
    for candidate in [node, *reversed(node.ancestors)]:
        if candidate.id in headings:
            return candidate
    return None


def insert_narratives(doc: DocumentObject, narratives: NarrativeSet) -> PullReport:
    """Insert every used narrative's text into ``doc`` (see the module doc); returns where each piece went."""
    report = PullReport()
    if not narratives.used:
        return report
    ensure_styles(doc)
    headings = _draft_headings(doc, narratives)
    # node shown in the draft → [(node the text was placed on, narrative, blocks)]
    plan: dict[str, list[tuple[OutlineNode, Narrative, list[Block]]]] = {}
    orphans: list[tuple[Narrative, str, list[Block]]] = []
    for node in narratives.outline.walk():
        if not node.narrative:
            continue
        for narrative, blocks in narratives.contributions(node):
            shown = _shown_at(node, headings)
            who = narrative.unit.code if narrative.unit else narrative.path.name
            if shown is None:
                orphans.append((narrative, node.title, blocks))
                report.appendix.append((who, node.title))
                continue
            plan.setdefault(shown.id, []).append((node, narrative, blocks))
            if shown is node:
                report.placed.append((node.id, who, len(blocks)))
            else:
                report.under_parent.append((node.id, shown.id, who))
    for shown_id, items in plan.items():
        heading = headings[shown_id]
        elements = _section_elements(heading)
        placeholder = next(
            (el for el in elements if el.tag == qn("w:p") and _is_placeholder(Paragraph(el, heading._parent))), None
        )
        anchor = placeholder.getprevious() if placeholder is not None else (elements[-1] if elements else heading._p)
        writer = BlockWriter(doc, anchor)
        own = [(n, nar, b) for n, nar, b in items if n.id == shown_id]
        deeper = [(n, nar, b) for n, nar, b in items if n.id != shown_id]
        for _node, narrative, blocks in own:
            writer.contribution(narrative, blocks)
        for node, narrative, blocks in deeper:
            writer.contribution(narrative, blocks, note=f"mục «{node.title}» của đề cương")
        if placeholder is not None and own:
            placeholder.getparent().remove(placeholder)
            report.placeholders_replaced += 1
    _appendix(doc, narratives, orphans, report)
    return report


def _appendix(
    doc: DocumentObject, narratives: NarrativeSet, orphans: list[tuple[Narrative, str, list[Block]]], report: PullReport
) -> None:
    per_unit: list[tuple[Narrative, list[tuple[str, list[Block]]]]] = []
    for narrative in narratives.used:
        items = [(s.heading or "(nội dung không có đề mục)", s.blocks) for s in narrative.unplaced if s.blocks]
        items += [(f"mục «{title}» của đề cương", blocks) for n, title, blocks in orphans if n is narrative]
        if items:
            per_unit.append((narrative, items))
            who = narrative.unit.code if narrative.unit else narrative.path.name
            report.appendix.extend((who, h) for h, _ in items if not h.startswith("mục «"))
    if not per_unit:
        return
    writer = BlockWriter(doc, back_matter_anchor(doc))  # before the Phụ lục, in the report's portrait section
    title = writer.paragraph("", "Heading 1" if "Heading 1" in {s.name for s in doc.styles} else "Normal")
    title.add_run().add_break(WD_BREAK.PAGE)
    title.add_run(APPENDIX_TITLE)
    writer.paragraph(
        APPENDIX_NOTE, PLACEHOLDER_STYLE if PLACEHOLDER_STYLE in {s.name for s in doc.styles} else "Normal"
    )
    heading_style = "Heading 3" if "Heading 3" in {s.name for s in doc.styles} else "Normal"
    for narrative, items in per_unit:
        writer.paragraph(attribution(narrative).rstrip(":"), heading_style)
        for heading, blocks in items:
            p = writer.paragraph("", LABEL_STYLE)
            p.add_run(f"Đề mục của đơn vị: {heading}")
            writer.blocks(blocks)

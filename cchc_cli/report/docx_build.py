"""Lay the outline's blocks onto the Word base document (styles, page setup, letterhead, closing block).

The base document is an ordinary .docx: its paragraphs may hold Jinja fields (``{{ date_line }}``), a paragraph
holding only ``{{ name }}`` of a list becomes one paragraph per item (the recipients of "Nơi nhận"), a paragraph
whose fields render to nothing is removed (the "DỰ THẢO" mark with ``--ban-chinh-thuc``), the paragraph holding
only ``{{ content }}`` is where the outline goes, and the one holding only ``{{ annex }}`` (after the signature)
is where the blocks after ``::: annex`` go (the Phụ lục tables); without it they go at the end. The Phụ lục's
first paragraph (its section break when it is landscape) holds the hidden bookmark ``_PhuLuc``: what is not part
of the signed report goes just before it, in the report's own section (``back_matter_anchor``).

Contract with the narrative step (cchc_cli/narrative): every heading of the outline is a paragraph in a Word
heading style ("Heading 1" … "Heading 5") whose text starts with the plan's numbering ("1.", "2.1.", "a)");
every text only people can write is ONE paragraph in the paragraph style ``PLACEHOLDER_STYLE`` ("Cần bổ sung",
style id "CanBoSung"), highlighted, starting with "[Cần bổ sung – <đơn vị>]", placed directly under its heading
(before the heading's figures: see ``placeholders_first``).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from jinja2.sandbox import SandboxedEnvironment

from cchc_cli.errors import CchcError
from cchc_cli.report.charts import ChartSpec, gap_notes, render_png
from cchc_cli.report.docx_tables import table_element
from cchc_cli.report.footnotes import add_footnote
from cchc_cli.report.markup import Block, Directive, Heading, Para, parse_inline
from cchc_cli.report.tables import TableSpec
from cchc_cli.report.template import render_field

CONTENT = re.compile(r"^\{\{\s*content\s*\}\}$")
ANNEX = re.compile(r"^\{\{\s*annex\s*\}\}$")
LIST_FIELD = re.compile(r"^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$")

# Style names in the base document (see templates/make_base_docx.py); a missing one falls back to Normal.
PLACEHOLDER_STYLE = "Cần bổ sung"
CENTRED_STYLE = "Giữa trang"
PICTURE_STYLE = "Hình"
CAPTION_STYLE = "Caption"
TABLE_STYLE = "Table Grid"
TABLE_TEXT_STYLE = "Bảng - chữ"
TABLE_HEAD_STYLE = "Bảng - tiêu đề"
NOTE_STYLE = "Bảng - ghi chú"
CHART_WIDTH_MM = 155
TABLE_GAP = Pt(6)  # the least space between a table and a heading right under it
# A hidden bookmark (Word hides names starting with "_") on the first paragraph of the Phụ lục: where what
# is not part of the signed report (the units' out-of-outline text) goes, in the report's own section.
ANNEX_BOOKMARK = "_PhuLuc"


def _paragraphs(doc: DocumentObject) -> Iterator[Paragraph]:
    """Every paragraph of the body, including those in (nested) tables."""

    def walk(container: Any) -> Iterator[Paragraph]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                yield block
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)

    yield from walk(doc)


def _write_runs(paragraph: Paragraph, text: str, *, highlight_all: bool = False) -> None:
    for r in parse_inline(text):
        if r.footnote:
            add_footnote(paragraph, r.text)
            continue
        run = paragraph.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True
        if r.highlight or highlight_all:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _replace_text(paragraph: Paragraph, text: str) -> None:
    """Set the paragraph's text, keeping the first run's formatting."""
    p = paragraph._p
    runs = p.findall(qn("w:r"))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    for r in parse_inline(text):
        if r.footnote:
            add_footnote(paragraph, r.text)
            continue
        run = paragraph.add_run(r.text)
        if rpr is not None:
            run._r.insert(0, copy.deepcopy(rpr))
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True
        if r.highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def placeholders_first(blocks: list[Block]) -> list[Block]:
    """Each placeholder paragraph moved directly under its heading (in their order), before the figures."""
    out: list[Block] = []
    insert_at = 0
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block)
            insert_at = len(out)
        elif isinstance(block, Para) and block.placeholder and insert_at:
            out.insert(insert_at, block)
            insert_at += 1
        else:
            out.append(block)
    return out


def fill_fields(
    doc: DocumentObject, env: SandboxedEnvironment, context: dict[str, Any], name: str
) -> tuple[Paragraph, Paragraph | None]:
    """Fill the base document's fields; returns the ``{{ content }}`` and ``{{ annex }}`` paragraphs."""
    marker: Paragraph | None = None
    annex: Paragraph | None = None
    for paragraph in list(_paragraphs(doc)):
        text = paragraph.text
        if "{{" not in text and "{%" not in text:
            continue
        stripped = text.strip()
        if CONTENT.match(stripped):
            marker = paragraph
            continue
        if ANNEX.match(stripped):
            annex = paragraph
            continue
        where = f"tệp mẫu Word {name}, đoạn «{stripped[:60]}»"
        m = LIST_FIELD.match(stripped)
        value = context.get(m.group(1)) if m else None
        if isinstance(value, list | tuple):
            for item in value:
                clone = copy.deepcopy(paragraph._p)
                paragraph._p.addprevious(clone)
                _replace_text(Paragraph(clone, paragraph._parent), str(item))
            paragraph._p.getparent().remove(paragraph._p)
            continue
        rendered = render_field(env, text, context, where)
        if not rendered.strip() and LIST_FIELD.match(stripped):
            paragraph._p.getparent().remove(paragraph._p)  # e.g. no "DỰ THẢO" mark on the final version
            continue
        _replace_text(paragraph, rendered)
    if marker is None:
        raise CchcError(f"tệp mẫu Word {name} không có đoạn «{{{{ content }}}}» (chỗ đặt nội dung báo cáo)")
    if marker._p.getparent() is not doc.element.body:
        raise CchcError(f"tệp mẫu Word {name}: đoạn «{{{{ content }}}}» phải nằm ngoài bảng")
    if annex is not None and annex._p.getparent() is not doc.element.body:
        raise CchcError(f"tệp mẫu Word {name}: đoạn «{{{{ annex }}}}» phải nằm ngoài bảng")
    return marker, annex


class Layout:
    """Inserts blocks before the marker paragraph, switching sections for landscape pages."""

    def __init__(
        self,
        doc: DocumentObject,
        marker: Paragraph,
        tables: dict[str, TableSpec],
        charts: dict[str, ChartSpec],
        annex: Paragraph | None = None,
    ) -> None:
        self.doc, self.marker, self.tables, self.charts = doc, marker, tables, charts
        self.content_marker = marker
        self.annex_marker = annex
        self.base_sect = copy.deepcopy(doc.sections[-1]._sectPr)
        self.annex_before: Any = None  # the element just before the Phụ lục's first one
        self.landscape = False
        self.breaks = 0
        self.page_break = False
        self.spacer = False  # a table was the last block: the next one needs a paragraph between (see add())
        self._styles = {s.name for s in doc.styles}

    # ---- helpers -------------------------------------------------------------------------------------
    def _style(self, name: str) -> str:
        return name if name in self._styles else "Normal"

    @staticmethod
    def _space_before(p: Paragraph) -> int:
        """The space above ``p`` (EMU) from its own format or its style chain; 0 when none says."""
        if p.paragraph_format.space_before is not None:
            return int(p.paragraph_format.space_before)
        style = p.style
        while style is not None:
            if style.paragraph_format.space_before is not None:
                return int(style.paragraph_format.space_before)
            style = style.base_style
        return 0

    def _style_id(self, name: str) -> str | None:
        return self.doc.styles[name].style_id if name in self._styles else None

    def _paragraph(self, style: str) -> Paragraph:
        p = self.marker.insert_paragraph_before(style=self._style(style))
        if self.page_break:
            p.paragraph_format.page_break_before = True
            self.page_break = False
        return p

    def _sect(self, landscape: bool, *, first: bool) -> Any:
        sect = copy.deepcopy(self.base_sect)
        section = Section(sect, self.doc.part)
        width, height = section.page_width or Emu(0), section.page_height or Emu(0)
        short, long_ = sorted([width, height])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
        if not first:
            for el in sect.findall(qn("w:titlePg")):
                sect.remove(el)
            for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
                if ref.get(qn("w:type")) == "first":
                    sect.remove(ref)
        return sect

    def _text_width(self) -> int:
        """Width between the margins of the current section, in twips."""
        section = Section(self._sect(self.landscape, first=False), self.doc.part)
        emu = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return int(emu / 635)

    # ---- blocks --------------------------------------------------------------------------------------
    def add(self, block: Block) -> None:
        """Lay out one block. After a table without notes, a small empty paragraph keeps the next table or text
        apart, but not before a heading (its own space above does that): an empty line between a table and the
        next table's title would only make "title + header row + first rows" (kept together) need more room at
        the foot of a page, pushing the next Phụ lục table to a new page."""
        after_table, self.spacer = self.spacer, False
        if after_table and not isinstance(block, Heading):
            self._paragraph(NOTE_STYLE)
        if isinstance(block, Heading):
            p = self._paragraph(f"Heading {block.level}")
            if after_table and self._space_before(p) < TABLE_GAP:
                p.paragraph_format.space_before = TABLE_GAP  # "b) …" (no space above in its style) under a table
            for i, line in enumerate(block.lines):
                if i:
                    p.add_run().add_break()
                _write_runs(p, line)
        elif isinstance(block, Para):
            style = PLACEHOLDER_STYLE if block.placeholder else CENTRED_STYLE if block.centred else "Normal"
            p = self._paragraph(style)
            if block.centred and style not in self._styles:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.first_line_indent = 0
            _write_runs(p, block.text, highlight_all=block.placeholder)
        elif isinstance(block, Directive):
            self.directive(block.name)
        elif block.kind == "table":
            self.table(self.tables[block.key])
        else:
            self.chart(self.charts[block.key])

    def directive(self, name: str) -> None:
        if name == "pagebreak":
            self.page_break = True
            return
        if name == "annex":
            if self.annex_marker is None:
                body = self.doc.element.body
                p = self.doc.add_paragraph()  # appended before the body's sectPr
                self.annex_marker = Paragraph(p._p, self.content_marker._parent)
                del body
            self.marker = self.annex_marker
            self.annex_before = self.marker._p.getprevious()
            self.page_break = True
            return
        landscape = name == "landscape"
        if landscape == self.landscape:
            return
        p = self.marker.insert_paragraph_before(style=self._style(NOTE_STYLE))
        p._p.get_or_add_pPr().append(self._sect(self.landscape, first=self.breaks == 0))
        self.breaks += 1
        self.landscape = landscape
        self.page_break = False

    def table(self, spec: TableSpec) -> None:
        tbl = table_element(
            spec,
            self._text_width(),
            table_style=self._style_id(TABLE_STYLE),
            text_style=self._style_id(TABLE_TEXT_STYLE) or "Normal",
            head_style=self._style_id(TABLE_HEAD_STYLE) or "Normal",
        )
        self.marker._p.addprevious(tbl)
        for row, tr in zip(spec.rows, tbl.findall(qn("w:tr"))[1:], strict=True):  # row 0 is the header
            for cell, tc in zip(row, tr.findall(qn("w:tc")), strict=True):
                if cell.footnote:
                    add_footnote(Paragraph(tc.findall(qn("w:p"))[-1], self.marker._parent), cell.footnote)
        for note in spec.notes:
            p = self._paragraph(NOTE_STYLE)
            run = p.add_run(note)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self.spacer = not spec.notes

    def chart(self, spec: ChartSpec) -> None:
        p = self._paragraph(PICTURE_STYLE)
        width = min(Emu(CHART_WIDTH_MM * 36000), Emu(self._text_width() * 635))
        p.add_run().add_picture(io.BytesIO(render_png(spec)), width=width)
        _write_runs(self._paragraph(CAPTION_STYLE), spec.caption)
        for note in gap_notes(spec):
            run = self._paragraph(NOTE_STYLE).add_run(note)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def finish(self) -> None:
        """The last section (body-level sectPr) takes the current orientation; remove the markers. The last
        paragraph of the content (and the blank line after it) is kept on the page of the signature block."""
        if self.spacer:  # a table never ends the body or a section: Word expects a paragraph after it
            self._paragraph(NOTE_STYLE)
            self.spacer = False
        last = self.content_marker._p.getprevious()
        if last is not None and last.tag == qn("w:p"):
            Paragraph(last, self.content_marker._parent).paragraph_format.keep_with_next = True
            after = self.content_marker._p.getnext()
            if after is not None and after.tag == qn("w:p"):
                Paragraph(after, self.content_marker._parent).paragraph_format.keep_with_next = True
        body = self.doc.element.body
        if self.annex_marker is not None and self.annex_before is not None:
            first = self.annex_before.getnext()
            if first is not None and first is not self.annex_marker._p and first.tag == qn("w:p"):
                _bookmark(first, ANNEX_BOOKMARK)
        old = body.sectPr
        if self.breaks:
            new = self._sect(self.landscape, first=False)
            old.addprevious(new)
            body.remove(old)
        for marker in (self.content_marker, self.annex_marker):
            if marker is not None and marker._p.getparent() is not None:
                marker._p.getparent().remove(marker._p)


def _bookmark(p: Any, name: str) -> None:
    """An empty bookmark ``name`` at the start of paragraph ``p`` (ids unique in the document)."""
    body = p.getroottree().getroot()
    ids = [int(b.get(qn("w:id"), "0")) for b in body.iter(qn("w:bookmarkStart"))]
    bid = str(max([0, *ids]) + 1)
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), bid)
    ppr = p.find(qn("w:pPr"))
    at = 0 if ppr is None else list(p).index(ppr) + 1
    p.insert(at, start)
    p.insert(at + 1, end)


def back_matter_anchor(doc: DocumentObject) -> Any:
    """The body element after which text for the specialist that is not part of the signed report goes (the
    units' text under headings the outline lacks): the end of the report's own (portrait) section, just before
    the Phụ lục when the draft has one (the ``ANNEX_BOOKMARK`` paragraph: its section break, when the Phụ lục is
    landscape), else the end of the document. Deleting that text then leaves the Phụ lục and its section intact."""
    body = doc.element.body
    for start in body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) == ANNEX_BOOKMARK:
            p = start.getparent()
            if p.getparent() is body and p.getprevious() is not None:
                return p.getprevious()
    return body.sectPr.getprevious() if body.sectPr is not None else body[-1]


def build_docx(
    base: Path,
    blocks: list[Block],
    *,
    fields: dict[str, Any],
    env: SandboxedEnvironment,
    tables: dict[str, TableSpec],
    charts: dict[str, ChartSpec],
    properties: Callable[[DocumentObject], None],
) -> bytes:
    """The finished document as bytes (zip entries with fixed timestamps: same input, same bytes)."""
    try:
        doc = Document(str(base))
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        raise CchcError(
            f"không mở được tệp mẫu Word {base.name}: không phải tệp Word .docx, hoặc tệp đã hỏng."
        ) from exc
    marker, annex = fill_fields(doc, env, fields, base.name)
    layout = Layout(doc, marker, tables, charts, annex)
    for block in placeholders_first(blocks):
        layout.add(block)
    layout.finish()
    properties(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps, so identical content gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()

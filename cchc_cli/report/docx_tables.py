"""A TableSpec as WordprocessingML: fixed column widths, header row repeated on each page, rows kept whole.

A parent row is kept on the page of its first sub-row (``keep_next``: Word's "keep with next" on the row's
paragraphs); a free-text cell spans the period columns (``Cell.span``) instead of pouring one word per line.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from cchc_cli.report.tables import Cell, TableSpec

_JC = {"left": "left", "center": "center", "right": "right"}


def _run(text: str, *, bold: bool, italic: bool, highlight: bool) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += '<w:highlight w:val="yellow"/>' if highlight else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = text.split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def _cell(cell: Cell, width: int, style: str, *, keep_next: bool = False) -> str:
    runs = _run(cell.text, bold=cell.bold, italic=cell.italic, highlight=cell.highlight) if cell.text else ""
    span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
    keep = "<w:keepNext/>" if keep_next else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}<w:jc w:val="{_JC[cell.align]}"/></w:pPr>{runs}</w:p></w:tc>'
    )


def _row(cells: list[str], *, header: bool) -> str:
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def _body_row(row: list[Cell], widths: list[int], style: str, *, keep_next: bool) -> str:
    """A row; a cell spanning n columns takes the width of the n columns it covers."""
    cells, col = [], 0
    for cell in row:
        width = sum(widths[col : col + cell.span])
        cells.append(_cell(cell, width, style, keep_next=keep_next))
        col += cell.span
    return _row(cells, header=False)


_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def table_element(
    spec: TableSpec, width_twips: int, *, table_style: str | None, text_style: str, head_style: str
) -> etree._Element:
    """A ``w:tbl`` filling ``width_twips``, columns in the proportions of ``spec.widths``.

    Borders come from ``table_style`` (Word's "Table Grid" in the base document) so they can be restyled in
    Word; without that style they are written on the table.
    """
    total = sum(spec.widths)
    widths = [int(width_twips * w / total) for w in spec.widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = _row(
        [_cell(Cell(h, bold=True), w, head_style) for h, w in zip(spec.header, widths, strict=True)], header=True
    )
    body = "".join(_body_row(row, widths, text_style, keep_next=n in spec.keep_next) for n, row in enumerate(spec.rows))
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        + (f'<w:tblStyle w:val="{table_style}"/>' if table_style else "")
        + f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        + ("" if table_style else _BORDERS)
        + '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{head}{body}</w:tbl>"
    )
    return parse_xml(xml)

"""Render a WorkbookLayout as an .xlsx with XlsxWriter: styles, validation, protection, print setup.

Byte-identical output for the same layout: document times are fixed to the plan's date.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cchc_cli.kinds import SPECS
from cchc_cli.schema import words
from cchc_cli.schema.model import Schema
from cchc_cli.workbook.layout import FINGERPRINT_SHEET, Cell, SheetLayout, WorkbookLayout

FONT = "Times New Roman"
FINGERPRINT_NOTE = "Trang nhận diện biểu mẫu do cchc tạo – không sửa, không xóa."
INPUT_FILL = "#FFF2CC"
FORMULA_FILL = "#DDEBF7"
HEADER_FILL = "#D9E1F2"
CONTEXT_FILL = "#F2F2F2"

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 12, "valign": "vcenter", "text_wrap": True}
_BOX: dict[str, Any] = {"border": 1, "border_color": "#808080"}

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "align": "center", "font_size": 13},
    "subtitle": {"italic": True, "align": "center"},
    "subtitle_bold": {"bold": True, "align": "center"},
    "unit": {"bold": True, "font_size": 13, "font_color": "#1F4E79"},
    "section": {"bold": True, "align": "left"},
    "table": {"bold": True, "italic": True},
    "header": {**_BOX, "bold": True, "align": "center", "bg_color": HEADER_FILL},
    "stt": {**_BOX, "align": "center"},
    "plain": {**_BOX},
    "text0": {**_BOX, "bold": True},
    "text0h": {**_BOX, "bold": True},
    "text1": {**_BOX, "indent": 1},
    "text1h": {**_BOX, "indent": 1, "italic": True},
    "text2": {**_BOX, "indent": 2},
    "text2h": {**_BOX, "indent": 2, "italic": True},
    "uom": {**_BOX, "align": "center"},
    "context": {**_BOX, "bg_color": CONTEXT_FILL},
    "formula": {**_BOX, "bg_color": FORMULA_FILL, "italic": True, "align": "right", "num_format": "0.00"},
    "note": {**_BOX, "locked": False, "bg_color": INPUT_FILL},
    **{
        f"in_{kind.name}": {**_BOX, "locked": False, "bg_color": INPUT_FILL, **kind.cell_format}
        for kind in SPECS.values()
    },
    "in_contact": {**_BOX, "locked": False, "bg_color": INPUT_FILL},
    "guide_heading": {"bold": True, "font_color": "#1F4E79"},
    "guide_key": {"bold": True, "valign": "top"},
    "guide_value": {"valign": "top"},
    "guide_value_bold": {"valign": "top", "bold": True, "font_size": 13},
    "guide_num": {"align": "right", "valign": "top"},
    "guide_step": {"valign": "top"},
}

_TEXT_TYPES: dict[str, Any] = {"validate": "length", "criteria": "<=", "value": 1000}

# Excel limits: titles 32 characters, messages 255. Value kinds' prompts are their specs' (cchc_cli.kinds).
VALIDATION: dict[str, dict[str, Any]] = {
    **{name: kind.validation for name, kind in SPECS.items()},
    "note": {
        **_TEXT_TYPES,
        "input_title": "Ghi chú",
        "input_message": "Ghi lý do nếu để trống ô số liệu của dòng này, hoặc giải thích số liệu bất thường.",
        "error_title": "Quá dài",
        "error_message": "Ghi chú không quá 1000 ký tự.",
    },
    "contact": {
        "validate": "length",
        "criteria": "<=",
        "value": 200,
        "input_title": "Thông tin người lập biểu",
        "input_message": "Điền để {collector} liên hệ khi cần làm rõ số liệu.",
        "error_title": "Quá dài",
        "error_message": "Không quá 200 ký tự.",
    },
}

PROTECTION = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def _runs(cells: list[Cell]) -> Iterator[tuple[int, int, int, str]]:
    """Group cells needing the same validation into horizontal runs: (row, first_col, last_col, kind)."""
    keyed = sorted(cells, key=lambda c: (c.row, c.col))
    start: Cell | None = None
    prev: Cell | None = None
    for cell in [*keyed, None]:
        kind = _validation_kind(cell) if cell else None
        if (
            start is not None
            and prev is not None
            and (cell is None or cell.row != prev.row or cell.col != prev.col + 1 or kind != _validation_kind(start))
        ):
            yield start.row, start.col, prev.col, _validation_kind(start)
            start = None
        if cell is not None and start is None:
            start = cell
        prev = cell


def _validation_kind(cell: Cell) -> str:
    if cell.role == "note":
        return "note"
    if cell.role == "contact":
        return "contact"
    return cell.kind or "text"


class _Writer:
    def __init__(self, wb: Workbook, schema: Schema) -> None:
        self.wb = wb
        self.schema = schema
        self.formats = {name: wb.add_format({**_BASE, **spec}) for name, spec in STYLES.items()}
        self.collector = words.collector_name(schema)

    def _validation(self, kind: str, cell: Cell) -> dict[str, Any]:
        """The data validation of a run of cells, its messages worded with the campaign's own words."""
        spec = dict(VALIDATION[kind])
        if kind == "money":
            ind = self.schema.indicator_by_id.get(cell.indicator or "")
            unit = words.money_unit(ind) if ind else ""
            spec["input_message"] = spec["input_message"].format(money=f" ({unit})" if unit else "")
        elif kind == "contact":
            spec["input_message"] = spec["input_message"].format(collector=self.collector)
        return spec

    def sheet(self, layout: SheetLayout, unit_name: str, heights: dict[int, float] | None = None) -> None:
        ws: Worksheet = self.wb.add_worksheet(layout.name)
        for col, width in enumerate(layout.col_widths):
            ws.set_column(col, col, width)
        merged = {(r, c) for r, c, _, _ in layout.merges}
        for first_row, first_col, last_row, last_col in layout.merges:
            cell = next(c for c in layout.cells if c.row == first_row and c.col == first_col)
            ws.merge_range(first_row, first_col, last_row, last_col, cell.text, self.formats[cell.style])
        for cell in layout.cells:
            if (cell.row, cell.col) in merged:
                continue
            fmt = self.formats[cell.style] if cell.style else None
            if cell.role == "formula" and cell.formula:
                ws.write_formula(cell.row, cell.col, cell.formula, fmt, "")
            elif cell.text:
                ws.write_string(cell.row, cell.col, cell.text, fmt)
            else:
                ws.write_blank(cell.row, cell.col, None, fmt)
        for row, height in (_row_heights(layout) if heights is None else heights).items():
            ws.set_row(row, height)
        inputs = [c for c in layout.cells if c.role in ("input", "note", "contact")]
        at = {(c.row, c.col): c for c in inputs}
        for row, first_col, last_col, kind in _runs(inputs):
            spec = self._validation(kind, at[(row, first_col)])
            ws.data_validation(row, first_col, row, last_col, {**spec, "ignore_blank": True})
        ws.protect("", PROTECTION)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.4, top=0.75, bottom=0.6)
        ws.center_horizontally()
        ws.set_header(header_text(unit_name, layout.name))
        ws.set_footer(f'&C&"{FONT}"&9Trang &P/&N')
        if layout.repeat_rows:
            ws.repeat_rows(*layout.repeat_rows)
        if layout.freeze:
            ws.freeze_panes(*layout.freeze)

    def fingerprint(self, layout: WorkbookLayout) -> None:
        ws = self.wb.add_worksheet(FINGERPRINT_SHEET)
        ws.write_string(0, 0, FINGERPRINT_NOTE)
        for row, (key, value) in enumerate(layout.fingerprint().items(), start=2):
            ws.write_string(row, 0, key)
            ws.write_string(row, 1, value)
        ws.set_column(0, 1, 30)
        ws.protect("", PROTECTION)
        ws.very_hidden()


LINE_POINTS = 16.0
CHARS_PER_WIDTH = 1.2  # Times New Roman 12 pt characters per unit of Excel column width (measured by eye)


def estimate_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (Times New Roman 11–12 pt)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _row_heights(layout: SheetLayout) -> dict[int, float]:
    """Row heights that show wrapped text whole: neither Excel nor LibreOffice grows rows on opening."""
    merged_width = {
        (r, c): sum(layout.col_widths[c : lc + 1]) for r, c, _, lc in layout.merges if lc < len(layout.col_widths)
    }
    heights: dict[int, float] = {}
    for cell in layout.cells:
        if not cell.text:
            continue
        width = merged_width.get((cell.row, cell.col)) or (
            layout.col_widths[cell.col] if cell.col < len(layout.col_widths) else 10
        )
        lines = estimate_lines(cell.text, width)
        if lines > 1:
            heights[cell.row] = max(heights.get(cell.row, 0), lines * LINE_POINTS + 3)
    return heights


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def header_text(unit_name: str, sheet_name: str) -> str:
    """The page header: the unit's name on the left, the sheet's on the right (Times New Roman 9 pt italic)."""
    # A space after the size code: "&9" followed by "1. …" would read as size 91.
    return f'&L&"{FONT},Italic"&9 {_escape(unit_name)}&R&"{FONT},Italic"&9 {_escape(sheet_name)}'


def template_time(schema: Schema) -> dt.datetime:
    """The fixed document time of every template (keeps output byte-identical; UTC, as written)."""
    return dt.datetime.combine(schema.campaign.plan_date, dt.time(8, 0), tzinfo=dt.UTC)


def row_heights(layout: WorkbookLayout) -> tuple[tuple[tuple[int, float], ...], ...]:
    """The row heights of every sheet, as written (see _row_heights)."""
    return tuple(tuple(sorted(_row_heights(sheet).items())) for sheet in layout.sheets)


def render_workbook(layout: WorkbookLayout, schema: Schema, *, heights_from: WorkbookLayout | None = None) -> bytes:
    """The .xlsx bytes for a unit's layout (deterministic).

    ``heights_from``: a layout whose row heights to use instead of this one's (a stand-in layout rendered once
    for many units takes the heights of the unit it stands in for; see workbook/stamp.py).
    """
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    fixed = template_time(schema).replace(tzinfo=None)
    wb.set_properties(
        {
            "title": f"{schema.campaign.annex} – {layout.unit.name}",
            "subject": schema.campaign.annex_title,
            "author": schema.campaign.issuing_body,
            "company": schema.campaign.issuing_body,
            "keywords": f"cchc, {schema.meta.id}, {layout.unit.code}",
            "comments": f"Biểu mẫu theo Kế hoạch số {schema.campaign.plan_number}",
            "created": fixed,
        }
    )
    for key, value in layout.fingerprint().items():
        wb.set_custom_property(f"cchc_{key}", value)
    writer = _Writer(wb, schema)
    given = row_heights(heights_from) if heights_from is not None else None
    for k, sheet in enumerate(layout.sheets):
        writer.sheet(sheet, layout.unit.name, dict(given[k]) if given is not None else None)
    writer.fingerprint(layout)
    wb.close()
    return buf.getvalue()

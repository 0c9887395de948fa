"""Fill a generated template the way a clerk would: by reading row labels and column headers.

Nothing here uses the product's layout: a person sees labels ("Năm 2016", "Số lượng PAKN đã tiếp
nhận trong năm", "Giai đoạn 2011–2020 …") and types into the yellow, unlocked cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FIRST_CELLS = {"STT", "Giai đoạn"}

#: The Excel data-validation type a person meets in each kind of input cell.
VALIDATION_TYPE = {
    "count": "whole",
    "percent": "decimal",
    "money": "decimal",
    "flag": "list",
    "grade": "list",
    "text": "textLength",
}


@dataclass(frozen=True)
class Slot:
    """One input cell as a person sees it."""

    sheet: str
    ref: str
    row_label: str  # the indicator text (years/assessment sheets) or the period label (periods-as-rows)
    col_label: str  # the period label (years sheets) or the indicator text (periods-as-rows)
    uom: str  # Đơn vị tính column, when the sheet has one
    heading: str = ""  # the nearest row above with nothing to type (e.g. "Tổng số biên chế viên chức")


def _header_rows(ws: Worksheet) -> list[int]:
    return [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.strip() in HEADER_FIRST_CELLS]


def input_slots(path: Path) -> list[Slot]:
    """Every unlocked value cell of every section sheet (not Ghi chú, not the guide)."""
    wb = openpyxl.load_workbook(path)
    slots: list[Slot] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.title == "Hướng dẫn":
            continue
        headers = _header_rows(ws)
        for k, hrow in enumerate(headers):
            end = headers[k + 1] if k + 1 < len(headers) else ws.max_row + 1
            head = {c.column: str(c.value) for c in ws[hrow] if c.value is not None}
            by_rows = head.get(1) == "STT"
            label_col = 2 if by_rows else 1
            heading = ""
            for r in range(hrow + 1, end):
                label = ws.cell(r, label_col).value
                if label is None:
                    continue
                uom = ws.cell(r, 3).value if by_rows and head.get(3) == "Đơn vị tính" else ""
                row_label = str(label).split("\n")[0]
                found = False
                for col, title in head.items():
                    cell = ws.cell(r, col)
                    if col == label_col or title.startswith("Ghi chú") or cell.protection.locked:
                        continue
                    found = True
                    slots.append(Slot(ws.title, cell.coordinate, row_label, title, str(uom or ""), heading))
                if not found:
                    heading = row_label
    return slots


def fill(path: Path, out: Path, value: Callable[[Slot], object]) -> dict[tuple[str, str], object]:
    """Type ``value(slot)`` into each input cell (None leaves it blank); save as ``out``.

    Returns what was typed, keyed by (sheet, cell).
    """
    slots = input_slots(path)
    wb = openpyxl.load_workbook(path)
    typed: dict[tuple[str, str], object] = {}
    for slot in slots:
        v = value(slot)
        if v is None:
            continue
        wb[slot.sheet][slot.ref] = v
        typed[(slot.sheet, slot.ref)] = v
    wb.save(out)
    return typed


def indicator_of(schema, slot: Slot) -> str:  # type: ignore[no-untyped-def]
    """What a person reads (sheet, row and column labels, heading above) mapped to an indicator id."""
    section = next(s for s in schema.sections if s.sheet == slot.sheet)
    candidates = [i for i in schema.indicators if i.section == section.id]
    if section.shape == "periods_as_rows":
        (ind,) = [i for i in candidates if i.text == slot.col_label]
        return ind.id
    matches = [i for i in candidates if i.text == slot.row_label]
    if len(matches) > 1:
        by_id = schema.indicator_by_id
        matches = [i for i in matches if i.parent and by_id[i.parent].text == slot.heading]
    (ind,) = matches
    return ind.id


def period_of(schema, slot: Slot) -> str:  # type: ignore[no-untyped-def]
    """The period a person reads from the column header (or the row label on periods-as-rows sheets)."""
    section = next(s for s in schema.sections if s.sheet == slot.sheet)
    label = slot.row_label if section.shape == "periods_as_rows" else slot.col_label
    periods = schema.section_periods(section)
    if section.shape == "assessment":
        return periods[0].id
    (period,) = [p for p in periods if p.label == label]
    return period.id


def edit(src: Path, out: Path, change: Callable[[openpyxl.Workbook], object]) -> Path:
    """``src`` opened as a clerk would, changed by ``change(workbook)``, saved as ``out``; returns ``out``."""
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out

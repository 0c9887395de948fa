"""Shape ``years``: one row per indicator, one column per period (Năm 2015 … Năm 2020, Quý I … Quý IV).

Template: STT · the text header (Chỉ tiêu) · Đơn vị tính · a column per period · Ghi chú; a unit types its own
rows, a derived rate is a formula, a heading or another unit's row is grey context. The master's Tổng hợp
section and the Word table follow the same columns (the Word table adds Đơn vị báo cáo; free text spans the
period columns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.schema.model import Indicator, Schema, Section, Unit, ValueKind
from cchc_cli.shapes.base import Shape, one_table, row_note
from cchc_cli.workbook.layout import Cell, SheetLayout, depth, section_head

if TYPE_CHECKING:
    from cchc_cli.merge.model import MasterData
    from cchc_cli.merge.workbook import SummarySheet
    from cchc_cli.report.table_cells import TableSpec

FIRST_VALUE_COL = 3  # after STT, the text and Đơn vị tính


def sheet(schema: Schema, unit: Unit, section: Section, rows: list[Indicator], own: set[str]) -> SheetLayout:
    """The template sheet: a header row, then one row per indicator of ``rows`` (0-based cells; widths in
    Excel character units)."""
    periods = schema.section_periods(section)
    first_val, note_col = FIRST_VALUE_COL, FIRST_VALUE_COL + len(periods)
    out = SheetLayout(section.sheet, "section", section.id)
    r = section_head(out, schema, unit, section, note_col)
    headers = ["STT", section.text_header, "Đơn vị tính", *(p.label for p in periods), "Ghi chú"]
    for col, text in enumerate(headers):
        out.add(Cell(r, col, "header", text=text, style="header"))
    out.repeat_rows = (r, r)
    out.freeze = (r + 1, 2)
    out.col_widths = [6, 58, 12, *([13] * len(periods)), 32]
    row_of = {ind.id: r + 1 + k for k, ind in enumerate(rows)}
    for ind in rows:
        row = row_of[ind.id]
        level = depth(schema, ind)
        is_value_row = ind.id in own or ind.derive is not None
        out.add(Cell(row, 0, "label", text=ind.stt, style="stt"))
        out.add(Cell(row, 1, "label", text=ind.text, style=f"text{min(level, 2)}" + ("" if is_value_row else "h")))
        out.add(Cell(row, 2, "label", text=ind.uom if is_value_row else "", style="uom"))
        for k, per in enumerate(periods):
            col = first_val + k
            if ind.id in own:
                out.add(
                    Cell(
                        row,
                        col,
                        "input",
                        style=f"in_{ind.kind.value}",
                        indicator=ind.id,
                        period=per.id,
                        kind=ind.kind.value,
                    )
                )
            elif ind.derive is not None:
                num = xl_rowcol_to_cell(row_of[ind.derive.ratio.numerator], col)
                den = xl_rowcol_to_cell(row_of[ind.derive.ratio.denominator], col)
                formula = f'=IF(AND(ISNUMBER({den}),{den}>0,ISNUMBER({num})),ROUND({num}/{den}*100,2),"")'
                out.add(
                    Cell(
                        row,
                        col,
                        "formula",
                        style="formula",
                        indicator=ind.id,
                        period=per.id,
                        kind=ind.kind.value,
                        formula=formula,
                    )
                )
            else:
                out.add(Cell(row, col, "label", style="context"))
        if is_value_row:
            out.add(Cell(row, note_col, "note", style="note", key=row_note(ind, periods[0].id)))
        else:
            out.add(Cell(row, note_col, "label", style="context"))
    return out


def master_width(section: Section) -> int:
    """One Tổng hợp column per period."""
    return len(section.periods)


def write_master(out: SummarySheet, section: Section, row: int) -> int:
    """The section in the master's Tổng hợp sheet: the template's columns, district figures, notes on the
    incomplete or disputed ones; returns the 0-based row after it."""
    ws, f, master = out.ws, out.f, out.master
    periods = master.schema.section_periods(section)
    out.header(row, ["STT", section.text_header, "Đơn vị tính", *(p.label for p in periods), "Ghi chú"])
    ws.set_row(row, 32)
    row += 1
    for ind in out.rows(section):
        ws.write_string(row, 0, ind.stt, f["center"])
        ws.write_string(row, 1, ind.text, f["bold"] if not ind.parent else f["text"])
        out.fit(row, ind.text, out.text_width)
        ws.write_string(row, 2, ind.uom, f["center"])
        notes = []
        for k, per in enumerate(periods):
            if ind.kind.value == "heading":
                ws.write_blank(row, 3 + k, None, f["text"])
            else:
                note = out.district_cell(row, 3 + k, ind, per.id)
                if note:
                    notes.append(note)
        if ind.kind.value == "text":
            longest = max((str(master.value(ind.id, p.id).value or "") for p in periods), key=len)
            out.fit(row, longest, out.period_width, minimum=ind.text)
        ws.write_string(row, 3 + len(periods), "\n".join(notes), f["text"])
        if notes:
            out.fit(row, "\n".join(notes), out.note_width, minimum=ind.text)
        row += 1
    return row


def word_table(master: MasterData, section: Section, key: str) -> TableSpec:
    """The Word table: STT · text · Đơn vị báo cáo · Đơn vị tính · a column per period; a parent row kept
    with its first sub-row, free text over the period columns (widths relative)."""
    # Here, not at the top: the report package loads python-docx and Jinja, which templates do not need.
    from cchc_cli.report.table_cells import Cell as WordCell
    from cchc_cli.report.table_cells import TableSpec, gap_notes, reporters, text_cell, value_cell

    schema = master.schema
    periods = schema.section_periods(section)
    header = ["STT", section.text_header, "Đơn vị báo cáo", "Đơn vị tính", *(p.label for p in periods)]
    widths = [5.0, 36.0, 15.0, 9.0, *([9.0] * len(periods))]
    rows: list[list[WordCell]] = []
    gaps: dict[str, None] = {}
    for ind in (i for i in schema.indicators if i.section == section.id):
        top = ind.parent is None
        head = [
            WordCell(ind.stt, bold=top),
            WordCell(ind.text, bold=top, align="left", italic=ind.stt == "+"),
            WordCell(reporters(schema, ind)),
            WordCell("Có/Không" if ind.kind is ValueKind.FLAG else ind.uom),
        ]
        if ind.kind is ValueKind.HEADING:
            rows.append(head + [WordCell("") for _ in periods])
        elif ind.kind is ValueKind.TEXT:
            rows.append([*head, text_cell(master, ind, periods, len(periods))])
        else:
            rows.append(head + [value_cell(master, ind, p.id, gaps) for p in periods])
    inds = [i for i in schema.indicators if i.section == section.id]
    keep = {n for n, ind in enumerate(inds) if n + 1 < len(inds) and inds[n + 1].parent == ind.id}
    return TableSpec(section.id, header, widths, rows, gap_notes(gaps), keep)


SHAPE = Shape(
    word="years",
    name="kỳ theo cột",
    tables=False,
    goals=False,
    key_col=1,  # the text column (Chỉ tiêu)
    note_key=row_note,
    sheet=sheet,
    master_width=master_width,
    write_master=write_master,
    table_keys=one_table,
    word_table=word_table,
)

"""Shape ``assessment``: the self-assessment of the plan's goals (Phụ lục 2, phần 8), one grade per goal.

One period; a row per goal: STT · the goal (Các mục tiêu cải cách, its note in brackets) · the grade
(Đạt/Không đạt, the ``value_header``) · Ghi chú (căn cứ đánh giá). The master and the Word table name the
lead unit of each goal instead of a unit of measure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_cli.schema.model import Indicator, Schema, Section, Unit, ValueKind
from cchc_cli.shapes.base import Loc, Problem, Shape, one_table, row_note
from cchc_cli.workbook.layout import Cell, SheetLayout, section_head

if TYPE_CHECKING:
    from cchc_cli.merge.model import MasterData
    from cchc_cli.merge.workbook import SummarySheet
    from cchc_cli.report.table_cells import TableSpec

NAME = "tự đánh giá"  # how a schema message names the shape


def sheet(schema: Schema, unit: Unit, section: Section, rows: list[Indicator], own: set[str]) -> SheetLayout:
    """The template sheet: a header row, then a goal per row with one grade input (0-based cells; widths in
    Excel character units)."""
    period = schema.section_periods(section)[0]
    out = SheetLayout(section.sheet, "section", section.id)
    r = section_head(out, schema, unit, section, 3)
    headers = ["STT", section.text_header, section.value_header or period.label, "Ghi chú (căn cứ đánh giá)"]
    for col, text in enumerate(headers):
        out.add(Cell(r, col, "header", text=text, style="header"))
    out.repeat_rows = (r, r)
    out.freeze = (r + 1, 2)
    out.col_widths = [6, 80, 18, 40]
    for ind in rows:
        r += 1
        text = f"{ind.text}\n({ind.note})" if ind.note else ind.text
        out.add(Cell(r, 0, "label", text=ind.stt, style="stt"))
        out.add(Cell(r, 1, "label", text=text, style="plain"))
        out.add(
            Cell(
                r,
                2,
                "input",
                style=f"in_{ind.kind.value}",
                indicator=ind.id,
                period=period.id,
                kind=ind.kind.value,
            )
        )
        out.add(Cell(r, 3, "note", style="note", key=row_note(ind, period.id)))
    return out


def master_width(section: Section) -> int:
    """No period columns beyond the frame: the grade stands in the first one."""
    return 0


def write_master(out: SummarySheet, section: Section, row: int) -> int:
    """The section in the master's Tổng hợp sheet: STT · goal · Đơn vị chủ trì · the grade; returns the
    0-based row after it."""
    ws, f, master = out.ws, out.f, out.master
    schema = master.schema
    per = schema.section_periods(section)[0]
    out.header(row, ["STT", section.text_header, "Đơn vị chủ trì", section.value_header or per.label])
    ws.set_row(row, 32)
    row += 1
    for ind in out.rows(section):
        lead = out.names(schema.reporting_units.get(ind.id, []))
        ws.write_string(row, 0, ind.stt, f["center"])
        ws.write_string(row, 1, ind.text, f["text"])
        ws.write_string(row, 2, lead, f["text"])
        out.fit(row, ind.text, out.text_width)
        out.district_cell(row, 3, ind, per.id)
        row += 1
    return row


def word_table(master: MasterData, section: Section, key: str) -> TableSpec:
    """The Word table: the plan's goal number · goal · Đơn vị chủ trì tự đánh giá · the grade (widths
    relative)."""
    # Here, not at the top: the report package loads python-docx and Jinja, which templates do not need.
    from cchc_cli.report.context import merged_goal_note, unit_names
    from cchc_cli.report.table_cells import Cell as WordCell
    from cchc_cli.report.table_cells import TableSpec, gap_notes, value_cell

    schema = master.schema
    period = section.periods[0]
    header = ["STT", section.text_header, "Đơn vị chủ trì tự đánh giá", section.value_header or "Đánh giá"]
    widths = [5.0, 63.0, 17.0, 15.0]
    rows = []
    gaps: dict[str, None] = {}
    numbers = {t.goal: t.number for t in schema.targets if t.goal and t.number}  # the plan's goal numbers
    merged = {t.goal: merged_goal_note(t.number or "", t.merged) for t in schema.targets if t.goal and t.merged}
    for ind in (i for i in schema.indicators if i.section == section.id):
        lead = ", ".join(unit_names(schema, schema.declared_reporters(ind)))
        if ind.note:
            lead += f" ({ind.note[:1].lower()}{ind.note[1:]})"
        rows.append(
            [
                WordCell(numbers.get(ind.id, ind.stt), footnote=merged.get(ind.id, "")),
                WordCell(ind.text, align="left"),
                WordCell(lead),
                value_cell(master, ind, period, gaps),
            ]
        )
    return TableSpec(section.id, header, widths, rows, gap_notes(gaps))


def problems(schema: Schema, section: Section, at: Loc) -> list[Problem]:
    """A self-assessment has exactly one period."""
    if len(section.periods) == 1:
        return []
    return [((*at, "periods"), f"phần {NAME} chỉ có đúng một kỳ")]


def indicator_problems(section: Section, indicator: Indicator, at: Loc) -> list[Problem]:
    """Every indicator of a self-assessment is a grade."""
    if indicator.kind is ValueKind.GRADE:
        return []
    return [((*at, "kind"), f"phần {NAME} chỉ có chỉ tiêu kiểu grade (Đạt/Không đạt)")]


SHAPE = Shape(
    word="assessment",
    name=NAME,
    tables=False,
    goals=True,
    key_col=1,  # the goal's text
    note_key=row_note,
    sheet=sheet,
    master_width=master_width,
    write_master=write_master,
    table_keys=one_table,
    word_table=word_table,
    problems=problems,
    indicator_problems=indicator_problems,
)

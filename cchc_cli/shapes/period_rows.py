"""Shape ``periods_as_rows``: one row per period, one column per indicator, in one or more tables.

Phụ lục 2, phần 4 (số lượng cơ quan, đơn vị giai đoạn 2001–2010 và 2011–2020): each of the section's
``tables`` (a, b …) has a "Giai đoạn" column, a column per indicator of that table and Ghi chú; a row per
period. The master and the Word draft show each table the same way; the Word draft has one table per
``tables`` entry (keys "s4a", "s4b").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_cli.schema.model import Indicator, Schema, Section, Unit
from cchc_cli.shapes.base import Loc, Problem, Shape
from cchc_cli.workbook.layout import Cell, SheetLayout, section_head

if TYPE_CHECKING:
    from cchc_cli.merge.model import MasterData
    from cchc_cli.merge.workbook import SummarySheet
    from cchc_cli.report.table_cells import TableSpec

NAME = "giai đoạn theo dòng"  # how a schema message names the shape
PERIOD_HEADER = "Giai đoạn"


def sheet(schema: Schema, unit: Unit, section: Section, rows: list[Indicator], own: set[str]) -> SheetLayout:
    """The template sheet: per table with rows, its title, a header row (Giai đoạn, the indicators, Ghi chú)
    and a row of inputs per period (0-based cells; widths in Excel character units)."""
    periods = schema.section_periods(section)
    widest = max(len([i for i in rows if i.table == t.id]) for t in section.tables)
    out = SheetLayout(section.sheet, "section", section.id)
    r = section_head(out, schema, unit, section, widest + 1)
    out.col_widths = [34, *([22] * widest), 30]
    for table in section.tables:
        cols = [i for i in rows if i.table == table.id]
        if not cols:
            continue
        r += 1
        out.title(r, table.title, "table", len(cols) + 1)
        r += 1
        out.add(Cell(r, 0, "header", text=PERIOD_HEADER, style="header"))
        for k, ind in enumerate(cols):
            out.add(Cell(r, 1 + k, "header", text=ind.text, style="header"))
        out.add(Cell(r, len(cols) + 1, "header", text="Ghi chú", style="header"))
        for per in periods:
            r += 1
            out.add(Cell(r, 0, "label", text=per.label, style="plain"))
            for k, ind in enumerate(cols):
                out.add(
                    Cell(
                        r,
                        1 + k,
                        "input",
                        style=f"in_{ind.kind.value}",
                        indicator=ind.id,
                        period=per.id,
                        kind=ind.kind.value,
                    )
                )
            out.add(Cell(r, len(cols) + 1, "note", style="note", key=note_key(cols[0], per.id)))
        r += 1
    return out


def note_key(indicator: Indicator, period: str) -> str:
    """One Ghi chú per period row of a table: "table:period" ("s4a:gd2011_2020")."""
    return f"{indicator.table}:{period}"


def master_width(section: Section) -> int:
    """No period columns: the periods are rows, drawn inside the frame the other shapes set."""
    return 0


def write_master(out: SummarySheet, section: Section, row: int) -> int:
    """Each table in the master's Tổng hợp sheet: its title, a header row, a row per period with the
    district figures; returns the 0-based row after the section."""
    ws, f, master = out.ws, out.f, out.master
    periods = master.schema.section_periods(section)
    inds = out.rows(section)
    for table in section.tables:
        cols = [i for i in inds if i.table == table.id]
        ws.merge_range(row, 0, row, out.last, table.title, f["total"])
        row += 1
        out.header(row, ["", PERIOD_HEADER, *(i.text for i in cols)])
        ws.set_row(row, 45)
        row += 1
        for per in periods:
            ws.write_blank(row, 0, None, f["text"])
            ws.write_string(row, 1, per.label, f["text"])
            for k, ind in enumerate(cols):
                out.district_cell(row, 2 + k, ind, per.id)
            row += 1
    return row


def table_keys(section: Section) -> list[str]:
    """One Word table per entry of the section's ``tables`` ("s4a", "s4b")."""
    return [t.id for t in section.tables]


def word_table(master: MasterData, section: Section, key: str) -> TableSpec:
    """The Word table of ``tables`` entry ``key``: Đơn vị tổng hợp, báo cáo · Giai đoạn · a column per
    indicator (its text and unit of measure); a row per period (widths relative)."""
    # Here, not at the top: the report package loads python-docx and Jinja, which templates do not need.
    from cchc_cli.report.table_cells import Cell as WordCell
    from cchc_cli.report.table_cells import TableSpec, gap_notes, reporters, value_cell

    schema = master.schema
    inds = [i for i in schema.indicators if i.section == section.id and i.table == key]
    names = ", ".join(dict.fromkeys(reporters(schema, i) for i in inds if i.reporters))
    header = ["Đơn vị tổng hợp, báo cáo", PERIOD_HEADER, *(f"{i.text} ({i.uom.lower()})" for i in inds)]
    widths = [16.0, 22.0, *([62.0 / max(1, len(inds))] * len(inds))]
    rows = []
    gaps: dict[str, None] = {}
    for per in schema.section_periods(section):
        rows.append(
            [WordCell(names), WordCell(per.label, align="left"), *(value_cell(master, i, per.id, gaps) for i in inds)]
        )
    return TableSpec(key, header, widths, rows, gap_notes(gaps))


def problems(schema: Schema, section: Section, at: Loc) -> list[Problem]:
    """A section of this shape needs at least one table."""
    if section.tables:
        return []
    return [((*at, "tables"), f"phần dạng {NAME} cần ít nhất một bảng")]


def indicator_problems(section: Section, indicator: Indicator, at: Loc) -> list[Problem]:
    """Each indicator of the section names one of its tables."""
    table_ids = {t.id for t in section.tables}
    if indicator.table in table_ids:
        return []
    return [((*at, "table"), f"chỉ tiêu phần «{section.id}» phải thuộc một bảng: {sorted(table_ids)}")]


SHAPE = Shape(
    word="periods_as_rows",
    name=NAME,
    tables=True,
    goals=False,
    key_col=0,  # the Giai đoạn column
    note_key=note_key,
    sheet=sheet,
    master_width=master_width,
    write_master=write_master,
    table_keys=table_keys,
    word_table=word_table,
    problems=problems,
    indicator_problems=indicator_problems,
)

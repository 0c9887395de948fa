"""What a Word table is made of (``TableSpec`` of ``Cell``s) and how a district figure reads in one.

The section shapes (cchc_cli.shapes) and the report's own tables (report/tables.py) build tables from these;
docx_tables.py lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_cli.merge.model import MasterData
from cchc_cli.report.figures import fmt_value
from cchc_cli.schema.model import Indicator, Period, Schema

MISSING_CELL = "thiếu"
INCOMPLETE_MARK = " (*)"


@dataclass
class Cell:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left | center | right
    highlight: bool = False
    span: int = 1  # columns this cell covers (free text over all period columns)
    footnote: str = ""  # a Word footnote after the cell's text (footnotes.py)


@dataclass
class TableSpec:
    key: str
    header: list[str]
    widths: list[float]  # relative column widths
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)  # shown under the table (highlighted)
    keep_next: set[int] = field(default_factory=set)  # rows kept on the page of the next row (parent → child)


def value_cell(master: MasterData, ind: Indicator, period: str, gaps: dict[str, None]) -> Cell:
    """One district figure of ``ind`` in ``period`` as a table cell: «thiếu» when there is none, «(*)» after
    an incomplete one; the names of the units missing go into ``gaps`` (for :func:`gap_notes`)."""
    from cchc_cli.report.context import effective_completeness, unit_names

    dv = master.value(ind.id, period)
    complete, missing = effective_completeness(master.schema, ind, dv, master, period)
    if dv.value is None or dv.value == "":
        if missing:
            gaps.update(dict.fromkeys(unit_names(master.schema, missing)))
        return Cell(MISSING_CELL, italic=True, highlight=True)
    kind = ind.kind.value
    text = fmt_value(dv.value, kind)
    if kind == "percent":
        text = text.removesuffix("%")  # the unit column says %
    if kind == "flag":
        text = text.capitalize()
    if not complete:
        gaps.update(dict.fromkeys(unit_names(master.schema, missing)))
        return Cell(text + INCOMPLETE_MARK, highlight=True)
    align = "left" if kind == "text" else "center"
    return Cell(text, align=align)


def gap_notes(gaps: dict[str, None]) -> list[str]:
    """The note under a table naming the units whose figures are missing (none when nothing is)."""
    if not gaps:
        return []
    names = ", ".join(gaps)
    return [
        f"«{MISSING_CELL}»: chưa có số liệu; (*): số liệu chưa đầy đủ. Thiếu số liệu của: {names}.",
    ]


def reporters(schema: Schema, ind: Indicator) -> str:
    """The names of the units or groups an indicator declares as its reporters ("" when it declares none)."""
    from cchc_cli.report.context import unit_names

    return ", ".join(unit_names(schema, ind.reporters)) if ind.reporters else ""


def text_cell(master: MasterData, ind: Indicator, periods: list[Period], span: int) -> Cell:
    """Free text over all the period columns, one line per period that has some ("Năm 2016: …")."""
    lines = []
    for per in periods:
        value = master.value(ind.id, per.id).value
        if value is not None and str(value).strip():
            lines.append(f"{per.label}: {' '.join(str(value).split())}")
    return Cell("\n".join(lines) if lines else "Không có", align="left", italic=not lines, span=span)

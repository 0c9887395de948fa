"""The Phụ lục 2 tables of Phần thứ tư, from the master: what each cell says (layout is docx_tables.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_cli.errors import CchcError
from cchc_cli.merge.model import MasterData
from cchc_cli.report.context import unit_names
from cchc_cli.report.figures import fmt_value
from cchc_cli.schema.model import Indicator, Schema, Section, ValueKind

MISSING_CELL = "thiếu"
INCOMPLETE_MARK = " (*)"


@dataclass
class Cell:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left | center | right
    highlight: bool = False


@dataclass
class TableSpec:
    key: str
    header: list[str]
    widths: list[float]  # relative column widths
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)  # shown under the table (highlighted)


def _value_cell(master: MasterData, ind: Indicator, period: str, gaps: dict[str, None]) -> Cell:
    dv = master.value(ind.id, period)
    if dv.value is None or dv.value == "":
        if dv.missing:
            gaps.update(dict.fromkeys(unit_names(master.schema, dv.missing)))
        return Cell(MISSING_CELL, italic=True, highlight=True)
    kind = ind.kind.value
    text = fmt_value(dv.value, kind)
    if kind == "percent":
        text = text.removesuffix("%")  # the unit column says %
    if kind == "flag":
        text = text.capitalize()
    if not dv.complete:
        gaps.update(dict.fromkeys(unit_names(master.schema, dv.missing)))
        return Cell(text + INCOMPLETE_MARK, highlight=True)
    align = "left" if kind == "text" else "center"
    return Cell(text, align=align)


def _gap_notes(gaps: dict[str, None]) -> list[str]:
    if not gaps:
        return []
    names = ", ".join(gaps)
    return [
        f"«{MISSING_CELL}»: chưa có số liệu; (*): số liệu chưa đầy đủ. Thiếu số liệu của: {names}.",
    ]


def _reporters(schema: Schema, ind: Indicator) -> str:
    return ", ".join(unit_names(schema, ind.reporters)) if ind.reporters else ""


def _years_table(master: MasterData, section: Section) -> TableSpec:
    schema = master.schema
    periods = schema.section_periods(section)
    header = ["STT", section.text_header, "Đơn vị báo cáo", "Đơn vị tính", *(p.label for p in periods)]
    widths = [5.0, 36.0, 15.0, 9.0, *([9.0] * len(periods))]
    rows: list[list[Cell]] = []
    gaps: dict[str, None] = {}
    for ind in (i for i in schema.indicators if i.section == section.id):
        top = ind.parent is None
        head = [
            Cell(ind.stt, bold=top),
            Cell(ind.text, bold=top, align="left", italic=ind.stt == "+"),
            Cell(_reporters(schema, ind)),
            Cell("Có/Không" if ind.kind is ValueKind.FLAG else ind.uom),
        ]
        if ind.kind is ValueKind.HEADING:
            rows.append(head + [Cell("") for _ in periods])
        else:
            rows.append(head + [_value_cell(master, ind, p.id, gaps) for p in periods])
    return TableSpec(section.id, header, widths, rows, _gap_notes(gaps))


def _periods_as_rows(master: MasterData, section: Section, table_id: str) -> TableSpec:
    schema = master.schema
    inds = [i for i in schema.indicators if i.section == section.id and i.table == table_id]
    reporters = ", ".join(dict.fromkeys(_reporters(schema, i) for i in inds if i.reporters))
    header = ["Đơn vị tổng hợp, báo cáo", "Giai đoạn", *(f"{i.text} ({i.uom.lower()})" for i in inds)]
    widths = [16.0, 22.0, *([62.0 / max(1, len(inds))] * len(inds))]
    rows = []
    gaps: dict[str, None] = {}
    for per in schema.section_periods(section):
        rows.append(
            [Cell(reporters), Cell(per.label, align="left"), *(_value_cell(master, i, per.id, gaps) for i in inds)]
        )
    return TableSpec(table_id, header, widths, rows, _gap_notes(gaps))


def _assessment_table(master: MasterData, section: Section) -> TableSpec:
    schema = master.schema
    period = section.periods[0]
    header = ["STT", section.text_header, "Đơn vị chủ trì tự đánh giá", section.value_header or "Đánh giá"]
    widths = [5.0, 63.0, 17.0, 15.0]
    rows = []
    gaps: dict[str, None] = {}
    for ind in (i for i in schema.indicators if i.section == section.id):
        lead = ", ".join(unit_names(schema, schema.declared_reporters(ind)))
        if ind.note:
            lead += f" ({ind.note[:1].lower()}{ind.note[1:]})"
        rows.append([Cell(ind.stt), Cell(ind.text, align="left"), Cell(lead), _value_cell(master, ind, period, gaps)])
    return TableSpec(section.id, header, widths, rows, _gap_notes(gaps))


def table_keys(schema: Schema) -> list[str]:
    """Keys ``table()`` accepts: section ids, or the ids of a section's tables when it has several (s4a, s4b)."""
    keys = []
    for s in schema.sections:
        keys += [t.id for t in s.tables] if s.shape == "periods_as_rows" else [s.id]
    return keys


def build_table(master: MasterData, key: str) -> TableSpec:
    """The table for a section id ("s1") or a sub-table id ("s4a"); CchcError when there is none."""
    schema = master.schema
    for s in schema.sections:
        if key == s.id and s.shape == "years":
            return _years_table(master, s)
        if key == s.id and s.shape == "assessment":
            return _assessment_table(master, s)
        if s.shape == "periods_as_rows" and key in {t.id for t in s.tables}:
            return _periods_as_rows(master, s, key)
    known = ", ".join(table_keys(schema))
    raise CchcError(f"không có bảng «{key}» (các bảng có: {known})")

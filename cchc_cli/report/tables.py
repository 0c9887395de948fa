"""The Phụ lục 2 tables of Phần thứ tư, from the master: what each cell says (layout is docx_tables.py).

A section's table is its shape's (cchc_cli.shapes: ``table_keys``, ``word_table``); the results against
targets and the key figures by phase are the report's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cchc_cli.errors import CchcError
from cchc_cli.merge.model import MasterData
from cchc_cli.report.figures import fmt_value
from cchc_cli.report.table_cells import INCOMPLETE_MARK, MISSING_CELL, Cell, TableSpec
from cchc_cli.schema.model import Indicator, Schema, Section
from cchc_cli.shapes import shape_of

__all__ = [
    "INCOMPLETE_MARK",
    "MISSING_CELL",
    "TARGETS_KEY",
    "Cell",
    "TableRef",
    "TableSpec",
    "build_table",
    "goal_sections",
    "phases_table",
    "section_tables",
    "table_keys",
    "targets_table",
]

TARGETS_KEY = "muc_tieu"
REVIEW = "cần xem lại"


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def _point(schema: Schema, ind: Indicator, point: Any) -> str:
    if point is None:
        return MISSING_CELL
    label = schema.period_by_id[point.period].label
    return f"{fmt_value(point.value, ind.kind.value)}\n{label[:1].lower()}{label[1:]}"


def targets_table(master: MasterData) -> TableSpec:
    """ "Kết quả so với mục tiêu": goal → indicator → start / end → per the figures → self-assessment → review."""
    from cchc_cli.report.context import target_results
    from cchc_cli.targets import ACHIEVED, NOT_ACHIEVED

    schema = master.schema
    header = [
        "Mục tiêu",
        "Chỉ tiêu đo (mục tiêu)",
        "Đầu kỳ",
        "Cuối kỳ",
        "Theo số liệu",
        "Tự đánh giá",
        "Đối chiếu",
    ]
    widths = [28.0, 22.0, 11.0, 11.0, 8.0, 9.0, 11.0]
    rows: list[list[Cell]] = []
    keep: set[int] = set()
    for r in target_results(master):
        t = r.target
        goal_text = schema.indicator_by_id[t.goal].text if t.goal else (t.text or t.id)
        number = t.number or (schema.indicator_by_id[t.goal].stt if t.goal else "")
        merged = f" (gộp mục tiêu {', '.join(t.merged)})" if t.merged else ""
        title = (f"{number}. " if number else "") + _short(goal_text) + merged
        if t.source:
            title += f" ({_short(t.source, 80)})"
        grade = r.self_assessment or ("chưa đánh giá" if t.goal else "—")
        review = Cell(REVIEW, bold=True, highlight=True) if r.disagrees else Cell("")
        grade_cell = Cell(grade, italic=r.self_assessment is None, highlight=bool(t.goal) and r.self_assessment is None)
        if not r.measures:
            rows.append(
                [
                    Cell(title, align="left"),
                    Cell("Không có chỉ tiêu đo trong " + schema.campaign.annex, italic=True, align="left"),
                    Cell("—"),
                    Cell("—"),
                    Cell("—"),
                    grade_cell,
                    Cell(""),
                ]
            )
            continue
        for n, m in enumerate(r.measures):
            ind = schema.indicator_by_id[m.measure.indicator]
            verdict = "đạt" if m.met else "chưa đạt" if m.met is False else "chưa đủ số liệu"
            first = n == 0
            if n + 1 < len(r.measures):
                keep.add(len(rows))
            rows.append(
                [
                    Cell(title if first else "", align="left"),
                    Cell(f"{ind.text} ({m.measure.text})", align="left"),
                    Cell(_point(schema, ind, m.start), highlight=m.start is None, italic=m.start is None),
                    Cell(_point(schema, ind, m.end), highlight=m.end is None, italic=m.end is None),
                    Cell(verdict, highlight=m.met is None),
                    grade_cell if first else Cell(""),
                    review if first else Cell(""),
                ]
            )
    notes = [
        "«Theo số liệu»: so sánh số liệu cuối kỳ (kỳ mới nhất có số liệu) với mục tiêu; «"
        + REVIEW
        + f"»: kết quả tự đánh giá ({ACHIEVED}/{NOT_ACHIEVED}) của đơn vị chủ trì khác với số liệu, cần xem lại "
        "trước khi trình ký."
    ]
    return TableSpec(TARGETS_KEY, header, widths, rows, notes, keep)


def row_label(schema: Schema, ind: Indicator) -> str:
    from cchc_cli.report.context import row_label as label

    return label(schema, ind)


def phases_table(
    master: MasterData, series: dict[str, Any], phases: list[tuple[str, list[str]]], indicators: list[str]
) -> TableSpec:
    """Key figures by phase ("Giai đoạn 2011–2015", "Giai đoạn 2016–2020"): a flow summed over the phase's
    periods, a stock or a rate at the phase's last period with data (Series.over). Raises KeyError for an
    unknown indicator or period id (the caller reports it)."""
    schema = master.schema
    header = ["Chỉ tiêu", "Đơn vị tính"]
    header += [name for name, _ in phases]
    header.append("Cách tính")
    widths = [40.0, 12.0, *([20.0] * len(phases)), 18.0]
    rows: list[list[Cell]] = []
    for ind_id in indicators:
        s = series[ind_id]
        ind = schema.indicator_by_id[ind_id]
        cells = [Cell(row_label(schema, ind), align="left"), Cell(ind.uom)]
        for _, periods in phases:
            fig = s.over(periods)
            if not fig.present:
                cells.append(Cell(MISSING_CELL, italic=True, highlight=True))
            else:
                text = fmt_value(fig.value, s.kind).removesuffix("%")  # the unit column says %
                cells.append(Cell(text if fig.complete else text + INCOMPLETE_MARK, highlight=not fig.complete))
        flow = s.temporal == "flow" and s.kind in ("count", "money")
        cells.append(Cell("tổng các kỳ" if flow else "số cuối giai đoạn", italic=True))
        rows.append(cells)
    return TableSpec("giai_doan", header, widths, rows)


@dataclass(frozen=True)
class TableRef:
    """One Word table of a section, for the outline: ``key`` for ``table()``; ``heading``: the sub-table's
    title when the section has several tables (phần 4: a, b), "" when it has one."""

    key: str
    heading: str


def section_tables(section: Section) -> list[TableRef]:
    """The Word tables of a section, in order, as its shape draws them (outline: ``section_tables``)."""
    titles = {t.id: t.title for t in section.tables}
    return [TableRef(key, titles.get(key, "")) for key in shape_of(section).table_keys(section)]


def goal_sections(schema: Schema) -> list[str]:
    """Ids of the sections whose rows are the plan's goals (a self-assessment): the draft reports them with
    the results against targets, not a sentence per indicator (outline: ``goal_sections``)."""
    return [s.id for s in schema.sections if shape_of(s).goals]


def table_keys(schema: Schema) -> list[str]:
    """Keys ``table()`` accepts: section ids, or the ids of a section's tables when it has several (s4a, s4b),
    and ``muc_tieu`` (results against targets) when the schema has targets."""
    keys = []
    for s in schema.sections:
        keys += shape_of(s).table_keys(s)
    if schema.targets:
        keys.append(TARGETS_KEY)
    return keys


def build_table(master: MasterData, key: str) -> TableSpec:
    """The table for a section id ("s1") or a sub-table id ("s4a"); CchcError when there is none."""
    schema = master.schema
    if key == TARGETS_KEY and schema.targets:
        return targets_table(master)
    for s in schema.sections:
        shape = shape_of(s)
        if key in shape.table_keys(s):
            return shape.word_table(master, s, key)
    known = ", ".join(table_keys(schema))
    raise CchcError(f"không có bảng «{key}» (các bảng có: {known})")

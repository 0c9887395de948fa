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
    """ "89,3%" over the period as a chart axis names it ("2020\n(đến 31/3)"): short enough for a narrow column."""
    from cchc_cli.report.charts import x_labels
    from cchc_cli.report.figures import Figure, PeriodView

    if point is None:
        return MISSING_CELL
    period = PeriodView.of(schema.period_by_id[point.period])
    label = x_labels([Figure(ind.id, ind.kind.value, period, point.value)])[0]
    return f"{fmt_value(point.value, ind.kind.value)}\n{label}"


def _verdict(met: bool | None) -> str:
    return "đạt" if met else "chưa đạt" if met is False else "chưa đủ số liệu"


def targets_table(master: MasterData) -> TableSpec:
    """ "Kết quả so với mục tiêu", one group per goal: a goal row (the plan's number and a short label, over
    the indicator and value columns; the verdict per the figures, the lead unit's self-assessment, a highlighted
    "cần xem lại" where they disagree), then one row per measurable part (indicator and target, start and end
    values, its own verdict). The goal's full text is written once, in the self-assessment part of the Phụ lục
    (and III.1); the group is kept on one page."""
    from cchc_cli.report.context import row_label as label_of
    from cchc_cli.report.context import target_results
    from cchc_cli.targets import ACHIEVED, NOT_ACHIEVED

    schema = master.schema
    header = ["Mục tiêu, chỉ tiêu đo", "Đầu kỳ", "Cuối kỳ", "Theo số liệu", "Tự đánh giá", "Đối chiếu"]
    widths = [44.0, 11.0, 11.0, 11.0, 12.0, 11.0]
    rows: list[list[Cell]] = []
    keep: set[int] = set()
    sources: list[str] = []
    for r in target_results(master):
        t = r.target
        goal_text = schema.indicator_by_id[t.goal].text if t.goal else (t.text or t.id)
        number = t.number or (schema.indicator_by_id[t.goal].stt if t.goal else "")
        merged = f" (gộp mục tiêu {', '.join(t.merged)})" if t.merged else ""
        title = (f"Mục tiêu {number}{merged}: " if number else "") + _short(goal_text, 75)
        if t.source:
            sources.append(f"{_short(t.text or goal_text, 60)}: {t.source}")
        grade = r.self_assessment or ("chưa đánh giá" if t.goal else "—")
        if r.measures:
            keep.update(range(len(rows), len(rows) + len(r.measures)))  # the goal row and its measures together
        rows.append(
            [
                Cell(title, bold=True, align="left", span=3),
                Cell(_verdict(r.met) if r.measures else "—", highlight=bool(r.measures) and r.met is None),
                Cell(grade, italic=r.self_assessment is None, highlight=bool(t.goal) and r.self_assessment is None),
                Cell(REVIEW, bold=True, highlight=True) if r.disagrees else Cell(""),
            ]
        )
        for m in r.measures:
            ind = schema.indicator_by_id[m.measure.indicator]
            rows.append(
                [
                    Cell(f"- {label_of(schema, ind)} (mục tiêu: {m.measure.text})", align="left"),
                    Cell(_point(schema, ind, m.start), highlight=m.start is None, italic=m.start is None),
                    Cell(_point(schema, ind, m.end), highlight=m.end is None, italic=m.end is None),
                    Cell(_verdict(m.met), highlight=m.met is None),
                    Cell(""),
                    Cell(""),
                ]
            )
    notes = [
        "«Theo số liệu»: so sánh số liệu cuối kỳ (kỳ mới nhất có số liệu) với mục tiêu; «"
        + REVIEW
        + f"»: kết quả tự đánh giá ({ACHIEVED}/{NOT_ACHIEVED}) của đơn vị chủ trì khác với số liệu, cần xem lại "
        f"trước khi trình ký; «—»: mục tiêu không có chỉ tiêu đo trong {schema.campaign.annex}. Mục tiêu đánh số "
        "theo Kế hoạch; nội dung đầy đủ của từng mục tiêu tại phần tự đánh giá của Phụ lục.",
        *(f"{s}." if not s.endswith(".") else s for s in sources),
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

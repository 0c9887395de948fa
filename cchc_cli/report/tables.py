"""The Phụ lục 2 tables of Phần thứ tư, from the master: what each cell says (layout is docx_tables.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_cli.errors import CchcError
from cchc_cli.merge.model import MasterData
from cchc_cli.report.context import unit_names
from cchc_cli.report.figures import fmt_value
from cchc_cli.schema.model import Indicator, Period, Schema, Section, ValueKind

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


@dataclass
class TableSpec:
    key: str
    header: list[str]
    widths: list[float]  # relative column widths
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)  # shown under the table (highlighted)
    keep_next: set[int] = field(default_factory=set)  # rows kept on the page of the next row (parent → child)


def _value_cell(master: MasterData, ind: Indicator, period: str, gaps: dict[str, None]) -> Cell:
    from cchc_cli.report.context import effective_completeness

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
        elif ind.kind is ValueKind.TEXT:
            rows.append([*head, _text_cell(master, ind, periods, len(periods))])
        else:
            rows.append(head + [_value_cell(master, ind, p.id, gaps) for p in periods])
    inds = [i for i in schema.indicators if i.section == section.id]
    keep = {n for n, ind in enumerate(inds) if n + 1 < len(inds) and inds[n + 1].parent == ind.id}
    return TableSpec(section.id, header, widths, rows, _gap_notes(gaps), keep)


def _text_cell(master: MasterData, ind: Indicator, periods: list[Period], span: int) -> Cell:
    """Free text over all the period columns, one line per period that has some ("Năm 2016: …")."""
    lines = []
    for per in periods:
        value = master.value(ind.id, per.id).value
        if value is not None and str(value).strip():
            lines.append(f"{per.label}: {' '.join(str(value).split())}")
    return Cell("\n".join(lines) if lines else "Không có", align="left", italic=not lines, span=span)


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
    numbers = {t.goal: t.number for t in schema.targets if t.goal and t.number}  # the plan's goal numbers
    for ind in (i for i in schema.indicators if i.section == section.id):
        lead = ", ".join(unit_names(schema, schema.declared_reporters(ind)))
        if ind.note:
            lead += f" ({ind.note[:1].lower()}{ind.note[1:]})"
        rows.append(
            [
                Cell(numbers.get(ind.id, ind.stt)),
                Cell(ind.text, align="left"),
                Cell(lead),
                _value_cell(master, ind, period, gaps),
            ]
        )
    return TableSpec(section.id, header, widths, rows, _gap_notes(gaps))


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


def table_keys(schema: Schema) -> list[str]:
    """Keys ``table()`` accepts: section ids, or the ids of a section's tables when it has several (s4a, s4b),
    and ``muc_tieu`` (results against targets) when the schema has targets."""
    keys = []
    for s in schema.sections:
        keys += [t.id for t in s.tables] if s.shape == "periods_as_rows" else [s.id]
    if schema.targets:
        keys.append(TARGETS_KEY)
    return keys


def build_table(master: MasterData, key: str) -> TableSpec:
    """The table for a section id ("s1") or a sub-table id ("s4a"); CchcError when there is none."""
    schema = master.schema
    if key == TARGETS_KEY and schema.targets:
        return targets_table(master)
    for s in schema.sections:
        if key == s.id and s.shape == "years":
            return _years_table(master, s)
        if key == s.id and s.shape == "assessment":
            return _assessment_table(master, s)
        if s.shape == "periods_as_rows" and key in {t.id for t in s.tables}:
            return _periods_as_rows(master, s, key)
    known = ", ".join(table_keys(schema))
    raise CchcError(f"không có bảng «{key}» (các bảng có: {known})")

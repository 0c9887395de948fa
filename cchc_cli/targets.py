"""Results against targets: each measurable target of the schema (``targets:``) compared with the figures.

One implementation, used by the Word draft ("Kết quả so với mục tiêu"), by `cchc validate` (check
validation/checks/self_assessment.py: inside the lead unit's own return, code ``tu-danh-gia-khac-so-lieu``) and by
`cchc merge` (check validation/checks/self_assessment_district.py: on the district figures, code
``tu-danh-gia-khac-tong-hop``): when a lead unit rates a goal "Đạt" while the figures say the target is not
reached (or "Không đạt" while they say it is), a finding is reported for that unit.

Source of the rule: Kế hoạch 283/KH-UBND, mục I.2 ("tập trung làm rõ kết quả so với mục tiêu") and Phụ lục 2
phần 8 (self-assessment of each goal by its lead unit).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cchc_cli.schema.model import Measure, Schema, Target, ValueKind

ACHIEVED, NOT_ACHIEVED = "Đạt", "Không đạt"
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

# (indicator id, period id) → (value, complete); value None when nobody gave one.
Lookup = Callable[[str, str], tuple[Any, bool]]


@dataclass(frozen=True)
class Point:
    period: str  # period id
    value: float
    complete: bool


@dataclass(frozen=True)
class MeasureResult:
    """One measurable part: the figures it was judged on and whether it is met (None: no usable figure)."""

    measure: Measure
    start: Point | None  # first period with a value (the figure at the start of the series)
    end: Point | None  # the period judged (``measure.period`` or the latest with a value)
    met: bool | None
    actual: float | None  # the value compared with the target (a change in % for kind "change")


@dataclass(frozen=True)
class TargetResult:
    target: Target
    measures: list[MeasureResult]
    self_assessment: str | None  # "Đạt" / "Không đạt" / None when the lead unit gave none
    leads: list[str]  # unit codes of the lead unit(s)

    @property
    def met(self) -> bool | None:
        """True when every measure is met, False when one is not, None when the figures cannot tell."""
        if not self.measures:
            return None
        if any(m.met is False for m in self.measures):
            return False
        if all(m.met is True for m in self.measures):
            return True
        return None

    @property
    def disagrees(self) -> bool:
        """The lead unit's rating contradicts what the figures say."""
        if self.met is None or self.self_assessment not in (ACHIEVED, NOT_ACHIEVED):
            return False
        return (self.self_assessment == ACHIEVED) != self.met


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _periods(schema: Schema, indicator: str) -> list[str]:
    ind = schema.indicator_by_id[indicator]
    return list(schema.section_by_id[ind.section].periods)


def evaluate_measure(schema: Schema, measure: Measure, lookup: Lookup) -> MeasureResult:
    """Judge one measure on the figures ``lookup`` gives; an incomplete figure judges nothing (met None)."""
    periods = _periods(schema, measure.indicator)
    points = []
    for pid in periods:
        value, complete = lookup(measure.indicator, pid)
        number = _number(value)
        if number is not None:
            points.append(Point(pid, number, complete))
    if not points:
        return MeasureResult(measure, None, None, None, None)
    end = next((p for p in points if p.period == measure.period), None) if measure.period else points[-1]
    if measure.kind == "change":
        start = next((p for p in points if p.period == measure.start), None) if measure.start else points[0]
    else:
        start = points[0]
    if end is None or start is None:
        return MeasureResult(measure, start, end, None, None)
    if measure.kind == "change":
        if not start.value:
            return MeasureResult(measure, start, end, None, None)
        actual = (end.value - start.value) / abs(start.value) * 100
        complete = start.complete and end.complete
    else:
        actual = end.value
        complete = end.complete
    met = _OPS[measure.op](round(actual, 1), measure.value) if complete else None
    return MeasureResult(measure, start, end, met, actual)


def grade_of(schema: Schema, target: Target, lookup: Lookup) -> str | None:
    if target.goal is None:
        return None
    ind = schema.indicator_by_id[target.goal]
    period = schema.section_by_id[ind.section].periods[0]
    value, _ = lookup(target.goal, period)
    text = str(value).strip() if value is not None else ""
    return text if text in (ACHIEVED, NOT_ACHIEVED) else None


def evaluate(schema: Schema, lookup: Lookup, targets: list[Target] | None = None) -> list[TargetResult]:
    """Every target of the schema (or ``targets``) judged on ``lookup``'s figures, in schema order."""
    out = []
    for target in schema.targets if targets is None else targets:
        leads = (
            schema.expand_reporters(schema.declared_reporters(schema.indicator_by_id[target.goal]))
            if (target.goal)
            else []
        )
        out.append(
            TargetResult(
                target,
                [evaluate_measure(schema, m, lookup) for m in target.measures],
                grade_of(schema, target, lookup),
                leads,
            )
        )
    return out


def describe(schema: Schema, result: TargetResult) -> str:
    """The figures behind a verdict, in words: "Tỷ lệ văn bản … năm 2020 (tính đến 31/3): 89,3% (mục tiêu: 90% …)"."""
    from cchc_cli.numfmt import vi_number

    parts = []
    for m in result.measures:
        if m.end is None or m.actual is None:
            continue
        ind = schema.indicator_by_id[m.measure.indicator]
        label = schema.period_by_id[m.end.period].label
        label = label[:1].lower() + label[1:]
        if m.measure.kind == "change" and m.start is not None:
            start = schema.period_by_id[m.start.period].label.lower()
            shown = f"thay đổi {vi_number(m.actual, 1)}% từ {start} đến {label}"
        else:
            unit = "%" if ind.kind is ValueKind.PERCENT else ""
            shown = f"{label} là {vi_number(m.actual, 1)}{unit}"
        verdict = "đạt" if m.met else "chưa đạt" if m.met is False else "chưa kết luận được"
        parts.append(f"{ind.text} {shown}, {verdict} mục tiêu {m.measure.text}")
    return "; ".join(parts)


def target_problems(schema: Schema) -> list[tuple[tuple[str | int, ...], str]]:
    """Schema consistency of ``targets:`` (goal, indicators and periods exist; numeric indicators)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for ti, t in enumerate(schema.targets):
        at: tuple[str | int, ...] = ("targets", ti)
        if t.id in seen:
            problems.append(((*at, "id"), f"mã mục tiêu «{t.id}» bị trùng"))
        seen.add(t.id)
        if t.goal is not None:
            goal = schema.indicator_by_id.get(t.goal)
            if goal is None or goal.kind is not ValueKind.GRADE:
                problems.append(
                    ((*at, "goal"), f"«{t.goal}» không phải dòng tự đánh giá (kiểu grade) trong indicators")
                )
        elif not t.text:
            problems.append((at, "mục tiêu không gắn dòng tự đánh giá (goal) phải có text"))
        for mi, m in enumerate(t.measures):
            where = (*at, "measures", mi)
            ind = schema.indicator_by_id.get(m.indicator)
            if ind is None or ind.kind not in (ValueKind.COUNT, ValueKind.PERCENT, ValueKind.MONEY):
                problems.append(((*where, "indicator"), f"«{m.indicator}» không phải chỉ tiêu số trong indicators"))
                continue
            periods = set(schema.section_by_id[ind.section].periods) if ind.section in schema.section_by_id else set()
            for key in ("start", "period"):
                pid = getattr(m, key)
                if pid is not None and pid not in periods:
                    problems.append(((*where, key), f"kỳ «{pid}» không thuộc phần của chỉ tiêu «{m.indicator}»"))
            if m.kind == "change" and m.start is None:
                problems.append(((*where, "start"), "mục tiêu dạng change phải có kỳ gốc (start)"))
    return problems


def target_findings(
    schema: Schema,
    lookup: Lookup,
    *,
    code: str,
    file: str,
    unit: str | None = None,
    cells: dict[tuple[str, str], tuple[str, str]] | None = None,
    unsure: frozenset[str] = frozenset(),
) -> list[Any]:
    """Findings with ``code`` (a catalogue code), one per goal whose rating contradicts the figures.

    ``unit``: judge only the goals this unit leads, on its own figures (validate); None: every goal on the
    district figures (merge). ``cells``: (indicator, period) → (sheet, A1) to place the finding on the rating.
    ``unsure``: indicators with a figure refused in the file (an error at its cell): goals measured on them are
    not judged, so an older period never stands in for the one refused.
    """
    from cchc_cli.validation.findings import about, make

    chosen = [
        t
        for t in schema.targets
        if t.goal is not None and t.measures and not any(m.indicator in unsure for m in t.measures)
    ]
    if unit is not None:
        chosen = [
            t
            for t in chosen
            if unit in schema.expand_reporters(schema.declared_reporters(schema.indicator_by_id[str(t.goal)]))
            and all(unit in schema.reporting_units.get(m.indicator, []) for m in t.measures)
        ]
    found = []
    for result in evaluate(schema, lookup, chosen):
        if not result.disagrees:
            continue
        goal = schema.indicator_by_id[str(result.target.goal)]
        period = schema.section_by_id[goal.section].periods[0]
        lead = unit or (result.leads[0] if result.leads else None)
        where: dict[str, Any] = {}
        if cells and (goal.id, period) in cells:
            where["sheet"], where["cell"] = cells[(goal.id, period)]
        found.append(
            make(
                code,
                file=file,
                unit=lead,
                unit_name=schema.unit_by_code[lead].name if lead in schema.unit_by_code else None,
                number=result.target.number or goal.stt,
                seen=result.self_assessment,
                figures=describe(schema, result),
                value=result.self_assessment,
                **about(schema, goal.id, period),
                **where,
            )
        )
    return found

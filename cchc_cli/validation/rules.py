"""Schema rules (``rules:`` in schemas/*.yaml) evaluated against one unit's values, or the district's.

Rules are data, never expressions: compare (``sum(left) op sum(right)``), range (``min ≤ value ≤ max``) and
change (year-on-year ratio; a flow over part of a year is annualised before the comparison, and the message
shows the annualised figure). ``RuleSet(schema)`` precomputes everything per schema once; ``evaluate()``
is the convenience entry point and reuses a cached ``RuleSet`` for the same schema object.

Tolerance of compare rules: two sums closer than ``rule.tolerance`` (plus 1e-9 for float noise) count as
equal, so ``<=``/``>=``/``==`` pass and ``<``/``>``/``!=`` fail for them.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from cchc_cli.numfmt import vi_number
from cchc_cli.schema.model import CALENDAR_KINDS, Period, Rule, Schema

Number = float | int
Values = Mapping[tuple[str, str], Number | None]
Scope = Literal["unit", "district"]

EPSILON = 1e-9
BLANK = "(trống)"
NO_BOUND = "…"


@dataclass(frozen=True)
class RuleHit:
    rule: Rule
    period: str  # period id where it fires
    indicator: str  # anchor indicator id (compare: left[0]; range/change: the indicator concerned)
    involved: tuple[str, ...]  # all indicator ids whose cells are involved (for highlighting)
    fields: dict[str, str]  # the formatted message fields
    message: str  # rule.message.format(**fields)


# ---- compiled forms ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Compare:
    rule: Rule
    ids: frozenset[str]
    involved: tuple[str, ...]
    left: tuple[str, ...]
    right: tuple[str | float, ...]
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class _Range:
    rule: Rule
    # per period, in order: the rule's indicators (with their text) whose section has that period
    steps: tuple[tuple[Period, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class _ChangeStep:
    indicator: str
    text: str
    period: Period
    previous: Period
    divisor: float  # period.fraction_of_nominal for a flow in a partial period, else 1
    previous_divisor: float


@dataclass(frozen=True)
class _Change:
    rule: Rule
    steps: tuple[_ChangeStep, ...]  # ordered by period, then indicator


_Compiled = _Compare | _Range | _Change


def _ordered_periods(schema: Schema, indicator_ids: list[str]) -> list[Period]:
    """Periods of the sections of these indicators, in schema order (rules checked: one period set)."""
    wanted: set[str] = set()
    for ind_id in indicator_ids:
        wanted.update(schema.section_by_id[schema.indicator_by_id[ind_id].section].periods)
    return [p for p in schema.periods if p.id in wanted]


def _indicator_periods(schema: Schema, ind_id: str) -> list[Period]:
    return schema.section_periods(schema.section_by_id[schema.indicator_by_id[ind_id].section])


class RuleSet:
    """The rules of one schema, compiled once; ``evaluate`` is then cheap enough to run per file."""

    def __init__(self, schema: Schema) -> None:
        # No reference to the schema itself is kept, so the cache below can let it go.
        self._names = {u.code: u.name for u in schema.units}
        self._by_scope: dict[str, list[_Compiled]] = {"unit": [], "district": []}
        for rule in schema.rules:
            self._by_scope[rule.scope].append(self._compile(schema, rule))

    @staticmethod
    def _compile(schema: Schema, rule: Rule) -> _Compiled:
        if rule.kind == "compare":
            return _Compare(
                rule=rule,
                ids=frozenset(rule.indicator_ids),
                involved=tuple(rule.indicator_ids),
                left=tuple(rule.left),
                right=tuple(t if isinstance(t, str) else float(t) for t in rule.right),
                periods=tuple(_indicator_periods(schema, rule.left[0])),
            )
        texts = {i: schema.indicator_by_id[i].text for i in rule.indicators}
        if rule.kind == "range":
            steps = []
            for period in _ordered_periods(schema, rule.indicators):
                here = tuple(
                    (i, texts[i])
                    for i in rule.indicators
                    if period.id in schema.section_by_id[schema.indicator_by_id[i].section].periods
                )
                steps.append((period, here))
            return _Range(rule=rule, steps=tuple(steps))
        pairs: list[tuple[int, int, _ChangeStep]] = []
        order = {p.id: n for n, p in enumerate(schema.periods)}
        for k, ind_id in enumerate(rule.indicators):
            flow = schema.indicator_by_id[ind_id].temporal == "flow"
            own = _indicator_periods(schema, ind_id)
            for kind in dict.fromkeys(p.kind for p in own if p.kind in CALENDAR_KINDS):
                for previous, period in pairwise(p for p in own if p.kind == kind):
                    step = _ChangeStep(
                        indicator=ind_id,
                        text=texts[ind_id],
                        period=period,
                        previous=previous,
                        divisor=period.fraction_of_nominal if flow and period.partial else 1.0,
                        previous_divisor=previous.fraction_of_nominal if flow and previous.partial else 1.0,
                    )
                    pairs.append((order[period.id], k, step))
        pairs.sort(key=lambda t: (t[0], t[1]))
        return _Change(rule=rule, steps=tuple(s for _, _, s in pairs))

    # ---- evaluation ----------------------------------------------------------------------------------
    def evaluate(
        self,
        values: Values,
        *,
        scope: Scope = "unit",
        available: Collection[str] | None = None,
        unit: str | None = None,
    ) -> list[RuleHit]:
        """Rule hits for ``values[(indicator_id, period_id)]`` (None or absent = blank).

        ``available``: the indicator ids the unit reports; a compare rule needs all of its indicators, range
        and change rules check those of their indicators that are available. ``unit``: a unit code (shown by
        its name) or a name, for the ``{unit}`` placeholder.
        """
        avail = None if available is None else frozenset(available)
        unit_name = "" if unit is None else self._names.get(unit, unit)
        hits: list[RuleHit] = []
        for compiled in self._by_scope[scope]:
            if isinstance(compiled, _Compare):
                if avail is None or compiled.ids <= avail:
                    self._compare(compiled, values, unit_name, hits)
            elif isinstance(compiled, _Range):
                self._range(compiled, values, avail, unit_name, hits)
            else:
                self._change(compiled, values, avail, unit_name, hits)
        return hits

    @staticmethod
    def _hit(rule: Rule, period: str, indicator: str, involved: tuple[str, ...], fields: dict[str, str]) -> RuleHit:
        return RuleHit(rule, period, indicator, involved, fields, rule.message.format(**fields))

    def _compare(self, c: _Compare, values: Values, unit_name: str, hits: list[RuleHit]) -> None:
        rule = c.rule
        for period in c.periods:
            pid = period.id
            left = [values.get((i, pid)) for i in c.left]
            right = [values.get((t, pid)) if isinstance(t, str) else t for t in c.right]
            ind_values = left + [v for v, t in zip(right, c.right, strict=True) if isinstance(t, str)]
            if rule.missing == "skip_if_any":
                if any(v is None for v in ind_values):
                    continue
            elif rule.missing == "skip_if_all" and all(v is None for v in ind_values):
                continue
            lsum = sum(v for v in left if v is not None)
            rsum = sum(v for v in right if v is not None)
            if _holds(rule.op, lsum - rsum, rule.tolerance + EPSILON):
                continue
            fields = {
                "left": vi_number(lsum),
                "right": vi_number(rsum),
                "left_terms": _terms(left),
                "right_terms": _terms(right),
                "period": period.label,
                "unit": unit_name,
            }
            hits.append(self._hit(rule, pid, c.left[0], c.involved, fields))

    def _range(
        self, c: _Range, values: Values, avail: frozenset[str] | None, unit_name: str, hits: list[RuleHit]
    ) -> None:
        rule = c.rule
        lo, hi = rule.min, rule.max
        for period, indicators in c.steps:
            for ind_id, text in indicators:
                if avail is not None and ind_id not in avail:
                    continue
                v = values.get((ind_id, period.id))
                if v is None:
                    continue
                if not ((lo is not None and v < lo - EPSILON) or (hi is not None and v > hi + EPSILON)):
                    continue
                fields = {
                    "value": vi_number(v),
                    "min": NO_BOUND if lo is None else vi_number(lo),
                    "max": NO_BOUND if hi is None else vi_number(hi),
                    "indicator": text,
                    "period": period.label,
                    "unit": unit_name,
                }
                hits.append(self._hit(rule, period.id, ind_id, (ind_id,), fields))

    def _change(
        self, c: _Change, values: Values, avail: frozenset[str] | None, unit_name: str, hits: list[RuleHit]
    ) -> None:
        rule = c.rule
        max_ratio = rule.max_ratio
        if max_ratio is None:  # refused by the schema checks
            return
        for s in c.steps:
            if avail is not None and s.indicator not in avail:
                continue
            v = values.get((s.indicator, s.period.id))
            pv = values.get((s.indicator, s.previous.id))
            if not v or not pv:  # blank or 0: no basis for a ratio
                continue
            cur = v / s.divisor
            prev = pv / s.previous_divisor
            if max(cur, prev) < rule.min_base:
                continue
            ratio = max(cur / prev, prev / cur)
            if ratio <= max_ratio + EPSILON:
                continue
            fields = {
                "value": _annualised(v, s.divisor),
                "previous": _annualised(pv, s.previous_divisor),
                "ratio": vi_number(ratio, 1),
                "change": _change_words(cur, prev, ratio),
                "indicator": s.text,
                "period": s.period.label,
                "previous_period": s.previous.label,
                "unit": unit_name,
            }
            hits.append(self._hit(rule, s.period.id, s.indicator, (s.indicator,), fields))


def _change_words(cur: float, prev: float, ratio: float) -> str:
    """How the figure moved, in the direction it moved: "gấp 7,4 lần" when it grew, "chỉ bằng 13,4%" when it
    fell ("gấp" alone would say a fall is a rise). ``ratio``: the larger over the smaller, as the rule tests."""
    if cur >= prev:
        return f"gấp {vi_number(ratio, 1)} lần"
    return f"chỉ bằng {vi_number(cur / prev * 100, 1)}%"


def _annualised(value: Number, divisor: float) -> str:
    """A value as the change message shows it: "300", or for a flow over part of a year the figure compared,
    "300 (quy đổi cả năm ≈ 1.200)"."""
    if divisor == 1.0:
        return vi_number(value)
    return f"{vi_number(value)} (quy đổi cả năm ≈ {vi_number(value / divisor, 0)})"


def _holds(op: str | None, diff: float, tol: float) -> bool:
    """Whether ``left op right`` holds, given ``diff = left - right``; |diff| ≤ tol counts as equal."""
    if op == "==":
        return abs(diff) <= tol
    if op == "!=":
        return abs(diff) > tol
    if op == "<=":
        return diff <= tol
    if op == "<":
        return diff < -tol
    if op == ">=":
        return diff >= -tol
    if op == ">":
        return diff > tol
    return True  # no operator: refused by the schema checks


def _terms(values: list[Number | None]) -> str:
    return " + ".join(BLANK if v is None else vi_number(v) for v in values)


# ---- cache and convenience function -------------------------------------------------------------------
_CACHE: dict[int, tuple[weakref.ref[Schema], RuleSet]] = {}


def compile_rules(schema: Schema) -> RuleSet:
    """The ``RuleSet`` of this schema object, built on first use and dropped when the schema is."""
    key = id(schema)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is schema:
        return cached[1]
    rules = RuleSet(schema)
    _CACHE[key] = (weakref.ref(schema), rules)
    weakref.finalize(schema, _CACHE.pop, key, None)
    return rules


def evaluate(
    schema: Schema,
    values: Values,
    *,
    scope: Scope = "unit",
    available: Collection[str] | None = None,
    unit: str | None = None,
) -> list[RuleHit]:
    """All hits of ``schema``'s rules of ``scope``, ordered by rule, period, then indicator."""
    return compile_rules(schema).evaluate(values, scope=scope, available=available, unit=unit)

"""Values a unit could plausibly report, consistent with every rule of the schema, for filling templates in tests.

Built from the schema's own rule definitions (not from the validator), so a rule change keeps these valid.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from clerk import Slot, fill, indicator_of, period_of

from cchc_cli.schema.model import Schema
from cchc_cli.targets import evaluate
from cchc_cli.workbook.layout import build_layout

Values = dict[tuple[str, str], object]


def consistent_values(schema: Schema, unit_code: str, seed: int = 0) -> Values:
    rng = random.Random(f"{unit_code}:{seed}")
    ids = build_layout(schema, unit_code).indicator_ids
    values: Values = {}
    for ind_id in ids:
        ind = schema.indicator_by_id[ind_id]
        periods = schema.section_periods(schema.section_by_id[ind.section])
        base = rng.randint(40, 400)
        for per in periods:
            factor = rng.uniform(0.92, 1.08)
            if ind.kind.value == "count":
                share = per.fraction_of_nominal if per.partial and ind.temporal == "flow" else 1.0
                values[(ind_id, per.id)] = max(1, round(base * factor * share))
            elif ind.kind.value == "percent":
                values[(ind_id, per.id)] = round(rng.uniform(60, 99.5), 1)
            elif ind.kind.value == "money":
                values[(ind_id, per.id)] = round(base * factor, 1)
            elif ind.kind.value == "flag":
                values[(ind_id, per.id)] = "x"
            elif ind.kind.value == "grade":
                values[(ind_id, per.id)] = "Đạt"
            else:
                values[(ind_id, per.id)] = "Tọa đàm, pa-nô"
    for _ in range(4):  # a few passes settle chains such as A ≤ B ≤ C
        for rule in schema.rules:
            if rule.kind != "compare" or rule.scope != "unit" or not set(rule.indicator_ids) <= set(ids):
                continue
            periods = schema.section_periods(schema.section_by_id[schema.indicator_by_id[rule.left[0]].section])
            for per in periods:
                left_rest = sum(float(values[(i, per.id)]) for i in rule.left[1:])  # type: ignore[arg-type]
                right = sum(float(values[(t, per.id)]) if isinstance(t, str) else t for t in rule.right)  # type: ignore[arg-type]
                left = float(values[(rule.left[0], per.id)]) + left_rest  # type: ignore[arg-type]
                kind = schema.indicator_by_id[rule.left[0]].kind.value
                target: float | None = None
                if rule.op == "==" and left != right:
                    target = right - left_rest
                elif rule.op == "<=" and left > right:
                    target = right * 0.95 - left_rest
                elif rule.op == ">=" and left < right:
                    target = right * 1.05 - left_rest
                if target is not None:
                    values[(rule.left[0], per.id)] = _settle(max(0.0, target), kind, rule.op or "")
    # A self-assessment agrees with the unit's own figures (the schema's targets, cchc_cli/targets.py).
    for result in evaluate(schema, lambda i, p: (values.get((i, p)), True)):
        goal = result.target.goal
        if goal and result.met is not None:
            key = (goal, schema.section_by_id[schema.indicator_by_id[goal].section].periods[0])
            if key in values:
                values[key] = "Đạt" if result.met else "Không đạt"
    return values


def _settle(x: float, kind: str, op: str) -> int | float:
    """Round so the rule holds: down for ≤, up for ≥, nearest for ==; counts are whole numbers."""
    step = 1 if kind == "count" else 10
    scaled = x * step
    rounded = math.floor(scaled) if op == "<=" else math.ceil(scaled) if op == ">=" else round(scaled)
    return int(rounded) if kind == "count" else rounded / step


def fill_unit(schema: Schema, template: Path, out: Path, values: Values) -> dict[tuple[str, str], object]:
    """Fill ``template`` as a clerk would (reading labels); returns what was typed by (sheet, cell)."""

    def value(slot: Slot) -> object:
        return values.get((indicator_of(schema, slot), period_of(schema, slot)))

    return fill(template, out, value)

"""A realistic MasterData for report tests, built without the merge engine.

Unit values come from ``campaign.consistent_values`` (every unit rule holds); district values follow each
indicator's ``aggregate`` with a small local aggregation. One commune (``MISSING_UNIT``) sends nothing, so its
figures are missing and every district figure it feeds is incomplete.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from campaign import consistent_values

from cchc_cli.merge.model import DistrictValue, Key, MasterData, UnitStatus
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Aggregate, Indicator, Schema
from cchc_cli.workbook.layout import build_layout

MISSING_UNIT = "22735"  # Xã Ba Cụm Nam
COMMUNE_KINDS = {"xa", "thi_tran", "phuong"}
NOT_ACHIEVED = ("s8_mt09", "s8_mt12")  # goals the leads rate "Không đạt"


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


class _Aggregate:
    def __init__(self, schema: Schema, by_unit: dict[str, dict[Key, Any]]) -> None:
        self.schema, self.by_unit = schema, by_unit
        self.district: dict[Key, DistrictValue] = {}

    def units(self, ind: Indicator) -> list[str]:
        if ind.derive is not None:
            return self.schema.reporting_units.get(ind.derive.ratio.numerator, [])
        return self.schema.reporting_units.get(ind.id, [])

    def compute(self, ind: Indicator, period: str) -> DistrictValue:
        key = (ind.id, period)
        if key in self.district:
            return self.district[key]
        units = self.units(ind)
        agg = ind.aggregate
        if agg is Aggregate.CHILDREN_SUM:
            parts = [self.compute(c, period) for c in self.schema.children(ind.id)]
            nums = _numbers([p.value for p in parts])
            missing = sorted({u for p in parts for u in p.missing})
            dv = DistrictValue(sum(nums) if nums else None, all(p.complete for p in parts), missing)
        elif agg is Aggregate.RATIO and ind.derive is not None:
            num = den = 0.0
            missing = []
            for u in units:
                n = self.by_unit.get(u, {}).get((ind.derive.ratio.numerator, period))
                d = self.by_unit.get(u, {}).get((ind.derive.ratio.denominator, period))
                if n is None or d is None:
                    missing.append(u)
                else:
                    num, den = num + n, den + d
            rate = round(num / den * 100, 2) if den else None
            dv = DistrictValue(rate, not missing and rate is not None, missing)
        else:
            got = [(u, self.by_unit[u][key]) for u in units if key in self.by_unit.get(u, {})]
            missing = [u for u in units if key not in self.by_unit.get(u, {})]
            values = [v for _, v in got]
            value: Any = None
            if agg is Aggregate.SUM:
                nums = _numbers(values)
                value = sum(nums) if nums else None
            elif agg in (Aggregate.SINGLE, Aggregate.GRADE, Aggregate.SAME):
                value = values[0] if values else None
            elif agg is Aggregate.LEVELS:
                offices = _numbers([v for u, v in got if self.schema.unit_by_code[u].kind not in COMMUNE_KINDS])
                communes = [v for u, v in got if self.schema.unit_by_code[u].kind in COMMUNE_KINDS]
                value = sum(offices) + (communes[0] if communes else 0) if got else None
            elif agg is Aggregate.ANY:
                value = "x" if "x" in values else ("0" if values else None)
            elif agg is Aggregate.TEXT:
                value = "; ".join(str(v) for v in values) or None
                missing = []
            dv = DistrictValue(value, not missing and value is not None, missing, [u for u, _ in got])
        self.district[key] = dv
        return dv


def unit_values(schema: Schema, seed: int = 7) -> dict[str, dict[Key, Any]]:
    """Values of every unit that has a template, as its clerk would have typed them."""
    by_unit: dict[str, dict[Key, Any]] = {}
    for unit in schema.units:
        if not build_layout(schema, unit.code).sheets:
            continue
        by_unit[unit.code] = dict(consistent_values(schema, unit.code, seed))
    # Commune-level catalogues are one list for every commune ("same", and the commune part of "levels").
    communes = [u.code for u in schema.units if u.kind in COMMUNE_KINDS and u.code in by_unit]
    shared = [i.id for i in schema.indicators if i.aggregate in (Aggregate.SAME, Aggregate.LEVELS)]
    first = by_unit[communes[0]]
    for code in communes[1:]:
        for key in list(by_unit[code]):
            if key[0] in shared:
                by_unit[code][key] = first[key]
    for goal in NOT_ACHIEVED:
        for code, values in by_unit.items():
            for key in values:
                if key[0] == goal:
                    by_unit[code][key] = "Không đạt"
    return by_unit


@cache
def example_master(missing: str | None = MISSING_UNIT) -> MasterData:
    """The test master: every expected unit except ``missing`` has sent a clean return."""
    schema = load_schema()
    all_values = unit_values(schema)
    by_unit = {code: v for code, v in all_values.items() if code != missing}
    agg = _Aggregate(schema, by_unit)
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for period in schema.section_by_id[ind.section].periods:
            agg.compute(ind, period)
    submitted = dt.datetime(2020, 5, 28, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    status = [
        UnitStatus(code, schema.unit_by_code[code].name, received=False, reason="chưa nộp")
        if code == missing
        else UnitStatus(
            code,
            schema.unit_by_code[code].name,
            received=True,
            file=f"{code}.xlsx",
            submitted_at=submitted,
            on_time=True,
            valid=True,
            used=True,
        )
        for code in all_values
    ]
    return MasterData(schema=schema, district=agg.district, by_unit=by_unit, provenance={}, status=status)

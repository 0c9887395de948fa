"""A realistic MasterData for report tests, built without the merge engine.

Unit values come from ``campaign.consistent_values`` (every unit rule holds); district values follow each
indicator's ``aggregate`` with a small local aggregation. One commune (``MISSING_UNIT``) sends nothing, so its
figures are missing and every district figure it feeds is incomplete.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from aggregation_oracle import expected
from campaign import consistent_values

from cchc_cli.merge.model import DistrictValue, Key, MasterData, UnitStatus
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Aggregate, Indicator, Schema
from cchc_cli.workbook.layout import build_layout

MISSING_UNIT = "22735"  # Xã Ba Cụm Nam
NOT_ACHIEVED = ("s8_mt09", "s8_mt12")  # goals the leads rate "Không đạt"


class _Aggregate:
    """District values by the aggregation oracle written once (tests/aggregation_oracle.py)."""

    def __init__(self, schema: Schema, by_unit: dict[str, dict[Key, Any]]) -> None:
        self.schema, self.by_unit = schema, by_unit
        self.district: dict[Key, DistrictValue] = {}

    def compute(self, ind: Indicator, period: str) -> DistrictValue:
        value, complete, missing = expected(self.schema, self.by_unit, ind.id, period)
        plain = ind.aggregate not in (Aggregate.CHILDREN_SUM, Aggregate.RATIO)
        reporters = self.schema.reporting_units.get(ind.id, []) if plain else []
        contributors = [u for u in reporters if u not in missing and (ind.id, period) in self.by_unit.get(u, {})]
        dv = DistrictValue(value, complete, missing, contributors)
        self.district[(ind.id, period)] = dv
        return dv


def unit_values(schema: Schema, seed: int = 7) -> dict[str, dict[Key, Any]]:
    """Values of every unit that has a template, as its clerk would have typed them."""
    by_unit: dict[str, dict[Key, Any]] = {}
    for unit in schema.units:
        if not build_layout(schema, unit.code).sheets:
            continue
        by_unit[unit.code] = dict(consistent_values(schema, unit.code, seed))
    # Commune-level catalogues are one list for every commune ("same", and the commune part of "levels").
    communes = [u.code for u in schema.units if u.code in schema.commune_units and u.code in by_unit]
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

"""A realistic MasterData for report tests.

Unit values come from ``campaign.consistent_values`` (every unit rule holds); district values come from the
product's aggregation engine (cchc_cli.merge.engine.Aggregator: the one meaning of each aggregation kind, checked
against its oracle by the merge tests), so the report tests never disagree with the product on ``same`` or
``text``. One commune (``MISSING_UNIT``) sends nothing, so its figures are missing and every district figure it
feeds is incomplete (except a ``same`` list, which every commune shares).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from campaign import consistent_values

from cchc_cli.merge.engine import Aggregator
from cchc_cli.merge.model import Key, MasterData, UnitStatus
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Aggregate, Schema
from cchc_cli.workbook.layout import build_layout

MISSING_UNIT = "22735"  # Xã Ba Cụm Nam
NOT_ACHIEVED = ("s8_mt09", "s8_mt12")  # goals the leads rate "Không đạt"


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
    grades = {i.id for i in schema.indicators if i.kind.value == "grade"}
    for code, values in by_unit.items():  # every goal rated "Đạt" but NOT_ACHIEVED, whatever the figures say
        for key in values:
            if key[0] in grades:
                by_unit[code][key] = "Không đạt" if key[0] in NOT_ACHIEVED else "Đạt"
    return by_unit


@cache
def example_master(missing: str | None = MISSING_UNIT, *also: str) -> MasterData:
    """The test master: every expected unit except ``missing`` (and ``also``) has sent a clean return."""
    schema = load_schema()
    all_values = unit_values(schema)
    gone = {missing, *also}
    by_unit = {code: v for code, v in all_values.items() if code not in gone}
    agg = Aggregator(schema, by_unit)
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for period in schema.section_by_id[ind.section].periods:
            agg.compute(ind, period)
    submitted = dt.datetime(2020, 5, 28, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    status = [
        UnitStatus(code, schema.unit_by_code[code].name, received=False, reason="chưa nộp")
        if code in gone
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

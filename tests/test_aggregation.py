"""The merge engine is the one implementation of each aggregation kind; it agrees with the oracle written once.

Unit values are drawn at random (blanks, disagreeing communes, x/0, texts), for the bundled schema and for the
province campaign, and every district figure of the engine is compared with ``aggregation_oracle.expected``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from aggregation_oracle import Values, expected

from cchc_cli.merge.engine import Aggregator
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Schema

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = sorted(p.name for p in (REPO / "schemas").glob("*.yaml") if not p.name.endswith(".outline.yaml"))


def _random_values(schema: Schema, seed: int) -> Values:
    rng = random.Random(seed)
    out: Values = {}
    for ind_id, units in schema.reporting_units.items():
        ind = schema.indicator_by_id[ind_id]
        for per in schema.section_by_id[ind.section].periods:
            for u in units:
                if rng.random() < 0.15:
                    continue  # blank: no data
                kind = ind.kind.value
                v: Any
                if kind == "count":
                    v = rng.choice([0, 3, 3, 7, rng.randint(0, 500)])
                elif kind in ("percent", "money"):
                    v = round(rng.uniform(0, 100), 1)
                elif kind == "flag":
                    v = rng.choice(["x", "0"])
                elif kind == "grade":
                    v = rng.choice(["Đạt", "Không đạt"])
                else:
                    v = rng.choice(["Tọa đàm", "Pa-nô, áp phích"])
                out.setdefault(u, {})[(ind_id, per)] = v
    return out


@pytest.mark.parametrize("name", SCHEMAS)
@pytest.mark.parametrize("seed", range(6))
def test_engine_matches_the_oracle(name, seed):
    schema = load_schema(REPO / "schemas" / name)
    values = _random_values(schema, seed)
    engine = Aggregator(schema, values)
    compared = 0
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for per in schema.section_by_id[ind.section].periods:
            got = engine.compute(ind, per)
            value, complete, missing = expected(schema, values, ind.id, per)
            assert (got.value, got.complete, got.missing) == (value, complete, missing), (ind.id, per)
            compared += 1
    assert compared > 50


def test_every_aggregation_kind_is_exercised():
    kinds = set()
    for name in SCHEMAS:
        schema = load_schema(REPO / "schemas" / name)
        kinds |= {i.aggregate.value for i in schema.indicators if i.kind.value != "heading"}
    assert kinds >= {"sum", "single", "same", "levels", "ratio", "children_sum", "any", "grade", "text"}


def test_levels_uses_the_declared_commune_group_not_unit_kinds():
    """A commune not in the commune_level group counts as an office: its figure is added, not shared."""
    schema = load_schema()
    ind = schema.indicator_by_id["s3_don_gian_hoa"]
    values: Values = {"VP": {(ind.id, "y2016"): 5}}
    for k, code in enumerate(sorted(schema.commune_units)):
        values[code] = {(ind.id, "y2016"): 12 if k else 11}
    got = Aggregator(schema, values).compute(ind, "y2016")
    assert got.value == 5 + 12  # offices + the figure most communes gave
    assert "11" in got.note

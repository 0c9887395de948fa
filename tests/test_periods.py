"""Period kinds and partial periods: a partial period is compared after scaling to the length of its own kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Period
from cchc_cli.schema.words import partial_notice, period_noun
from cchc_cli.validation.rules import RuleSet

REPO = Path(__file__).resolve().parents[1]


def _p(kind: str, start: str, end: str, label: str = "Kỳ") -> Period:
    return Period(id="k", label=label, kind=kind, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


@pytest.mark.parametrize(
    ("kind", "start", "end", "nominal_end", "fraction"),
    [
        ("quarter", "2025-10-01", "2025-12-14", "2025-12-31", 75 / 92),
        ("quarter", "2025-01-01", "2025-03-31", "2025-03-31", 1.0),
        ("year", "2020-01-01", "2020-03-31", "2020-12-31", 91 / 366),
        ("half_year", "2025-07-01", "2025-09-30", "2025-12-31", 92 / 184),
        ("month", "2025-02-01", "2025-02-14", "2025-02-28", 14 / 28),
        ("stage", "2011-01-01", "2019-12-31", "2019-12-31", 1.0),
        ("year", "2025-07-01", "2025-12-31", "2025-12-31", 184 / 365),
        ("quarter", "2025-07-15", "2025-09-30", "2025-09-30", 78 / 92),
    ],
)
def test_fraction_of_its_own_kind(kind, start, end, nominal_end, fraction):
    p = _p(kind, start, end)
    assert p.nominal_end == dt.date.fromisoformat(nominal_end)
    assert p.fraction_of_nominal == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("kind", "start", "end", "noun"),
    [
        ("year", "2020-01-01", "2020-03-31", "năm 2020"),
        ("quarter", "2025-10-01", "2025-12-14", "quý IV năm 2025"),
        ("half_year", "2025-01-01", "2025-05-31", "6 tháng đầu năm 2025"),
        ("month", "2025-05-01", "2025-05-20", "tháng 5/2025"),
    ],
)
def test_period_nouns(kind, start, end, noun):
    assert period_noun(_p(kind, start, end)) == noun


def test_partial_notice_from_label_and_end_date():
    p = _p("year", "2020-01-01", "2020-03-31", label="Năm 2020 (tính đến 31/3)")
    assert partial_notice(p) == "Năm 2020 (tính đến 31/3): số liệu năm 2020 chỉ tính đến ngày 31/3/2020."


def test_partial_quarter_is_compared_with_a_quarter():
    """Q4 to 14/12 holds 75 of 92 days: 82 cases after 100 is normal; ×4.9 (days/365) would have warned."""
    schema = load_schema(REPO / "schemas" / "khanh-hoa-2025.yaml")
    rules = RuleSet(schema)
    base = {("s2_hs_tiep_nhan", q): 100 for q in ("q1_2025", "q2_2025", "q3_2025")}
    clean = rules.evaluate({**base, ("s2_hs_tiep_nhan", "q4_2025"): 82})
    assert [h for h in clean if h.rule.kind == "change"] == []
    spike = rules.evaluate({**base, ("s2_hs_tiep_nhan", "q4_2025"): 300})
    hits = [h for h in spike if h.rule.kind == "change"]
    assert [(h.indicator, h.period) for h in hits] == [("s2_hs_tiep_nhan", "q4_2025")]
    low = rules.evaluate({**base, ("s2_hs_tiep_nhan", "q4_2025"): 20})
    assert [h.period for h in low if h.rule.kind == "change"] == ["q4_2025"]


def test_change_rules_pair_periods_of_one_kind_only():
    """A year is never compared with a quarter: each kind is its own series."""
    text = (REPO / "schemas" / "khanh-hoa-2025.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "periods:\n  - {id: q1_2025",
        "periods:\n  - {id: y2024, label: Năm 2024, kind: year, start: 2024-01-01, end: 2024-12-31}\n  - {id: q1_2025",
    ).replace("periods: [q1_2025, q2_2025, q3_2025, q4_2025]", "periods: [y2024, q1_2025, q2_2025, q3_2025, q4_2025]")
    from cchc_cli.schema import load_schema_text

    schema = load_schema_text(text, "x.yaml")
    hits = RuleSet(schema).evaluate(
        {("s2_hs_tiep_nhan", "y2024"): 4000, **{("s2_hs_tiep_nhan", q): 1000 for q in ("q1_2025", "q2_2025")}}
    )
    assert [h for h in hits if h.rule.kind == "change"] == []


def test_half_year_may_be_written_with_a_hyphen():
    p = Period(id="h2", label="6 tháng cuối năm 2025", kind="half-year", start="2025-07-01", end="2025-12-31")
    assert p.kind == "half_year"


def test_commune_level_is_the_declared_group_and_old_schemas_keep_working():
    from cchc_cli.schema import load_schema_text

    text = (REPO / "schemas" / "khanh-son-2011-2020.yaml").read_text(encoding="utf-8")
    assert load_schema_text(text, "x.yaml").commune_units == frozenset(
        ["22714", "22717", "22720", "22723", "22726", "22729", "22732", "22735"]
    )
    # Declared: only the group's members, whatever their kind.
    declared = text.replace('members: ["22714", "22717", "22720"', 'members: ["22714", "22717"').replace(
        ', "22720", "22723", "22726", "22729", "22732", "22735"]', ', "22723", "22726", "22729", "22732", "22735"]'
    )
    assert "22720" not in load_schema_text(declared, "x.yaml").commune_units
    # A schema written before commune_level existed: the commune kinds, as before.
    old = text.replace("    commune_level: true  # cấp xã: tổng hợp kiểu levels lấy một số chung của nhóm này\n", "")
    assert load_schema_text(old, "x.yaml").commune_units == load_schema_text(text, "x.yaml").commune_units

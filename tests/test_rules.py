"""The rule engine against the shipped schema: every rule fires and stays quiet, messages, edge cases."""

from __future__ import annotations

from typing import Any, Literal

import pytest
import yaml

from cchc_cli.schema import Period, Rule, Schema, load_schema, load_schema_text
from cchc_cli.schema.checks import RULE_PLACEHOLDERS
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.validation.rules import RuleHit, RuleSet, compile_rules, evaluate

SCHEMA = load_schema()
Values = dict[tuple[str, str], float | int | None]


def with_rules(*rules: dict[str, Any], replace: bool = False) -> Schema:
    """The shipped schema with extra rules (or only these rules), loaded and checked like a real file."""
    data = yaml.safe_load(default_schema_text()[1])
    data["rules"] = [*([] if replace else data["rules"]), *rules]
    return load_schema_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "test.yaml")


def periods_of(schema: Schema, indicator_id: str) -> list[Period]:
    return schema.section_periods(schema.section_by_id[schema.indicator_by_id[indicator_id].section])


def target(rule: Rule) -> tuple[str, str | None]:
    """(period that should fire, previous year for change rules): the last full period of the section."""
    periods = periods_of(SCHEMA, rule.indicator_ids[0])
    if rule.kind == "change":
        years = [p for p in periods if p.kind == "year"]
        i = max(k for k, p in enumerate(years) if not p.partial and k > 0)
        return years[i].id, years[i - 1].id
    return [p for p in periods if not p.partial][-1].id, None


# left[0] = sum(right) + delta makes ``op`` fail (fire) or hold (quiet)
FIRE_DELTA = {"==": 1, "!=": 0, "<=": 1, "<": 0, ">=": -1, ">": 0}
QUIET_DELTA = {"==": 0, "!=": 1, "<=": 0, "<": -1, ">=": 0, ">": 1}


def build(rule: Rule, fire: bool) -> Values:
    """Values for one rule, built from its definition, that make it fire (anchor first) or stay quiet."""
    period, previous = target(rule)
    values: Values = {}
    if rule.kind == "compare":
        assert rule.op is not None
        rsum = 0.0
        for term in rule.right:
            if isinstance(term, str):
                values[(term, period)] = 10
                rsum += 10
            else:
                rsum += term
        for term in rule.left[1:]:
            values[(term, period)] = 0
        values[(rule.left[0], period)] = rsum + (FIRE_DELTA if fire else QUIET_DELTA)[rule.op]
    elif rule.kind == "range":
        lo, hi = rule.min, rule.max
        mid = (lo + hi) / 2 if lo is not None and hi is not None else lo if lo is not None else hi
        assert mid is not None
        for ind in rule.indicators:
            values[(ind, period)] = mid
        if fire:
            values[(rule.indicators[0], period)] = hi + 1 if hi is not None else lo - 1  # type: ignore[operator]
    else:
        assert rule.max_ratio is not None and previous is not None and rule.min_base <= 100
        for ind in rule.indicators:
            values[(ind, previous)] = 100
            values[(ind, period)] = 100
        if fire:
            values[(rule.indicators[0], period)] = 100 * rule.max_ratio + 50
    return values


def keys(hits: list[RuleHit]) -> list[tuple[str, str, str]]:
    return [(h.rule.id, h.period, h.indicator) for h in hits]


# ---- every rule of the shipped schema ----------------------------------------------------------------
@pytest.mark.parametrize("rule", SCHEMA.rules, ids=lambda r: r.id)
def test_rule_fires(rule: Rule):
    hits = evaluate(SCHEMA, build(rule, fire=True), scope=rule.scope)
    anchor = rule.left[0] if rule.kind == "compare" else rule.indicators[0]
    assert keys(hits) == [(rule.id, target(rule)[0], anchor)]
    hit = hits[0]
    assert hit.rule is rule
    assert set(hit.fields) == RULE_PLACEHOLDERS[rule.kind]
    assert hit.message == rule.message.format(**hit.fields)
    assert "{" not in hit.message and "}" not in hit.message
    assert anchor in hit.involved and set(hit.involved) <= set(rule.indicator_ids)


@pytest.mark.parametrize("rule", SCHEMA.rules, ids=lambda r: r.id)
def test_rule_stays_quiet(rule: Rule):
    values = build(rule, fire=False)
    assert evaluate(SCHEMA, values, scope="unit") == []
    assert evaluate(SCHEMA, values, scope="district") == []


@pytest.mark.parametrize("rule", SCHEMA.rules, ids=lambda r: r.id)
def test_rule_only_in_its_scope(rule: Rule):
    other: Literal["unit", "district"] = "unit" if rule.scope == "district" else "district"
    assert rule.id not in {h.rule.id for h in evaluate(SCHEMA, build(rule, fire=True), scope=other)}


def test_empty_values_are_quiet():
    assert evaluate(SCHEMA, {}) == [] and evaluate(SCHEMA, {}, scope="district") == []


# ---- exact messages -----------------------------------------------------------------------------------
def test_total_message():
    values = {("s1_vbcd", "y2017"): 120, ("s1_vbcd_huyen_uy", "y2017"): 80, ("s1_vbcd_ubnd", "y2017"): 30}
    (hit,) = evaluate(SCHEMA, values)
    assert hit.message == "Tổng số văn bản chỉ đạo, điều hành (120) khác tổng các mục con (80 + 30 = 110)."
    assert (hit.rule.id, hit.period, hit.indicator) == ("r_s1_vbcd_tong", "y2017", "s1_vbcd")
    assert hit.involved == ("s1_vbcd", "s1_vbcd_huyen_uy", "s1_vbcd_ubnd")
    assert hit.fields["period"] == "Năm 2017" and hit.fields["left_terms"] == "120"


def test_staff_present_message():
    values = {("s5_cbcc_co_mat", "y2018"): 1250, ("s5_cbcc_giao", "y2018"): 1200}
    (hit,) = evaluate(SCHEMA, values)
    assert hit.rule.id == "r_s5_cbcc_co_mat" and hit.rule.severity == "error"
    assert hit.message == "Số cán bộ, công chức có mặt (1.250) lớn hơn số biên chế được giao (1.200)."
    assert (hit.period, hit.indicator, hit.involved) == (
        "y2018",
        "s5_cbcc_co_mat",
        ("s5_cbcc_co_mat", "s5_cbcc_giao"),
    )
    values[("s5_cbcc_co_mat", "y2018")] = 1200
    assert evaluate(SCHEMA, values) == []


def test_money_message_with_decimals():
    values = {("s1_kp_su_dung", "y2019"): 1520.5, ("s1_kp_phan_bo", "y2019"): 1500}
    (hit,) = evaluate(SCHEMA, values)
    assert hit.message == (
        "Kinh phí CCHC sử dụng (1.520,5 triệu đồng) lớn hơn kinh phí được phân bổ (1.500 triệu đồng)."
    )


def test_range_messages():
    values = {
        ("s7_vb_dien_tu", "y2016"): 985,
        ("s1_hl_muc_do", "y2016"): 100.5,
        ("s7_hop_thu", "y2016"): 98.5,
    }
    hits = evaluate(SCHEMA, values)
    assert keys(hits) == [("r_ty_le", "y2016", "s1_hl_muc_do"), ("r_ty_le", "y2016", "s7_vb_dien_tu")]
    assert [h.message for h in hits] == [
        "Tỷ lệ 100,5 nằm ngoài khoảng 0–100.",
        "Tỷ lệ 985 nằm ngoài khoảng 0–100.",
    ]
    assert hits[1].fields["indicator"] == "Tỷ lệ văn bản hành chính được trao đổi dưới dạng điện tử"
    assert hits[1].involved == ("s7_vb_dien_tu",)
    assert evaluate(SCHEMA, {("s7_vb_dien_tu", "y2016"): -1})[0].fields["value"] == "-1"
    assert evaluate(SCHEMA, {("s7_vb_dien_tu", "y2016"): 0, ("s7_hop_thu", "y2016"): 100}) == []


def test_change_message():
    values = {("s5_cbcc_giao", "y2018"): 100, ("s5_cbcc_giao", "y2019"): 200}
    (hit,) = evaluate(SCHEMA, values)
    assert (hit.rule.id, hit.period, hit.indicator) == ("r_bien_dong_quy_mo", "y2019", "s5_cbcc_giao")
    assert hit.message == "Tổng số được giao: 200 ở Năm 2019 so với 100 ở Năm 2018 (gấp 2 lần)."
    assert hit.fields["previous_period"] == "Năm 2018"
    # a fall counts the same as a rise, and the ratio has one decimal
    values = {("s5_cbcc_giao", "y2018"): 100, ("s5_cbcc_giao", "y2019"): 30}
    (fall,) = evaluate(SCHEMA, values)
    assert fall.fields["ratio"] == "3,3"
    # …but is worded as a fall: never "gấp" for a figure that shrank
    assert fall.message == "Tổng số được giao: 30 ở Năm 2019 so với 100 ở Năm 2018 (chỉ bằng 30%)."


def test_unit_placeholder():
    schema = with_rules(
        {
            "id": "r_unit",
            "code": "thu",
            "severity": "warning",
            "left": ["s1_hl_mau"],
            "op": ">=",
            "right": [30],
            "message": "{unit}: {period} chỉ có {left} phiếu (cần ít nhất {right_terms}).",
            "hint": "Thử.",
        },
        replace=True,
    )
    values = {("s1_hl_mau", "y2015"): 20, ("s1_hl_mau", "y2016"): 30}
    (hit,) = evaluate(schema, values, unit="NV")
    assert hit.message == "Phòng Nội vụ: Năm 2015 chỉ có 20 phiếu (cần ít nhất 30)."
    assert hit.involved == ("s1_hl_mau",)
    assert evaluate(schema, values)[0].fields["unit"] == ""
    assert evaluate(schema, values, unit="Đơn vị lạ")[0].fields["unit"] == "Đơn vị lạ"


# ---- missing values and tolerance -----------------------------------------------------------------------
def _spending_rule(missing: str, **extra: Any) -> Schema:
    rule = {
        "id": "r_thu",
        "code": "thu",
        "severity": "warning",
        "left": ["s1_kp_su_dung"],
        "op": "<=",
        "right": ["s1_kp_phan_bo"],
        "missing": missing,
        "message": "{left_terms} > {right_terms} ({period})",
        "hint": "Thử.",
        **extra,
    }
    return with_rules(rule, replace=True)


def test_skip_if_any():
    schema = _spending_rule("skip_if_any")
    assert evaluate(schema, {("s1_kp_su_dung", "y2016"): 10}) == []
    assert evaluate(schema, {("s1_kp_su_dung", "y2016"): 10, ("s1_kp_phan_bo", "y2016"): None}) == []
    assert len(evaluate(schema, {("s1_kp_su_dung", "y2016"): 10, ("s1_kp_phan_bo", "y2016"): 0})) == 1


@pytest.mark.parametrize("missing", ["skip_if_all", "never"])
def test_blank_counts_as_zero(missing):
    schema = _spending_rule(missing)
    (hit,) = evaluate(schema, {("s1_kp_su_dung", "y2016"): 10})
    assert hit.period == "y2016"
    assert hit.message == "10 > (trống) (Năm 2016)"
    assert hit.fields["right"] == "0"


def test_skip_if_all_versus_never_on_empty_periods():
    # "0 < 0" fails: with never, every all-blank period fires; with skip_if_all, none does
    strict = {"op": "<"}
    never = evaluate(_spending_rule("never", **strict), {})
    assert [h.period for h in never] == [p.id for p in periods_of(SCHEMA, "s1_kp_su_dung")]
    assert never[0].message == "(trống) > (trống) (Năm 2015)"
    assert evaluate(_spending_rule("skip_if_all", **strict), {}) == []


def test_tolerance():
    schema = _spending_rule("skip_if_any", tolerance=0.5)
    quiet = {("s1_kp_su_dung", "y2016"): 100.4, ("s1_kp_phan_bo", "y2016"): 100}
    assert evaluate(schema, quiet) == []
    fire = {("s1_kp_su_dung", "y2016"): 100.6, ("s1_kp_phan_bo", "y2016"): 100}
    assert len(evaluate(schema, fire)) == 1
    # the shipped rule has no tolerance
    assert len(evaluate(SCHEMA, quiet)) == 1


def test_tolerance_makes_near_values_equal_for_strict_operators():
    schema = _spending_rule("skip_if_any", op="<", tolerance=1)
    near = {("s1_kp_su_dung", "y2016"): 99.5, ("s1_kp_phan_bo", "y2016"): 100}
    assert len(evaluate(schema, near)) == 1
    assert evaluate(schema, {**near, ("s1_kp_su_dung", "y2016"): 98}) == []


def test_float_noise_is_not_a_difference():
    values = {("s1_vbcd", "y2016"): 0.3, ("s1_vbcd_huyen_uy", "y2016"): 0.1, ("s1_vbcd_ubnd", "y2016"): 0.2}
    assert evaluate(SCHEMA, values) == []
    values = {("s7_vb_dien_tu", "y2016"): 0.1 * 3 * 1000 / 3}  # 100.00000000000001
    assert evaluate(SCHEMA, values) == []


# ---- which unit ---------------------------------------------------------------------------------------
def available(unit: str) -> set[str]:
    return {i.id for i in SCHEMA.indicators_for_unit(unit)}


MIXED: Values = {  # 2016–2017 blank, so the 2015 counts are not compared with 2018
    ("s3_hs_huyen_dung_hen", "y2015"): 11,  # VP
    ("s3_hs_huyen_tiep_nhan", "y2015"): 10,
    ("s3_hs_xa_dung_hen", "y2015"): 11,  # communes
    ("s3_hs_xa_tiep_nhan", "y2015"): 10,
    ("s7_hs_mot_cua_dt", "y2015"): 150,  # VP
    ("s3_hs_huyen_tiep_nhan", "y2018"): 100,
    ("s3_hs_huyen_tiep_nhan", "y2019"): 500,
    ("s3_hs_xa_tiep_nhan", "y2018"): 100,
    ("s3_hs_xa_tiep_nhan", "y2019"): 500,
}


def test_available_for_a_commune():
    hits = evaluate(SCHEMA, MIXED, available=available("22714"), unit="22714")
    assert keys(hits) == [
        ("r_s3_dung_hen_xa", "y2015", "s3_hs_xa_dung_hen"),
        ("r_bien_dong_ho_so", "y2019", "s3_hs_xa_tiep_nhan"),
    ]
    assert all(h.fields["unit"] == "Thị trấn Tô Hạp" for h in hits)


def test_available_for_the_office():
    hits = evaluate(SCHEMA, MIXED, available=available("VP"))
    assert keys(hits) == [
        ("r_s3_dung_hen_huyen", "y2015", "s3_hs_huyen_dung_hen"),
        ("r_ty_le", "y2015", "s7_hs_mot_cua_dt"),
        ("r_bien_dong_ho_so", "y2019", "s3_hs_huyen_tiep_nhan"),
    ]


def test_without_available_everything_applies():
    hits = evaluate(SCHEMA, MIXED)
    assert keys(hits) == [
        ("r_s3_dung_hen_huyen", "y2015", "s3_hs_huyen_dung_hen"),
        ("r_s3_dung_hen_xa", "y2015", "s3_hs_xa_dung_hen"),
        ("r_ty_le", "y2015", "s7_hs_mot_cua_dt"),
        ("r_bien_dong_ho_so", "y2019", "s3_hs_huyen_tiep_nhan"),
        ("r_bien_dong_ho_so", "y2019", "s3_hs_xa_tiep_nhan"),
    ]
    assert evaluate(SCHEMA, MIXED, available=[]) == []


def test_compare_needs_all_its_indicators():
    # Phòng Nội vụ and the communes report both kinh phí rows; Phòng Tư pháp reports neither
    values = {("s1_kp_su_dung", "y2016"): 10, ("s1_kp_phan_bo", "y2016"): 5}
    assert len(evaluate(SCHEMA, values, available=available("NV"))) == 1
    assert len(evaluate(SCHEMA, values, available=available("22735"))) == 1
    assert evaluate(SCHEMA, values, available=available("TP")) == []
    assert evaluate(SCHEMA, values, available={"s1_kp_su_dung"}) == []


# ---- change rules ---------------------------------------------------------------------------------------
def test_partial_year_flow_is_annualised():
    rule = SCHEMA.rules[[r.id for r in SCHEMA.rules].index("r_bien_dong_ho_so")]
    assert rule.max_ratio == 3
    assert SCHEMA.indicator_by_id["s3_hs_huyen_tiep_nhan"].temporal == "flow"
    # 30 in the first quarter ≈ 120 a year: not a fall from 100 (30/100 taken as it is would fire)
    q1 = {("s3_hs_huyen_tiep_nhan", "y2019"): 100, ("s3_hs_huyen_tiep_nhan", "y2020"): 30}
    assert evaluate(SCHEMA, q1) == []
    # 100 in the first quarter (91 of 366 days) ≈ 402 a year: four times 100
    q1[("s3_hs_huyen_tiep_nhan", "y2020")] = 100
    (hit,) = evaluate(SCHEMA, q1)
    assert (hit.rule.id, hit.period) == ("r_bien_dong_ho_so", "y2020")
    # the message shows the figures it compared (issue 9: not "100 … so với 100 (gấp 4 lần)")
    assert hit.message == (
        "Số hồ sơ TTHC cấp huyện đã tiếp nhận: 100 (quy đổi cả năm ≈ 402) ở Năm 2020 (tính đến 31/3) "
        "so với 100 ở Năm 2019 (gấp 4 lần)."
    )
    assert hit.fields["value"].startswith("100 ")  # as typed first, then annualised


def test_partial_year_stock_is_not_annualised():
    assert SCHEMA.indicator_by_id["s5_cbcc_giao"].temporal == "stock"
    same = {("s5_cbcc_giao", "y2019"): 100, ("s5_cbcc_giao", "y2020"): 100}
    assert evaluate(SCHEMA, same) == []
    fall = {("s5_cbcc_giao", "y2019"): 100, ("s5_cbcc_giao", "y2020"): 30}
    (hit,) = evaluate(SCHEMA, fall)
    assert (hit.rule.id, hit.period, hit.fields["ratio"]) == ("r_bien_dong_quy_mo", "y2020", "3,3")


@pytest.mark.parametrize(
    ("previous", "current"),
    [(0, 500), (500, 0), (None, 500), (500, None), (0, 0)],
)
def test_change_skips_zero_and_blank(previous, current):
    values = {("s3_pakn_tiep_nhan", "y2018"): previous, ("s3_pakn_tiep_nhan", "y2019"): current}
    assert evaluate(SCHEMA, values) == []


def test_change_min_base():
    small = {("s3_pakn_tiep_nhan", "y2018"): 5, ("s3_pakn_tiep_nhan", "y2019"): 19}
    assert evaluate(SCHEMA, small) == []
    small[("s3_pakn_tiep_nhan", "y2019")] = 21
    (hit,) = evaluate(SCHEMA, small)
    assert hit.fields["ratio"] == "4,2"


def test_change_compares_consecutive_years_only():
    # a gap: 2016 blank, so 2015 → 2017 is never compared
    values = {("s7_vb_gui_truc", "y2015"): 100, ("s7_vb_gui_truc", "y2017"): 1000}
    assert evaluate(SCHEMA, values) == []
    values[("s7_vb_gui_truc", "y2016")] = 100
    assert keys(evaluate(SCHEMA, values)) == [("r_bien_dong_ho_so", "y2017", "s7_vb_gui_truc")]


def test_change_ignores_stage_periods():
    schema = with_rules(
        {
            "id": "r_giai_doan",
            "code": "thu",
            "severity": "warning",
            "kind": "change",
            "indicators": ["s4_dvsn"],
            "max_ratio": 1.5,
            "message": "{indicator}: {value}/{previous}",
            "hint": "Thử.",
        },
        replace=True,
    )
    assert evaluate(schema, {("s4_dvsn", "gd2001_2010"): 1, ("s4_dvsn", "gd2011_2020"): 100}) == []


# ---- order, caching -------------------------------------------------------------------------------------
def test_order_is_rule_then_period_then_indicator():
    values: Values = {}
    for period in ("y2016", "y2015"):
        for ind in ("s7_hs_mot_cua_dt", "s1_hl_muc_do"):
            values[(ind, period)] = 200
    values |= {("s5_cbcc_co_mat", "y2016"): 5, ("s5_cbcc_giao", "y2016"): 4}
    values |= {("s5_cbcc_co_mat", "y2015"): 5, ("s5_cbcc_giao", "y2015"): 4}
    values |= {("s1_vbcd", "y2019"): 1, ("s1_vbcd_huyen_uy", "y2019"): 1, ("s1_vbcd_ubnd", "y2019"): 1}
    assert keys(evaluate(SCHEMA, values)) == [
        ("r_s1_vbcd_tong", "y2019", "s1_vbcd"),
        ("r_s5_cbcc_co_mat", "y2015", "s5_cbcc_co_mat"),
        ("r_s5_cbcc_co_mat", "y2016", "s5_cbcc_co_mat"),
        ("r_ty_le", "y2015", "s1_hl_muc_do"),
        ("r_ty_le", "y2015", "s7_hs_mot_cua_dt"),
        ("r_ty_le", "y2016", "s1_hl_muc_do"),
        ("r_ty_le", "y2016", "s7_hs_mot_cua_dt"),
    ]


def test_rules_are_compiled_once_per_schema():
    assert compile_rules(SCHEMA) is compile_rules(SCHEMA)
    other = with_rules(replace=True)
    assert compile_rules(other) is not compile_rules(SCHEMA)
    values = {("s1_vbcd", "y2016"): 2, ("s1_vbcd_huyen_uy", "y2016"): 1, ("s1_vbcd_ubnd", "y2016"): 0}
    assert evaluate(other, values) == []
    assert len(evaluate(SCHEMA, values)) == 1
    assert keys(RuleSet(SCHEMA).evaluate(values)) == keys(evaluate(SCHEMA, values))

"""The bundled schema is all of Phụ lục 2, and broken schemas are refused with file, line and key."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from cchc_cli.errors import SchemaError
from cchc_cli.schema import Aggregate, ValueKind, load_schema, load_schema_text
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.validation.findings import CATALOGUE

REPO = Path(__file__).resolve().parents[1]
COMMUNES = ["22714", "22717", "22720", "22723", "22726", "22729", "22732", "22735"]


@pytest.fixture(scope="module")
def schema():
    return load_schema()


def test_bundled_schema_is_the_repo_file(schema):
    assert load_schema(REPO / "schemas" / "khanh-son-2011-2020.yaml") == schema


def test_campaign_metadata(schema):
    c = schema.campaign
    assert c.plan_number == "283/KH-UBND"
    assert str(c.deadline) == "2020-06-01"
    assert c.district == "huyện Khánh Sơn" and c.province == "tỉnh Khánh Hòa"
    labels = [p.label for p in schema.periods if p.kind == "year"]
    assert labels == ["Năm 2015", "Năm 2016", "Năm 2017", "Năm 2018", "Năm 2019", "Năm 2020 (tính đến 31/3)"]
    y2020 = schema.period_by_id["y2020"]
    assert y2020.partial and 0.24 < y2020.fraction_of_year < 0.26


def test_unit_registry(schema):
    codes = {u.code: u.name for u in schema.units}
    assert codes["22714"] == "Thị trấn Tô Hạp" and codes["22735"] == "Xã Ba Cụm Nam"
    assert codes["KTHT"] == "Phòng Kinh tế và Hạ tầng"
    assert codes["TTVHTTTT"] == "Trung tâm Văn hóa – Thông tin và Thể thao"
    assert schema.group_by_id["cap_xa"].members == COMMUNES


def test_sections_and_rows(schema):
    per_section = {s.id: sum(1 for i in schema.indicators if i.section == s.id) for s in schema.sections}
    # Rows of Phụ lục 2 part II (section 3 gains the two counts under each on-time rate;
    # section 8 has 11 goals after merging the duplicated goal 5/6).
    assert per_section == {"s1": 19, "s2": 11, "s3": 20, "s4": 7, "s5": 12, "s6": 6, "s7": 14, "s8": 11}
    shapes = {s.id: s.shape for s in schema.sections}
    assert shapes["s4"] == "periods_as_rows" and shapes["s8"] == "assessment"
    s8 = [i for i in schema.indicators if i.section == "s8"]
    assert [i.stt for i in s8] == [str(n) for n in range(1, 12)]
    assert all(i.kind is ValueKind.GRADE and len(schema.reporting_units[i.id]) == 1 for i in s8)


def test_rate_rows_capture_counts(schema):
    rate = schema.indicator_by_id["s3_dung_hen_xa"]
    assert rate.derive is not None and rate.aggregate is Aggregate.RATIO and not rate.is_input
    assert rate.derive.ratio.numerator == "s3_hs_xa_dung_hen"
    assert rate.derive.ratio.denominator == "s3_hs_xa_tiep_nhan"
    assert schema.reporting_units["s3_hs_xa_tiep_nhan"] == COMMUNES


def test_aggregations(schema):
    agg = {i.id: i.aggregate for i in schema.indicators}
    assert agg["s3_tthc_xa"] is Aggregate.SAME
    assert agg["s3_tthc_tong"] is Aggregate.CHILDREN_SUM
    assert agg["s3_pakn_tiep_nhan"] is Aggregate.SUM
    assert agg["s1_lop_tap_huan"] is Aggregate.SUM
    assert agg["s5_cbcc_giao"] is Aggregate.SINGLE
    assert not any(i.kind is ValueKind.PERCENT and a is Aggregate.SUM for i in schema.indicators for a in [agg[i.id]])


def test_rules_declared(schema):
    by_id = {r.id: r for r in schema.rules}
    r = by_id["r_s5_cbcc_co_mat"]
    assert (r.left, r.op, r.right, r.severity) == (["s5_cbcc_co_mat"], "<=", ["s5_cbcc_giao"], "error")
    assert by_id["r_s3_pakn_giai_quyet"].op == "<="
    assert by_id["r_s1_vbcd_tong"].code == "tong-khong-khop"
    assert by_id["r_s2_tong_toan_huyen"].scope == "district"
    assert set(by_id["r_ty_le"].indicators) == {
        i.id for i in schema.indicators if i.kind is ValueKind.PERCENT and i.is_input
    }
    assert {r.kind for r in schema.rules} == {"compare", "range", "change"}
    for rule in schema.rules:
        assert rule.message and rule.hint


def test_corrections_recorded(schema):
    text = {c.id: c for c in schema.corrections}
    assert "87/KH-UBND" in text["c01_so_ke_hoach"].source and "283/KH-UBND" in text["c01_so_ke_hoach"].used
    assert "VBQGPL" in text["c03_vbqppl"].source
    assert "9010" in text["c04_iso"].source and "9001:2015" in text["c04_iso"].used
    assert "phường" in text["c02_cap_hanh_chinh"].source
    assert "11 mục tiêu" in text["c07_muc_tieu_trung"].used
    all_text = " ".join(i.text for i in schema.indicators)
    for wrong in ("VBQGPL", "thành phố", "xã, phường", "mức độ 3.4", "Số cơ chuyên môn"):
        assert wrong not in all_text


def test_all_text_is_nfc():
    _, text = default_schema_text()
    assert unicodedata.is_normalized("NFC", text)


def test_nfd_input_is_normalised():
    _, text = default_schema_text()
    schema = load_schema_text(unicodedata.normalize("NFD", text), "nfd.yaml")
    assert schema.unit_by_code["22714"].name == "Thị trấn Tô Hạp"


# ---- broken schemas --------------------------------------------------------------------------------


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    _, text = default_schema_text()
    assert text.count(old) >= count, old
    broken = text.replace(old, new, count)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    return path, broken


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def _problems(path: Path) -> list[str]:
    with pytest.raises(SchemaError) as err:
        load_schema(path)
    return err.value.problems


def test_unknown_unit_named_with_line_and_key(tmp_path):
    path, text = _broken(tmp_path, "reporters: [TTVHTTTT]", "reporters: [TTVH]")
    (problem,) = _problems(path)
    line = _line_of(text, "reporters: [TTVH]")
    assert problem.startswith(f"{path}:{line}: khóa indicators[6].reporters[0]")
    assert "«TTVH»" in problem


def test_duplicate_indicator_id(tmp_path):
    path, text = _broken(tmp_path, "{id: s1_kiem_tra,", "{id: s1_vbcd,")
    problems = _problems(path)
    line = _line_of(text, '{id: s1_vbcd, section: s1, stt: "2"')
    assert any(f":{line}: khóa indicators[3]" in p and "bị khai báo trùng" in p for p in problems)


def test_rule_naming_missing_indicator(tmp_path):
    path, text = _broken(tmp_path, "right: [s5_cbcc_giao]", "right: [s5_cbcc_duoc_giao]")
    (problem,) = _problems(path)
    assert f":{_line_of(text, 'right: [s5_cbcc_duoc_giao]')}: khóa rules[" in problem
    assert "s5_cbcc_duoc_giao" in problem and "không có trong indicators" in problem


def test_rule_code_that_is_a_built_in_code_is_refused(tmp_path):
    path, text = _broken(tmp_path, "code: cbcc-vuot-bien-che", "code: so-am")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:{_line_of(text, 'code: so-am')}: khóa rules[")
    assert "«r_s5_cbcc_co_mat»" in problem and "«so-am»" in problem and "trùng mã có sẵn" in problem


def test_rule_code_used_by_two_rules_is_refused(tmp_path):
    path, text = _broken(tmp_path, "code: vien-chuc-vuot-bien-che", "code: cbcc-vuot-bien-che")
    (problem,) = _problems(path)
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if "code: cbcc-vuot-bien-che" in line]
    assert problem.startswith(f"{path}:{lines[1]}: khóa rules[")  # the second use is the one refused
    assert "«r_s5_vc_co_mat»" in problem and "«r_s5_cbcc_co_mat»" in problem and "mỗi quy tắc một mã riêng" in problem


def test_rule_codes_are_unique_and_not_built_in(schema):
    codes = [r.code for r in schema.rules]
    assert len(set(codes)) == len(codes)
    assert not set(codes) & set(CATALOGUE)


def test_parent_cycle(tmp_path):
    path, _ = _broken(tmp_path, "{id: s1_vbcd, section: s1,", "{id: s1_vbcd, section: s1, parent: s1_vbcd_ubnd,")
    problems = _problems(path)
    assert any("vòng lặp" in p and "s1_vbcd" in p for p in problems)


def test_period_used_nowhere(tmp_path):
    path, text = _broken(
        tmp_path,
        "periods:\n  - {id: y2015",
        "periods:\n  - {id: y2014, label: Năm 2014, kind: year, start: 2014-01-01, end: 2014-12-31}\n  - {id: y2015",
    )
    (problem,) = _problems(path)
    assert f":{_line_of(text, 'id: y2014')}: khóa periods[0].id" in problem and "y2014" in problem


def test_unknown_key_and_bad_value(tmp_path):
    path, text = _broken(tmp_path, "severity: error\n    left: [s1_vbcd]", "severity: fatal\n    left: [s1_vbcd]")
    (problem,) = _problems(path)
    assert f":{_line_of(text, 'severity: fatal')}: khóa rules[0].severity" in problem
    assert "không hợp lệ" in problem


def test_yaml_syntax_error(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("schema:\n  id: [x\n", encoding="utf-8")
    (problem,) = _problems(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: YAML sai cú pháp", problem)


def test_round_trip_through_yaml_dump(tmp_path, schema):
    """The model's own dump loads back to the same schema (no field is lost by the model)."""
    data = schema.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    path = tmp_path / "dump.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_schema(path) == schema

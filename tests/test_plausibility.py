"""Plausibility declared in the schema (issue 9 §3): money in the wrong unit and a count far off its other years.

Bounds come from the value kind (cchc_cli.kinds) unless the indicator's ``plausible:`` overrides them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.kinds import plausible_for
from cchc_cli.schema import load_schema
from cchc_cli.schema.loader import load_schema_text
from cchc_cli.schema.model import Schema
from cchc_cli.validation.engine import FileResult, validate_paths
from cchc_cli.workbook.layout import build_layout

SCHEMA = load_schema()
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "khanh-son-2011-2020.yaml"
MONEY_ROW = (
    '  - {id: s1_kp_su_dung, section: s1, parent: s1_kinh_phi, stt: "-", text: Kinh phí CCHC sử dụng, kind: money'
)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pl")
    written = {u.code: p for u, p, _ in generate_templates(SCHEMA, out, ["NV", "22726"]).written}
    files = {}
    for code, template in written.items():
        files[code] = out / f"{code}-sach.xlsx"
        fill_unit(SCHEMA, template, files[code], consistent_values(SCHEMA, code))
    return files


def cell_of(unit: str, indicator: str, period: str) -> tuple[str, str]:
    for sheet, cell in build_layout(SCHEMA, unit).cells("input"):
        if (cell.indicator, cell.period) == (indicator, period):
            return sheet.name, cell.ref
    raise KeyError((unit, indicator, period))


def typed(src: Path, out: Path, changes: dict[tuple[str, str], object]) -> Path:
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in changes.items():
        wb[sheet][ref] = value
    wb.save(out)
    return out


def check(path: Path, schema: Schema = SCHEMA) -> FileResult:
    (result,) = validate_paths(schema, [path], workers=1).files
    return result


def with_plausible(bounds: str) -> Schema:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith(MONEY_ROW))
    return load_schema_text(text.replace(line, line.removesuffix("}") + f", plausible: {bounds}}}"), "test.yaml")


def test_money_typed_in_dong_in_a_trieu_dong_row_names_the_slip(clean, tmp_path):
    sheet, ref = cell_of("NV", "s1_kp_su_dung", "y2017")
    result = check(typed(clean["NV"], tmp_path / "kp.xlsx", {(sheet, ref): "12.500.000"}))
    plausibility = [f for f in result.findings if f.code in ("ngoai-muc-hop-ly", "chenh-lech-bat-thuong")]
    assert [(f.code, f.sheet, f.cell, f.severity) for f in plausibility] == [
        ("ngoai-muc-hop-ly", sheet, ref, "warning")
    ]
    assert [f.code for f in result.findings] == ["ngoai-muc-hop-ly"]  # not also "used > allocated": one slip
    assert plausibility[0].message == (
        "12.500.000 triệu đồng nằm ngoài mức hợp lý của chỉ tiêu này (từ 0 đến 100.000); "
        "có thể đã nhập theo đồng thay vì triệu đồng (nếu vậy, ghi 12,5)."
    )


def test_an_amount_far_past_the_plausible_maximum_is_refused(clean, tmp_path):
    """1e15 triệu đồng in a row whose plausible maximum is 100.000: an error, never in the master or the draft."""
    from cchc_cli.merge.engine import build_master

    sheet, ref = cell_of("NV", "s1_kp_su_dung", "y2017")
    path = typed(clean["NV"], tmp_path / "kp.xlsx", {(sheet, ref): 1e15})
    report = validate_paths(SCHEMA, [path], workers=1)
    (result,) = report.files
    (hit,) = [f for f in result.findings if f.cell == ref and f.code.endswith("muc-hop-ly")]
    assert (hit.code, hit.severity) == ("vuot-xa-muc-hop-ly", "error")
    assert "lớn gấp hơn 1.000 lần mức hợp lý của chỉ tiêu này (từ 0 đến 100.000)" in hit.message
    assert build_master(SCHEMA, report).by_unit.get("NV") is None


def test_a_count_a_thousand_times_its_other_years_is_caught_once(clean, tmp_path):
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2018")
    values = consistent_values(SCHEMA, "22726")
    big = int(values[("s3_pakn_tiep_nhan", "y2018")]) * 1000  # type: ignore[call-overload]
    result = check(typed(clean["22726"], tmp_path / "pakn.xlsx", {(sheet, ref): big}))
    mine = [f for f in result.findings if f.cell == ref]
    assert [f.code for f in mine] == ["chenh-lech-bat-thuong"]  # not also the change rule at this cell
    assert "gấp" in mine[0].message and "có thể gõ thừa 3 chữ số" in mine[0].message
    assert "ở Năm 2018" in mine[0].message and "(khoảng " in mine[0].message
    assert not [f for f in result.findings if f.code.startswith("bien-dong")]  # the slip is said once


def test_a_count_with_digits_missing_is_caught_too(clean, tmp_path):
    sheet, ref = cell_of("22726", "s5_boi_duong_cc", "y2016")
    values = consistent_values(SCHEMA, "22726")
    assert int(values[("s5_boi_duong_cc", "y2016")]) >= 50  # type: ignore[call-overload]
    small = max(1, int(values[("s5_boi_duong_cc", "y2016")]) // 100)  # type: ignore[call-overload]
    result = check(typed(clean["22726"], tmp_path / "thieu.xlsx", {(sheet, ref): small}))
    (hit,) = [f for f in result.findings if f.code == "chenh-lech-bat-thuong"]
    assert hit.cell == ref and "thấp hơn" in hit.message


def test_clean_values_give_no_plausibility_finding(clean):
    assert check(clean["NV"]).findings == [] and check(clean["22726"]).findings == []


def test_schema_overrides_the_kind_default(clean, tmp_path):
    sheet, ref = cell_of("NV", "s1_kp_su_dung", "y2017")
    tight = with_plausible("{max: 50}")
    bounds = plausible_for(tight.indicator_by_id["s1_kp_su_dung"])
    assert bounds is not None and (bounds.min, bounds.max, bounds.max_ratio) == (0, 50, 20)  # the rest from money
    result = check(typed(clean["NV"], tmp_path / "kp.xlsx", {(sheet, ref): 60}), tight)
    (hit,) = [f for f in result.findings if f.code == "ngoai-muc-hop-ly" and f.cell == ref]
    assert "(từ 0 đến 50)" in hit.message
    off = with_plausible("{max: null, max_ratio: null}")
    result = check(typed(clean["NV"], tmp_path / "kp2.xlsx", {(sheet, ref): 12_500_000}), off)
    assert not [f for f in result.findings if f.code in ("ngoai-muc-hop-ly", "chenh-lech-bat-thuong")]


def test_schema_check_refuses_plausible_on_a_percent_row():
    from cchc_cli.errors import CchcError

    text = SCHEMA_FILE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "id: s1_hl_muc_do," in ln)
    with pytest.raises(CchcError, match="plausible"):
        load_schema_text(text.replace(line, line.removesuffix("}") + ", plausible: {max: 5}}"), "x.yaml")

"""Returns saved by the real client (LibreOffice) validate exactly like the ones filled by openpyxl."""

from __future__ import annotations

import openpyxl
import pytest
from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.validation.annotate import annotate_all
from cchc_cli.validation.engine import validate_paths
from cchc_cli.workbook.layout import build_layout

pytestmark = pytest.mark.office
SCHEMA = load_schema()
UNITS = ["VP", "NV", "22714"]


def _cell(code: str, indicator: str, period: str) -> tuple[str, str]:
    for sheet, cell in build_layout(SCHEMA, code).cells("input"):
        if (cell.indicator, cell.period) == (indicator, period):
            return sheet.name, cell.ref
    raise KeyError(indicator)


def _summary(report):
    return {
        r.unit: ([(f.code, f.sheet, f.cell) for f in r.findings], r.values)
        for r in sorted(report.files, key=lambda r: r.unit or "")
    }


def test_libreoffice_saved_returns_validate_the_same(tmp_path, soffice):
    templates = {u.code: p for u, p, _ in generate_templates(SCHEMA, tmp_path / "mau", UNITS).written}
    filled = tmp_path / "openpyxl"
    filled.mkdir()
    for code, template in templates.items():
        values = consistent_values(SCHEMA, code, seed=7)
        if code == "NV":  # one planted fault and one blank with a reason, to compare non-empty reports too
            values[("s5_tinh_gian", "y2018")] = -2
            values[("s1_mo_hinh", "y2015")] = None
        fill_unit(SCHEMA, template, filled / f"{code}.xlsx", values)
    wb = openpyxl.load_workbook(filled / "NV.xlsx")
    sheet, ref = _cell("NV", "s1_mo_hinh", "y2015")
    wb[sheet]["J" + ref[1:]] = "Năm 2015 chưa theo dõi"
    wb.save(filled / "NV.xlsx")

    saved = tmp_path / "libreoffice"
    soffice(sorted(filled.glob("*.xlsx")), "xlsx", saved)

    direct = validate_paths(SCHEMA, [filled], workers=1)
    through_lo = validate_paths(SCHEMA, [saved], workers=1)
    assert _summary(direct) == _summary(through_lo)
    nv = next(r for r in through_lo.files if r.unit == "NV")
    assert sorted(f.code for f in nv.findings) == ["so-am", "trong-co-giai-thich"]
    assert all(not r.findings for r in through_lo.files if r.unit != "NV")


def test_formula_in_input_cell_saved_by_libreoffice_is_a_warning(tmp_path, soffice):
    template = generate_templates(SCHEMA, tmp_path / "mau", ["VP"]).written[0][1]
    values = consistent_values(SCHEMA, "VP", seed=3)
    sheet, ref = _cell("VP", "s7_dvc_34", "y2016")
    values[("s7_dvc_34", "y2016")] = "=40+5"
    fill_unit(SCHEMA, template, tmp_path / "VP.xlsx", values)
    (saved,) = soffice([tmp_path / "VP.xlsx"], "xlsx", tmp_path / "lo")
    (result,) = validate_paths(SCHEMA, [saved], workers=1).files
    assert [(f.code, f.sheet, f.cell, f.severity) for f in result.findings if not f.code.startswith("bien-dong")] == [
        ("cong-thuc", sheet, ref, "warning")
    ]
    assert result.values[("s7_dvc_34", "y2016")] == 45


def test_annotated_copy_opens_in_libreoffice(tmp_path, soffice):
    template = generate_templates(SCHEMA, tmp_path / "mau", ["22714"]).written[0][1]
    values = consistent_values(SCHEMA, "22714", seed=1)
    values[("s3_pakn_tiep_nhan", "y2017")] = "12 hồ sơ"
    values[("s3_hs_xa_dung_hen", "y2019")] = 10_000
    fill_unit(SCHEMA, template, tmp_path / "tra-lai.xlsx", values)
    report = validate_paths(SCHEMA, [tmp_path / "tra-lai.xlsx"], workers=1)
    written, _ = annotate_all(report.files, tmp_path / "danh-dau")
    (pdf,) = soffice(written, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    (resaved,) = soffice(written, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(resaved)
    assert wb.sheetnames[0] == "Kết quả kiểm tra"
    sheet, ref = _cell("22714", "s3_pakn_tiep_nhan", "y2017")
    assert "12 hồ sơ" in wb[sheet][ref].comment.text


@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_returns_saved_as_ods_or_xls_are_read(tmp_path, soffice, fmt):
    template = generate_templates(SCHEMA, tmp_path / "mau", ["VP"]).written[0][1]
    values = consistent_values(SCHEMA, "VP", seed=5)
    fill_unit(SCHEMA, template, tmp_path / "VP.xlsx", values)
    (converted,) = soffice([tmp_path / "VP.xlsx"], fmt, tmp_path / fmt)
    (result,) = validate_paths(SCHEMA, [converted], workers=1).files
    assert result.unit == "VP" and result.read
    # xlrd can't see formulas: an .xls return says so once (issue 8), never a silent pass
    assert [f.code for f in result.findings] == (["khong-kiem-tra-cong-thuc"] if fmt == "xls" else [])
    for key, value in values.items():
        assert result.values[key] == value, key


@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_an_ods_or_xls_return_with_an_error_gets_an_xlsx_copy_marked_at_the_cell(tmp_path, soffice, fmt):
    """A unit that works in LibreOffice sends .ods (or .xls): its annotated copy is an .xlsx LibreOffice makes
    of it, with the finding on the same sheet and cell; the unit's file is not changed."""
    template = generate_templates(SCHEMA, tmp_path / "mau", ["NV"]).written[0][1]
    values = consistent_values(SCHEMA, "NV", seed=3)
    sheet, ref = _cell("NV", "s5_tinh_gian", "y2018")
    values[("s5_tinh_gian", "y2018")] = -4
    fill_unit(SCHEMA, template, tmp_path / "NV.xlsx", values)
    (converted,) = soffice([tmp_path / "NV.xlsx"], fmt, tmp_path / fmt)
    before = converted.read_bytes()
    report = validate_paths(SCHEMA, [converted], workers=1)
    (result,) = report.files
    assert ("so-am", sheet, ref) in [(f.code, f.sheet, f.cell) for f in result.findings]
    written, left = annotate_all(report.files, tmp_path / "tra-lai", schema=SCHEMA)
    assert not left
    (copy,) = written
    assert copy.name == "NV_NV_kiem-tra.xlsx"
    wb = openpyxl.load_workbook(copy)
    assert wb[sheet][ref].comment is not None and "âm" in wb[sheet][ref].comment.text
    assert converted.read_bytes() == before


@pytest.mark.parametrize("code", ['#,##0;-#,##0;"-"', '#,##0.0;-#,##0.0;""'])
def test_a_zero_as_dash_format_saved_as_ods_reads_the_numbers(tmp_path, soffice, code):
    """LibreOffice writes "zero as – (or blank)" formats as a text-only style with maps for >0 and <0: the
    numbers are read as shown, never refused as hidden by the format."""
    template = generate_templates(SCHEMA, tmp_path / "mau", ["NV"]).written[0][1]
    values = consistent_values(SCHEMA, "NV", seed=7)
    (tmp_path / "in").mkdir()
    fill_unit(SCHEMA, template, tmp_path / "in" / "NV.xlsx", values)
    wb = openpyxl.load_workbook(tmp_path / "in" / "NV.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=6, min_col=4, max_col=9):
            for cell in row:
                cell.number_format = code
    wb.save(tmp_path / "in" / "NV.xlsx")
    (converted,) = soffice([tmp_path / "in" / "NV.xlsx"], "ods", tmp_path / "ods")
    (result,) = validate_paths(SCHEMA, [converted], workers=1).files
    assert not [f for f in result.findings if f.code == "dinh-dang-che-so"]
    assert not result.errors  # money shown with no decimals is rightly said (hien-thi-lam-tron), never refused
    for key, value in values.items():
        if isinstance(value, int | float):
            assert result.values[key] == value, key

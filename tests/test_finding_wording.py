"""What a finding says fits the cell and the file: the value kind's own words (kinds.py), the number stored
behind a date format, no program named for a file another program wrote, no warning about a sheet without
inputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.reading.sources import Source
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import FileResult, Validator, validate_paths
from cchc_cli.validation.findings import CATALOGUE
from cchc_cli.validation.values import excel_serial, parse_cell
from cchc_cli.workbook.layout import GUIDE_SHEET, build_layout

SCHEMA = load_schema()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bieu-mau")
    files = {}
    for unit, template, _ in generate_templates(SCHEMA, out, ["22726", "NV"]).written:
        files[unit.code] = out / f"{unit.code}-sach.xlsx"
        fill_unit(SCHEMA, template, files[unit.code], consistent_values(SCHEMA, unit.code))
    return files


def check_one(path: Path) -> FileResult:
    (result,) = validate_paths(SCHEMA, [path], workers=1).files
    return result


def input_of(unit: str, kind: str) -> tuple[str, str]:
    return next((s.name, c.ref) for s, c in build_layout(SCHEMA, unit).cells("input") if c.kind == kind)


def edit(src: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out


def test_a_negative_amount_is_called_an_amount_and_a_negative_count_a_count(clean, tmp_path):
    money, count = input_of("22726", "money"), input_of("22726", "count")

    def change(wb):
        wb[money[0]][money[1]] = -5
        wb[count[0]][count[1]] = -3

    result = check_one(edit(clean["22726"], tmp_path / "am.xlsx", change))
    by_cell = {(f.sheet, f.cell): f for f in result.findings if f.code == "so-am"}
    assert by_cell[money].message == "Số âm (-5) ở ô số tiền."
    assert by_cell[money].hint.startswith("Ô số tiền không nhận số âm")
    assert by_cell[count].message == "Số âm (-3) ở ô số lượng."
    assert "số lượng" not in by_cell[money].message + by_cell[money].hint


def test_a_number_in_a_date_formatted_cell_says_the_number_stored_and_how_to_change_the_format(clean, tmp_path):
    sheet, ref = input_of("22726", "count")

    def change(wb):
        wb[sheet][ref] = 2
        wb[sheet][ref].number_format = "dd/mm/yyyy"

    result = check_one(edit(clean["22726"], tmp_path / "ngay.xlsx", change))
    (f,) = [f for f in result.findings if f.cell == ref]
    assert (f.code, f.severity, f.sheet) == ("dinh-dang-ngay", "error", sheet)
    assert f.message == "Ô cần một số nhưng có định dạng ngày giờ nên đang hiện «02/01/1900»; số lưu trong ô là 2."
    assert "Format Cells → Number" in f.hint and "ô sẽ hiện 2" in f.hint
    assert "số nguyên không âm" in f.hint  # the kind's own hint for typing it again


def test_the_number_behind_a_date_is_the_spreadsheet_serial():
    assert excel_serial(date(1900, 1, 2)) == 2
    assert excel_serial(date(1900, 2, 28)) == 59
    assert excel_serial(date(1900, 3, 1)) == 61  # after Excel's 29/02/1900
    assert excel_serial(datetime(2020, 1, 1, 12)) == 43831.5
    assert excel_serial(time(12)) == 0.5
    assert excel_serial(timedelta(days=1, hours=6)) == 1.25
    parsed = parse_cell(date(2020, 3, 15), "money")
    assert (parsed.value, parsed.code, parsed.fields["stored"]) == (None, "dinh-dang-ngay", "43.905")
    assert parse_cell(date(2020, 3, 15), "text").value == "15/03/2020"  # a date in a text cell is its text


def test_a_percent_format_message_names_no_program(clean, tmp_path):
    sheet, ref = input_of("NV", "percent")

    def change(wb):
        wb[sheet][ref] = 0.985
        wb[sheet][ref].number_format = "0.0%"

    result = check_one(edit(clean["NV"], tmp_path / "phan-tram.xlsx", change))
    (f,) = [f for f in result.findings if f.cell == ref]
    assert f.code == "doc-theo-phan-tram"
    assert f.message == "Ô định dạng phần trăm: giá trị lưu trong tệp là 0,985, hiển thị 98,5%; đã đọc là 98,5."
    for code in ("doc-theo-phan-tram", "phan-tram-sai-cho"):  # the same words for .xlsx, .ods and .xls files
        assert "Excel" not in CATALOGUE[code].message


def test_a_percent_format_on_an_amount_does_not_call_it_a_count(clean, tmp_path):
    sheet, ref = input_of("22726", "money")

    def change(wb):
        wb[sheet][ref] = 0.5
        wb[sheet][ref].number_format = "0%"

    result = check_one(edit(clean["22726"], tmp_path / "tien-phan-tram.xlsx", change))
    (f,) = [f for f in result.findings if f.cell == ref]
    assert f.code == "phan-tram-sai-cho"
    assert (
        f.message
        == "Ô không phải ô tỷ lệ nhưng có định dạng phần trăm: giá trị lưu trong tệp là 0,5 nhưng hiển thị 50%."
    )
    assert "số lượng" not in f.message + f.hint


def test_a_deleted_guide_sheet_gets_no_warning_about_unchecked_inputs(clean, tmp_path):
    result = check_one(edit(clean["22726"], tmp_path / "xoa-hd.xlsx", lambda wb: wb.remove(wb[GUIDE_SHEET])))
    assert [(f.code, f.sheet) for f in result.findings] == [("thieu-trang", GUIDE_SHEET)]


def test_a_password_on_the_zip_is_not_blamed_on_the_workbook(tmp_path):
    # What the engine reports for a spreadsheet inside a password-protected .zip (Source.problem, which the
    # collector sets for an encrypted member): the .zip's own reason and hint, not the workbook's.
    source = Source(tmp_path / "bao-cao.zip", "bao-cao.zip › Sơn Bình.xlsx", "Sơn Bình.xlsx")
    result = Validator(SCHEMA).check(replace(source, problem=("tep-nen-mat-khau", "bao-cao.zip")))
    ((code, severity, message, hint),) = [(f.code, f.severity, f.message, f.hint) for f in result.findings]
    assert (code, severity) == ("tep-nen-mat-khau", "error")
    assert message == "Tệp nén «bao-cao.zip» được đặt mật khẩu nên không mở được bảng tính bên trong."
    assert "nén lại không đặt mật khẩu" in hint and "Protect Workbook" not in hint
    assert "Protect Workbook" in CATALOGUE["tep-ma-hoa"].hint  # a workbook's own password keeps its hint

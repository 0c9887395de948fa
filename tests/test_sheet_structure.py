"""Structural slips of real returns, each one finding that names the sheet and where, and stopping only the
sheet it makes unreliable: a year column inserted or deleted, a label reworded in the schema after the
templates were sent, a hidden sheet, a visible "(2)" copy of a sheet edited instead of the original."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from campaign import consistent_values, fill_unit
from clerk import edit

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.schema.loader import default_schema_text, load_schema_text
from cchc_cli.schema.model import Schema
from cchc_cli.validation.engine import FileResult, validate_paths
from cchc_cli.validation.findings import CATALOGUE
from cchc_cli.workbook.layout import GUIDE_SHEET, build_layout

SCHEMA = load_schema()
UNIT = "22726"
S1 = "1. Chỉ đạo điều hành"
S3 = "3. Cải cách TTHC"
S5 = "5. Đội ngũ CBCCVC"
OLD_LABEL = "Số lượng TTHC cấp xã"
NEW_LABEL = "Số lượng thủ tục hành chính cấp xã"


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bieu-mau")
    ((_, template, _),) = generate_templates(SCHEMA, out, [UNIT]).written
    path = out / "22726-sach.xlsx"
    fill_unit(SCHEMA, template, path, consistent_values(SCHEMA, UNIT))
    return path


def check_one(path: Path, schema: Schema = SCHEMA) -> FileResult:
    (result,) = validate_paths(schema, [path], workers=1).files
    return result


def found(result: FileResult) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet or "", f.cell or "") for f in result.findings)  # type: ignore[misc]


def first_input(sheet: str) -> str:
    return next(c.ref for s, c in build_layout(SCHEMA, UNIT).cells("input") if s.name == sheet)


def sheets_read(result: FileResult) -> set[str]:
    return {result.cells[key][0] for key in result.values}


# ---- a column inserted or deleted ------------------------------------------------------------------------


def test_an_inserted_year_column_is_one_finding_and_stops_its_sheet_only(clean, tmp_path):
    other = first_input(S1)

    def change(wb):
        wb[S3].insert_cols(4)
        wb[S3]["D5"] = "Năm 2014"
        wb[S1][other] = -1

    result = check_one(edit(clean, tmp_path / "chen-cot.xlsx", change))
    assert found(result) == [("chen-cot", S3, "D5"), ("chua-kiem-tra-trang", S3, ""), ("so-am", S1, other)]
    (col,) = [f for f in result.findings if f.code == "chen-cot"]
    assert col.severity == "error"
    assert col.message.startswith("Có cột được chèn thêm tại cột D («Năm 2014»)")
    unchecked = next(f for f in result.findings if f.code == "chua-kiem-tra-trang")
    assert "vì có cột bị chèn, xóa hoặc đổi chỗ trong bảng" in unchecked.message
    assert S3 not in sheets_read(result) and S1 in sheets_read(result)  # shifted cells never reach the master


def test_a_deleted_year_column_is_one_finding_naming_the_column(clean, tmp_path):
    result = check_one(edit(clean, tmp_path / "xoa-cot.xlsx", lambda wb: wb[S3].delete_cols(4)))
    assert found(result) == [("chua-kiem-tra-trang", S3, ""), ("xoa-cot", S3, "")]
    (col,) = [f for f in result.findings if f.code == "xoa-cot"]
    assert col.message.startswith("Thiếu cột «Năm 2015» (cột D của biểu mẫu)")
    assert S3 not in sheets_read(result)


def test_a_column_inserted_before_the_labels_is_one_finding_not_a_label_per_row(clean, tmp_path):
    result = check_one(edit(clean, tmp_path / "chen-cot-a.xlsx", lambda wb: wb[S5].insert_cols(1)))
    assert found(result) == [("chen-cot", S5, "A5"), ("chua-kiem-tra-trang", S5, "")]
    assert "tại cột A («cột trống»)" in result.findings[0].message


def test_two_year_columns_swapped_are_one_moved_column(clean, tmp_path):
    def change(wb):
        ws = wb[S3]
        for row in range(5, ws.max_row + 1):
            ws[f"D{row}"].value, ws[f"E{row}"].value = ws[f"E{row}"].value, ws[f"D{row}"].value

    result = check_one(edit(clean, tmp_path / "doi-cot.xlsx", change))
    assert found(result) == [("chua-kiem-tra-trang", S3, ""), ("doi-cho-cot", S3, "D5")]
    (moved,) = [f for f in result.findings if f.code == "doi-cho-cot"]
    assert moved.message.startswith("Cột «Năm 2016» bị chuyển từ cột E sang cột D")
    assert S3 not in sheets_read(result)  # 2015 and 2016 figures never swapped into the master


def test_a_year_header_retyped_in_place_is_still_an_edited_label_and_the_sheet_is_read(clean, tmp_path):
    def change(wb):
        wb[S3]["D5"] = "Năm 2014"

    result = check_one(edit(clean, tmp_path / "sua-tieu-de.xlsx", change))
    assert found(result) == [("sua-nhan", S3, "D5")]
    assert S3 in sheets_read(result)


# ---- a label reworded in the schema after the templates were sent -----------------------------------------


def reworded_schema() -> Schema:
    name, text = default_schema_text()
    assert f"text: {OLD_LABEL}," in text
    return load_schema_text(text.replace(f"text: {OLD_LABEL},", f"text: {NEW_LABEL},"), name)


def test_a_label_reworded_after_sending_is_the_specialists_warning_not_the_units_error(clean):
    result = check_one(clean, reworded_schema())
    codes = [(f.code, f.severity) for f in result.findings]
    assert codes == [("bo-cuc-khac", "warning"), ("nhan-khac-mau-moi", "warning")]
    note = result.findings[1]
    assert note.sheet == S3 and note.cell is not None and note.cell.startswith("B")
    assert f"ghi «{OLD_LABEL}» như biểu mẫu đã gửi" in note.message and f"«{NEW_LABEL}»" in note.message
    assert CATALOGUE["nhan-khac-mau-moi"].audience == "specialist"  # not in the copy sent back to the unit
    assert result.status != "có lỗi" and S3 in sheets_read(result)


def test_with_todays_layout_an_edited_label_stays_the_units_error(tmp_path):
    schema = reworded_schema()
    ((_, template, _),) = generate_templates(schema, tmp_path, [UNIT]).written
    filled = tmp_path / "moi.xlsx"
    fill_unit(schema, template, filled, consistent_values(schema, UNIT))
    ref = next(
        f"B{c.row + 1}" for s, c in build_layout(schema, UNIT).cells("label") if s.name == S3 and c.text == NEW_LABEL
    )

    def change(wb):
        wb[S3][ref] = OLD_LABEL

    result = check_one(edit(filled, tmp_path / "sua.xlsx", change), schema)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in result.findings] == [("sua-nhan", "error", S3, ref)]


def test_in_an_older_layout_a_moved_row_is_still_an_error(clean, tmp_path):
    def change(wb):
        wb[S1].insert_rows(8)
        wb[S1]["B8"] = "Số văn bản khác"

    result = check_one(edit(clean, tmp_path / "chen-dong.xlsx", change), reworded_schema())
    assert ("chen-dong", "error", S1, "B8") in [(f.code, f.severity, f.sheet, f.cell) for f in result.findings]
    assert S1 not in sheets_read(result)


# ---- hidden sheets -------------------------------------------------------------------------------------------


def test_hiding_only_the_guide_sheet_is_a_warning_and_the_file_is_read(clean, tmp_path):
    def change(wb):
        wb[GUIDE_SHEET].sheet_state = "hidden"
        wb.active = 1

    result = check_one(edit(clean, tmp_path / "an-huong-dan.xlsx", change))
    assert [(f.code, f.severity, f.sheet) for f in result.findings] == [("trang-an-khong-nhap", "warning", GUIDE_SHEET)]
    assert "không rõ trang nào" not in result.findings[0].message
    assert {S1, S3, S5} <= sheets_read(result)


def test_a_hidden_data_sheet_does_not_hide_the_other_sheets_problems(clean, tmp_path):
    one, three = first_input(S1), first_input(S3)

    def change(wb):
        wb[S5].sheet_state = "hidden"
        wb[S3][three] = "abc"
        wb[S1][one] = -5

    result = check_one(edit(clean, tmp_path / "an-trang.xlsx", change))
    assert found(result) == [
        ("chua-kiem-tra-trang", S5, ""),
        ("khong-phai-so", S3, three),
        ("so-am", S1, one),
        ("trang-an", S5, ""),
    ]
    hidden = next(f for f in result.findings if f.code == "trang-an")
    assert hidden.severity == "error"
    assert hidden.message == f"Trang «{S5}» của biểu mẫu đang bị ẩn; số liệu của trang này chưa được đọc."
    assert S5 not in sheets_read(result)  # the hidden sheet's values stay unread


# ---- a visible "(2)" copy ---------------------------------------------------------------------------------


def copy_of(sheet: str, bump: int):  # type: ignore[no-untyped-def]
    def change(wb):
        ws = wb[sheet]
        copy = wb.copy_worksheet(ws)
        copy.title = f"{sheet} (2)"
        for row in copy.iter_rows(min_row=6):
            for cell in row:
                if bump and cell.column > 3 and isinstance(cell.value, int | float) and cell.data_type != "f":
                    cell.value += bump
        wb.move_sheet(copy, offset=-1)

    return change


def test_a_visible_copy_with_other_values_is_an_error_naming_both_and_its_sheet_is_not_merged(clean, tmp_path):
    d7 = first_input(S3)
    original = openpyxl.load_workbook(clean)[S3][d7].value
    result = check_one(edit(clean, tmp_path / "sao-sua.xlsx", copy_of(S3, 1)))
    assert found(result) == [("chua-kiem-tra-trang", S3, ""), ("trang-sao-khac", f"{S3} (2)", d7)]
    diff = next(f for f in result.findings if f.code == "trang-sao-khac")
    assert diff.severity == "error"
    assert f"Trang «{S3} (2)» là bản sao của trang «{S3}» nhưng ghi số liệu khác" in diff.message
    assert f"ô {d7}: «{original}» ở trang «{S3}», «{original + 1}» ở trang «{S3} (2)»" in diff.message
    assert S3 not in sheets_read(result) and S1 in sheets_read(result)


def test_an_identical_visible_copy_stays_a_warning(clean, tmp_path):
    result = check_one(edit(clean, tmp_path / "sao.xlsx", copy_of(S3, 0)))
    assert [(f.code, f.severity, f.sheet) for f in result.findings] == [("trang-thua", "warning", f"{S3} (2)")]
    assert S3 in sheets_read(result)


# ---- the same returns saved again by LibreOffice --------------------------------------------------------


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_same_slips_saved_by_libreoffice_give_the_same_findings(clean, tmp_path, soffice, fmt):
    one = first_input(S1)

    def inserted(wb):
        wb[S3].insert_cols(4)
        wb[S3]["D5"] = "Năm 2014"
        wb[S1][one] = -1

    def hidden(wb):
        wb[S5].sheet_state = "hidden"
        wb[S1][one] = -1

    files = [edit(clean, tmp_path / "chen-cot.xlsx", inserted), edit(clean, tmp_path / "an-trang.xlsx", hidden)]
    files += [
        edit(clean, tmp_path / "sao-sua.xlsx", copy_of(S3, 1)),
        edit(clean, tmp_path / "sach.xlsx", lambda wb: None),
    ]
    saved = soffice(files, fmt, tmp_path / fmt)
    checked = {p.stem: check_one(p) for p in saved}  # one by one: four returns of one unit are duplicates
    baseline = set(found(checked.pop("sach")))  # what the clean return saved the same way gets (none, ideally)
    results = {name: [f for f in found(r) if f not in baseline] for name, r in checked.items()}
    assert results["chen-cot"] == [("chen-cot", S3, "D5"), ("chua-kiem-tra-trang", S3, ""), ("so-am", S1, one)]
    assert results["an-trang"] == [("chua-kiem-tra-trang", S5, ""), ("so-am", S1, one), ("trang-an", S5, "")]
    assert [(c, s) for c, s, _ in results["sao-sua"]] == [("chua-kiem-tra-trang", S3), ("trang-sao-khac", f"{S3} (2)")]

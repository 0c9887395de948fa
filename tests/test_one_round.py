"""All problems in one round, each said once (issue 9 §2).

A structural slip stops only the sheet it makes unreliable; blanks, stray cells and notes are grouped into
ranges; numbers in messages are written the Vietnamese way; hints fit the cell's kind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from campaign import consistent_values, fill_unit
from clerk import edit

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import FileResult, validate_paths
from cchc_cli.workbook.layout import build_layout

SCHEMA = load_schema()
UNITS = ["NV", "TP", "VP", "22726"]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bieu-mau")
    return {u.code: p for u, p, _ in generate_templates(SCHEMA, out, UNITS).written}


@pytest.fixture(scope="module")
def clean(templates, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sach")
    files = {}
    for code, template in templates.items():
        files[code] = out / f"{code}.xlsx"
        fill_unit(SCHEMA, template, files[code], consistent_values(SCHEMA, code))
    return files


def check_one(path: Path) -> FileResult:
    (result,) = validate_paths(SCHEMA, [path], workers=1).files
    return result


def cell_of(unit: str, indicator: str, period: str) -> tuple[str, str]:
    for sheet, cell in build_layout(SCHEMA, unit).cells("input"):
        if (cell.indicator, cell.period) == (indicator, period):
            return sheet.name, cell.ref
    raise KeyError((unit, indicator, period))


def found(result: FileResult) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in result.findings]


# ---- grouping ---------------------------------------------------------------------------------------


def test_a_blank_template_sent_back_is_one_finding(templates):
    result = check_one(templates["22726"])
    assert found(result) == [("tep-chua-dien", None, None)]
    inputs = len(build_layout(SCHEMA, "22726").cells("input"))
    assert result.findings[0].message == f"Tệp chưa điền số liệu: cả {inputs} ô nhập đều để trống."
    assert result.status == "có lỗi"


def test_a_blank_block_is_one_finding_with_its_range(clean, tmp_path):
    layout = build_layout(SCHEMA, "NV")
    rows: dict[tuple[str, int], list] = {}
    for sheet, cell in layout.cells("input"):
        rows.setdefault((sheet.name, cell.row), []).append(cell)
    # three rows in a row, each with the same input columns (a block D?:I?)
    sheet, first = next(
        (s, r)
        for (s, r), cells in sorted(rows.items())
        if all([c.col for c in rows.get((s, r + k), [])] == [c.col for c in cells] for k in (1, 2)) and len(cells) > 1
    )
    block = [c for k in range(3) for c in rows[(sheet, first + k)]]

    def change(wb):
        for c in block:
            wb[sheet][c.ref] = None

    result = check_one(edit(clean["NV"], tmp_path / "trong.xlsx", change))
    area = f"{block[0].ref}:{block[-1].ref}"
    assert found(result) == [("thieu-so-lieu", sheet, area)]
    assert result.findings[0].message == f"Các ô {area} ({len(block)} ô) bỏ trống mà không ghi lý do."
    assert result.findings[0].indicator is None and result.findings[0].period is None


def test_blanks_side_by_side_on_a_row_are_one_finding_for_that_row(clean, tmp_path):
    refs = [cell_of("NV", "s5_tinh_gian", p)[1] for p in ("y2016", "y2017", "y2018")]
    sheet = cell_of("NV", "s5_tinh_gian", "y2016")[0]
    lone = cell_of("NV", "s5_tinh_gian", "y2020")[1]

    def change(wb):
        for ref in [*refs, lone]:
            wb[sheet][ref] = None

    result = check_one(edit(clean["NV"], tmp_path / "trong.xlsx", change))
    assert found(result) == [("thieu-so-lieu", sheet, f"{refs[0]}:{refs[-1]}"), ("thieu-so-lieu", sheet, lone)]
    row, single = result.findings
    assert row.indicator == "s5_tinh_gian" and row.period is None
    assert single.message == "Ô bỏ trống mà không ghi lý do." and single.period == "y2020"


def test_one_note_explaining_blanks_is_said_once(clean, tmp_path):
    sheet, a = cell_of("TP", "s2_da_kiem_tra", "y2015")
    _, b = cell_of("TP", "s2_da_kiem_tra", "y2016")
    note = "J" + a[1:]

    def change(wb):
        wb[sheet][a] = wb[sheet][b] = None
        wb[sheet][note] = "Chưa tổng hợp được số liệu"

    result = check_one(edit(clean["TP"], tmp_path / "ghi-chu.xlsx", change))
    assert found(result) == [("trong-co-giai-thich", sheet, f"{a}:{b}")]
    assert result.findings[0].message == f"Các ô {a}:{b} (2 ô) bỏ trống; Ghi chú: «Chưa tổng hợp được số liệu»."


def test_a_row_typed_below_the_table_is_one_finding_and_the_sheet_is_still_checked(clean, tmp_path):
    sheet, bad = cell_of("NV", "s5_tinh_gian", "y2018")

    def change(wb):
        ws = wb[sheet]
        ws.protection.sheet = False
        row = ws.max_row + 2
        for col, value in zip("DEFGHI", (99.0, 12, 13, 14, 15, 1234.5), strict=True):
            ws[f"{col}{row}"] = value
        ws[bad] = -2

    result = check_one(edit(clean["NV"], tmp_path / "them.xlsx", change))
    codes = found(result)
    stray = [f for f in result.findings if f.code == "ngoai-o-nhap"]
    assert len(stray) == 1 and stray[0].cell is not None and ":" in stray[0].cell
    assert "(6 ô)" in stray[0].message and "«99», «12», «13», …" in stray[0].message  # never «99.0»
    assert ("so-am", sheet, bad) in codes  # the same sheet's values in the same round


def test_an_appended_labelled_row_is_one_finding_and_moves_nothing(clean, tmp_path):
    sheet, bad = cell_of("NV", "s5_tinh_gian", "y2018")

    def change(wb):
        ws = wb[sheet]
        ws.protection.sheet = False
        row = ws.max_row + 1
        ws[f"B{row}"] = "Số công chức nghỉ hưu"
        for col in "DEFGHI":
            ws[f"{col}{row}"] = 3
        ws[bad] = -2

    result = check_one(edit(clean["NV"], tmp_path / "them.xlsx", change))
    assert [c for c, _, _ in found(result)] == ["ngoai-o-nhap", "so-am"]
    stray = result.findings[0]
    assert re.fullmatch(r"B(\d+):I\1", stray.cell or "")  # the label and the figures of that one row
    assert "«Số công chức nghỉ hưu», «3», «3», …" in stray.message


# ---- one round ----------------------------------------------------------------------------------------


def test_an_edited_label_and_value_errors_come_in_one_round(clean, tmp_path):
    s5, label_row = cell_of("NV", "s5_tinh_gian", "y2016")
    label = "B" + label_row[1:]
    same_sheet = cell_of("NV", "s5_tinh_gian", "y2017")
    other_sheet = next((s.name, c.ref) for s, c in build_layout(SCHEMA, "NV").cells("input") if s.name != s5)

    def change(wb):
        ws = wb[s5]
        ws.protection.sheet = False
        ws[label] = "Số người nghỉ việc"
        wb[same_sheet[0]][same_sheet[1]] = "mười"
        wb[other_sheet[0]][other_sheet[1]] = -1

    result = check_one(edit(clean["NV"], tmp_path / "nhan.xlsx", change))
    assert sorted(found(result)) == sorted(
        [("sua-nhan", s5, label), ("khong-phai-so", *same_sheet), ("so-am", *other_sheet)]
    )


def test_an_inserted_row_stops_its_sheet_only_and_says_what_comes_next(clean, tmp_path):
    s5 = "5. Đội ngũ CBCCVC"
    other = next((s.name, c.ref) for s, c in build_layout(SCHEMA, "NV").cells("input") if s.name != s5)

    def change(wb):
        ws = wb[s5]
        ws.protection.sheet = False
        ws.insert_rows(10)
        ws["B10"] = "Số công chức nghỉ hưu"
        wb[other[0]][other[1]] = "12 cuộc"

    result = check_one(edit(clean["NV"], tmp_path / "chen.xlsx", change))
    assert found(result) == [
        ("chen-dong", s5, "B10"),
        ("chua-kiem-tra-trang", s5, None),
        ("khong-phai-so", *other),
    ]
    inputs = sum(1 for s, _ in build_layout(SCHEMA, "NV").cells("input") if s.name == s5)
    assert f"{inputs} ô nhập của trang này" in result.findings[1].message
    assert not [k for k in result.values if SCHEMA.indicator_by_id[k[0]].section == "s5"]


# ---- words and numbers --------------------------------------------------------------------------------


def test_text_for_nothing_in_a_count_is_answered_with_zero(clean, tmp_path):
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2018")
    result = check_one(edit(clean["22726"], tmp_path / "khong.xlsx", lambda wb: wb[sheet].__setitem__(ref, "không có")))
    assert found(result) == [("chu-thay-so", sheet, ref)]
    assert result.findings[0].hint.startswith("Không phát sinh thì ghi 0")


def test_a_count_written_with_a_decimal_point_gets_no_decimal_comma_advice(clean, tmp_path):
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2018")
    result = check_one(edit(clean["22726"], tmp_path / "cham.xlsx", lambda wb: wb[sheet].__setitem__(ref, "3.0")))
    ((code, _, _),) = found(result)
    assert code == "mo-ho"
    hint = result.findings[0].hint
    assert "số nguyên" in hint and "thập phân" not in hint and "98,5" not in hint


def test_the_partial_year_change_shows_the_annualised_figure(clean, tmp_path):
    periods = ("y2015", "y2016", "y2017", "y2018", "y2019", "y2020")
    cells = {p: cell_of("VP", "s3_hs_huyen_tiep_nhan", p) for p in periods}
    on_time = {p: cell_of("VP", "s3_hs_huyen_dung_hen", p) for p in periods}

    def change(wb):
        for p in periods:
            wb[cells[p][0]][cells[p][1]] = 100
            wb[on_time[p][0]][on_time[p][1]] = 90

    result = check_one(edit(clean["VP"], tmp_path / "quy-doi.xlsx", change))
    (hit,) = [f for f in result.findings if f.code == "bien-dong-ho-so"]
    assert hit.period == "y2020" and hit.value == "100"
    assert "100 (quy đổi cả năm ≈ 402) ở Năm 2020 (tính đến 31/3) so với 100 ở Năm 2019 (gấp 4 lần)" in hit.message


def test_an_older_return_with_a_damaged_sheet_differs_only_where_values_were_read(clean, tmp_path):
    import os

    s5 = "5. Đội ngũ CBCCVC"
    folder = tmp_path / "hai-ban"
    folder.mkdir()

    def damaged(wb):
        ws = wb[s5]
        ws.protection.sheet = False
        ws.insert_rows(10)
        ws["B10"] = "Số công chức nghỉ hưu"

    old = edit(clean["NV"], folder / "PL2 lan 1.xlsx", damaged)
    new = edit(clean["NV"], folder / "PL2 lan 2.xlsx", lambda wb: None)
    os.utime(old, (1_590_000_000, 1_590_000_000))
    os.utime(new, (1_590_100_000, 1_590_100_000))
    report = validate_paths(SCHEMA, [folder], workers=1)
    newest = next(r for r in report.files if r.name == "PL2 lan 2.xlsx")
    assert [f.code for f in newest.findings] == ["nop-trung"]  # the unread sheet is not "(trống) → …"

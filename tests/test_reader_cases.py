"""The four returns of ../shared/cases/reader (copied into tests/fixtures/reader): each read as a person sees it.

Each replaces one clean example return in a copy of the bundled campaign; validate and merge run on the folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cchc_cli.merge.engine import build_master
from cchc_cli.reading import open_book
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

ROOT = Path(__file__).resolve().parents[1]
RETURNS = ROOT / "examples" / "khanh-son-2020" / "bao-cao"
CASES = Path(__file__).resolve().parent / "fixtures" / "reader"
SCHEMA = load_schema()
SHEET1 = "1. Chỉ đạo điều hành"


def _folder_with(tmp_path: Path, case: str, replaces: str) -> Path:
    folder = tmp_path / "bao-cao"
    shutil.copytree(RETURNS, folder)
    (folder / replaces).unlink()
    shutil.copy(CASES / case, folder / case)
    return folder


def _clean_master():
    return build_master(SCHEMA, validate_paths(SCHEMA, [RETURNS], workers=1))


def test_space_at_xfd1048576_costs_one_cell_and_reads_as_the_clean_return(tmp_path):
    case = "Thanh Son - PL2 (o trong cuoi bang).xlsx"
    book = open_book(CASES / case)
    grid = book.grid("2. Cải cách thể chế")
    assert grid.get(1_048_575, 16_383) == " "
    assert len(grid.cells) < 1000  # sparse: the declared A1:XFD1048576 is not allocated
    folder = _folder_with(tmp_path, case, "Thanh Son - PL2.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    assert len(report.files) == 14
    thanh_son = next(r for r in report.files if r.name == case)
    assert thanh_son.read and not thanh_son.errors
    master = build_master(SCHEMA, report)
    clean = _clean_master()
    assert master.by_unit == clean.by_unit


def test_x_prefixed_spreadsheetml_gives_the_same_findings(tmp_path):
    case = "PL2_NV_Phong-Noi-vu (xuat tu phan mem).xlsx"
    book = open_book(CASES / case)
    grid = book.grid(SHEET1)
    assert [grid.get(5, c) for c in range(3, 9)] == [37.0, 26.0, 25.0, 21.0, 31.0, 6.0]
    assert grid.facts(5, 3).formula == "30+7"
    assert grid.facts(18, 8).error == "#DIV/0!"
    folder = _folder_with(tmp_path, case, "PL2_NV_Phong-Noi-vu.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    nv = next(r for r in report.files if r.name == case)
    found = {(f.code, f.sheet, f.cell, f.severity) for f in nv.findings}
    assert ("cong-thuc", SHEET1, "D6", "warning") in found
    assert ("cong-thuc-khong-gia-tri", SHEET1, "I19", "error") in found
    assert not any(f.code == "trong-co-giai-thich" and f.cell == "I19" for f in nv.findings)
    by_cell = {nv.cells[k]: v for k, v in nv.values.items()}
    assert by_cell[(SHEET1, "D6")] == 37 and by_cell[(SHEET1, "I19")] is None
    master = build_master(SCHEMA, report)
    status = next(s for s in master.status if s.code == "NV")
    assert status.received and not status.used


def test_percent_typed_the_excel_way_reads_as_shown(tmp_path):
    case = "PL2_NV_Phong-Noi-vu (ty le go dau phan tram).xlsx"
    folder = _folder_with(tmp_path, case, "PL2_NV_Phong-Noi-vu.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    nv = next(r for r in report.files if r.name == case)
    row19 = {f.cell: f for f in nv.findings if f.sheet == SHEET1 and f.cell and f.cell.endswith("19")}
    assert sorted(row19) == ["D19", "E19", "F19", "G19", "H19", "I19"]
    assert {f.code for f in row19.values()} == {"doc-theo-phan-tram"}
    assert {f.severity for f in row19.values()} == {"info"}
    assert not nv.errors and not nv.warnings
    master = build_master(SCHEMA, report)
    clean = _clean_master()
    assert master.by_unit["NV"] == clean.by_unit["NV"]
    cells = {nv.cells[k]: v for k, v in nv.values.items() if nv.cells[k][0] == SHEET1}
    assert [cells[(SHEET1, f"{c}19")] for c in "DEFGHI"] == [78.5, 80.2, 82.7, 84.1, 86.4, 85.9]


def test_hidden_original_and_visible_corrected_copy_is_an_error_naming_both(tmp_path):
    case = "PL2_NV_Phong-Noi-vu (ban sua).xlsx"
    book = open_book(CASES / case)
    assert book.states[SHEET1] == "hidden" and book.states[f"{SHEET1} (2)"] == "visible"
    folder = _folder_with(tmp_path, case, "PL2_NV_Phong-Noi-vu.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    nv = next(r for r in report.files if r.name == case)
    (hidden,) = [f for f in nv.findings if f.code == "trang-an"]
    assert hidden.severity == "error" and hidden.sheet == SHEET1
    assert f"«{SHEET1}»" in hidden.message and f"«{SHEET1} (2)»" in hidden.message
    master = build_master(SCHEMA, report)
    assert not next(s for s in master.status if s.code == "NV").used
    assert "NV" not in master.by_unit  # neither the hidden 31 and 3 nor anything else merged silently

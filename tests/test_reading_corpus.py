"""The bad-input corpus (tests/corpus.py): every kind gives its finding at its cell, or reads exactly as the
clean return, or is skipped with its reason — never an exception; the whole corpus in one folder is reported
file by file, and validate + merge run to the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import KINDS, NV, Kind

from cchc_cli.merge.engine import build_master
from cchc_cli.merge.workbook import write_outputs
from cchc_cli.reading.sources import display_name
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import FileResult, validate_paths

SCHEMA = load_schema()
_CLEAN: dict[tuple[str, str], object] = {}


def _by_cell(result: FileResult) -> dict[tuple[str, str], object]:
    return {result.cells[k]: v for k, v in result.values.items()}


def clean_values() -> dict[tuple[str, str], object]:
    if not _CLEAN:
        (result,) = validate_paths(SCHEMA, [NV], workers=1).files
        _CLEAN.update(_by_cell(result))
    return _CLEAN


def _matches(result: FileResult, code: str, sheet: str | None, cell: str | None) -> bool:
    return any(
        f.code == code and (sheet is None or f.sheet == sheet) and (cell is None or f.cell == cell)
        for f in result.findings
    )


def check_kind(kind: Kind, folder: Path) -> None:
    report = validate_paths(SCHEMA, [folder], workers=1)
    if kind.skipped:
        assert not report.files, [r.name for r in report.files]
        (skip,) = report.skipped
        assert kind.skipped in skip.reason
        return
    results = [r for r in report.files]
    assert len(results) == 1, [r.name for r in results]
    (result,) = results
    assert not [f.message for f in result.findings if "lỗi không lường trước" in f.message]  # no bug caught
    for code, sheet, cell in kind.findings:
        assert _matches(result, code, sheet, cell), (kind.name, [(f.code, f.sheet, f.cell) for f in result.findings])
    if kind.clean:
        assert result.read and not result.errors, [(f.code, f.sheet, f.cell, f.message) for f in result.findings]
        assert _by_cell(result) == clean_values()
    seen = _by_cell(result)
    for where, value in kind.values.items():
        assert seen.get(where, "absent") == value, (where, seen.get(where, "absent"))
    if any(f.severity == "error" for f in result.findings):
        assert build_master(SCHEMA, report).by_unit.get("NV") is None  # never merged while it has an error


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_kind(kind: Kind, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    kind.build(folder)
    check_kind(kind, folder)


def test_corpus_has_at_least_45_kinds() -> None:
    assert len({k.name for k in KINDS}) >= 45


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_whole_corpus_in_one_folder_reports_every_file(tmp_path: Path, workers: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for kind in KINDS:
        kind.build(folder)
    report = validate_paths(SCHEMA, [folder], workers=workers)
    names = [r.name for r in report.files] + [s.name for s in report.skipped]
    on_disk = {display_name(p.name) for p in folder.iterdir()}
    for name in on_disk:  # each file is a row (a .zip: one row per member, "x.zip › member")
        assert any(n == name or n.startswith(f"{name} › ") for n in names), name
    assert len(report.files) + len(report.skipped) >= len(KINDS)
    for r in report.files:
        assert r.read or r.findings, r.name  # every unread file says why
    master = build_master(SCHEMA, report)
    xlsx, csv_path = write_outputs(master, tmp_path / "out")
    assert xlsx.exists() and csv_path.exists()


def test_what_a_format_shows_is_said_as_the_cell_shows_it(tmp_path: Path) -> None:
    """The messages name what the person sees: 79% for 0,785 under "0%", 108 for 107,95 under "#,##0", TRUE for
    a yes/no format, and an empty-looking cell for ";;;"."""
    shown = {}
    for name, cell, code in [
        ("percent-format-rounds", "D19", "doc-theo-phan-tram"),
        ("display-rounds-money", "G21", "hien-thi-lam-tron"),
        ("yes-no-format-on-a-count", "D6", "dinh-dang-che-so"),
        ("format-hides-number", "E21", "dinh-dang-che-so"),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        next(k for k in KINDS if k.name == name).build(folder)
        (result,) = validate_paths(SCHEMA, [folder], workers=1).files
        shown[name] = next(f.message for f in result.findings if f.code == code and f.cell == cell)
    assert "hiển thị 79%; đã đọc là 78,5" in shown["percent-format-rounds"]
    assert "hiển thị 108 nhưng lưu 107,95" in shown["display-rounds-money"]
    assert "hiển thị «TRUE»" in shown["yes-no-format-on-a-count"]
    assert "«(ô trông như trống)»" in shown["format-hides-number"]


def test_a_vietnamese_windows_zip_names_its_member_in_vietnamese(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    next(k for k in KINDS if k.name == "zip-cp1258-name").build(folder)
    (result,) = validate_paths(SCHEMA, [folder], workers=1).files
    assert result.name == "nen-ten-cp1258.zip › PL2 Nội vụ.xlsx"


def test_an_xlsb_return_says_how_to_save_it_readable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    next(k for k in KINDS if k.name == "binary-workbook-xlsb").build(folder)
    (result,) = validate_paths(SCHEMA, [folder], workers=1).files
    assert "Excel Workbook (.xlsx)" in result.findings[0].message

"""Returns saved by a real office suite as .ods, .xls and Strict-free .xlsx: the same facts as .xlsx
(values, formulas, error values, sheet visibility, save time), or a finding saying what can't be checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from corpus import NV, S1, _formula, _hidden_copy, members, write_zip

from cchc_cli.reading import open_book
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

pytestmark = pytest.mark.office
SCHEMA = load_schema()


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, soffice_module) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("office")
    _, parts = members(NV)
    _formula(S1, "D6", "30+7", "37")(parts)
    _formula(S1, "I19", "0/0", "#DIV/0!", t="e")(parts)
    src = write_zip(base / "PL2_NV.xlsx", parts)
    _hidden_copy(parts)
    copy = write_zip(base / "PL2_NV ban sua.xlsx", parts)
    ods, ods_copy = soffice_module([src, copy], "ods", base / "ods")
    xls, xls_copy = soffice_module([src, copy], "xls", base / "xls")
    return {"ods": ods, "xls": xls, "ods_copy": ods_copy, "xls_copy": xls_copy}


@pytest.fixture(scope="module")
def soffice_module():  # type: ignore[no-untyped-def]
    from office import find_soffice, soffice_convert

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice_convert


def test_ods_formulas_errors_states_and_save_time(converted: dict[str, Path]) -> None:
    book = open_book(converted["ods"])
    grid = book.grid(S1)
    assert grid.get(5, 3) == 37.0 and grid.facts(5, 3).formula
    assert grid.facts(18, 8).error == "#DIV/0!"
    assert book.modified is not None and book.modified.year >= 2020  # meta.xml, not the file's mtime
    (result,) = validate_paths(SCHEMA, [converted["ods"]], workers=1).files
    found = {(f.code, f.sheet, f.cell) for f in result.findings}
    assert ("cong-thuc", S1, "D6") in found and ("cong-thuc-khong-gia-tri", S1, "I19") in found
    assert open_book(converted["ods_copy"]).states[f"{S1} (2)"] == "hidden"
    (copy,) = validate_paths(SCHEMA, [converted["ods_copy"]], workers=1).files
    assert any(f.code == "trang-an" and f.sheet == f"{S1} (2)" for f in copy.findings)


def test_xls_values_errors_and_what_cannot_be_checked(converted: dict[str, Path]) -> None:
    book = open_book(converted["xls"])
    grid = book.grid(S1)
    assert grid.get(5, 3) == 37.0
    assert grid.facts(18, 8).error == "#DIV/0!"
    assert isinstance(book.modified, dt.datetime)  # SummaryInformation's last save time
    (result,) = validate_paths(SCHEMA, [converted["xls"]], workers=1).files
    found = {(f.code, f.sheet, f.cell) for f in result.findings}
    assert ("khong-kiem-tra-cong-thuc", None, None) in found and ("cong-thuc-khong-gia-tri", S1, "I19") in found
    assert open_book(converted["xls_copy"]).states[f"{S1} (2)"] == "hidden"
    (copy,) = validate_paths(SCHEMA, [converted["xls_copy"]], workers=1).files
    assert any(f.code == "trang-an" and f.sheet == f"{S1} (2)" for f in copy.findings)

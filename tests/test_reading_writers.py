"""Returns written by other programs read as the person sees them in Excel, or refused at the cell (issue 8).

The kinds are in tests/corpus.py (WRITER_KINDS: number formats with conditions, scientific and fraction
displays, the ₫ accounting format, General inside a code, formulas a program wrote without computing them);
here: what each says at its cell, what must stay quiet, the format rules themselves (ECMA-376 Part 1
§18.8.31), and the same facts after LibreOffice saves the return as .ods, .xls and .xlsx.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from corpus import (
    NV,
    S1,
    VND_ACCOUNTING,
    WRITER_KINDS,
    Kind,
    add_style,
    edit_cell,
    members,
    write_zip,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.reading.formats import FractionFormat, Scientific, info_for, shown
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import FileResult, validate_paths

SCHEMA = load_schema()


def _validate(kind_name: str, tmp_path: Path) -> FileResult:
    kind: Kind = next(k for k in WRITER_KINDS if k.name == kind_name)
    folder = tmp_path / kind_name
    folder.mkdir()
    kind.build(folder)
    (result,) = validate_paths(SCHEMA, [folder], workers=1).files
    return result


def _at(result: FileResult, cell: str) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in result.findings if f.sheet == S1 and f.cell == cell]


def _by_cell(result: FileResult) -> dict[tuple[str, str], object]:
    return {result.cells[k]: v for k, v in result.values.items()}


# ---- what the cell says ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cell"),
    [
        ("conditional-format-small-value", "D12"),  # 2 under [>=1000]#,##0,"K";0 shows 2
        ("fraction-format-exact", "H21"),  # 107,5 shows as 107 1/2
        ("general-with-text", "D21"),  # General" tr.đ" shows 83,5 tr.đ
        ("accounting-dong-zero", "I21"),  # "- ₫" is 0
        ("program-formula-recomputed", "D7"),  # the formula's inputs are plain numbers
    ],
)
def test_what_is_shown_as_stored_says_nothing_at_the_cell(kind: str, cell: str, tmp_path: Path) -> None:
    assert _at(_validate(kind, tmp_path), cell) == []


def test_a_scientific_format_names_what_the_cell_shows(tmp_path: Path) -> None:
    ((code, message),) = _at(_validate("scientific-format-rounds", tmp_path), "I21")
    assert code == "hien-thi-lam-tron"
    assert "hiển thị 2,14E+01 nhưng lưu 21,4321" in message


def test_a_fraction_format_names_the_fraction_shown(tmp_path: Path) -> None:
    ((code, message),) = _at(_validate("fraction-format-rounds", tmp_path), "G21")
    assert code == "hien-thi-lam-tron"
    assert "hiển thị 107 8/9 nhưng lưu 107,9" in message


def test_a_conditional_scaled_section_names_both_numbers(tmp_path: Path) -> None:
    ((code, message),) = _at(_validate("conditional-format-scales", tmp_path), "D21")
    assert code == "dinh-dang-thu-nho"
    assert "hiển thị 83.000 nhưng giá trị thật là 83.000.000" in message and "«[<1000]0;#,##0,»" in message


def test_a_programs_formula_names_the_formula_and_its_placeholder(tmp_path: Path) -> None:
    result = _validate("program-formula-cached-zero", tmp_path)
    ((code, message),) = _at(result, "D6")
    assert code == "cong-thuc-chua-tinh"
    assert "=SUMPRODUCT(D7:D8)" in message and "giá trị lưu sẵn 0" in message
    assert _by_cell(result)[(S1, "D6")] is None


def test_a_culture_formatted_number_names_the_sheet_and_cell(tmp_path: Path) -> None:
    result = _validate("culture-formatted-number", tmp_path)
    (finding,) = [f for f in result.findings if f.code == "khong-doc-duoc"]
    assert f"trang «{S1}»: ô D21 ghi số «98,5» sai cách" in finding.message
    assert not result.values


def test_an_array_formulas_range_is_formula_cells_in_an_excel_saved_file(tmp_path: Path) -> None:
    """Saved by Excel (no recalculate-on-load flag): the range's cached results are read, each with the
    formula warning, as the anchor is — never as numbers the clerk typed."""
    from corpus import _array_formula

    _, parts = members(NV)
    _array_formula(parts)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    (result,) = validate_paths(SCHEMA, [write_zip(tmp_path / "mang.xlsx", parts)], workers=1).files
    for ref in ("D6", "D7", "D8"):
        assert "cong-thuc" in {code for code, _ in _at(result, ref)}, ref


def test_a_negative_zero_percent_reads_as_plain_zero(tmp_path: Path) -> None:
    """ "-0" (a negative zero from a formula or a program) is 0, never "-0" in the master."""
    _, parts = members(NV)
    edit_cell(parts, S1, "D19", value="-0", t="n")
    (result,) = validate_paths(SCHEMA, [write_zip(tmp_path / "am-khong.xlsx", parts)], workers=1).files
    value = _by_cell(result)[(S1, "D19")]
    assert isinstance(value, float) and value == 0 and math.copysign(1.0, value) == 1.0


# ---- the format rules (ECMA-376 Part 1 §18.8.31) --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value", "kind", "scale"),
    [
        ("[<1000]0;#,##0,", 500, "number", 0),
        ("[<1000]0;#,##0,", 83_000_000, "number", 1),
        ('[>=1000000]0.0,,"tr";[>=1000]0,"k";0', 5_000_000, "number", 2),
        ('[>=1000000]0.0,,"tr";[>=1000]0,"k";0', 5_000, "number", 1),
        ('[>=1000000]0.0,,"tr";[>=1000]0,"k";0', 5, "number", 0),
        ("[<=1]0.0%;0", 0.985, "percent", 0),
        ("[<=1]0.0%;0", 98.5, "number", 0),
        ("0;0.0%", -0.5, "percent", 0),  # the negative section
        ("#,##0,;-#,##0;0", 0, "number", 0),  # the zero section
        ("General", 5, "general", 0),
    ],
)
def test_the_section_that_shows_the_value(code: str, value: float, kind: str, scale: int) -> None:
    info = info_for(code, value)
    assert (info.kind, info.scale) == (kind, scale)


def test_no_section_takes_the_value() -> None:
    assert shown("[>=1000]0,", 5).literal == "########"
    assert shown("[>=1000]0,;[<0]0", 5).literal == "########"


def test_a_section_excel_and_libreoffice_may_pick_differently_is_not_guessed() -> None:
    """ "[<100]0;0.0;0.00": LibreOffice shows 107,9 with the third section (an implicit [<0] on the second);
    read as the second it would be another display — refused, not guessed. Below 100 and negatives agree."""
    from cchc_cli.reading.formats import UNSURE

    assert shown("[<100]0;0.0;0.00", 107.9).literal == UNSURE
    assert shown("[<100]0;0.0;0.00", 50).decimals == 0
    assert shown("[<100]0;0.0;0.00", -5).decimals == 0  # [<100] takes it first
    assert shown("[<100]0;[<0]0.0;0.00", 107.9).decimals == 2  # an explicit second condition: no doubt


@pytest.mark.parametrize(
    ("code", "value", "mantissa", "exponent"),
    [
        ("0.00E+00", 1_234_567, "1.23", 6),
        ("0.00E+00", 0.000123456, "1.23", -4),
        ("0.00E+00", 9.999, "1.00", 1),  # rounding carries into the exponent
        ("0.0E+0", 98.5, "9.9", 1),  # 9,85 half away from zero on the decimal digits
        ("##0.0E+0", 1_234_567, "1.2", 6),  # engineering: exponents in steps of 3
        ("##0.0E+0", 12_345, "12.3", 3),
        ("00.0E+0", 1_234, "12.3", 2),
        ("0.00E+00", -1_234_567, "-1.23", 6),
    ],
)
def test_scientific_parts(code: str, value: float, mantissa: str, exponent: int) -> None:
    facts = shown(code, value)
    assert isinstance(facts.scientific, Scientific)
    assert facts.scientific.parts(value) == (Decimal(mantissa), exponent)


@pytest.mark.parametrize(
    ("code", "value", "parts"),
    [
        ("# ?/?", 98.5, (98, 1, 2)),
        ("# ?/?", 107.9, (107, 8, 9)),
        ("# ??/??", 107.6, (107, 3, 5)),
        ("# ?/?", 0.333, (0, 1, 3)),
        ("?/?", 2.5, (0, 5, 2)),
        ("# ?/4", 2.3, (2, 1, 4)),
        ("# ?/?", 3.99, (4, 0, 1)),  # 3 99/100 shown with one digit is 4
    ],
)
def test_fraction_parts(code: str, value: float, parts: tuple[int, int, int]) -> None:
    facts = shown(code, value)
    assert isinstance(facts.fraction, FractionFormat)
    assert facts.fraction.parts(value) == parts


def test_general_inside_a_code_shows_every_digit() -> None:
    for code in ('General" tr.đ"', "[$-42A]General", "General;General"):
        assert shown(code, 98.5).decimals is None and shown(code, 98.5).literal is None


_CODE_CHARS = list('0#?.,;%Ee+-/ "\\_*[]<>=@GeneralDBNum$hmsdy123₫')


@settings(max_examples=300, deadline=None)
@given(
    code=st.text(st.sampled_from(_CODE_CHARS), max_size=25),
    value=st.one_of(st.floats(), st.integers(-(10**12), 10**12).map(float)),
)
def test_any_format_code_and_number_never_raise(code: str, value: float) -> None:
    """A damaged or odd code ("[", "[>", "0;;;;", "E+") is read, never an exception ("[" once raised KeyError)."""
    from cchc_cli.validation.checks.displayed_values import _notation, zero_mark

    info_for(code, value)
    facts = shown(code, value)
    if facts.literal is not None:
        zero_mark(facts.literal)
    if (facts.scientific or facts.fraction) and math.isfinite(value):
        _notation(value, facts.scientific, facts.fraction)


def test_an_empty_bracket_is_no_condition() -> None:
    assert shown("[", 0.0) == shown("[", 5.0)


# ---- the same facts after LibreOffice saves the return --------------------------------------------------

#: cell → (format code, stored value, value read (None: refused), finding code at the cell or None)
SAVED = {
    "D21": ("[<1000]0;#,##0,", "83000000", None, "dinh-dang-thu-nho"),
    "E21": ('#,##0.0,,"tr"', "86500000", None, "dinh-dang-thu-nho"),
    "F21": ("0.00E+00", "97.5", 97.5, None),
    "G21": ("# ?/?", "107.9", 107.9, "hien-thi-lam-tron"),
    "H21": ("# ??/??", "107.6", 107.6, None),
    "I21": ("0.00E+00", "21.4321", 21.4321, "hien-thi-lam-tron"),
    "D19": ("0.0%", "0.785", 78.5, "doc-theo-phan-tram"),
    "D22": (VND_ACCOUNTING, "0", 0, None),
    "E22": ("#,##0 [$₫-42A]", "92", 92, None),
    "F22": ("[<=100]0;0,", "100000", None, "dinh-dang-thu-nho"),
    "D12": ('[>=1000]#,##0,"K";0', "2", 2, None),
    "E12": ('[>=1000]#,##0,"K";0', "2000", None, "dinh-dang-thu-nho"),
    "D14": ("@", "2", 2, None),
    "D6": ("[ss]", "37", None, "dinh-dang-ngay"),  # elapsed seconds: 37 days shown as 3196800
    "D17": ("mm:ss.0", "5", None, "dinh-dang-ngay"),  # minutes, seconds and tenths
    "D8": ('"TRUE";"TRUE";"FALSE"', "1", None, "dinh-dang-che-so"),  # a yes/no format on a count
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from office import find_soffice, soffice_convert

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("writers")
    _, parts = members(NV)
    for ref, (code, value, _, _) in SAVED.items():
        edit_cell(parts, S1, ref, value=value, style=add_style(parts, code))
    src = write_zip(base / "PL2_NV.xlsx", parts)
    out = {"xlsx (openpyxl + lxml)": src}
    for fmt in ("ods", "xls", "xlsx"):
        (converted,) = soffice_convert([src], fmt, base / fmt)
        out[f"{fmt} (LibreOffice)"] = converted
    return out


@pytest.mark.office
@pytest.mark.parametrize(
    "fmt", ["xlsx (openpyxl + lxml)", "ods (LibreOffice)", "xls (LibreOffice)", "xlsx (LibreOffice)"]
)
def test_formats_read_the_same_after_a_libreoffice_save(saved: dict[str, Path], fmt: str) -> None:
    (result,) = validate_paths(SCHEMA, [saved[fmt]], workers=1).files
    values = _by_cell(result)
    got = {}
    want = {}
    for ref, (_, _, value, code) in SAVED.items():
        codes = {c for c, _ in _at(result, ref)} & {
            "dinh-dang-thu-nho",
            "dinh-dang-che-so",
            "hien-thi-lam-tron",
            "doc-theo-phan-tram",
            "dinh-dang-ngay",
            "khong-phai-so",
        }
        got[ref] = (values.get((S1, ref), "absent"), codes)
        want[ref] = (value, {code} if code else set())
    # LibreOffice saves a number under a TRUE/FALSE format as a typed TRUE (=TRUE()): refused all the same
    if fmt != "xlsx (openpyxl + lxml)":
        want["D8"] = (None, {"khong-phai-so"})
    assert got == want


# ---- LibreOffice as the oracle of what a cell shows -----------------------------------------------------

#: Format codes people and programs use, each applied to every value of ORACLE_VALUES. ("00.0E+0" is left out:
#: LibreOffice shows 107,9 as "01.1E+2" where Excel shows "10.8E+1".)
ORACLE_CODES = [
    "General",
    "0.00",
    "#,##0",
    "#,###",
    "#",
    "0.0#",
    "#,##0.0",
    "#,##0.00_);[Red](#,##0.00)",
    '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)',
    VND_ACCOUNTING,
    "#,##0 [$₫-42A]",
    "[$-42A]#,##0.00",
    "[Red]0.0;[Blue]-0.0",
    '#,##0;(#,##0);"-"',
    "0;-0;;@",
    "@",
    '"Tổng: "0',
    '0 "người"',
    'General" tr"',
    "#,##0,",
    "0.0,,",
    "#,##0.0,",
    "[<1000]0;#,##0,",
    '[>=1000]#,##0,"K";0',
    "[>100]0.0;[<=5]0.00;0",
    "0.00E+00",
    "0.0E+00",
    "##0.0E+0",
    "# ?/?",
    "# ??/??",
    "?/?",
    "# ?/4",
    "0%",
    "0.0%",
    "0.000%",
    '0.0%;-0.0%;"—"',
    '0.0 "%"',
    '[>=1000000]#,##0.0,,"tr";[>=1000]#,##0,"k";0',
    '#,##0;-#,##0;""',
    "[Blue]#,##0;[Red]-#,##0;0",
    '_-* #,##0\\ _₫_-;\\-* #,##0\\ _₫_-;_-* "-"??\\ _₫_-;_-@_-',  # Excel vi-VN "Accounting"
    '#,##0\\ "₫";\\-#,##0\\ "₫"',  # Excel vi-VN "Currency"
    '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',  # WPS
    "[DBNum1][$-804]General",
    "0.00_ ",
]
ORACLE_VALUES = [0, 2, 5.5, 98.5, 107.9, 999, 1000, 2000, 21.4321, 83_000_000, 0.985, 0.333, 1_234_567, 0.05, 99.95]


def _number_shown(text: str, comma_decimal: bool) -> Fraction | None:
    """The number a cell's displayed text stands for: "1,234.5", "- ₫", "98 1/2", "9.85E+01", "(5)", "98.5%"
    (the percent read as shown: 98.5); None for anything else ("83K", "###")."""
    body = text
    for word in ("₫", "tr", "Tổng:", "Tổng", "người", "~", "$"):
        body = body.replace(word, "")
    body = body.strip().replace("(", "-").replace(")", "").rstrip("%").strip()
    if body in ("", "-", "–", "—") or not any(ch.isdigit() for ch in body.replace(".", "")):
        return Fraction(0)  # zero shown as nothing, a dash, or "?.??"'s blanks around the decimal sign
    body = body.replace(".", "").replace(",", ".") if comma_decimal else body.replace(",", "")
    whole, _, frac = body.rpartition(" ") if "/" in body else ("", "", body)
    if "/" in frac:
        numerator, _, denominator = frac.partition("/")
        return Fraction(int(whole or 0)) + Fraction(int(numerator), int(denominator))
    try:
        return Fraction(Decimal(body))
    except ArithmeticError:
        return None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], list[list[str]]]:
    """ORACLE_CODES × ORACLE_VALUES in one sheet (openpyxl), the same saved by LibreOffice as .ods and .xls,
    and what LibreOffice shows in each cell (CSV export "as shown", English number marks)."""
    base = tmp_path_factory.mktemp("oracle")
    return _as_libreoffice_shows(list(ORACLE_CODES), base, "formats.xlsx")


def _reads_as_shown(decision: Any, raw: float, seen: Fraction | None, *, known_findings: bool) -> bool | None:
    """Whether cchc's reading of a cell (``as_displayed``'s decision) agrees with the number LibreOffice shows
    (``seen``): read as stored, or read/flagged with the number shown; None when cchc refused the cell.
    ``known_findings``: the finding must also be one of those that read what is shown."""
    if decision is None:
        return seen is not None and seen == Fraction(Decimal(repr(raw)))
    if decision[0] is None:
        return None
    _, finding, fields = decision
    said = fields["shown"] if finding == "hien-thi-lam-tron" else fields["display"]
    ok = seen is not None and _number_shown(said, True) == seen
    return ok and (not known_findings or finding in ("hien-thi-lam-tron", "doc-theo-phan-tram"))


def _as_libreoffice_shows(codes: list[str], folder: Path, name: str) -> tuple[dict[str, Path], list[list[str]]]:
    """``codes`` × ORACLE_VALUES in one sheet (openpyxl) saved in ``folder`` as ``name``, the same saved by
    LibreOffice as .ods and .xls ({"xlsx", "ods", "xls"} → path), and what LibreOffice shows in each cell (CSV
    export "as shown", English number marks). Skips the test when LibreOffice is not installed."""
    import csv

    import openpyxl
    from office import find_soffice, soffice_convert

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for i, code in enumerate(codes):
        for j, value in enumerate(ORACLE_VALUES):
            ws.cell(i + 1, j + 1, value).number_format = code
    src = folder / name
    wb.save(src)
    (out,) = soffice_convert([src], "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true", folder)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    paths = {"xlsx": src}
    for fmt in ("ods", "xls"):
        (paths[fmt],) = soffice_convert([src], fmt, folder / fmt)
    return paths, rows


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_every_number_read_without_a_word_is_what_libreoffice_shows(
    rendered: tuple[dict[str, Path], list[list[str]]], fmt: str
) -> None:
    """Differential: LibreOffice renders each format × value; a number the reader takes without a finding must
    be the one shown, a number it reads with hien-thi-lam-tron or doc-theo-phan-tram must name what is shown;
    refusing is always allowed. The .ods and .xls LibreOffice saves of the same sheet read the same way."""
    from cchc_cli.reading import open_book
    from cchc_cli.validation.checks.displayed_values import as_displayed

    paths, rows = rendered
    book = open_book(paths[fmt])
    grid = book.grid(book.sheet_names[0])
    wrong = []
    for i, code in enumerate(ORACLE_CODES):
        for j, value in enumerate(ORACLE_VALUES):
            raw, text = grid.get(i, j), rows[i][j]
            kind = "percent" if "%" in code else "money"
            assert isinstance(raw, float), (code, value)
            shown = _number_shown(text, comma_decimal=code.startswith("[$-42A]"))
            decision = as_displayed(grid, i, j, raw, kind, book)
            ok = _reads_as_shown(decision, raw, shown, known_findings=True)
            if ok is None:
                continue  # refused
            if not ok:
                wrong.append((code, value, text, grid.number_format(i, j), decision))
    assert wrong == []


@pytest.mark.parametrize(
    ("attribute", "text"),
    [("of:=[.D7]+[.D8]", "[.D7]+[.D8]"), ("msoxl:=D7+D8", "D7+D8"), ("oooc:=[.D7]+[.D8]", "[.D7]+[.D8]")],
)
def test_an_ods_formula_is_read_whatever_its_namespace(attribute: str, text: str) -> None:
    """Excel saves .ods formulas as "msoxl:=…", LibreOffice as "of:=…" (OpenOffice.org 1: "oooc:=…")."""
    from lxml import etree

    from cchc_cli.reading.model import Grid
    from cchc_cli.reading.ods import OFFICE, TABLE, _cell

    cell = etree.Element(f"{{{TABLE}}}table-cell")
    cell.set(f"{{{TABLE}}}formula", attribute)
    cell.set(f"{{{OFFICE}}}value-type", "float")
    cell.set(f"{{{OFFICE}}}value", "37")
    grid = Grid()
    _cell(cell, (5, 3), grid, {}, {}, {})
    assert grid.formula_text[(5, 3)] == text and grid.get(5, 3) == 37.0


# ---- .ods: where a cell's number format comes from ------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)


def _ods(path: Path, styles: str, table: str) -> Path:
    """A minimal .ods: ``styles`` (automatic styles) and one table's XML."""
    import zipfile

    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.3">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f'<office:body><office:spreadsheet><table:table table:name="Biểu">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
    return path


_THOUSANDS = (
    '<number:number-style style:name="N1"><number:number number:decimal-places="0" number:min-integer-digits="1" '
    'number:grouping="true" number:display-factor="1000"/></number:number-style>'
)
_CELL = '<table:table-cell office:value-type="float" office:value="83000000"><text:p>83.000</text:p></table:table-cell>'


@pytest.mark.parametrize(
    ("styles", "table"),
    [
        (  # a column formatted as a whole: its cells name no style (LibreOffice writes them so)
            _THOUSANDS + '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>',
            f'<table:table-column table:default-cell-style-name="ce1"/><table:table-row>{_CELL}</table:table-row>',
        ),
        (  # a row's default cell style
            _THOUSANDS + '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>',
            f'<table:table-column/><table:table-row table:default-cell-style-name="ce1">{_CELL}</table:table-row>',
        ),
        (  # a cell style based on a named style that has the format
            _THOUSANDS
            + '<style:style style:name="Nghin" style:family="table-cell" style:data-style-name="N1"/>'
            + '<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Nghin"/>',
            '<table:table-column/><table:table-row><table:table-cell table:style-name="ce2" '
            'office:value-type="float" office:value="83000000"><text:p>83.000</text:p></table:table-cell>'
            "</table:table-row>",
        ),
    ],
    ids=["column-default", "row-default", "parent-style"],
)
def test_an_ods_cell_takes_the_format_it_inherits(tmp_path: Path, styles: str, table: str) -> None:
    from cchc_cli.reading import open_book
    from cchc_cli.validation.checks.displayed_values import as_displayed

    book = open_book(_ods(tmp_path / "bieu.ods", styles, table))
    grid = book.grid("Biểu")
    assert grid.get(0, 0) == 83_000_000 and grid.number_format(0, 0) == "#,##0,"
    decision = as_displayed(grid, 0, 0, 83_000_000.0, "money", book)
    assert decision is not None and decision[0] is None and decision[1] == "dinh-dang-thu-nho"


def test_an_ods_array_formulas_range_is_formula_cells(tmp_path: Path) -> None:
    from cchc_cli.reading import open_book

    value = '<table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>'
    anchor = (
        '<table:table-cell table:number-matrix-columns-spanned="1" table:number-matrix-rows-spanned="3" '
        'table:formula="of:=[.B1:.B3]*1" office:value-type="float" office:value="2"><text:p>2</text:p>'
        "</table:table-cell>"
    )
    rows = f"<table:table-row>{anchor}</table:table-row>" + f"<table:table-row>{value}</table:table-row>" * 2
    grid = open_book(_ods(tmp_path / "mang.ods", "", "<table:table-column/>" + rows)).grid("Biểu")
    assert grid.formulas == {"A1", "A2", "A3"} and grid.get(2, 0) == 2


def _generated_codes(seed: int, count: int) -> list[str]:
    """Format codes built the way people build them (colours, conditions, text before and after, scaling,
    percent, scientific, fractions, General), reproducibly from ``seed``."""
    import random

    rnd = random.Random(seed)
    numbers = ["0", "#,##0", "0.0", "0.00", "#,##0.0#", "0.###", "#", "0%", "0.0%", "0.00E+00", "##0.0E+0", "# ?/?"]
    numbers += ["# ??/??", "?/?", "# ?/8", "General", "000", "#,###.00", "0.0,", "#,##0,,", "?.??", "0.0##%"]

    def section() -> str:
        out = rnd.choice(["", "", "", "[Red]", "[Blue]"]) + rnd.choice(["", "", "", '"Tổng "', "\\$"])
        return out + rnd.choice(numbers) + rnd.choice(["", "", "", ' "tr"', "_)", "\\ ₫", ' "người"'])

    codes: set[str] = set()
    while len(codes) < count:
        sections = [section() for _ in range(rnd.choice([1, 1, 2, 3, 3, 4]))]
        if rnd.random() < 0.25:
            sections[0] = rnd.choice(["[>=1000]", "[<100]", "[<=1]", "[>0]"]) + sections[0]
            if len(sections) > 1 and rnd.random() < 0.5:
                sections[1] = rnd.choice(["[>=10]", "[<0]", "[=0]"]) + sections[1]
        codes.add(";".join(sections))
    return sorted(codes)


@pytest.mark.office
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_format_codes_read_as_libreoffice_shows_them(tmp_path: Path, seed: int) -> None:
    """The differential of test_every_number_read_without_a_word_is_what_libreoffice_shows over 120 codes
    made by a grammar, in .xlsx and in LibreOffice's .ods and .xls saves."""
    from cchc_cli.reading import open_book
    from cchc_cli.validation.checks.displayed_values import as_displayed

    codes = _generated_codes(seed, 120)
    paths, rows = _as_libreoffice_shows(codes, tmp_path, "codes.xlsx")
    wrong = []
    for path in paths.values():
        book = open_book(path)
        grid = book.grid(book.sheet_names[0])
        for i, code in enumerate(codes):
            for j, value in enumerate(ORACLE_VALUES):
                raw, text = grid.get(i, j), rows[i][j]
                assert isinstance(raw, float), (code, value)
                shown = _number_shown(text, comma_decimal=False)
                decision = as_displayed(grid, i, j, raw, "percent" if "%" in code else "money", book)
                ok = _reads_as_shown(decision, raw, shown, known_findings=False)
                if ok is None:
                    continue  # refused
                if not ok and not text.rstrip().endswith("E+"):  # LibreOffice drops the exponent before "_)"
                    wrong.append((path.suffix, code, value, text, decision))
    assert wrong == []

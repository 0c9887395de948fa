"""A formula typed into a return whose cached value is older than its inputs (issue 8 §2): error, not merged.

Returns are a generated Phòng Nội vụ template filled as a clerk would (tests/clerk.py), then given formulas the
way a stale file holds them: a program wrote new inputs and left each formula's cached value from before (the
cell XML edited with lxml, as the reader corpus does). What can't be recomputed keeps today's reading: the
cached value, with the "cong-thuc" warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from campaign import consistent_values, fill_unit
from corpus import S1, S5, edit_cell, members, write_zip
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.generate import generate_templates
from cchc_cli.reading import Grid, a1, open_book, parse_a1
from cchc_cli.reading.model import shown_float
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import Validator
from cchc_cli.validation.formula import recompute, stale
from cchc_cli.validation.report import FileResult
from cchc_cli.validation.values import _vn

SCHEMA = load_schema()
UNIT = "NV"
STALE = "cong-thuc-gia-tri-cu"

# (sheet, cell) → the (indicator, period) its value is merged as
KEYS = {
    (S1, "D6"): ("s1_vbcd", "y2015"),
    (S1, "E6"): ("s1_vbcd", "y2016"),
    (S1, "F6"): ("s1_vbcd", "y2017"),
    (S1, "D19"): ("s1_hl_muc_do", "y2015"),
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unit's template filled by a clerk with values that break no rule."""
    base = tmp_path_factory.mktemp("cong-thuc")
    (template,) = [p for _, p, _ in generate_templates(SCHEMA, base / "bieu-mau", [UNIT]).written]
    out = base / "PL2_NV.xlsx"
    fill_unit(SCHEMA, template, out, consistent_values(SCHEMA, UNIT))
    return out


@pytest.fixture(scope="module")
def typed(clean: Path) -> dict[tuple[str, str], float]:
    """What the clerk typed, by (sheet, cell), as the reader gives it."""
    book = open_book(clean)
    out = {}
    for sheet in (S1, S5):
        grid = book.grid(sheet)
        for (r, c), value in grid.cells.items():
            if isinstance(value, float):
                out[(sheet, a1(r, c))] = value
    return out


Edit = tuple[str, str, str | None, str | None]  # sheet, cell, formula (None: a plain number), cached value


def planted(clean: Path, out: Path, edits: list[Edit], t: dict[tuple[str, str], str] | None = None) -> Path:
    """``clean`` with each cell set to <f>formula</f><v>cached</v> (or a plain <v>) — nothing recalculated — and
    saved as a spreadsheet saves it: without openpyxl's "recalculate on load" flag (fullCalcOnLoad), which
    would make every cached value untrusted (tests/test_reading_writers.py)."""
    _, parts = members(clean)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    for sheet, ref, formula, cached in edits:
        edit_cell(parts, sheet, ref, formula=formula, value=cached, keep_value=False, t=(t or {}).get((sheet, ref)))
    return write_zip(out, parts)


def check(path: Path) -> FileResult:
    return Validator(SCHEMA).check(path)


def codes_at(result: FileResult, sheet: str, ref: str) -> set[str]:
    return {f.code for f in result.findings if f.sheet == sheet and f.cell == ref}


def excel_round(x: float, digits: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


Values = dict[tuple[str, str], float]

#: formula cell, formula, what it computes from the typed values (an oracle written apart from the evaluator)
FORMS: list[tuple[str, str, str, Callable[[Values], float]]] = [
    (S1, "D6", "SUM(D7:D8)", lambda v: v[(S1, "D7")] + v[(S1, "D8")]),
    (S1, "D6", "sum($D$7:$D$8)", lambda v: v[(S1, "D7")] + v[(S1, "D8")]),
    (S1, "D6", "D7+D8", lambda v: v[(S1, "D7")] + v[(S1, "D8")]),
    (S1, "D6", "$D$7 + $D8*1", lambda v: v[(S1, "D7")] + v[(S1, "D8")]),
    (S1, "D6", "MAX(D7:D8)*2-ABS(D7-D8)", lambda v: v[(S1, "D7")] + v[(S1, "D8")]),
    (S1, "E6", "'5. Đội ngũ CBCCVC'!D7+E8", lambda v: v[(S5, "D7")] + v[(S1, "E8")]),
    (S1, "F6", "SUM('5. Đội ngũ CBCCVC'!$D$7:$E$7)+F7", lambda v: v[(S5, "D7")] + v[(S5, "E7")] + v[(S1, "F7")]),
    (S1, "D19", "ROUND(D21/D22*100,1)", lambda v: excel_round(v[(S1, "D21")] / v[(S1, "D22")] * 100, 1)),
    (S1, "D19", "D21/D22*100", lambda v: v[(S1, "D21")] / v[(S1, "D22")] * 100),
    (
        S1,
        "D19",
        "IF(D22=0,0,ROUND(D21/D22*100,0))",
        lambda v: excel_round(v[(S1, "D21")] / v[(S1, "D22")] * 100, 0),
    ),
    (S1, "D19", "AVERAGE(D21:D22)/(D22)*50", lambda v: (v[(S1, "D21")] + v[(S1, "D22")]) / 2 / v[(S1, "D22")] * 50),
    (S1, "D19", "MIN(D21:D22)/MAX(D21:D22)*100", lambda v: v[(S1, "D21")] / v[(S1, "D22")] * 100),
]


@pytest.mark.parametrize(("sheet", "ref", "formula", "oracle"), FORMS, ids=[f[2] for f in FORMS])
def test_a_fresh_formula_is_read_with_no_stale_finding(
    clean: Path, typed: Values, tmp_path: Path, sheet: str, ref: str, formula: str, oracle: Callable[[Values], float]
) -> None:
    expected = oracle(typed)
    result = check(planted(clean, tmp_path / "moi.xlsx", [(sheet, ref, formula, repr(expected))]))
    at = codes_at(result, sheet, ref)
    assert STALE not in at
    assert "cong-thuc" in at  # today's warning: a formula is read as its cached value
    assert result.values[KEYS[(sheet, ref)]] == pytest.approx(expected)


@pytest.mark.parametrize(("sheet", "ref", "formula", "oracle"), FORMS, ids=[f[2] for f in FORMS])
def test_a_stale_formula_is_an_error_at_its_cell_and_not_merged(
    clean: Path, typed: Values, tmp_path: Path, sheet: str, ref: str, formula: str, oracle: Callable[[Values], float]
) -> None:
    expected = oracle(typed)
    old = expected - 7  # the value before a program changed the inputs, left in the file
    result = check(planted(clean, tmp_path / "cu.xlsx", [(sheet, ref, formula, repr(old))]))
    (finding,) = [f for f in result.findings if f.code == STALE]
    assert (finding.sheet, finding.cell, finding.severity) == (sheet, ref, "error")
    # both numbers as a spreadsheet shows them: 15 significant digits
    assert f"={formula} tính ra {_vn(shown_float(expected))} nhưng giá trị lưu sẵn là {_vn(shown_float(old))}" in (
        finding.message
    )
    assert result.values[KEYS[(sheet, ref)]] is None


def test_new_inputs_written_without_recalculating(clean: Path, typed: Values, tmp_path: Path) -> None:
    """The way a stale file really comes: the total's formula keeps the old sum, a program rewrote a part."""
    old = typed[(S1, "D7")] + typed[(S1, "D8")]
    new_part = typed[(S1, "D7")] + 12
    path = planted(
        clean,
        tmp_path / "ghi-lai.xlsx",
        [(S1, "D6", "SUM(D7:D8)", repr(old)), (S1, "D7", None, repr(new_part))],
    )
    result = check(path)
    assert [(f.code, f.sheet, f.cell) for f in result.findings if f.code == STALE] == [(STALE, S1, "D6")]
    assert result.values[("s1_vbcd", "y2015")] is None
    assert result.values[("s1_vbcd_huyen_uy", "y2015")] == new_part


def test_a_chain_uses_the_cached_values_of_the_formulas_it_refers_to(
    clean: Path, typed: Values, tmp_path: Path
) -> None:
    """D6 refers to E6, itself a formula with a stale value: E6's cached value counts; each cell is judged alone."""
    e6_cached = typed[(S1, "E7")] + typed[(S1, "E8")] + 3  # E6 itself stale
    path = planted(
        clean,
        tmp_path / "chuoi.xlsx",
        [
            (S1, "E6", "E7+E8", repr(e6_cached)),
            (S1, "D6", "E6-E7-E8+D7+D8-3", repr(typed[(S1, "D7")] + typed[(S1, "D8")])),
        ],
    )
    result = check(path)
    assert STALE in codes_at(result, S1, "E6")
    assert STALE not in codes_at(result, S1, "D6")


# What can't be known keeps today's reading: the cached value is merged, with the "cong-thuc" warning.
UNKNOWN: list[tuple[str, list[Edit], dict[tuple[str, str], str]]] = [
    ("unknown function", [(S1, "D6", "SUMPRODUCT(D7:D8,D7:D8)", "999")], {}),
    ("new-function prefix", [(S1, "D6", "_xlfn.CONCAT(D7)", "999")], {}),
    ("defined name", [(S1, "D6", "TongSo", "999")], {}),
    ("text operand", [(S1, "D6", "C7+D8", "999")], {}),  # C7 shows "Văn bản"
    ("text literal", [(S1, "D6", '"5"+D8', "999")], {}),
    ("concatenation", [(S1, "D6", "D7&D8", "999")], {}),
    ("error operand", [(S1, "D6", "D8+E7", "999"), (S1, "E7", None, "#DIV/0!")], {(S1, "E7"): "e"}),
    ("error in a summed range", [(S1, "D6", "SUM(D7:E8)", "999"), (S1, "E7", None, "#N/A")], {(S1, "E7"): "e"}),
    ("circular", [(S1, "D6", "D6+D7", "999")], {}),
    ("circular through another formula", [(S1, "D6", "E6+D7", "999"), (S1, "E6", "D6-D7", "998")], {}),
    ("range containing itself", [(S1, "D6", "SUM(D6:D8)", "999")], {}),
    ("too deep", [(S1, "D6", "(" * 70 + "D7" + ")" * 70, "999")], {}),
    ("whole column", [(S1, "D6", "SUM(D:D)", "999")], {}),
    ("another workbook", [(S1, "D6", "[1]Sheet1!A1", "999")], {}),
    ("a sheet that does not exist", [(S1, "D6", "'Biểu 9'!D7", "999")], {}),
    ("3-D reference", [(S1, "D6", "SUM('1. Chỉ đạo điều hành:5. Đội ngũ CBCCVC'!D7)", "999")], {}),
    ("array constant", [(S1, "D6", "SUM({1,2})", "999")], {}),
    ("intersection", [(S1, "D6", "D7:E8 D7:D8", "999")], {}),
    ("division by zero", [(S1, "D6", "D7/(D8-D8)", "999")], {}),
    ("range where one value is wanted", [(S1, "D6", "D7:D8+1", "999")], {}),
    ("shared formula follower (no text)", [(S1, "D6", "", "999")], {}),
    ("broken text", [(S1, "D6", "SUM(D7:D8", "999")], {}),
]


@pytest.mark.parametrize(("what", "edits", "types"), UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_what_cannot_be_recomputed_keeps_todays_reading(
    clean: Path, tmp_path: Path, what: str, edits: list[Edit], types: dict[tuple[str, str], str]
) -> None:
    result = check(planted(clean, tmp_path / "khong-biet.xlsx", edits, types))
    assert not [f for f in result.findings if f.code == STALE], what
    assert "cong-thuc" in codes_at(result, S1, "D6")
    assert result.values[("s1_vbcd", "y2015")] == 999


def test_constant_formula_still_checked(clean: Path, tmp_path: Path) -> None:
    result = check(planted(clean, tmp_path / "hang.xlsx", [(S1, "D6", "30+7", "36")]))
    assert STALE in codes_at(result, S1, "D6")


# ---- the evaluator against Python's own arithmetic ---------------------------------------------------

numbers = st.one_of(
    st.integers(-10_000, 10_000).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(numbers, min_size=1, max_size=8), data=st.data())
def test_plus_minus_times_divide_as_python_computes(values: list[float], data: st.DataObject) -> None:
    """A flat chain over cells C1…: + - * / with unary minus have the same precedence in Excel and Python."""
    grid = Grid()
    for i, v in enumerate(values):
        grid.cells[(i, 2)] = v
    picks = data.draw(st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=8))
    ops = data.draw(st.lists(st.sampled_from(["+", "-", "*", "/"]), min_size=len(picks) - 1, max_size=len(picks) - 1))
    signs = data.draw(st.lists(st.sampled_from(["", "-"]), min_size=len(picks), max_size=len(picks)))
    excel, python = f"{signs[0]}C{picks[0] + 1}", f"{signs[0]}({values[picks[0]]!r})"
    for op, sign, k in zip(ops, signs[1:], picks[1:], strict=True):
        excel += f"{op}{sign}C{k + 1}"
        python += f"{op}{sign}({values[k]!r})"
    try:
        expected: float | None = float(eval(python))  # the oracle: Python's arithmetic on the same numbers
    except (ZeroDivisionError, OverflowError):
        expected = None
    got = recompute(excel, grid, (100, 100), {})
    if expected is None or not math.isfinite(expected):
        assert got is None
    else:
        assert got is not None and got[0] == expected


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(numbers, st.just("chữ"), st.none()), min_size=1, max_size=12), data=st.data())
def test_sum_of_a_range_skips_text_and_blanks(values: list[float | str | None], data: st.DataObject) -> None:
    grid = Grid()
    for i, v in enumerate(values):
        if v is not None:
            grid.cells[(i, 3)] = v
    first = data.draw(st.integers(0, len(values) - 1))
    last = data.draw(st.integers(first, len(values) - 1))
    expected = 0.0
    for v in values[first : last + 1]:
        if isinstance(v, float):
            expected += v
    got = recompute(f"SUM($D${first + 1}:D{last + 1})", grid, (50, 0), {})
    assert got is not None and got[0] == expected
    assert stale(f"SUM(D{first + 1}:D{last + 1})", expected, grid, (50, 0), {}) is None
    assert stale(f"SUM(D{first + 1}:D{last + 1})", expected + 1, grid, (50, 0), {}) == expected


def test_excel_rules_python_does_not_share() -> None:
    grid = Grid(cells={(0, 0): 2.0, (1, 0): 0.1, (2, 0): 0.2, (3, 0): 0.3, (4, 0): 2.675})

    def value(formula: str) -> float | None:
        got = recompute(formula, grid, (9, 9), {})
        return None if got is None else got[0]

    assert value("-A1^2") == 4.0  # negation binds tighter than ^
    assert value("2^3^2") == 64.0  # ^ left to right
    assert value("50%*A1") == 1.0
    assert value("ROUND(A5,2)") == 2.68  # Python's round(2.675, 2) gives 2.67
    assert value("ROUND(-A5,2)") == -2.68  # half away from zero
    assert value("ROUND(1234.5,-2)") == 1200.0
    assert value("ROUND(A2*3,0)+ROUND(2.5,0)") == 3.0
    assert value("A9+1") == 1.0  # a blank counts as 0
    assert value("IF(A1>1,A1,A1/0)") == 2.0  # only the branch taken is evaluated
    assert value("IF(A1<1,A1)") is None  # FALSE: not a number
    assert value("AVERAGE(A9:A12)") is None  # #DIV/0!
    assert value("0^0") is None  # #NUM!
    assert stale("A2+A3-A4", 0.0, grid, (9, 9), {}) is None  # 5,55e-17 in Python; 0 within 15 digits
    assert stale("A2+A3", 0.3, grid, (9, 9), {}) is None
    assert stale("A2+A3", 0.31, grid, (9, 9), {}) == pytest.approx(0.3)


def test_openformula_references_of_an_ods_file() -> None:
    own = Grid(cells={(4, 2): 3.0, (5, 2): 4.0})
    other = Grid(cells={(4, 2): 10.0})
    sheets = {"Biểu 1": other, "Tổng": own}
    assert recompute("SUM([.C5:.C6])", own, (9, 9), sheets, ods=True) == (7.0, 7.0)
    assert recompute("[$'Biểu 1'.$C$5]+[.C6]", own, (9, 9), sheets, ods=True) == (14.0, 14.0)
    assert recompute("ROUND([.C5]/[.C6]*100;1)", own, (9, 9), sheets, ods=True) == (75.0, 100.0)
    assert recompute("[.C5]", own, (9, 9), sheets) is None  # OpenFormula spelling in an .xlsx: not a reference


# ---- a real client ---------------------------------------------------------------------------------


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_formulas_computed_by_libreoffice_are_not_stale(
    clean: Path, typed: Values, tmp_path: Path, soffice: Callable[..., list[Path]], fmt: str
) -> None:
    """Formulas with no cached value are computed by LibreOffice when it saves: no stale finding, the value it
    computed merged. A formula that already has a cached value is not recalculated by LibreOffice on load
    (its default for files it did not write): the old value it keeps is still caught."""
    fresh = [
        (S1, "D6", "SUM(D7:D8)", None),
        (S1, "E6", "'5. Đội ngũ CBCCVC'!E7+E7", None),
        (S1, "D19", "ROUND(D21/D22*100,1)", None),
    ]
    old = typed[(S1, "F7")] + typed[(S1, "F8")] - 7
    src = planted(clean, tmp_path / "PL2_NV_cong-thuc.xlsx", [*fresh, (S1, "F6", "F7+F8", repr(old))])
    (saved,) = soffice([src], fmt, tmp_path / fmt)
    book = open_book(saved)
    grid = book.grid(S1)
    if fmt == "ods":  # the OpenFormula spelling is what the check reads here
        assert grid.formula_text[(5, 3)] == "SUM([.D7:.D8])"
    result = check(saved)
    for sheet, ref, _, _ in fresh:
        assert STALE not in codes_at(result, sheet, ref)
        pos = parse_a1(ref)
        assert pos is not None
        assert result.values[KEYS[(sheet, ref)]] == pytest.approx(grid.get(*pos))
        # recomputed, not passed over as "cannot know"
        again = recompute(grid.formula_text[pos], grid, pos, book.grids, ods=fmt == "ods")
        assert again is not None and again[0] == pytest.approx(grid.get(*pos))
    assert result.values[KEYS[(S1, "D6")]] == typed[(S1, "D7")] + typed[(S1, "D8")]
    assert result.values[KEYS[(S1, "D19")]] == excel_round(typed[(S1, "D21")] / typed[(S1, "D22")] * 100, 1)
    kept = grid.get(5, 5)
    if kept == old:  # LibreOffice kept the cached value: still stale
        assert STALE in codes_at(result, S1, "F6")
        assert result.values[KEYS[(S1, "F6")]] is None
    else:  # a LibreOffice that recalculates on load: the value is current
        assert kept == old + 7
        assert STALE not in codes_at(result, S1, "F6")


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="ABCD12345$:!'\"[].,;()+-*/^%&=<> {}#SUMIFROUNDx_é", max_size=60))
def test_any_text_gives_a_number_or_cannot_know(text: str) -> None:
    """Whatever a file holds as a formula's text, the evaluator answers; it never raises."""
    grid = Grid(cells={(0, 0): 1.0, (1, 0): "chữ", (2, 1): True}, error_values={(3, 0): "#N/A"})
    grid.formula_text[(0, 1)] = "B1+A1"
    for ods in (False, True):
        got = recompute(text, grid, (0, 1), {"S": grid}, ods=ods)
        assert got is None or (math.isfinite(got[0]) and got[1] >= abs(got[0]))


def test_a_formula_filled_across_is_checked_in_every_cell(clean: Path, typed: Values, tmp_path: Path) -> None:
    """Excel writes a formula dragged across D6:F6 once (a shared formula on D6); E6 and F6 hold only its id.
    The reader gives each follower its own text (SUM(E7:E8) …), so a stale follower is caught too."""
    from corpus import M, sheet_part
    from lxml import etree

    _, parts = members(clean)
    part = sheet_part(parts, S1)
    root = etree.fromstring(parts[part])
    cells = {c.get("r"): c for c in root.iter(f"{M}c")}
    sums = {col: typed[(S1, f"{col}7")] + typed[(S1, f"{col}8")] for col in "DEF"}
    for col, cached in (("D", sums["D"]), ("E", sums["E"]), ("F", sums["F"] + 40)):  # F6 left from before
        cell = cells[f"{col}6"]
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        f = etree.SubElement(cell, f"{M}f", t="shared", si="0")
        if col == "D":
            f.set("ref", "D6:F6")
            f.text = "SUM(D7:D8)"
        etree.SubElement(cell, f"{M}v").text = repr(cached)
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    path = write_zip(tmp_path / "keo-ngang.xlsx", parts)

    grid = open_book(path).grid(S1)
    assert [grid.formula_text[parse_a1(f"{c}6")] for c in "DEF"] == ["SUM(D7:D8)", "SUM(E7:E8)", "SUM(F7:F8)"]
    result = check(path)
    assert STALE not in codes_at(result, S1, "D6") | codes_at(result, S1, "E6")
    assert STALE in codes_at(result, S1, "F6")
    assert result.values[KEYS[(S1, "E6")]] == sums["E"]
    assert result.values[KEYS[(S1, "F6")]] is None


def test_precision_as_displayed_keeps_the_cached_value(clean: Path, typed: Values, tmp_path: Path) -> None:
    """With Excel's "precision as displayed" on (<calcPr fullPrecision="0"/>) Excel stores numbers rounded as
    shown, so a cached value that differs from the recomputed one is not proof of staleness: it is read as
    cached, with the formula warning, never refused."""
    from corpus import M
    from lxml import etree

    expected = typed[(S1, "D7")] + typed[(S1, "D8")]
    path = planted(clean, tmp_path / "lam-tron.xlsx", [(S1, "D6", "D7+D8", repr(expected + 3))])
    assert STALE in codes_at(check(path), S1, "D6")  # without the option: stale

    _, parts = members(path)
    root = etree.fromstring(parts["xl/workbook.xml"])
    root.append(etree.Element(f"{M}calcPr", fullPrecision="0"))
    parts["xl/workbook.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    shown = write_zip(tmp_path / "lam-tron-hien-thi.xlsx", parts)
    assert open_book(shown).precision_as_displayed
    result = check(shown)
    assert STALE not in codes_at(result, S1, "D6")
    assert result.values[KEYS[(S1, "D6")]] == expected + 3

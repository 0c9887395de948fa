"""Cell values read the Vietnamese way: "." groups thousands, "," marks decimals; ambiguity is a finding."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_cli.kinds import spec
from cchc_cli.schema.model import ValueKind
from cchc_cli.validation.findings import CATALOGUE, Finding, make
from cchc_cli.validation.values import Parsed, parse_cell

KINDS = ["count", "percent", "money", "flag", "grade", "text"]
NBSP, THIN, NNBSP, ZWSP = "\u00a0", "\u2009", "\u202f", "\u200b"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def finding(parsed: Parsed, kind: str) -> Finding:
    """The finding the cell_values check makes of a parse (with the kind's hint, as it passes it)."""
    assert parsed.code is not None
    fields: dict[str, Any] = dict(parsed.fields)
    return make(parsed.code, file="a.xlsx", kind_hint=spec(kind).hint, kind_noun=spec(kind).noun, **fields)


def vn_grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- blanks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", " ", "   ", "\t\n", NBSP, THIN, NNBSP, f" {NBSP}{THIN} ", ZWSP, "\u3000"])
@pytest.mark.parametrize("kind", KINDS)
def test_blank(raw: object, kind: str) -> None:
    assert parse_cell(raw, kind) == Parsed(None)


# --- ok values (no finding) --------------------------------------------------------------------------

OK = [
    # count
    (12.0, "count", 12),
    (0.0, "count", 0),
    (-0.0, "count", 0),
    (12, "count", 12),
    (1e15, "count", 10**15),
    ("12", "count", 12),
    (" 12 ", "count", 12),
    ("007", "count", 7),
    ("0", "count", 0),
    ("-0", "count", 0),
    ("+5", "count", 5),
    ("1.234", "count", 1234),
    ("1.234.567", "count", 1234567),
    ("12.345", "count", 12345),
    ("1 234", "count", 1234),
    ("1 234 567", "count", 1234567),
    (f"1{NBSP}234", "count", 1234),
    (f"1{THIN}234", "count", 1234),
    (f"1{NNBSP}234{NNBSP}567", "count", 1234567),
    ("1  234", "count", 1234),
    (f"{NBSP}1.234{NBSP}", "count", 1234),
    (f"1{ZWSP}234", "count", 1234),
    ("12,0", "count", 12),
    ("12,00", "count", 12),
    ("1.234,0", "count", 1234),
    ("1 234,00", "count", 1234),
    # percent
    (98.5, "percent", 98.5),
    (100.0, "percent", 100.0),
    (0.0, "percent", 0.0),
    (50, "percent", 50.0),
    ("98,5", "percent", 98.5),
    ("98,5%", "percent", 98.5),
    ("98,5 %", "percent", 98.5),
    (f"98,5{NBSP}%", "percent", 98.5),
    ("98.5", "percent", 98.5),
    ("98.25", "percent", 98.25),
    ("98", "percent", 98.0),
    ("100%", "percent", 100.0),
    ("0%", "percent", 0.0),
    ("33,3", "percent", 33.3),
    ("0", "percent", 0.0),
    # money
    (1234.5, "money", 1234.5),
    (1234.0, "money", 1234),
    (0.0, "money", 0),
    (7, "money", 7),
    ("125,5", "money", 125.5),
    ("125,50", "money", 125.5),
    ("1.234,5", "money", 1234.5),
    ("1.234.567,89", "money", 1234567.89),
    ("1 234,5", "money", 1234.5),
    ("1.234", "money", 1234),
    ("12.5", "money", 12.5),
    ("12.50", "money", 12.5),
    ("0.125", "money", 0.125),
    ("0,125", "money", 0.125),
    ("1234,567", "money", 1234.567),
    ("12,0", "money", 12),
    # flag
    ("x", "flag", "x"),
    ("X", "flag", "x"),
    (" x ", "flag", "x"),
    (f"{NBSP}X{NBSP}", "flag", "x"),
    (0.0, "flag", "0"),
    (0, "flag", "0"),
    ("0", "flag", "0"),
    (" 0 ", "flag", "0"),
    ("có", "flag", "x"),
    ("Có", "flag", "x"),
    ("CÓ", "flag", "x"),
    (nfd("có"), "flag", "x"),
    ("không", "flag", "0"),
    ("Không", "flag", "0"),
    (nfd("Không"), "flag", "0"),
    ("co", "flag", "x"),
    ("khong", "flag", "0"),
    # grade
    ("Đạt", "grade", "Đạt"),
    ("đạt", "grade", "Đạt"),
    ("Dat", "grade", "Đạt"),
    ("DAT", "grade", "Đạt"),
    (" đạt ", "grade", "Đạt"),
    ("ĐẠT", "grade", "Đạt"),
    (nfd("Đạt"), "grade", "Đạt"),
    (f"{NBSP}Đạt{NBSP}", "grade", "Đạt"),
    ("Không đạt", "grade", "Không đạt"),
    ("không Đạt", "grade", "Không đạt"),
    ("Khong dat", "grade", "Không đạt"),
    ("KHÔNG ĐẠT", "grade", "Không đạt"),
    ("Không  đạt", "grade", "Không đạt"),
    (f"Không{NBSP}đạt", "grade", "Không đạt"),
    ("Không\nđạt", "grade", "Không đạt"),
    (nfd("Không đạt"), "grade", "Không đạt"),
    (nfd("KHÔNG ĐẠT"), "grade", "Không đạt"),
    # text
    ("  Hội nghị trực tuyến ", "text", "Hội nghị trực tuyến"),
    (nfd("Hội nghị"), "text", "Hội nghị"),
    (f"Tô{NBSP}Hạp", "text", "Tô Hạp"),
    ("dòng 1\ndòng 2", "text", "dòng 1\ndòng 2"),
    (12.0, "text", "12"),
    (2019.0, "text", "2019"),
    (1234.5, "text", "1234,5"),
    (12, "text", "12"),
    (0.985, "text", "0,985"),
    (date(2020, 6, 1), "text", "01/06/2020"),
    (datetime(2020, 6, 1, 8, 30), "text", "01/06/2020 08:30:00"),
    (True, "text", "TRUE"),
]


@pytest.mark.parametrize(("raw", "kind", "value"), OK)
def test_ok(raw: object, kind: str, value: int | float | str) -> None:
    parsed = parse_cell(raw, kind)
    assert parsed == Parsed(value), parsed
    assert type(parsed.value) is type(value)


def test_ok_values_are_nfc() -> None:
    for raw, kind, _ in OK:
        value = parse_cell(raw, kind).value
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value)


def test_old_and_new_tone_placement_in_text_is_kept_nfc() -> None:
    assert parse_cell(nfd("Khánh Hoà"), "text") == Parsed("Khánh Hoà")


# --- problems ----------------------------------------------------------------------------------------

PROBLEMS = [
    # count: negative, fractional, ambiguous, not a number
    ("-5", "count", "so-am", "-5"),
    ("−5", "count", "so-am", "−5"),
    ("- 5", "count", "so-am", "- 5"),
    ("-1.234", "count", "so-am", "-1.234"),
    (-5.0, "count", "so-am", "-5"),
    (-5, "count", "so-am", "-5"),
    (-1234.5, "count", "so-am", "-1.234,5"),
    (5.5, "count", "so-le", "5,5"),
    (1234.5, "count", "so-le", "1.234,5"),
    (0.985, "count", "so-le", "0,985"),
    ("5,5", "count", "so-le", "5,5"),
    ("1.234,5", "count", "so-le", "1.234,5"),
    ("1 234,5", "count", "so-le", "1 234,5"),
    ("1,234", "count", "mo-ho", "1,234"),
    ("12,000", "count", "mo-ho", "12,000"),
    ("1.5", "count", "mo-ho", "1.5"),
    ("1.23", "count", "mo-ho", "1.23"),
    ("12.0", "count", "mo-ho", "12.0"),
    ("0.5", "count", "mo-ho", "0.5"),
    ("1.2345", "count", "mo-ho", "1.2345"),
    ("1234.567", "count", "mo-ho", "1234.567"),
    ("1,234.5", "count", "mo-ho", "1,234.5"),
    ("1,234,567", "count", "mo-ho", "1,234,567"),
    ("1.234.5", "count", "mo-ho", "1.234.5"),
    ("1.23.456", "count", "mo-ho", "1.23.456"),
    ("12 34", "count", "mo-ho", "12 34"),
    ("1 234.5", "count", "mo-ho", "1 234.5"),
    ("12.", "count", "mo-ho", "12."),
    (",5", "count", "mo-ho", ",5"),
    ("0.123", "count", "mo-ho", "0.123"),
    ("012.345", "count", "mo-ho", "012.345"),
    ("12 hồ sơ", "count", "khong-phai-so", "12 hồ sơ"),
    ("không có", "count", "chu-thay-so", "không có"),  # "nothing": the answer is 0, not a lesson on digits
    ("Không phát sinh", "money", "chu-thay-so", "Không phát sinh"),
    ("không có", "percent", "khong-phai-so", "không có"),
    ("x", "count", "khong-phai-so", "x"),
    ("98%", "count", "khong-phai-so", "98%"),
    ("1e5", "count", "khong-phai-so", "1e5"),
    ("(5)", "count", "khong-phai-so", "(5)"),
    ("-", "count", "chu-thay-so", "-"),
    ("#N/A", "count", "khong-phai-so", "#N/A"),
    ("１２", "count", "khong-phai-so", "１２"),
    ("1" * 101, "count", "khong-phai-so", "1" * 101),
    (True, "count", "khong-phai-so", "TRUE"),
    (False, "count", "khong-phai-so", "FALSE"),
    (datetime(2020, 5, 1), "count", "dinh-dang-ngay", "01/05/2020"),
    (date(2020, 5, 1), "count", "dinh-dang-ngay", "01/05/2020"),
    (time(1, 5), "count", "dinh-dang-ngay", "01:05:00"),
    (timedelta(hours=25, minutes=3), "count", "dinh-dang-ngay", "25:03:00"),
    (float("nan"), "count", "khong-phai-so", "NaN"),
    (float("inf"), "count", "khong-phai-so", "∞"),
    (float("-inf"), "count", "khong-phai-so", "-∞"),
    # percent
    (150.0, "percent", "ngoai-khoang-ty-le", "150"),
    (100.5, "percent", "ngoai-khoang-ty-le", "100,5"),
    (-5.0, "percent", "ngoai-khoang-ty-le", "-5"),
    ("-5", "percent", "ngoai-khoang-ty-le", "-5"),
    ("1.234", "percent", "ngoai-khoang-ty-le", "1.234"),
    ("101%", "percent", "ngoai-khoang-ty-le", "101%"),
    (10**400, "percent", "ngoai-khoang-ty-le", vn_grouped(10**400)),
    ("1,234", "percent", "mo-ho", "1,234"),
    ("98.5.1", "percent", "mo-ho", "98.5.1"),
    ("1.2345", "percent", "mo-ho", "1.2345"),
    ("33,333", "percent", "mo-ho", "33,333"),
    ("98,5 phần trăm", "percent", "khong-phai-so", "98,5 phần trăm"),
    ("%", "percent", "khong-phai-so", "%"),
    ("%98", "percent", "khong-phai-so", "%98"),
    (float("nan"), "percent", "khong-phai-so", "NaN"),
    (True, "percent", "khong-phai-so", "TRUE"),
    # money
    (-1.5, "money", "so-am", "-1,5"),
    ("-1.234,5", "money", "so-am", "-1.234,5"),
    ("1,234.5", "money", "mo-ho", "1,234.5"),
    ("1,234", "money", "mo-ho", "1,234"),
    ("1.2345", "money", "mo-ho", "1.2345"),
    ("1,234,567", "money", "mo-ho", "1,234,567"),
    ("125 triệu", "money", "khong-phai-so", "125 triệu"),
    ("125.000đ", "money", "khong-phai-so", "125.000đ"),
    (float("inf"), "money", "khong-phai-so", "∞"),
    (date(2020, 1, 2), "money", "dinh-dang-ngay", "02/01/2020"),
    # flag
    (1.0, "flag", "sai-co-khong", "1"),
    ("1", "flag", "sai-co-khong", "1"),
    ("xx", "flag", "sai-co-khong", "xx"),
    ("×", "flag", "sai-co-khong", "×"),
    ("không có", "flag", "sai-co-khong", "không có"),
    ("Có tổ chức", "flag", "sai-co-khong", "Có tổ chức"),
    ("v", "flag", "sai-co-khong", "v"),
    (True, "flag", "sai-co-khong", "TRUE"),
    (date(2020, 1, 2), "flag", "sai-co-khong", "02/01/2020"),
    (float("nan"), "flag", "sai-co-khong", "NaN"),
    # grade
    ("Chưa đạt", "grade", "sai-danh-gia", "Chưa đạt"),
    ("Đạt yêu cầu", "grade", "sai-danh-gia", "Đạt yêu cầu"),
    ("x", "grade", "sai-danh-gia", "x"),
    ("Tốt", "grade", "sai-danh-gia", "Tốt"),
    (1.0, "grade", "sai-danh-gia", "1"),
    (False, "grade", "sai-danh-gia", "FALSE"),
    (datetime(2020, 1, 2, 3, 4, 5), "grade", "sai-danh-gia", "02/01/2020 03:04:05"),
]


@pytest.mark.parametrize(("raw", "kind", "code", "seen"), PROBLEMS)
def test_problem(raw: object, kind: str, code: str, seen: str) -> None:
    parsed = parse_cell(raw, kind)
    assert (parsed.value, parsed.code, parsed.fields.get("seen")) == (None, code, seen), parsed


@pytest.mark.parametrize(("raw", "kind", "code", "seen"), [p for p in PROBLEMS if p[2] == "mo-ho"])
def test_ambiguous_numbers_give_a_reason(raw: object, kind: str, code: str, seen: str) -> None:
    assert parse_cell(raw, kind).fields["reason"]


def test_ambiguity_reasons_name_the_culprit() -> None:
    assert "phẩy" in parse_cell("1,234", "count").fields["reason"]
    assert "chấm" in parse_cell("1.5", "count").fields["reason"]
    assert "nước ngoài" in parse_cell("1,234.5", "money").fields["reason"]


def test_seen_keeps_the_typed_text_nfc_and_stripped() -> None:
    parsed = parse_cell(f"{NBSP}12 {nfd('hồ sơ')} ", "count")
    assert parsed.fields["seen"] == "12 hồ sơ"


# --- small percentages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "seen", "seen100"),
    [
        (0.985, 0.985, "0,985", "98,5"),
        (1.0, 1.0, "1", "100"),
        (0.5, 0.5, "0,5", "50"),
        (0.07, 0.07, "0,07", "7"),
        (0.001, 0.001, "0,001", "0,1"),
        ("0,985", 0.985, "0,985", "98,5"),
        ("0.985", 0.985, "0.985", "98,5"),
        ("0,5%", 0.5, "0,5%", "50"),
        ("1", 1.0, "1", "100"),
    ],
)
def test_small_percent_is_kept_with_a_warning(raw: object, value: float, seen: str, seen100: str) -> None:
    assert parse_cell(raw, "percent") == Parsed(value, "ty-le-nho", {"seen": seen, "seen100": seen100})


def test_zero_percent_is_not_suspicious() -> None:
    assert parse_cell(0.0, "percent") == Parsed(0.0)
    assert parse_cell("0,0", "percent") == Parsed(0.0)


def test_small_percent_message() -> None:
    f = finding(parse_cell(0.985, "percent"), "percent")
    assert (f.code, f.severity) == ("ty-le-nho", "warning")
    assert f.message == "Tỷ lệ 0,985 rất nhỏ; nếu ý là 98,5% thì nhập 98,5."


# --- formulas and error values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (12.0, "count", Parsed(12, "cong-thuc", {"seen": "12"})),
        (1234.5, "money", Parsed(1234.5, "cong-thuc", {"seen": "1.234,5"})),
        (98.5, "percent", Parsed(98.5, "cong-thuc", {"seen": "98,5"})),
        ("1.234", "count", Parsed(1234, "cong-thuc", {"seen": "1.234"})),
        ("x", "flag", Parsed("x", "cong-thuc", {"seen": "x"})),
        ("đạt", "grade", Parsed("Đạt", "cong-thuc", {"seen": "đạt"})),
        ("abc", "text", Parsed("abc", "cong-thuc", {"seen": "abc"})),
        (0.0, "count", Parsed(0, "cong-thuc", {"seen": "0"})),
        # the cached value's own problem wins
        (-5.0, "count", Parsed(None, "so-am", {"seen": "-5"})),
        (5.5, "count", Parsed(None, "so-le", {"seen": "5,5"})),
        ("abc", "count", Parsed(None, "khong-phai-so", {"seen": "abc"})),
        (150.0, "percent", Parsed(None, "ngoai-khoang-ty-le", {"seen": "150"})),
        (0.985, "percent", Parsed(0.985, "ty-le-nho", {"seen": "0,985", "seen100": "98,5"})),
        # no cached value, or a cached error
        ("", "count", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "ô trống"})),
        (None, "text", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "ô trống"})),
        (NBSP, "money", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "ô trống"})),
        ("#DIV/0!", "percent", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "#DIV/0!"})),
        ("#N/A", "text", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "#N/A"})),
        ("#name?", "count", Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "#name?"})),
    ],
)
def test_formula(raw: object, kind: str, expected: Parsed) -> None:
    assert parse_cell(raw, kind, formula=True) == expected


@pytest.mark.parametrize(
    ("raw", "seen"),
    [("#VALUE!", "#VALUE!"), (" #REF! ", "#REF!"), ("", "lỗi công thức"), (None, "lỗi công thức")],
)
@pytest.mark.parametrize("formula", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_error_value(raw: object, seen: str, formula: bool, kind: str) -> None:
    expected = Parsed(None, "cong-thuc-khong-gia-tri", {"seen": seen})
    assert parse_cell(raw, kind, formula=formula, error=True) == expected


# --- API details ----------------------------------------------------------------------------------------


def test_schema_value_kind_enum_is_accepted() -> None:
    assert parse_cell("1.234", ValueKind.COUNT) == Parsed(1234)
    assert parse_cell("đạt", ValueKind.GRADE) == Parsed("Đạt")


@pytest.mark.parametrize("kind", ["heading", "number", ""])
def test_unknown_kind_is_a_programming_error(kind: str) -> None:
    with pytest.raises(ValueError, match="kind"):
        parse_cell(1.0, kind)


def test_parsed_is_immutable() -> None:
    parsed = parse_cell(1.0, "count")
    with pytest.raises(AttributeError):
        parsed.value = 2  # type: ignore[misc]


def test_every_catalogue_message_can_be_filled_from_the_fields() -> None:
    cells: list[tuple[object, str, bool]] = [(*p[:2], False) for p in PROBLEMS]
    cells += [(0.985, "percent", False), (12.0, "count", True), ("", "count", True)]
    for raw, kind, formula in cells:
        parsed = parse_cell(raw, kind, formula=formula)
        assert parsed.code in CATALOGUE
        f = finding(parsed, kind)
        assert "{" not in f.message and "{" not in f.hint


def test_codes_used() -> None:
    codes = {parse_cell(raw, kind).code for raw, kind, *_ in PROBLEMS}
    codes |= {parse_cell(0.9, "percent").code, parse_cell(1.0, "count", formula=True).code}
    codes |= {parse_cell("", "count", formula=True).code}
    assert codes == {
        "so-am",
        "so-le",
        "mo-ho",
        "khong-phai-so",
        "dinh-dang-ngay",
        "chu-thay-so",
        "ngoai-khoang-ty-le",
        "ty-le-nho",
        "sai-co-khong",
        "sai-danh-gia",
        "cong-thuc",
        "cong-thuc-khong-gia-tri",
    }


def test_catalogue_severities_of_value_codes() -> None:
    assert CATALOGUE["ty-le-nho"].severity == "warning"
    assert CATALOGUE["cong-thuc"].severity == "warning"
    assert CATALOGUE["mo-ho"].severity == "error"


# --- properties ------------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**9))
def test_any_count_reads_back(n: int) -> None:
    assert parse_cell(float(n), "count") == Parsed(n)
    assert parse_cell(vn_grouped(n), "count").value == n
    assert parse_cell(f"{n:,}".replace(",", NBSP), "count").value == n
    assert parse_cell(str(n), "count") == Parsed(n)


@given(st.integers(min_value=100, max_value=10000))
def test_any_percent_typed_vietnamese_reads_back(cents: int) -> None:
    p = cents / 100
    text = f"{p:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    assert parse_cell(text, "percent").value == p
    assert parse_cell(text + "%", "percent").value == p
    assert parse_cell(p, "percent").value == p


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_any_money_typed_vietnamese_reads_back(whole: int, cents: int) -> None:
    assert parse_cell(f"{vn_grouped(whole)},{cents:02d}", "money").value == float(f"{whole}.{cents:02d}")


ANY_RAW = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.text(),
    st.text(alphabet="0123456789.,  -%\u00a0\u2009xX"),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


@given(ANY_RAW, st.sampled_from(KINDS), st.booleans(), st.booleans())
def test_never_raises_and_codes_exist(raw: object, kind: str, formula: bool, error: bool) -> None:
    parsed = parse_cell(raw, kind, formula=formula, error=error)
    assert parsed.code is None or parsed.code in CATALOGUE
    if parsed.code is not None:
        assert "seen" in parsed.fields
        finding(parsed, kind)  # the message can be filled
    if parsed.code == "mo-ho":
        assert parsed.fields["reason"]
    if parsed.value is None and parsed.code is None:
        assert raw is None or (isinstance(raw, str) and all(c.isspace() or c in ZERO_WIDTH for c in raw))


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["count", "percent", "money"]))
def test_numbers_from_number_cells(x: float, kind: str) -> None:
    parsed = parse_cell(x, kind)
    if x != x or x in (float("inf"), float("-inf")):
        assert parsed.code == "khong-phai-so"
    elif parsed.code is None:
        assert parsed.value == x


@given(st.text())
def test_text_cells_are_nfc_and_stripped(raw: str) -> None:
    value = parse_cell(raw, "text").value
    if value is not None:
        assert isinstance(value, str)
        assert unicodedata.is_normalized("NFC", value)
        assert value == value.strip()

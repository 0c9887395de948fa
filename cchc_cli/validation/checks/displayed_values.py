"""Values level: an input number read as the person sees it, or refused with a finding; the limits of a kind.

- Percent format in a percent row: Excel stores 0,985 and shows 98,5% → read 98,5 (information finding).
- Percent format in a count or money row: the person sees a different number than is stored → error.
- A format that scales the display ("#,##0," shows 83000000 as 83000): error naming both numbers. The section of
  the code that shows the number decides ("[<1000]0;#,##0," scales 83000000, not 500).
- A format showing fewer digits than stored (#,##0, "0.00E+00" shows 21,4321 as 2,14E+01, "# ?/?" shows 107,9
  as 107 8/9): read as stored, warning naming what the cell shows; fixed text, nothing, East Asian numerals
  ([DBNum1]) or a date instead of the number: error. Zero shown as "-" or "- ₫" (accounting formats) is 0.
- A formula whose cached value differs from what it computes from the cached values of the cells it refers to
  (inputs written without recalculating): error, not merged. What can be recomputed, and what can't (then the
  formula is read as today: its cached value, with the warning of the formula check), is in
  ``cchc_cli.validation.formula``. In a workbook a program wrote asking to be recalculated on load
  (fullCalcOnLoad: xlsxwriter caches 0), a cached value is read only when recomputing gives it. A formula that
  gives TRUE/FALSE (=TRUE() as LibreOffice saves a typed TRUE) is not a number, whatever number is cached.
- A count above 10^12 or money above 10^15 đồng (1e300, …), or a non-finite number: error — never merged,
  where summing it would overflow; text longer than the 32,767 characters a cell holds: error.
Sources: issue 8 §2; number formats per ECMA-376 Part 1 §18.8.31; Excel specifications and limits.

``displayed_or_refused`` is the reading step the engine runs for each input cell (data, not a check); the
check reports what it decided, at the cell.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cchc_cli.numfmt import vi_number
from cchc_cli.reading import Book, Grid
from cchc_cli.reading.formats import FractionFormat, Scientific, info_for
from cchc_cli.reading.formats import shown as shown_as
from cchc_cli.reading.model import shown_float
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, about, make
from cchc_cli.validation.formula import evaluate, recompute, stale
from cchc_cli.validation.values import Parsed, _seen, _vn, from_serial

if TYPE_CHECKING:
    from cchc_cli.kinds import KindSpec
    from cchc_cli.workbook.layout import Cell

CODES = (
    "doc-theo-phan-tram",
    "phan-tram-sai-cho",
    "dinh-dang-thu-nho",
    "dinh-dang-che-so",
    "hien-thi-lam-tron",
    "cong-thuc-gia-tri-cu",
    "cong-thuc-chua-tinh",
    "so-qua-lon",
    "van-ban-qua-dai",
)


def displayed_or_refused(
    grid: Grid,
    cell: Cell,
    raw: Any,
    kind: KindSpec,
    formulas: frozenset[str],
    errors: frozenset[str],
    book: Book | None = None,
) -> Parsed:
    """The input cell's value as the person sees it, parsed by its kind; refused (value None, a code of
    CODES) when what is shown and what is stored differ in a way that can't be read safely. ``book`` (the
    workbook ``grid`` belongs to) lets a formula's references to other sheets be followed."""
    info: tuple[str, dict[str, Any]] | None = None
    shown = as_displayed(grid, cell.row, cell.col, raw, kind.name, book)
    if shown is not None:
        new_raw, code, fields = shown
        if new_raw is None:
            return Parsed(None, code, fields)
        raw = new_raw
        if code is not None:
            info = (code, fields)
    if formulas or errors:
        parsed = kind.parse(raw, formula=cell.ref in formulas, error=cell.ref in errors)
    else:
        parsed = kind.parse(raw)
    if parsed.value is not None:
        over = over_limit(parsed.value, kind.name)
        if over is not None:
            return Parsed(None, over[0], over[1])
        if info is not None and parsed.code is None:
            return Parsed(parsed.value, info[0], info[1])
    return parsed


def run(ctx: FileContext) -> Iterator[Finding]:
    for item in ctx.inputs:
        parsed, cell = item.parsed, item.cell
        if parsed.code not in CODES or cell.indicator is None or cell.period is None:
            continue
        fields = dict(parsed.fields)
        value = fields.pop("value", None) or fields.get("seen") or fields.get("stored")
        where = ctx.where(sheet=item.sheet, cell=cell.ref, **about(ctx.schema, cell.indicator, cell.period))
        yield make(parsed.code, value=value, **fields, **where)


CHECK = Check("displayed_values", CODES, run)


NUMBER_KINDS = frozenset({"count", "money", "percent"})

Shown = tuple[Any, str | None, dict[str, Any]]  # (value to read, finding code or None, message fields)


def as_displayed(grid: Grid, row: int, col: int, raw: Any, kind: str, book: Book | None = None) -> Shown | None:
    """None when the stored value is what the person sees; else what to read instead (None = refuse).
    ``book``: the workbook ``grid`` belongs to, for a formula's references to other sheets."""
    pos = (row, col)
    formula = grid.formula_text.get(pos)
    if formula and kind in NUMBER_KINDS and pos not in grid.error_values:
        sheets = book.grids if book is not None else {}
        ods = book is not None and book.fmt == "ods"
        if isinstance(result := evaluate(formula, grid, pos, sheets, ods=ods), bool):
            # =TRUE() (how LibreOffice saves a typed TRUE), =D7>0: the cell shows TRUE or FALSE, not the number
            return None, "khong-phai-so", {"seen": "TRUE" if result else "FALSE"}
    if formula is not None and book is not None and book.recalc_on_load and pos not in grid.error_values:
        uncomputed = None if _blank(raw) else _not_computed(formula, raw, grid, pos, book)
        if uncomputed is not None:
            return uncomputed
    if kind not in NUMBER_KINDS or type(raw) is not float:
        return None
    if formula and not (book is not None and book.precision_as_displayed):  # rounded by Excel: can't re-check
        sheets = book.grids if book is not None else {}
        expected = stale(formula, raw, grid, pos, sheets, ods=book is not None and book.fmt == "ods")
        if expected is not None:
            fields = {"formula": formula, "expected": _vn(shown_float(expected)), "seen": _vn(raw)}
            return None, "cong-thuc-gia-tri-cu", fields
    style = grid.styles.get(pos)
    if style is None:
        return None
    code = grid.number_formats.get(style)
    if code is None:
        return None
    if not math.isfinite(raw):
        return None
    info = info_for(code, raw)
    if info.is_date:  # a number the reader left as a number (out of a date's range, a format only we see as one)
        shown_date = from_serial(raw, info.kind)
        seen = _seen(shown_date) if shown_date is not None else "#######"
        return None, "dinh-dang-ngay", {"seen": seen, "stored": _vn(raw)}
    facts = shown_as(code, raw)
    if facts.literal is not None and not (raw == 0 and zero_mark(facts.literal)):
        # the format shows fixed text ("TRUE", "100") or nothing instead of the number
        literal = facts.literal or "(ô trông như trống)"
        fields = {"stored": _vn(raw), "shown": literal, "format": code, "value": _vn(raw)}
        return None, "dinh-dang-che-so", fields
    if facts.numerals is not None:  # 37 shown as 三十七: the person does not see the number
        shown_as_text = f"chữ số Hán {facts.numerals}"
        return None, "dinh-dang-che-so", {"stored": _vn(raw), "shown": shown_as_text, "format": code, "value": _vn(raw)}
    if info.kind == "percent":
        shown = float(Decimal(repr(raw)) * 100)
        display = _rounded(shown, facts.decimals)
        fields = {"stored": _vn(raw), "shown": _vn(shown), "display": display, "value": _vn(shown) + "%"}
        if kind == "percent":
            return shown, "doc-theo-phan-tram", fields
        return None, "phan-tram-sai-cho", fields
    if info.scale and raw != 0:
        divisor = 1000**info.scale
        shown_value = Decimal(repr(raw)) / divisor
        fields = {
            "stored": _vn(raw),
            "shown": _vn(float(round(shown_value))) if shown_value >= 1 else _vn(float(shown_value)),
            "format": code,
            "divisor": _vn(divisor),
            "value": _vn(raw),
        }
        return None, "dinh-dang-thu-nho", fields
    if facts.scientific is not None or facts.fraction is not None:
        exact, display = _notation(raw, facts.scientific, facts.fraction)
        if exact:
            return None
        return raw, "hien-thi-lam-tron", {"stored": _vn(raw), "shown": display, "format": code, "value": _vn(raw)}
    if facts.decimals is None or raw.is_integer() or round(raw, facts.decimals) == raw:
        return None  # every digit stored is shown (the common case, decided without formatting)
    display = _rounded(raw, facts.decimals)
    if display != _vn(raw):
        # fewer decimals shown than stored (#,##0 shows 107,95 as 108): read as stored, said at the cell
        return raw, "hien-thi-lam-tron", {"stored": _vn(raw), "shown": display, "format": code, "value": _vn(raw)}
    return None


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _not_computed(formula: str, raw: Any, grid: Grid, pos: tuple[int, int], book: Book) -> Shown | None:
    """A formula of a workbook written by a program that asks to be recalculated on load (xlsxwriter writes
    every formula with the cached value 0): Excel shows what the formula computes, not the cached value, so
    the cached value is read only when recomputing the formula gives it; otherwise refused
    (``cong-thuc-chua-tinh``), or ``cong-thuc-gia-tri-cu`` naming what it computes."""
    ods = book.fmt == "ods"
    if isinstance(raw, str) and evaluate(formula, grid, pos, book.grids, ods=ods, cached=False) == raw:
        return None  # a text result (=IF(D6>0;"x";"0")) that recomputing gives
    result = recompute(formula, grid, pos, book.grids, ods=ods, cached=False)
    seen = _vn(raw) if isinstance(raw, float) else str(raw)
    if result is None or type(raw) is not float:
        return None, "cong-thuc-chua-tinh", {"formula": formula or "…", "seen": seen}
    expected = stale(formula, raw, grid, pos, book.grids, ods=book.fmt == "ods")
    if expected is not None:
        fields = {"formula": formula, "expected": _vn(shown_float(expected)), "seen": seen}
        return None, "cong-thuc-gia-tri-cu", fields
    return None


def _notation(raw: float, scientific: Scientific | None, fraction: FractionFormat | None) -> tuple[bool, str]:
    """(the number shown is the number stored?, what the cell shows, the Vietnamese way) for a scientific
    ("1,23E+06") or fraction ("98 1/2") format."""
    stored = Decimal(f"{raw:.15g}")
    if scientific is not None:
        mantissa, exponent = scientific.parts(raw)
        digits = f"{abs(exponent):0{scientific.exponent_digits}d}"
        sign = "-" if exponent < 0 else "+" if scientific.plus else ""
        text = f"{mantissa:f}".replace(".", ",") + f"E{sign}{digits}"
        return mantissa.scaleb(exponent) == stored, text
    assert fraction is not None
    whole, numerator, denominator = fraction.parts(raw)
    minus = "-" if raw < 0 else ""
    if numerator == 0:
        text = f"{minus}{whole}"
    elif whole:
        text = f"{minus}{whole} {numerator}/{denominator}"
    else:
        text = f"{minus}{numerator}/{denominator}"
    return Fraction(whole) + Fraction(numerator, denominator) == Fraction(abs(stored)), text


ZERO_MARKS = frozenset({"", "-", "–", "—", "0"})  # what accounting formats show for zero: read as 0
_CURRENCY = ("đồng", "vnđ", "vnd", "₫", "đ", "$", "€", "£", "¥")  # longest first


def zero_mark(literal: str) -> bool:
    """Whether the fixed text a format shows for zero means zero: nothing, a dash or "0", with or without the
    currency an accounting format writes beside it ("- ₫", "-  đ", "0 VND")."""
    text = literal.lower()
    for mark in _CURRENCY:
        text = text.replace(mark, "")
    return "".join(text.split()) in ZERO_MARKS


def _rounded(x: float, decimals: int | None) -> str:
    """``x`` as the cell shows it with ``decimals`` digits after the decimal sign (half away from zero, as
    Excel and LibreOffice round for display), the Vietnamese way; exact when ``decimals`` is unknown."""
    if decimals is None or not abs(x) < 1e15:  # beyond 15 digits nothing is rounded for display
        return _vn(x)
    return vi_number(x, decimals)


LIMITS = {"count": 10**12, "money": 10**15, "percent": 100}
MAX_TEXT = 32_767


def over_limit(value: Any, kind: str) -> tuple[str, dict[str, Any]] | None:
    """(finding code, message fields) when ``value`` is beyond what ``kind`` allows; None when it is fine."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return "van-ban-qua-dai", {"length": _vn(len(value)), "limit": _vn(MAX_TEXT)}
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    limit = LIMITS.get(kind)
    if isinstance(value, float) and not math.isfinite(value):
        return "so-qua-lon", {"seen": _vn(value), "limit": "số hữu hạn"}
    if limit is not None and abs(value) > limit:
        seen = f"{float(value):.3g}".replace(".", ",") if abs(value) >= 1e18 else _vn(value)
        return "so-qua-lon", {"seen": seen, "limit": f"tối đa {_vn(limit)}", "value": seen}
    return None

"""Number formats: what magnitude and kind of value a person sees for a stored number.

Source: ECMA-376 Part 1 §18.8.30 (built-in format ids) and §18.8.31 (format codes); LibreOffice writes the same
codes. A format shows a number as a percent ("0.0%": 0.985 → 98,5%), scaled by thousands ("#,##0,": 83000000 →
83000), as a date or time, as text ("@"), in scientific notation ("0.00E+00"), as a fraction ("# ?/?"), or as
East Asian numerals ("[DBNum1]"). Which section of a code shows a number depends on its sign or on the code's
conditions ("[<1000]0;#,##0,": 500 as is, 83000000 scaled): ``info_for`` and ``shown`` take the value.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

BUILTIN: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* (#,##0);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
# Ids 27–36 and 50–58 are locale date formats (East Asian builds); they display dates.
_BUILTIN_DATES = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What a format code does to a number. ``kind``: general, number, percent, date, time, duration, text."""

    kind: str
    scale: int = 0  # the number is shown divided by 1000**scale ("#,##0," → 1)

    @property
    def is_date(self) -> bool:
        return self.kind in ("date", "time", "duration")


GENERAL = FormatInfo("general")


def builtin_code(num_fmt_id: int) -> str:
    """The format code of a built-in id; ids without a code of their own (27–36, 50–58) read as dates."""
    if num_fmt_id in BUILTIN:
        return BUILTIN[num_fmt_id]
    if num_fmt_id in _BUILTIN_DATES:
        return "yyyy-mm-dd"
    return "General"


def _tokens(code: str) -> list[tuple[str, str]]:
    """A format code as (kind, text) tokens, the one reading of its syntax (ECMA-376 Part 1 §18.8.31): "quoted"
    text (without its quotes), "escaped" character (after "\\"), "skip" (a padding "_x" or fill "*x": no text
    shown), "bracket" content ([Red], [h], [>100]), "sep" (";" between sections), "char" (anything else)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            j = code.find('"', i + 1)
            j = n if j < 0 else j
            out.append(("quoted", code[i + 1 : j]))
            i = j + 1
        elif ch == "\\":
            out.append(("escaped", code[i + 1 : i + 2]))
            i += 2
        elif ch in "_*":
            out.append(("skip", code[i : i + 2]))
            i += 2
        elif ch == "[":
            j = code.find("]", i + 1)
            j = n if j < 0 else j
            out.append(("bracket", code[i + 1 : j]))
            i = j + 1
        elif ch == ";":
            out.append(("sep", ch))
            i += 1
        else:
            out.append(("char", ch))
            i += 1
    return out


def _split(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    sections: list[list[tuple[str, str]]] = [[]]
    for kind, text in tokens:
        if kind == "sep":
            sections.append([])
        else:
            sections[-1].append((kind, text))
    return sections


def _body(section: list[tuple[str, str]]) -> str:
    """A section's format characters: quoted text, escapes, fills and paddings removed; an elapsed-time bracket
    ([h] [mm] [ss]) kept."""
    out = []
    for kind, text in section:
        if kind == "char":
            out.append(text)
        elif kind == "bracket" and text and text.lower().strip("hms") == "":
            out.append("[" + text.lower() + "]")
    return "".join(out)


def _first_section(code: str) -> str:
    """The section used for positive numbers, with quoted text, escapes, fills and paddings removed."""
    return _body(_split(_tokens(code))[0])


@lru_cache(maxsize=1024)
def classify(code: str) -> FormatInfo:
    """What the format code ``code`` shows for a positive number (see FormatInfo; its first section, whatever
    the conditions); unknown codes read as general. ``info_for`` says it for one value."""
    if not code or code.strip().lower() == "general":
        return GENERAL
    return _classify_body(_first_section(code))


def _classify_body(section: str) -> FormatInfo:
    """What one section (its format characters, as ``_body`` gives them) shows for a number."""
    low = _TENTHS.sub("s", section.lower())  # "mm:ss.0": tenths of a second are part of a time, not digits
    if "@" in low and not any(ch in low for ch in "0#?"):
        return FormatInfo("text")
    if "[h" in low or "[m" in low or "[s" in low:
        return FormatInfo("duration")
    if any(ch in low for ch in "dy") or ("m" in low and not any(ch in low for ch in "0#?")):
        return FormatInfo("date")
    if any(ch in low for ch in "hs") and not any(ch in low for ch in "0#?"):
        return FormatInfo("time")
    if "%" in low:
        return FormatInfo("percent")
    if not any(ch in low for ch in "0#?"):
        return GENERAL if "general" in low else FormatInfo("number")
    # Thousands scaling: commas right after the last digit placeholder of the integer/decimal part.
    last = max(low.rfind(ch) for ch in "0#?")
    scale = 0
    j = last + 1
    while j < len(low) and low[j] == ",":
        scale += 1
        j += 1
    return FormatInfo("number", scale)


_TENTHS = re.compile(r"s\.0+")
Section = tuple[tuple[str, str], ...]
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
    "=": operator.eq,
    "<>": operator.ne,
}


NO_SECTION_INDEX = -1  # no section takes the value (the spreadsheet shows "####")
AMBIGUOUS_INDEX = -2  # which section shows the value depends on the spreadsheet


@lru_cache(maxsize=1024)
def _parsed(code: str) -> tuple[tuple[Section, ...], tuple[tuple[str, float] | None, ...], bool]:
    """(sections, each one's condition, any condition?) of ``code``."""
    sections = tuple(tuple(section) for section in _split(_tokens(code)))
    conditions = tuple(_condition(section) for section in sections)
    return sections, conditions, any(c is not None for c in conditions)


def _condition(section: Section) -> tuple[str, float] | None:
    """A section's condition ("[>=1000]" → (">=", 1000.0)); a condition that isn't a number never holds."""
    for kind, text in section:
        if kind == "bracket" and text and text[0] in "<>=":
            op = text[:2] if text[:2] in _OPS else text[:1]
            try:
                return op, float(text[len(op) :].strip())
            except ValueError:
                return op, math.nan
    return None


def _applied(code: str, value: float) -> int:
    """The index of the section of ``code`` that shows ``value`` (ECMA-376 Part 1 §18.8.31): without
    conditions, positive; negative; zero; text. With conditions ("[>=1000]#,##0,\"K\";0"), the first section
    whose condition holds, a section without a condition taking every number the ones before it did not;
    NO_SECTION_INDEX when no section takes it (the spreadsheet shows "####"), AMBIGUOUS_INDEX when Excel and
    LibreOffice may pick different sections."""
    sections, conditions, conditional = _parsed(code)
    if conditional:
        first = conditions[0]
        if (
            first is not None
            and len(sections) >= 3
            and conditions[1] is None
            and value >= 0
            and not _OPS[first[0]](value, first[1])
            and _body(list(sections[1])) != _body(list(sections[2]))
        ):
            # "[<100]0;0.0;0.00" for 107,9: LibreOffice gives the second section an implicit [<0] and shows the
            # third; read as the second, it would show another number: which one the person sees is not certain
            return AMBIGUOUS_INDEX
        for i, cond in enumerate(conditions):
            if cond is None or _OPS[cond[0]](value, cond[1]):
                return i
        return NO_SECTION_INDEX
    if value < 0 and len(sections) >= 2:
        return 1
    if value == 0 and len(sections) >= 3:
        return 2
    return 0


@lru_cache(maxsize=4096)
def _info_at(code: str, index: int) -> FormatInfo:
    if index < 0:
        return GENERAL
    return _classify_body(_body(list(_parsed(code)[0][index])))


def info_for(code: str, value: float) -> FormatInfo:
    """What the section of ``code`` that shows ``value`` does to it (see FormatInfo, ``_applied``): the one
    reading of a conditional code such as "[<1000]0;#,##0," (500 shown as is, 83000000 scaled to 83000)."""
    if not code or code == "General":
        return GENERAL
    return _info_at(code, _applied(code, value))


def _literal_text(section: list[tuple[str, str]]) -> str:
    """What a section without digit placeholders shows: its quoted and escaped text, other signs as is;
    paddings and fills left out, colours and conditions ([Red]) dropped."""
    return "".join(text for kind, text in section if kind in ("quoted", "escaped", "char")).strip()


def _shows_digits(section: list[tuple[str, str]]) -> bool:
    low = _body(section).lower()
    return any(ch in low for ch in "0#?") or "general" in low or "@" in low


@dataclass(frozen=True, slots=True)
class Scientific:
    """A scientific section ("0.00E+00", engineering "##0.0E+0"): digit placeholders before the decimal sign,
    decimals shown, the step of the exponent (3 for engineering, else 1), exponent digits, "+" shown."""

    integers: int
    decimals: int
    interval: int
    exponent_digits: int
    plus: bool

    def parts(self, value: float) -> tuple[Decimal, int]:
        """(mantissa as shown, rounded half away from zero; exponent) of ``value``: 1234567 under "0.00E+00" →
        (1.23, 6). Works on the 15 significant digits a spreadsheet keeps."""
        if value == 0 or not math.isfinite(value):
            return Decimal(0), 0
        d = Decimal(f"{abs(value):.15g}")
        top = d.adjusted()  # the power of ten of the first significant digit
        exponent = (top // self.interval) * self.interval if self.interval > 1 else top - (self.integers - 1)
        quantum = Decimal(1).scaleb(-self.decimals)
        mantissa = d.scaleb(-exponent).quantize(quantum, rounding=ROUND_HALF_UP)
        if mantissa >= Decimal(10) ** (self.interval if self.interval > 1 else self.integers):
            exponent += self.interval  # 9.999 shown with two decimals is 1.00E+01
            mantissa = d.scaleb(-exponent).quantize(quantum, rounding=ROUND_HALF_UP)
        return (mantissa if value > 0 else -mantissa), exponent


@dataclass(frozen=True, slots=True)
class FractionFormat:
    """A fraction section ("# ?/?", "# ??/??", "?/?", "# ?/4"): a whole part shown or not, the digits of the
    largest denominator tried, or a fixed denominator."""

    whole: bool
    denominator_digits: int
    fixed: int | None

    def parts(self, value: float) -> tuple[int, int, int]:
        """(whole part, numerator, denominator) as shown for ``abs(value)``: the closest fraction with at most
        ``denominator_digits`` digits below (the fixed denominator: the nearest numerator). 98.5 under "# ?/?"
        → (98, 1, 2); 107.9 → (107, 8, 9); 0 → (0, 0, 1)."""
        exact = Fraction(Decimal(f"{abs(value):.15g}")) if math.isfinite(value) else Fraction(0)
        whole = int(exact) if self.whole else 0
        rest = exact - whole
        if self.fixed:
            numerator = int((rest * self.fixed + Fraction(1, 2)) // 1)
            denominator = self.fixed
        else:
            approx = rest.limit_denominator(10**self.denominator_digits - 1)
            numerator, denominator = approx.numerator, approx.denominator
        if self.whole and numerator == denominator:
            whole, numerator = whole + 1, 0
        return whole, numerator, denominator


@dataclass(frozen=True, slots=True)
class Shown:
    """How a format shows one number: ``literal`` is the fixed text shown instead of digits ("" when the cell
    looks empty, "TRUE" for a yes/no format, "########" when no section of a conditional code takes it), None
    when digits are shown; ``decimals`` the digits shown after the decimal sign (None when unknown: General,
    scientific, fractions); ``scientific`` and ``fraction`` describe those notations; ``numerals`` names the
    East Asian numerals a "[DBNum1]" section shows instead of digits (37 → 三十七)."""

    literal: str | None
    decimals: int | None
    scientific: Scientific | None = None
    fraction: FractionFormat | None = None
    numerals: str | None = None  # "[DBNum1]": the digits are shown as Chinese, Japanese or Korean numerals


NO_SECTION = "########"  # what a spreadsheet shows for a number no section of a conditional code takes
UNSURE = "không chắc: Excel và LibreOffice hiện khác nhau"  # an AMBIGUOUS section
_PLACEHOLDERS = "0#?"


def _count(text: str) -> int:
    return sum(1 for ch in text if ch in _PLACEHOLDERS)


def _scientific(body: str) -> Scientific:
    mantissa, _, exponent = body.partition("e")
    whole, _, frac = mantissa.partition(".")
    integers = max(1, _count(whole))
    interval = integers if "#" in whole and integers > 1 else 1
    return Scientific(integers, _count(frac), interval, max(1, _count(exponent)), exponent[:1] == "+")


def _fraction(body: str) -> FractionFormat:
    left, _, right = body.partition("/")
    right = right.strip()
    digits = "".join(ch for ch in right if ch.isdigit())
    fixed = int(digits) if digits and not _count(right) and int(digits) > 0 else None
    return FractionFormat(len(left.split()) >= 2, max(1, min(_count(right), 9)), fixed)


@lru_cache(maxsize=4096)
def _shown(code: str, index: int) -> Shown:
    if index == NO_SECTION_INDEX:
        return Shown(NO_SECTION, 0)
    if index == AMBIGUOUS_INDEX:
        return Shown(UNSURE, 0)
    section = _parsed(code)[0][index]
    body = _body(list(section)).lower()
    info = _classify_body(body)
    if info.is_date or info.kind == "text":
        return Shown(None, None)  # dates, times and text are not numbers shown
    if not _shows_digits(list(section)):
        return Shown(_literal_text(list(section)), 0)
    numerals = next((text for kind, text in section if kind == "bracket" and text.upper().startswith("DBNUM")), None)
    if numerals is not None:
        return Shown(None, None, numerals=f"[{numerals}]")
    if "general" in body:
        return Shown(None, None)  # General shows what is stored (as far as the column is wide)
    if "e" in body:
        return Shown(None, None, scientific=_scientific(body))
    if "/" in body:
        return Shown(None, None, fraction=_fraction(body))
    _, dot, frac = body.partition(".")
    decimals = sum(1 for ch in frac if ch in _PLACEHOLDERS) if dot else 0
    return Shown(None, decimals)


def shown(code: str, value: float) -> Shown:
    """How the format code ``code`` shows ``value``: the section that applies to it (``_applied``: positive;
    negative; zero; text — or the first whose condition holds), then what that section shows (ECMA-376 Part 1
    §18.8.31). Never raises; General says nothing (``Shown(None, None)``)."""
    if not code or code == "General":
        return Shown(None, None)
    return _shown(code, _applied(code, value))

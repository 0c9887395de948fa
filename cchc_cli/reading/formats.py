"""Number formats: what magnitude and kind of value a person sees for a stored number.

Source: ECMA-376 Part 1 §18.8.30 (built-in format ids) and §18.8.31 (format codes); LibreOffice writes the same
codes. A format shows a number as a percent ("0.0%": 0.985 → 98,5%), scaled by thousands ("#,##0,": 83000000 →
83000), as a date or time, or as text ("@"). Only the codes' structure is read here, never the value.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    """What the format code ``code`` shows for a number (see FormatInfo); unknown codes read as general."""
    if not code or code.strip().lower() == "general":
        return GENERAL
    section = _first_section(code)
    low = section.lower()
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


def _literal_text(section: list[tuple[str, str]]) -> str:
    """What a section without digit placeholders shows: its quoted and escaped text, other signs as is;
    paddings and fills left out, colours and conditions ([Red]) dropped."""
    return "".join(text for kind, text in section if kind in ("quoted", "escaped", "char")).strip()


def _shows_digits(section: list[tuple[str, str]]) -> bool:
    low = _body(section).lower()
    return any(ch in low for ch in "0#?") or "general" in low or "@" in low


@dataclass(frozen=True, slots=True)
class Shown:
    """How a format shows one number: ``literal`` is the fixed text shown instead of digits ("" when the cell
    looks empty, "TRUE" for a yes/no format), None when digits are shown; ``decimals`` the digits shown after
    the decimal sign (None when unknown: General, conditions)."""

    literal: str | None
    decimals: int | None


@lru_cache(maxsize=4096)
def _shown(code: str, sign: int) -> Shown:
    if not code or code.strip().lower() == "general":
        return Shown(None, None)
    if classify(code).is_date or classify(code).kind == "text":
        return Shown(None, None)  # dates, times and text are not numbers shown
    sections = _split(_tokens(code))
    if any(kind == "bracket" and text[:1] in "<>=" and text for sec in sections for kind, text in sec):
        return Shown(None, None)  # conditional sections: which one applies is not worked out here
    if sign < 0 and len(sections) >= 2:
        section = sections[1]
    elif sign == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section = sections[0]
    if not _shows_digits(section):
        return Shown(_literal_text(section), 0)
    body = _body(section).lower()
    if "e" in body.replace("general", ""):
        return Shown(None, None)  # scientific: digits shown depend on the magnitude
    _, dot, frac = body.partition(".")
    decimals = sum(1 for ch in frac if ch in "0#?") if dot else 0
    return Shown(None, decimals)


def shown(code: str, value: float) -> Shown:
    """How the format code ``code`` shows ``value`` (the section for its sign: ECMA-376 Part 1 §18.8.31 —
    positive; negative; zero; text). Never raises; unknown or conditional codes say nothing (``Shown(None,
    None)``)."""
    return _shown(code, (value > 0) - (value < 0))

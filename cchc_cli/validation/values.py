"""Reading one input cell the Vietnamese way: "." groups thousands, "," marks decimals.

``parse_cell`` turns what python-calamine returns for a cell into a normalised value, or a catalogue code
(findings.CATALOGUE) when the cell has a problem. Ambiguous input is reported, never guessed: "1,234" may be
1,234 (Vietnamese decimal comma) or 1234 (English thousands separator), so it is ``mo-ho``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from cchc_cli.textutil import fold_ascii, label_key


@dataclass(frozen=True, slots=True)
class Parsed:
    value: int | float | str | None  # normalised; None = blank or unusable
    code: str | None = None  # a CATALOGUE code when the cell has a problem
    fields: dict[str, str] = field(default_factory=dict)  # message fields: "seen" (+ "reason", "seen100")


KINDS = frozenset({"count", "percent", "money", "flag", "grade", "text"})
_BLANK = Parsed(None)

# NBSP, thin and other fixed-width spaces become a plain space; zero-width characters disappear.
_SPACE_TABLE = {cp: " " for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)} | {
    cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
}
_SPACES = re.compile(r"\s+")
_NUMERIC = re.compile(r"[0-9., ]*[0-9][0-9., ]*")  # digits and separators only
_INT = re.compile(r"[0-9]+")
# 1.234.567 or 1 234 567 (same separator throughout), optionally followed by a decimal comma: 1.234,5
_GROUPED = re.compile(r"([1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)(?:,([0-9]+))?")
_COMMA = re.compile(r"([0-9]+),([0-9]+)")
_DOT = re.compile(r"([0-9]+)\.([0-9]+)")
_THOUSANDS_LEAD = re.compile(r"[1-9][0-9]{0,2}")  # what may stand before an English thousands separator
_EXCEL_ERROR = re.compile(r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)", re.I)
_SIGNS = "-−–+"  # hyphen, minus sign, en dash (autocorrect), plus
_SWAP_MARKS = str.maketrans(",.", ".,")

_R_COMMA = "dấu phẩy là dấu thập phân nhưng cũng có thể là dấu phân cách hàng nghìn kiểu nước ngoài"
_R_DOT = "dấu chấm chỉ dùng để phân cách hàng nghìn, sau dấu chấm phải đủ 3 chữ số"
_R_FOREIGN = "có dấu phẩy đứng trước dấu chấm, kiểu viết số nước ngoài"
_R_OTHER = "dấu chấm, dấu phẩy hoặc khoảng trắng đặt không đúng chỗ"

_FLAGS = {"x": "x", "0": "0", "co": "x", "khong": "0"}
_GRADES = {"dat": "Đạt", "khong dat": "Không đạt"}
# Words a clerk writes in a count or money cell for "nothing happened" (folded, see _none_word): the answer
# is 0 (chu-thay-so), not a lesson about digits.
_NONE_WORDS = frozenset({"k", "ko", "kh", "khong", "khong co", "khong phat sinh", "chua co", "chua phat sinh", "nil"})
_NONE_PREFIXES = ("khong co ", "khong phat sinh", "chua co ", "chua phat sinh")
_MAX_NUMBER_TEXT = 100  # longer "numbers" are not numbers anyone typed (and int() has a digit limit)


def parse_cell(raw: object, kind: str, *, formula: bool = False, error: bool = False) -> Parsed:
    """Normalise one cell value of ``kind`` (count, percent, money, flag, grade, text).

    ``formula``: the cell holds a formula and ``raw`` is its cached value ("" if none); ``error``: the cell
    holds an error value such as #VALUE!. Never raises for any ``raw``; raises ValueError for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown value kind: {kind!r}")
    if error:
        text = _clean(raw) if isinstance(raw, str) else ""
        return Parsed(None, "cong-thuc-khong-gia-tri", {"seen": text or "lỗi công thức"})
    if not formula:
        return _parse(raw, kind)
    if raw is None or (isinstance(raw, str) and not _clean(raw)):
        return Parsed(None, "cong-thuc-khong-gia-tri", {"seen": "ô trống"})
    if isinstance(raw, str) and _EXCEL_ERROR.fullmatch(_clean(raw)):
        return Parsed(None, "cong-thuc-khong-gia-tri", {"seen": _clean(raw)})
    parsed = _parse(raw, kind)
    if parsed.code is None and parsed.value is not None:
        return Parsed(parsed.value, "cong-thuc", {"seen": _seen(raw)})
    return parsed


def _parse(raw: object, kind: str) -> Parsed:
    if type(raw) is float:  # the common case: a number cell
        if kind == "count" and raw >= 0 and raw.is_integer():
            return Parsed(int(raw))
        return _from_number(raw, kind)
    if raw is None:
        return _BLANK
    if isinstance(raw, str):
        return _from_text(raw, kind)
    if isinstance(raw, bool | date | time | timedelta):
        return _from_other(raw, kind)
    if isinstance(raw, int | float):
        return _from_number(raw, kind)
    return _from_text(str(raw), kind)


def _from_number(x: int | float, kind: str) -> Parsed:
    if kind == "text":
        return Parsed(_plain(x))
    if kind == "flag":
        return Parsed("0") if x == 0 else Parsed(None, "sai-co-khong", {"seen": _vn(x)})
    if kind == "grade":
        return Parsed(None, "sai-danh-gia", {"seen": _vn(x)})
    if isinstance(x, float) and not math.isfinite(x):
        return Parsed(None, "khong-phai-so", {"seen": _vn(x)})
    return _check_number(x, kind, None)


def _check_number(x: int | float, kind: str, typed: str | None) -> Parsed:
    """Range and integrality checks shared by number cells and numbers typed as text (``typed``)."""
    if kind == "percent":
        if not 0 <= x <= 100:
            return Parsed(None, "ngoai-khoang-ty-le", {"seen": typed or _vn(x)})
        p = float(x) + 0.0  # -0,0 (a "-0" cell, or a negative zero left by a formula) is 0
        if 0 < p <= 1:
            return Parsed(p, "ty-le-nho", {"seen": typed or _vn(x), "seen100": _vn(Decimal(repr(p)) * 100)})
        return Parsed(p)
    if x < 0:
        return Parsed(None, "so-am", {"seen": typed or _vn(x)})
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if kind == "count" and isinstance(x, float):
        return Parsed(None, "so-le", {"seen": typed or _vn(x)})
    return Parsed(x)


def _from_text(raw: str, kind: str) -> Parsed:
    text = _clean(raw)
    if not text:
        return _BLANK
    if kind == "text":
        return Parsed(text)
    if kind == "flag":
        flag = _FLAGS.get(fold_ascii(label_key(text)))
        return Parsed(flag) if flag else Parsed(None, "sai-co-khong", {"seen": text})
    if kind == "grade":
        grade = _GRADES.get(fold_ascii(label_key(text)))
        return Parsed(grade) if grade else Parsed(None, "sai-danh-gia", {"seen": text})
    return _number_text(text, kind)


def _number_text(text: str, kind: str) -> Parsed:
    """A number typed as text: "1.234", "1 234", "98,5", "98,5 %", "-5"."""
    body = _SPACES.sub(" ", text)
    negative = body[0] in _SIGNS and body[0] != "+"
    if body[0] in _SIGNS:
        body = body[1:].lstrip()
    if kind == "percent" and body.endswith("%"):
        body = body[:-1].rstrip()
    if len(body) > _MAX_NUMBER_TEXT or not _NUMERIC.fullmatch(body):
        if kind in ("count", "money") and _none_word(text):
            return Parsed(None, "chu-thay-so", {"seen": text})
        return Parsed(None, "khong-phai-so", {"seen": text})
    whole, frac, reason = _split_number(body, kind)
    if reason:
        return Parsed(None, "mo-ho", {"seen": text, "reason": reason})
    x: int | float = float(f"{whole}.{frac}") if frac.strip("0") else int(whole)
    return _check_number(-x if negative else x, kind, text)


def _none_word(text: str) -> bool:
    """ "không có", "Không phát sinh", "chưa có hồ sơ", "-" … : the clerk means there was nothing."""
    folded = fold_ascii(label_key(text)).strip(" .")
    if not folded.strip("-–—_ "):
        return True
    return folded in _NONE_WORDS or folded.startswith(_NONE_PREFIXES)


def _split_number(body: str, kind: str) -> tuple[str, str, str]:
    """(integer digits, fraction digits, "") or ("", "", reason it is ambiguous)."""
    if _INT.fullmatch(body):
        return body, "", ""
    if m := _GROUPED.fullmatch(body):
        return m[1].replace(".", "").replace(" ", ""), m[2] or "", ""
    if m := _COMMA.fullmatch(body):
        if len(m[2]) == 3 and _THOUSANDS_LEAD.fullmatch(m[1]):
            return "", "", _R_COMMA  # "1,234": 1,234 or 1234?
        return m[1], m[2], ""
    if m := _DOT.fullmatch(body):
        # Not a thousands group (that matched _GROUPED); a decimal point only when that cannot be a typo.
        if kind != "count" and (len(m[2]) <= 2 or m[1] == "0"):
            return m[1], m[2], ""
        return "", "", _R_DOT
    comma, dot = body.find(","), body.find(".")
    if comma >= 0 and (body.count(",") > 1 or 0 <= comma < dot):
        return "", "", _R_FOREIGN
    return "", "", _R_OTHER


def _from_other(raw: bool | date | time | timedelta, kind: str) -> Parsed:
    """Booleans, dates and times: text for a text cell, a problem anywhere else. A date or time in a number
    cell is a number shown through a date format (``dinh-dang-ngay``, with the number stored: "stored")."""
    seen = _seen(raw)
    if kind == "text":
        return Parsed(seen)
    if kind in ("count", "percent", "money") and not isinstance(raw, bool):
        return Parsed(None, "dinh-dang-ngay", {"seen": seen, "stored": _vn(excel_serial(raw))})
    code = {"flag": "sai-co-khong", "grade": "sai-danh-gia"}.get(kind, "khong-phai-so")
    return Parsed(None, code, {"seen": seen})


_EPOCH = datetime(1899, 12, 30)


def excel_serial(value: date | time | timedelta) -> int | float:
    """The number a spreadsheet stores behind a date, time or duration (days since its 1900 epoch, with
    Excel's phantom 29/02/1900: 02/01/1900 → 2, 01/03/1900 → 61; 12:00 → 0,5), as the reader turned it into
    that date (reading/xlsx.py ``_as_date``, the 1900 date system). Exact to the millisecond."""
    if isinstance(value, timedelta):
        days = value / timedelta(days=1)
    elif isinstance(value, time):
        days = (datetime.combine(date(1900, 1, 1), value) - datetime(1900, 1, 1)) / timedelta(days=1)
    else:
        stamp = value if isinstance(value, datetime) else datetime.combine(value, time())
        days = (stamp - _EPOCH) / timedelta(days=1)
        if stamp < datetime(1900, 3, 1):
            days -= 1  # before Excel's 29/02/1900 that never was
    days = round(days, 8)
    return int(days) if float(days).is_integer() else days


def from_serial(x: float, kind: str) -> date | datetime | time | timedelta | None:
    """What a spreadsheet shows for the number ``x`` under a date, time or duration format (``kind`` "date",
    "time" or "duration"; the 1900 date system, the inverse of ``excel_serial``); None when it shows no date
    (a negative or too large number: "#######")."""
    if not math.isfinite(x):
        return None
    if kind == "duration":
        return timedelta(days=x) if abs(x) < 10_000_000 else None
    if not 0 <= x < 2_958_466:
        return None
    stamp = _EPOCH + timedelta(milliseconds=round(x * 86_400_000))
    if x < 60:
        stamp += timedelta(days=1)  # before Excel's 29/02/1900 that never was
    if kind == "time" and x < 1:
        return stamp.time()
    return stamp.date() if stamp.time() == time() else stamp


def _clean(text: str) -> str:
    """NFC, odd spaces as plain spaces, zero-width characters removed, stripped."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_SPACE_TABLE)
    return text.strip()


def _seen(raw: object) -> str:
    """The value as the person sees it in the cell."""
    if isinstance(raw, str):
        return _clean(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, int | float):
        return _vn(raw)
    if isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y %H:%M:%S" if raw.time() != time() else "%d/%m/%Y")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, time):
        return raw.strftime("%H:%M:%S")
    if isinstance(raw, timedelta):
        hours, rest = divmod(int(raw.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return str(raw)


def _vn(x: int | float | Decimal) -> str:
    """Exact Vietnamese form: 1234.5 → "1.234,5", 12.0 → "12", 1234567 → "1.234.567"."""
    if isinstance(x, float):
        if not math.isfinite(x):
            return "NaN" if math.isnan(x) else "∞" if x > 0 else "-∞"
        x = int(x) if x.is_integer() else Decimal(repr(x))
    if isinstance(x, Decimal):
        x = x.normalize()
        if x == x.to_integral_value():
            x = int(x)
    return f"{x:,f}".translate(_SWAP_MARKS) if isinstance(x, Decimal) else f"{x:,}".replace(",", ".")


def _plain(x: int | float) -> str:
    """A number in a text cell: 12.0 → "12", 1234.5 → "1234,5" (no grouping: it may be a year or a code)."""
    if isinstance(x, float):
        if not math.isfinite(x):
            return _vn(x)
        if not x.is_integer():
            return f"{Decimal(repr(x)):f}".replace(".", ",")
        x = int(x)
    return str(x)

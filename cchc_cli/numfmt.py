"""Numbers written the Vietnamese way: "." groups thousands, "," marks decimals (1.234.567,5)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal


def vi_number(x: float | int, decimals: int = 2) -> str:
    """1234 → "1.234", 98.456 → "98,46", 12.0 → "12", 0.985 → "0,99" (half up, trailing zeros trimmed).

    Rounding works on the shortest decimal form of ``x`` (what a person typed), so 0.985 rounds up even
    though the binary float is slightly below it.
    """
    if isinstance(x, float) and not math.isfinite(x):
        return "∞" if x > 0 else "-∞" if x < 0 else "NaN"
    if isinstance(x, int) or (x.is_integer() and -1e15 < x < 1e15):  # whole numbers: no rounding to do
        return f"{int(x):,}".replace(",", ".")
    d = Decimal(int(x)) if isinstance(x, int) else Decimal(repr(x))
    d = d.quantize(Decimal(1).scaleb(-max(0, decimals)), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    digits = f"{abs(d):f}"
    whole, _, frac = digits.partition(".")
    frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    grouped = ".".join([whole, *reversed(groups)])
    if grouped == "0" and not frac:
        sign = ""  # -0.001 rounded to two decimals is plain 0
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def vi_exact(x: float | int) -> str:
    """A number exactly as typed, the Vietnamese way: 3.0 → "3", 1234 → "1.234", 98.5 → "98,5",
    0.0125 → "0,0125" (no rounding beyond 10 decimals; never "3.0" or "99.0")."""
    if isinstance(x, bool):
        return str(int(x))
    if isinstance(x, float) and not math.isfinite(x):
        return vi_number(x)
    exponent = Decimal(repr(x)).normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return vi_number(x, min(decimals, 10))


def vi_value(value: object) -> str:
    """Any cell value as a message shows it: numbers the Vietnamese way (``vi_exact``), dates dd/mm/yyyy,
    text as is, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return vi_exact(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if value.time() != dt.time() else "%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def vi_percent(x: float | int, decimals: int = 2) -> str:
    """98.5 → "98,5%" (``x`` is already a percentage, 0–100)."""
    return f"{vi_number(x, decimals)}%"

"""Numbers written the Vietnamese way: "." groups thousands, "," marks decimals (1.234.567,5)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def vi_number(x: float | int, decimals: int = 2) -> str:
    """1234 → "1.234", 98.456 → "98,46", 12.0 → "12", 0.985 → "0,99" (half up, trailing zeros trimmed).

    Rounding works on the shortest decimal form of ``x`` (what a person typed), so 0.985 rounds up even
    though the binary float is slightly below it.
    """
    if isinstance(x, float) and not math.isfinite(x):
        return "∞" if x > 0 else "-∞" if x < 0 else "NaN"
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


def vi_percent(x: float | int, decimals: int = 2) -> str:
    """98.5 → "98,5%" (``x`` is already a percentage, 0–100)."""
    return f"{vi_number(x, decimals)}%"

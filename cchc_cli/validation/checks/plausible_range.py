"""Values: a money or count value outside the range the schema calls plausible for its indicator.

Outside the range: a warning (the unit explains it in Ghi chú if the figure is right). More than FAR times the
plausible maximum (1e15 triệu đồng for a row whose plausible maximum is 100.000): an error, not merged — no real
figure is three orders of magnitude past what the schema allows, and one such number would carry the whole
district total and the draft's sentences.

Bounds: ``plausible: {min, max}`` of the indicator, else its value kind's default (cchc_cli.kinds: money in
triệu đồng at most 100.000). The message names the likely slip: an amount in đồng typed in a triệu đồng row
("12.500.000" → 12,5 triệu đồng), or in nghìn đồng.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.kinds import plausible_for
from cchc_cli.numfmt import vi_exact, vi_number
from cchc_cli.schema.model import Indicator, Plausible
from cchc_cli.textutil import fold_ascii
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, about, make

CODES = ("ngoai-muc-hop-ly", "vuot-xa-muc-hop-ly")
FAR = 1000  # a value over 1000 times the plausible maximum is refused (an error), not only questioned
# A money row's unit of measure (folded) → the factor from đồng, and the smaller units a clerk may have used.
MONEY_UNITS = {"ty dong": 1e9, "trieu dong": 1e6, "nghin dong": 1e3, "ngan dong": 1e3}
SMALLER = (("đồng", 1.0), ("nghìn đồng", 1e3), ("triệu đồng", 1e6))


def run(ctx: FileContext) -> Iterator[Finding]:
    schema = ctx.schema
    for item in ctx.inputs:
        value, cell = item.parsed.value, item.cell
        if item.parsed.code is not None or not isinstance(value, int | float) or cell.indicator is None:
            continue
        ind = schema.indicator_by_id[cell.indicator]
        bounds = plausible_for(ind)
        if bounds is None or not outside(value, bounds):
            continue
        assert cell.period is not None
        far = bounds.max is not None and bounds.max > 0 and value > bounds.max * FAR
        yield make(
            "vuot-xa-muc-hop-ly" if far else "ngoai-muc-hop-ly",
            **ctx.where(
                sheet=item.sheet,
                cell=cell.ref,
                **about(schema, ind.id, cell.period),
                seen=vi_exact(value),
                value=vi_exact(value),
                uom=ind.uom.lower(),
                bounds=describe(bounds),
                slip=slip(value, ind, bounds),
                far=vi_number(FAR),
            ),
        )


def outside(value: float, bounds: Plausible) -> bool:
    return (bounds.min is not None and value < bounds.min) or (bounds.max is not None and value > bounds.max)


def describe(bounds: Plausible) -> str:
    """ "từ 0 đến 100.000", "tối đa 100.000" or "tối thiểu 5"."""
    lo = None if bounds.min is None else vi_number(bounds.min)
    hi = None if bounds.max is None else vi_number(bounds.max)
    if lo is not None and hi is not None:
        return f"từ {lo} đến {hi}"
    return f"tối đa {hi}" if hi is not None else f"tối thiểu {lo}"


def slip(value: float, ind: Indicator, bounds: Plausible) -> str:
    """ "; có thể đã nhập theo đồng thay vì triệu đồng (nếu vậy, ghi 12,5)" when the value read in a smaller
    money unit lands inside the bounds; for any row too large by a power of ten, "thừa chữ số"."""
    factor = MONEY_UNITS.get(fold_ascii(ind.uom).lower().strip())
    if factor is not None:
        for name, small in SMALLER:
            if small >= factor:
                break
            converted = value * small / factor
            if not outside(converted, bounds) and converted > 0:
                return (
                    f"; có thể đã nhập theo {name} thay vì {ind.uom.lower()} (nếu vậy, ghi {vi_number(converted, 3)})"
                )
    if bounds.max is not None and value > bounds.max:
        return "; có thể gõ thừa chữ số"
    return ""


CHECK = Check("plausible_range", CODES, run)

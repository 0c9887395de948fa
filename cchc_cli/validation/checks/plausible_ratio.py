"""Values: a money or count figure far off the unit's own figures for the other years.

Bound: ``plausible: {max_ratio, min_base}`` of the indicator, else its kind's default (cchc_cli.kinds: 20×,
judged when the larger figure is at least 50). Each year is compared with the median of the unit's other
years for that row (a flow over part of a year, 2020 to 31/3, annualised first); the farthest year is
reported, then the next among the rest, so one slip is one finding, not one per neighbouring year; a value
outside the plausible range is plausible_range's and left out here. The message names the slip: digits too
many or too few ("gõ thừa 3 chữ số"), or đồng in a triệu đồng row.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from statistics import median

from cchc_cli.kinds import plausible_for
from cchc_cli.numfmt import vi_exact, vi_number
from cchc_cli.schema.model import Period
from cchc_cli.validation.checks.base import Check, FileContext, InputCell
from cchc_cli.validation.checks.plausible_range import outside
from cchc_cli.validation.findings import Finding, about, make

CODES = ("chenh-lech-bat-thuong",)
POWER_TOLERANCE = 0.15  # log10 distance from a whole power of ten that still reads as a digit slip


def run(ctx: FileContext) -> Iterator[Finding]:
    schema = ctx.schema
    rows: dict[str, list[InputCell]] = {}
    for item in ctx.inputs:
        value, cell = item.parsed.value, item.cell
        if item.parsed.code is not None or not isinstance(value, int | float) or value <= 0:
            continue
        if cell.indicator is None or cell.period is None or schema.period_by_id[cell.period].kind != "year":
            continue
        rows.setdefault(cell.indicator, []).append(item)
    for ind_id, items in rows.items():
        ind = schema.indicator_by_id[ind_id]
        bounds = plausible_for(ind)
        if bounds is None or bounds.max_ratio is None:
            continue
        items = [i for i in items if not outside(float(i.parsed.value or 0), bounds)]  # plausible_range's
        flow = ind.temporal == "flow"
        annual = {id(i): yearly(i, schema.period_by_id[i.cell.period or ""], flow) for i in items}
        if len(annual) < 2 or max(annual.values()) <= bounds.max_ratio * min(annual.values()):
            continue  # no year can be further than max/min from the median of the others
        left = list(items)
        while len(left) >= 2:
            scored = []
            for item in left:
                others = median(annual[id(o)] for o in left if o is not item)
                cur = annual[id(item)]
                scored.append((abs(math.log(cur / others)), cur >= others, item, others))
            spread, up, item, others = max(scored, key=lambda t: (t[0], t[1]))
            cur = annual[id(item)]
            if math.exp(spread) <= bounds.max_ratio or max(cur, others) < (bounds.min_base or 0):
                break
            left.remove(item)
            yield finding(ctx, item, cur, others, up, ind.uom)


def yearly(item: InputCell, period: Period, flow: bool) -> float:
    """The value over a whole year: a flow reported for part of a year is scaled up."""
    value = float(item.parsed.value)  # type: ignore[arg-type]
    return value / period.fraction_of_year if flow and period.partial else value


def finding(ctx: FileContext, item: InputCell, cur: float, others: float, up: bool, uom: str) -> Finding:
    cell = item.cell
    assert cell.indicator is not None and cell.period is not None
    value = item.parsed.value
    assert isinstance(value, int | float)
    ratio = cur / others if up else others / cur
    seen = vi_exact(value)
    if cur != value:
        seen += f" (quy đổi cả năm ≈ {vi_number(cur, 0)})"
    return make(
        "chenh-lech-bat-thuong",
        **ctx.where(
            sheet=item.sheet,
            cell=cell.ref,
            **about(ctx.schema, cell.indicator, cell.period),
            seen=seen,
            value=vi_exact(value),
            direction="gấp" if up else "thấp hơn",
            ratio=vi_number(ratio, 0 if ratio >= 10 else 1),
            others=f"khoảng {vi_number(others, 0 if others >= 10 else 1)}",
            slip=slip(ratio, up, uom),
        ),
    )


def slip(ratio: float, up: bool, uom: str) -> str:
    """ "; có thể gõ thừa 3 chữ số" when the ratio is close to a power of ten; đồng for triệu đồng at 10⁶."""
    digits = round(math.log10(ratio))
    if digits < 1 or abs(math.log10(ratio) - digits) > POWER_TOLERANCE:
        return ""
    if up and digits == 6 and "triệu" in uom.lower():
        return "; có thể đã nhập theo đồng thay vì triệu đồng"
    if up and digits == 3 and "triệu" in uom.lower():
        return "; có thể đã nhập theo nghìn đồng thay vì triệu đồng"
    return f"; có thể gõ {'thừa' if up else 'thiếu'} {digits} chữ số"


CHECK = Check("plausible_ratio", CODES, run)

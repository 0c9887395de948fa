"""What each aggregation kind means, written once for the tests, independently of the merge engine.

Read from the schema header and DESIGN.md, not from cchc_cli/merge/engine.py:

- sum: the numbers the reporters gave, added; single, grade: the one reporter's value;
- same: every reporter should give one figure: the figure most of them gave (a tie: the unit listed first);
- levels: the offices' numbers added, plus the one common figure of the declared commune-level group;
- ratio: numerator counts added ÷ denominator counts added × 100, rounded to 2 places (never an average of rates);
- children_sum: the district figures of the child rows, added;
- any: "x" when some reporter wrote x, "0" when all that answered wrote 0;
- text: each reporter's text, prefixed with the unit's name when several units report, one per line.

A figure is complete when every expected reporter gave a value (text: always, it is optional).
"""

from __future__ import annotations

from typing import Any

from cchc_cli.schema.model import Schema

Values = dict[str, dict[tuple[str, str], Any]]  # unit code → (indicator, period) → value


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _most_given(pairs: list[tuple[str, Any]]) -> Any:
    best, best_n = None, 0
    for _, v in pairs:  # pairs are in registry order: the first value reaching the top count wins ties
        n = sum(1 for _, w in pairs if w == v)
        if n > best_n:
            best, best_n = v, n
    return best


def expected(schema: Schema, values: Values, ind_id: str, period: str) -> tuple[Any, bool, list[str]]:
    """(district value, complete, missing unit codes) of one indicator and period."""
    ind = schema.indicator_by_id[ind_id]
    kind = ind.aggregate.value
    if kind == "children_sum":
        parts = [expected(schema, values, c.id, period) for c in schema.children(ind_id)]
        nums = [v for v, _, _ in parts if _is_number(v)]
        missing = [u.code for u in schema.units if any(u.code in m for _, _, m in parts)]
        return (sum(nums) if nums else None), all(c for _, c, _ in parts), missing
    source = ind.derive.ratio.numerator if ind.derive is not None else ind_id
    reporters = schema.reporting_units.get(source, [])
    if kind == "ratio":
        assert ind.derive is not None
        num = den = 0.0
        missing = []
        for u in reporters:
            n = values.get(u, {}).get((ind.derive.ratio.numerator, period))
            d = values.get(u, {}).get((ind.derive.ratio.denominator, period))
            if _is_number(n) and _is_number(d):
                num, den = num + n, den + d
            else:
                missing.append(u)
        rate = round(num / den * 100, 2) if den else None
        return rate, not missing and rate is not None, missing
    given = [(u, values[u][(ind_id, period)]) for u in reporters if values.get(u, {}).get((ind_id, period)) is not None]
    missing = [u for u in reporters if all(u != g for g, _ in given)]
    value: Any = None
    if kind == "sum":
        nums = [v for _, v in given if _is_number(v)]
        value = sum(nums) if nums else None
    elif kind in ("single", "grade"):
        value = given[0][1] if given else None
    elif kind == "same":
        value = _most_given(given)
    elif kind == "levels":
        offices = [v for u, v in given if u not in schema.commune_units and _is_number(v)]
        common = _most_given([(u, v) for u, v in given if u in schema.commune_units])
        if offices or common is not None:
            value = sum(offices) + (common if _is_number(common) else 0)
    elif kind == "any":
        value = "x" if any(v == "x" for _, v in given) else ("0" if given else None)
    elif kind == "text":
        names = {u.code: u.name for u in schema.units}
        lines = [f"{names[u]}: {v}" if len(reporters) > 1 else str(v) for u, v in given]
        value = "\n".join(lines) if lines else None
        missing = []
    return value, not missing and value is not None, missing

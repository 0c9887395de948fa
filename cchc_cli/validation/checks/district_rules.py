"""District (merge): the schema's district-scope rules, on complete district figures only.

A partial sum proves nothing, so a figure with a unit missing is left out of the rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, DistrictContext
from cchc_cli.validation.findings import Finding, from_rule
from cchc_cli.validation.rules import compile_rules


def run(ctx: DistrictContext) -> Iterator[Finding]:
    numbers = {
        k: v.value
        for k, v in ctx.district.items()
        if v.complete and isinstance(v.value, int | float) and not isinstance(v.value, bool)
    }
    for hit in compile_rules(ctx.schema).evaluate(numbers, scope="district"):
        shown = vi_number(numbers[(hit.indicator, hit.period)])
        yield from_rule(ctx.schema, hit, file=ctx.file, value=shown)


CHECK = Check("district_rules", (), run, rule_codes=True)

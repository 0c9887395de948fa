"""District (merge): each goal's self-assessment against the district figures, per the schema's ``targets``.

A figure with a unit missing judges nothing. The comparison is cchc_cli/targets.py (the same one the Word
draft's "Kết quả so với mục tiêu" uses); the finding names the goal's lead unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.targets import target_findings
from cchc_cli.validation.checks.base import Check, DistrictContext
from cchc_cli.validation.findings import Finding

CODES = ("tu-danh-gia-khac-tong-hop",)


def run(ctx: DistrictContext) -> Iterator[Finding]:
    def lookup(ind: str, period: str) -> tuple[object, bool]:
        dv = ctx.district.get((ind, period))
        return (dv.value, dv.complete) if dv is not None else (None, False)

    yield from target_findings(ctx.schema, lookup, code="tu-danh-gia-khac-tong-hop", file=ctx.file)


CHECK = Check("self_assessment_district", CODES, run)

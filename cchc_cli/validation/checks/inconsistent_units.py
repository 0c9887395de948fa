"""District (merge): values that must agree between units (aggregate ``same``/``levels``) but don't."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, DistrictContext
from cchc_cli.validation.findings import Finding, about, make

CODES = ("khong-thong-nhat",)


def run(ctx: DistrictContext) -> Iterator[Finding]:
    for (ind_id, period), dv in ctx.district.items():
        if dv.note:
            yield make(
                "khong-thong-nhat",
                file=ctx.file,
                **about(ctx.schema, ind_id, period),
                detail=dv.note,
                value=vi_number(dv.value) if isinstance(dv.value, int | float) else None,
            )


CHECK = Check("inconsistent_units", CODES, run)

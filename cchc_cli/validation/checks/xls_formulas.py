"""Identity level: a format whose reader can't see formulas (.xls) says so once — never a silent pass."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("khong-kiem-tra-cong-thuc",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    assert book is not None
    if not book.formulas_known:
        yield make("khong-kiem-tra-cong-thuc", **ctx.where(fmt=f".{book.fmt}"))


CHECK = Check("xls_formulas", CODES, run)

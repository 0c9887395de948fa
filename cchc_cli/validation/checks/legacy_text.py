"""Identity level: text in legacy Vietnamese encodings (TCVN3, VNI) is read converted; one warning says so.

The reader (cchc_cli.reading.legacy) recognises and converts it; labels and grades are matched after the
conversion, so a .VnTime return is read, not refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.reading.model import a1
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("phong-chu-cu",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    assert book is not None
    for encoding in sorted(book.legacy_encodings):
        cells = [
            (name, pos, original)
            for name in book.sheet_names
            for pos, (enc, original) in sorted(book.grid(name).legacy.items())
            if enc == encoding
        ]
        name, (r, c), before = cells[0]
        after = book.grid(name).get(r, c)
        yield make(
            "phong-chu-cu",
            **ctx.where(sheet=name, cell=a1(r, c), encoding=encoding, count=len(cells), before=before, after=after),
        )


CHECK = Check("legacy_text", CODES, run)

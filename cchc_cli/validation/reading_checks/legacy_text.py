"""Text in legacy Vietnamese encodings (TCVN3, VNI): read converted, with one warning per workbook."""

from __future__ import annotations

from cchc_cli.reading import Book
from cchc_cli.reading.model import a1
from cchc_cli.validation.findings import Finding, make


def legacy_fonts(book: Book, file: str) -> list[Finding]:
    """A warning naming the encoding, how many cells, and one example before → after."""
    out = []
    for encoding in sorted(book.legacy_encodings):
        cells = [
            (name, pos, original)
            for name in book.sheet_names
            for pos, (enc, original) in sorted(book.grid(name).legacy.items())
            if enc == encoding
        ]
        name, (r, c), before = cells[0]
        after = book.grid(name).get(r, c)
        out.append(
            make(
                "phong-chu-cu",
                file=file,
                sheet=name,
                cell=a1(r, c),
                encoding=encoding,
                count=len(cells),
                before=before,
                after=after,
            )
        )
    return out

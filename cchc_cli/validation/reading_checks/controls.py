"""Control characters (ESC, NUL …) in a cell: the reader shows them as visible symbols; the file is told."""

from __future__ import annotations

from cchc_cli.reading import Book
from cchc_cli.reading.model import a1
from cchc_cli.validation.findings import Finding, make


def control_characters(book: Book, file: str) -> list[Finding]:
    """One warning per sheet holding text with control characters (first such cell named)."""
    out = []
    for name in book.sheet_names:
        grid = book.grid(name)
        if grid.controls:
            r, c = min(grid.controls)
            out.append(make("ky-tu-dieu-khien", file=file, sheet=name, cell=a1(r, c), count=len(grid.controls)))
    return out

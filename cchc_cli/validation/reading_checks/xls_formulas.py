"""Formats whose reader cannot see formulas (.xls): said once per file, never a silent pass."""

from __future__ import annotations

from cchc_cli.reading import Book
from cchc_cli.validation.findings import Finding, make


def formulas_unknown(book: Book, file: str) -> list[Finding]:
    if book.formulas_known:
        return []
    return [make("khong-kiem-tra-cong-thuc", file=file, fmt=f".{book.fmt}")]

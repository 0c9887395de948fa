"""Reading returned workbooks as the person who filled them sees them (xlsx, xlsm, xls, ods).

``open_book(path)`` checks the container (size, zip bomb, encryption) before any parser runs, then reads
every sheet into a sparse ``Grid`` with each cell's value, number format, formula, error value and font, and
the workbook's sheet states, hidden rows/columns, merged ranges and save time. It raises ``Unreadable`` (with
a finding code) and nothing else for a bad file, except MemoryError/RecursionError, which the caller's worker
isolation turns into a finding (cchc_cli.reading.isolate).
"""

from cchc_cli.reading.book import (
    ARCHIVE_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    UNSUPPORTED_ARCHIVES,
    fingerprint_from_grid,
    is_lock_file,
    open_book,
    read_grid,
)
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.model import Book, CellFacts, Grid, a1, parse_a1

__all__ = [
    "ARCHIVE_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "UNSUPPORTED_ARCHIVES",
    "Book",
    "CellFacts",
    "Grid",
    "Unreadable",
    "a1",
    "fingerprint_from_grid",
    "is_lock_file",
    "open_book",
    "parse_a1",
    "read_grid",
]

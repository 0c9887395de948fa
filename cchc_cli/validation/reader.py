"""Compatibility names for the reader, which lives in cchc_cli.reading (one reader for every format)."""

from cchc_cli.reading import (
    SPREADSHEET_SUFFIXES,
    Book,
    Grid,
    Unreadable,
    is_lock_file,
    open_book,
    read_grid,
)
from cchc_cli.reading.container import MAX_FILE_BYTES

__all__ = [
    "MAX_FILE_BYTES",
    "SPREADSHEET_SUFFIXES",
    "Book",
    "Grid",
    "Unreadable",
    "is_lock_file",
    "open_book",
    "read_grid",
]

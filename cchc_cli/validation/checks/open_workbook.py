"""Readable: the file opens safely as a spreadsheet (not empty, not encrypted, not a zip bomb, not corrupt).

Sets ``ctx.book``. The reader (validation/reader.py) raises Unreadable with one of these codes; the engine
also turns an Unreadable raised later (a sheet read lazily) into a finding with that code.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import Unreadable, open_book

# tep-nen-khac: a .rar/.7z found by collect(); tep-nen-mat-khau: a spreadsheet inside a password-protected
# .zip (the password is the .zip's, not the workbook's). The engine reports both on that file (Source.problem,
# reason = the .zip's name) before this level runs.
CODES = ("tep-rong", "khong-doc-duoc", "tep-ma-hoa", "tep-nen-mat-khau", "tep-qua-lon", "tep-nen-khac")


def run(ctx: FileContext) -> Iterator[Finding]:
    try:
        ctx.book = open_book(ctx.path, ctx.data)
    except Unreadable as exc:
        yield unreadable(ctx, exc)
        return
    ctx.result.saved_at = ctx.book.modified
    ctx.result.opened = True


def unreadable(ctx: FileContext, exc: Unreadable) -> Finding:
    """The finding for a file (or a part of it) the reader refused."""
    return make(exc.code, **ctx.where(reason=exc.reason))


CHECK = Check("open_workbook", CODES, run)

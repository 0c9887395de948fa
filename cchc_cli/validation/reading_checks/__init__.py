"""Reading rules (issue 8 §2): checks on what the reader saw, each in its own module, run by the engine.

Runner lists (one per level):
- ``workbook_findings``: the whole workbook, before the layout is known (legacy fonts, control characters,
  formulas a format can't show).
- ``identity_findings``: after identification, before the structure check; an error stops the reading
  (hidden or copied sheets, a unit line that names another unit).
- ``layout_findings``: after the structure check (hidden rows/columns with inputs, merged ranges over inputs).
- ``as_displayed`` / ``over_limit``: per input cell, what the person sees (percent and scaling formats, stale
  formulas) and the limits of a kind (huge numbers, text longer than a cell holds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cchc_cli.reading import Book
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reading_checks import catalogue as _catalogue  # noqa: F401  (registers the codes)
from cchc_cli.validation.reading_checks.controls import control_characters
from cchc_cli.validation.reading_checks.displayed import as_displayed
from cchc_cli.validation.reading_checks.hidden_cells import hidden_inputs
from cchc_cli.validation.reading_checks.hidden_sheets import hidden_or_copied_sheets
from cchc_cli.validation.reading_checks.legacy_text import legacy_fonts
from cchc_cli.validation.reading_checks.limits import over_limit
from cchc_cli.validation.reading_checks.merged_inputs import merged_over_inputs
from cchc_cli.validation.reading_checks.unit_name import unit_line
from cchc_cli.validation.reading_checks.xls_formulas import formulas_unknown
from cchc_cli.workbook.layout import WorkbookLayout

WorkbookCheck = Callable[[Book, str], list[Finding]]
LayoutCheck = Callable[[Book, WorkbookLayout, dict[str, str], str], list[Finding]]

WORKBOOK_CHECKS: list[WorkbookCheck] = [legacy_fonts, control_characters, formulas_unknown]
IDENTITY_CHECKS: list[Callable[[Book, WorkbookLayout, str], list[Finding]]] = [hidden_or_copied_sheets, unit_line]
LAYOUT_CHECKS: list[LayoutCheck] = [hidden_inputs, merged_over_inputs]

__all__ = ["as_displayed", "identity_findings", "layout_findings", "over_limit", "problem_finding", "workbook_findings"]


def problem_finding(problem: tuple[str, str], file: str) -> Finding:
    """The finding for a problem known before reading (an archive format, a zip that can't be opened)."""
    code, reason = problem
    return make(code, file=file, reason=reason)


def workbook_findings(book: Book, file: str, unit: str | None, unit_name: str | None) -> list[Finding]:
    out: list[Finding] = []
    for check in WORKBOOK_CHECKS:
        for f in check(book, file):
            out.append(_with_unit(f, unit, unit_name))
    return out


def identity_findings(book: Book, layout: WorkbookLayout, file: str) -> list[Finding]:
    return [f for check in IDENTITY_CHECKS for f in check(book, layout, file)]


def layout_findings(book: Book, layout: WorkbookLayout, sheet_names: dict[str, str], file: str) -> list[Finding]:
    return [f for check in LAYOUT_CHECKS for f in check(book, layout, sheet_names, file)]


def _with_unit(f: Finding, unit: str | None, unit_name: str | None) -> Finding:
    if unit is None or f.unit is not None:
        return f
    fields: dict[str, Any] = {**f.to_dict(), "unit": unit, "unit_name": unit_name}
    return Finding(**fields)

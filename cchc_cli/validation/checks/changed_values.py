"""Cross-file: what differs, cell by cell, between the return used for a unit and the one it replaced.

The newest return is compared with the return sent just before it (the one the specialist last looked at),
not with every older one: with five versions of a return, each change is said once, not four times.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, FilesContext
from cchc_cli.validation.checks.duplicates import groups
from cchc_cli.validation.findings import Finding, about, make
from cchc_cli.validation.report import FileResult

CODES = ("khac-ban-truoc",)


def run(ctx: FilesContext) -> Iterator[Finding]:
    for unit_code, group in groups(ctx).items():
        newest = next(r for r in group if r.superseded_by is None)
        unit_name = ctx.schema.unit_by_code[unit_code].name
        # oldest first (duplicates.groups); a blank template sent again has no figures to compare with
        older = [r for r in group if r is not newest and not any(f.code == "tep-chua-dien" for f in r.findings)]
        for old in older[-1:]:
            refused = _refused(old)
            for key, new_value in newest.values.items():
                if key not in old.values:  # not read in the older file (a damaged sheet): nothing to compare
                    continue
                old_value = old.values[key]
                if old_value == new_value:
                    continue
                sheet, ref = newest.cells[key]
                old_sheet, old_ref = old.cells.get(key, (sheet, ref))
                old_shown = refused.get((old_sheet, old_ref)) or show(old_value)
                yield make(
                    "khac-ban-truoc",
                    file=newest.name,
                    unit=unit_code,
                    unit_name=unit_name,
                    sheet=sheet,
                    cell=ref,
                    **about(ctx.schema, *key),
                    value=show(new_value),
                    old=old_shown,
                    new=show(new_value),
                    old_file=old.name,
                    new_file=newest.name,
                )


def _refused(result: FileResult) -> dict[tuple[str, str], str]:
    """(sheet, cell) → what the cell showed, «7 đơn vị», for each input the file had but that was refused
    (an error at that cell): its value was not read, yet it was not blank."""
    return {
        (f.sheet, f.cell): f"«{f.value}»"
        for f in result.findings
        if f.severity == "error" and f.sheet and f.cell and f.value not in (None, "")
    }


def show(value: Any) -> str:
    """A value as a message shows it: (trống), a Vietnamese number, or the text."""
    if value is None:
        return "(trống)"
    if isinstance(value, int | float):
        return vi_number(value)
    return str(value)


CHECK = Check("changed_values", CODES, run)

"""Read the fingerprint a template carries in its hidden sheet (kept by Excel and LibreOffice saves)."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from cchc_cli.workbook.layout import FINGERPRINT_MARKER, FINGERPRINT_SHEET

FIELDS = (
    "marker",
    "schema_id",
    "schema_version",
    "unit_code",
    "unit_name",
    "template_version",
    "layout_hash",
)


def _text(value: object) -> str:
    # A re-save may turn "1" into 1.0; keys and values are always text in the template.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def fingerprint_from_workbook(wb: CalamineWorkbook) -> dict[str, str] | None:
    """The fingerprint fields, or None when the workbook carries none (not a cchc template)."""
    if FINGERPRINT_SHEET not in wb.sheet_names:
        return None
    data: dict[str, str] = {}
    for row in wb.get_sheet_by_name(FINGERPRINT_SHEET).to_python():
        if len(row) >= 2 and _text(row[0]) in FIELDS:
            data[_text(row[0])] = _text(row[1])
    if data.get("marker") != FINGERPRINT_MARKER:
        return None
    return data


def read_fingerprint(path: Path) -> dict[str, str] | None:
    """Open ``path`` with the fast reader and return its fingerprint (see fingerprint_from_workbook).

    Only for files already checked to be safe to open (size and zip checks are the validator's).
    """
    return fingerprint_from_workbook(CalamineWorkbook.from_path(str(path)))

"""What `cchc validate` returns: one FileResult per spreadsheet, the files skipped, and the report over them.

The report is data: ``valid``, ``stats`` and ``to_dict()`` (the exact JSON `cchc validate --format json`
prints). It decides no exit code; the command line does (cli.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_cli.validation.findings import Finding

Key = tuple[str, str]  # (indicator id, period id)

STATUS_OK = "hợp lệ"
STATUS_WARNINGS = "có cảnh báo"
STATUS_ERRORS = "có lỗi"
STATUS_UNUSABLE = "không dùng được"


@dataclass
class FileResult:
    path: Path
    name: str  # as shown to the user (relative to the folder given)
    size: int
    sha256: str
    mtime: dt.datetime
    saved_at: dt.datetime | None = None
    template_time: dt.datetime | None = None
    unit: str | None = None
    unit_name: str | None = None
    findings: list[Finding] = field(default_factory=list)
    values: dict[Key, Any] = field(default_factory=dict)  # parsed input values; None = blank or unreadable
    cells: dict[Key, tuple[str, str]] = field(default_factory=dict)  # (sheet, A1) of each value
    notes: dict[str, str] = field(default_factory=dict)  # Ghi chú by note key
    contact: dict[str, str] = field(default_factory=dict)
    opened: bool = False  # level 1 passed: the file is a readable spreadsheet
    read: bool = False  # values were read (levels 1–3 passed)
    superseded_by: str | None = None
    member: str | None = None  # its name inside the .zip at ``path`` (as stored), None for a file of its own

    @property
    def submitted_at(self) -> dt.datetime:
        """When the unit last saved it (document property), else when it arrived here (file time).

        The document time survives e-mail, Zalo and copying; the file time is reset by each download.
        A template that no office suite has saved keeps its generation time and falls back to the file time.
        """
        if self.saved_at is not None and self.saved_at != self.template_time:
            return self.saved_at if self.saved_at.tzinfo else self.saved_at.replace(tzinfo=dt.UTC)
        return self.mtime

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def to_fix(self) -> bool:
        """The unit must fix and re-send it: it has an error or can't be used, and no newer return of the same
        unit replaced it (an old copy's errors are history, not work to do)."""
        return (self.errors > 0 or not self.read) and self.superseded_by is None

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def status(self) -> str:
        if not self.read:
            return STATUS_UNUSABLE
        if self.errors:
            return STATUS_ERRORS
        return STATUS_WARNINGS if self.warnings else STATUS_OK

    def to_dict(self) -> dict[str, Any]:
        """``{"file", "status", "unit", "unit_name", "sha256", "size", "submitted_at", "errors", "warnings",
        "superseded_by"}``; ``submitted_at`` is ISO 8601 with its offset."""
        return {
            "file": self.name,
            "status": self.status,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "sha256": self.sha256,
            "size": self.size,
            "submitted_at": self.submitted_at.isoformat(),
            "errors": self.errors,
            "warnings": self.warnings,
            "superseded_by": self.superseded_by,
        }


@dataclass
class Skipped:
    path: Path
    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.name, "reason": self.reason}


@dataclass
class ValidationReport:
    files: list[FileResult]
    skipped: list[Skipped]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def readable(self) -> bool:
        """At least one file could be opened as a spreadsheet."""
        return any(r.opened for r in self.files)

    @property
    def valid(self) -> bool:
        """Some file could be opened and no return in use has an error (warnings allowed; a return replaced by a
        newer one of its unit is not in use)."""
        return self.readable and not any(r.errors and r.superseded_by is None for r in self.files)

    @property
    def stats(self) -> dict[str, Any]:
        """Counts: files, skipped, superseded (older returns a unit replaced), errors and warnings (of the
        returns in use), files_with_errors (in use), files_to_fix (FileResult.to_fix), and files per status
        (Vietnamese keys of ``by_status``: hợp lệ, có cảnh báo, có lỗi, không dùng được)."""
        by_status = Counter(r.status for r in self.files)
        current = [r for r in self.files if r.superseded_by is None]
        return {
            "files": len(self.files),
            "skipped": len(self.skipped),
            "superseded": len(self.files) - len(current),
            "errors": sum(r.errors for r in current),
            "warnings": sum(r.warnings for r in current),
            "files_with_errors": sum(1 for r in current if r.errors),
            "files_to_fix": sum(1 for r in self.files if r.to_fix),
            "by_status": {s: by_status[s] for s in (STATUS_OK, STATUS_WARNINGS, STATUS_ERRORS, STATUS_UNUSABLE)},
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole report as JSON-ready data: ``{"valid", "stats", "files", "skipped", "findings"}``.

        ``files``: FileResult.to_dict() each; ``skipped``: ``{"file", "reason"}``; ``findings``:
        Finding.to_dict() each (file, unit, sheet, cell, severity "error"|"warning", code, message, hint …).
        """
        return {
            "valid": self.valid,
            "stats": self.stats,
            "files": [r.to_dict() for r in self.files],
            "skipped": [s.to_dict() for s in self.skipped],
            "findings": [f.to_dict() for f in self.findings],
        }

"""What `cchc merge` produces in memory: district figures with completeness, per-unit figures, submission status.

`cchc render-report` reads the same model (built from a returns folder, or read back from a master workbook).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cchc_cli.schema.model import Schema
from cchc_cli.validation.findings import Finding

DATA_SHEET = "_cchc_tong_hop"  # the master's hidden sheet holding its data for the report (and telling it apart)

Key = tuple[str, str]  # (indicator id, period id)


@dataclass
class DistrictValue:
    """One district figure. ``value`` is None when no unit gave a usable value (never shown as 0)."""

    value: int | float | str | None
    complete: bool  # every unit expected to contribute did
    missing: list[str] = field(default_factory=list)  # unit codes expected but absent or blank
    contributors: list[str] = field(default_factory=list)  # unit codes whose value went in
    note: str = ""  # e.g. "các xã báo cáo khác nhau: 120 (6 xã), 118 (2 xã)"


@dataclass
class UnitStatus:
    """Submission status of one expected unit (the DHIS2 completeness and timeliness view)."""

    code: str
    name: str
    received: bool
    file: str | None = None
    submitted_at: dt.datetime | None = None  # file time of the return used
    on_time: bool | None = None  # None when not received
    valid: bool | None = None  # no errors
    used: bool = False  # its values are in the master
    errors: int = 0
    warnings: int = 0
    reason: str = ""  # why it is left out, when it is
    contact: str = ""  # who to call: from the unit's return, else the schema's registry (status.contact_line)


@dataclass
class SourceFile:
    name: str
    sha256: str
    unit: str | None
    used: bool
    reason: str = ""


@dataclass
class MasterData:
    schema: Schema
    district: dict[Key, DistrictValue]
    by_unit: dict[str, dict[Key, Any]]  # unit code → its values (only units whose return was used)
    provenance: dict[tuple[str, str, str], tuple[str, str, str]]  # (unit, ind, period) → (file, sheet, cell)
    status: list[UnitStatus]
    cross_findings: list[Finding] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)

    def value(self, indicator: str, period: str) -> DistrictValue:
        return self.district.get((indicator, period), DistrictValue(None, False))

    @property
    def received(self) -> int:
        return sum(1 for s in self.status if s.received)

    @property
    def missing_units(self) -> list[UnitStatus]:
        return [s for s in self.status if not s.used]

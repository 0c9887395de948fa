"""The shapes every check shares: ``Check`` (what a check declares), ``FileContext`` (what it reads).

See the package docstring (``cchc_cli.validation.checks``) for how to add a check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cchc_cli.validation.findings import Finding

if TYPE_CHECKING:
    from cchc_cli.merge.model import DistrictValue
    from cchc_cli.schema.model import Schema, Unit
    from cchc_cli.validation.reader import Book
    from cchc_cli.validation.report import FileResult
    from cchc_cli.validation.rules import RuleSet
    from cchc_cli.validation.structure import Layouts
    from cchc_cli.validation.values import Parsed
    from cchc_cli.workbook.layout import Cell, SheetLayout, WorkbookLayout

Key = tuple[str, str]  # (indicator id, period id)
Subject = TypeVar("Subject")


@dataclass(frozen=True)
class Check(Generic[Subject]):
    """One built-in check: a stable name, the catalogue codes it may emit, and the function that runs it.

    ``run(subject)`` returns the findings (an iterable; a generator is fine). The subject is a
    ``FileContext`` for the per-file levels, a ``FilesContext`` for cross-file checks and a
    ``DistrictContext`` for the merge-time cross-checks. ``codes`` lists every CATALOGUE code the check can
    emit (tests hold it to that); ``rule_codes`` is True only for the checks that emit schema rules' codes.
    """

    name: str
    codes: tuple[str, ...]
    run: Callable[[Subject], Iterable[Finding]]
    rule_codes: bool = False


@dataclass
class Shared:
    """What is computed once per schema and shared by the checks of every file."""

    schema: Schema
    layouts: Layouts
    rules: RuleSet
    available: dict[str, frozenset[str]] = field(default_factory=dict)  # unit code → indicator ids it reports


@dataclass(frozen=True)
class InputCell:
    """One input cell as read: its layout cell, the sheet's name in the file, what was in it, and the parse."""

    cell: Cell  # the template's cell (indicator, period, kind, row, col, ref)
    sheet: str  # actual sheet name in the file
    raw: Any  # as python-calamine returned it
    parsed: Parsed


@dataclass(frozen=True)
class RateCell:
    """A rate the template computes by formula: its layout cell, the value found in the file, the recomputed one."""

    cell: Cell
    sheet: str
    seen: Any
    rate: float | None


@dataclass
class FileContext:
    """One returned file while it is checked; each level fills in what the next level relies on.

    readable → ``book``; identity → ``unit``, ``layout``, ``older_layout`` (the file's fingerprint carries
    another layout hash than today's layout: the schema or the tool changed after the templates were sent);
    structure → ``sheet_names`` and ``damaged`` (template
    sheets whose rows can't be trusted to be where the template put them, with the reason); then the engine
    reads the values of the intact sheets (``inputs``, ``rates``, ``numbers``, ``result.values/notes/contact``)
    before the value checks.
    """

    shared: Shared
    result: FileResult
    path: Path
    data: bytes
    book: Book | None = None
    unit: Unit | None = None
    layout: WorkbookLayout | None = None
    older_layout: bool = False
    sheet_names: dict[str, str] = field(default_factory=dict)  # template sheet name → name in the file
    damaged: dict[str, str] = field(default_factory=dict)  # template sheet name → why its values aren't read
    inputs: list[InputCell] = field(default_factory=list)
    rates: list[RateCell] = field(default_factory=list)
    numbers: dict[Key, float | int | None] = field(default_factory=dict)  # numeric input values (and blanks)

    @property
    def schema(self) -> Schema:
        return self.shared.schema

    @property
    def name(self) -> str:
        """The file's name as shown to the user (Finding.file)."""
        return self.result.name

    def where(self, **fields: Any) -> dict[str, Any]:
        """``file``, ``unit`` and ``unit_name`` (once known) plus ``fields``: the keyword arguments of make()."""
        unit = {"unit": self.unit.code, "unit_name": self.unit.name} if self.unit is not None else {}
        return {"file": self.name, **unit, **fields}

    def intact(self, sheet: str) -> bool:
        """Whether the template sheet ``sheet`` was found with its rows in place (its values can be read)."""
        return sheet in self.sheet_names and sheet not in self.damaged

    def found_sheets(self) -> list[tuple[SheetLayout, str]]:
        """(template sheet, its name in the file) of every template sheet found in the file, layout order."""
        if self.layout is None:
            return []
        return [(s, self.sheet_names[s.name]) for s in self.layout.sheets if s.name in self.sheet_names]

    def intact_sheets(self) -> list[str]:
        """Template sheet names (layout order) whose values can be read."""
        return [s.name for s in self.layout.sheets if self.intact(s.name)] if self.layout is not None else []

    def has_errors(self) -> bool:
        """Whether any finding so far (earlier checks of this file) is an error."""
        return any(f.severity == "error" for f in self.result.findings)


@dataclass
class FilesContext:
    """All files of one validation run, after each was checked on its own (cross-file checks)."""

    schema: Schema
    results: list[FileResult]


@dataclass
class DistrictContext:
    """The district figures of `cchc merge` (merge-time cross-checks); findings use DISTRICT_FILE as file."""

    schema: Schema
    district: dict[Key, DistrictValue]
    file: str

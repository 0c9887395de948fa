"""`cchc validate`: every returned file checked level by level; the library returns a report, never prints.

Levels, per file: 1 readable → 2 the right workbook → 3 structure intact → 4 values → 5 rules. A file that
fails level 1, 2 or 3 is not read further (its cells can't be trusted to mean what the layout says). Value
problems (level 4) do not stop the rules: a cell that could not be read counts as missing, so it never
triggers a rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_cli.errors import CchcError
from cchc_cli.numfmt import vi_number
from cchc_cli.reading import Unreadable, open_book
from cchc_cli.reading.isolate import run_in_process, run_in_workers
from cchc_cli.reading.sources import Source, collect_sources, read_source
from cchc_cli.schema.model import NUMERIC_KINDS, Schema, Unit
from cchc_cli.validation import reading_checks
from cchc_cli.validation.findings import Finding, about, from_rule, make
from cchc_cli.validation.rules import RuleSet
from cchc_cli.validation.structure import Layouts, check_structure, identify
from cchc_cli.validation.values import parse_cell
from cchc_cli.workbook.layout import WorkbookLayout
from cchc_cli.workbook.writer import template_time

Progress = Callable[[str], None]
Key = tuple[str, str]  # (indicator id, period id)

NUMERIC_KIND_NAMES = frozenset(k.value for k in NUMERIC_KINDS)
PARALLEL_FROM = 64  # files; below this a worker pool costs more than it saves


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
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def status(self) -> str:
        if not self.read:
            return "không dùng được"
        if self.errors:
            return "có lỗi"
        return "có cảnh báo" if self.warnings else "hợp lệ"


@dataclass
class Skipped:
    path: Path
    name: str
    reason: str


@dataclass
class ValidationReport:
    files: list[FileResult]
    skipped: list[Skipped]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def skipped_findings(self) -> list[Finding]:
        """One information finding per skipped file (its reason), so the JSON accounts for every file."""
        return [make("bo-qua", file=s.name, reason=s.reason) for s in self.skipped]

    @property
    def exit_code(self) -> int:
        """0 no errors (warnings allowed), 1 some file has errors, 2 nothing could be read at all."""
        if not any(r.opened for r in self.files):
            return 2
        return 1 if any(r.errors for r in self.files) else 0


class Validator:
    """Checks one file at a time against a schema; holds what is computed once per schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.layouts = Layouts(schema)
        self.rules = RuleSet(schema)
        self._available: dict[str, frozenset[str]] = {}
        self.template_time = template_time(schema)

    def check(self, source: Source | Path, name: str | None = None) -> FileResult:
        """Check one return; every problem, including one that stops the reading, becomes a finding."""
        if isinstance(source, Path):
            source = Source(source, name or source.name)
        name = source.name
        result = FileResult(path=source.path, name=name, size=0, sha256="", mtime=_mtime(source.path))
        if source.problem is not None:
            result.findings.append(reading_checks.problem_finding(source.problem, name))
            return result
        try:
            data = read_source(source)
        except Unreadable as exc:
            result.findings.append(make(exc.code, file=name, reason=exc.reason))
            return result
        result.size = len(data)
        result.sha256 = hashlib.sha256(data).hexdigest()
        try:
            book = open_book(source.path, data)
        except Unreadable as exc:
            result.findings.append(make(exc.code, file=name, reason=exc.reason))
            return result
        del data
        result.saved_at = book.modified
        result.template_time = self.template_time
        result.opened = True
        try:
            identity = identify(book, self.layouts, name)
            result.findings += identity.findings
            if identity.unit is not None:
                result.unit, result.unit_name = identity.unit.code, identity.unit.name
            result.findings += reading_checks.workbook_findings(book, name, result.unit, result.unit_name)
            if identity.layout is None:
                return result
            identity_findings = reading_checks.identity_findings(book, identity.layout, name)
            result.findings += identity_findings
            if any(f.severity == "error" for f in identity_findings):
                return result
            structure, sheet_names = check_structure(book, identity.layout, name)
            result.findings += structure
            if any(f.severity == "error" for f in structure):
                return result
            layout_findings = reading_checks.layout_findings(book, identity.layout, sheet_names, name)
            result.findings += layout_findings
            self._values(book, identity.layout, sheet_names, result)
        except Unreadable as exc:
            result.findings.append(make(exc.code, file=name, reason=exc.reason))
        return result

    def _values(self, book: Any, layout: WorkbookLayout, sheet_names: dict[str, str], result: FileResult) -> None:
        schema = self.schema
        unit = layout.unit
        unit_fields = {"unit": unit.code, "unit_name": unit.name}
        common: dict[str, Any] = {"file": result.name, **unit_fields}
        for sheet in layout.sheets:
            grid = book.grid(sheet_names[sheet.name])
            for cell in sheet.cells:
                if cell.role == "note" and cell.key:
                    text = grid.get(cell.row, cell.col)
                    if str(text).strip():
                        result.notes[cell.key] = str(text).strip()
                elif cell.role == "contact" and cell.key:
                    text = grid.get(cell.row, cell.col)
                    if str(text).strip():
                        result.contact[cell.key] = str(text).strip()
        numbers: dict[Key, float | int | None] = {}
        values = result.values
        result.cells = layout.value_cells  # shared: sheets keep their names in any file read this far
        for sheet in layout.sheets:
            actual = sheet_names[sheet.name]
            grid = book.grid(actual)
            formulas, errors = grid.formulas, grid.errors
            for cell in sheet.cells:
                if cell.role != "input" or cell.indicator is None or cell.period is None:
                    continue
                key = (cell.indicator, cell.period)
                raw = grid.get(cell.row, cell.col)
                kind = cell.kind or "text"
                displayed = reading_checks.as_displayed(grid, cell.row, cell.col, raw, kind)
                if displayed is not None:
                    raw, code, code_fields = displayed
                    if code is not None:
                        ind = schema.indicator_by_id[cell.indicator]
                        where = {**common, "sheet": actual, "cell": cell.ref, **about(schema, ind.id, cell.period)}
                        result.findings.append(make(code, **code_fields, **where))
                    if raw is None:
                        values[key] = None
                        continue
                if formulas or errors:
                    parsed = parse_cell(raw, kind, formula=cell.ref in formulas, error=cell.ref in errors)
                else:
                    parsed = parse_cell(raw, kind)
                value = values[key] = parsed.value
                if value is not None and parsed.code is None:
                    over = reading_checks.over_limit(value, kind)
                    if over is not None:
                        values[key] = None
                        ind = schema.indicator_by_id[cell.indicator]
                        where = {**common, "sheet": actual, "cell": cell.ref, **about(schema, ind.id, cell.period)}
                        result.findings.append(make(over[0], **over[1], **where))
                        continue
                if isinstance(value, int | float) and kind in NUMERIC_KIND_NAMES:
                    numbers[key] = value
                if parsed.code is None and value is not None:
                    continue
                ind = schema.indicator_by_id[cell.indicator]
                where = {**common, "sheet": actual, "cell": cell.ref, **about(schema, ind.id, cell.period)}
                if parsed.code:
                    fields: dict[str, Any] = {"seen": str(raw), **parsed.fields}
                    result.findings.append(make(parsed.code, value=fields["seen"], **fields, **where))
                else:
                    note_key = f"{ind.table}:{cell.period}" if ind.table else ind.id
                    note = result.notes.get(note_key)
                    if note:
                        result.findings.append(make("trong-co-giai-thich", note=note, **where))
                    elif ind.required:
                        result.findings.append(make("thieu-so-lieu", **where))
        self._derived(book, layout, sheet_names, numbers, result, common)
        available = self._available.setdefault(unit.code, frozenset(layout.indicator_ids))
        for hit in self.rules.evaluate(numbers, scope="unit", available=available, unit=unit.name):
            sheet_name, ref = result.cells.get((hit.indicator, hit.period), (None, None))
            value = numbers.get((hit.indicator, hit.period))
            shown = None if value is None else vi_number(value)
            result.findings.append(
                from_rule(schema, hit, file=result.name, value=shown, sheet=sheet_name, cell=ref, **unit_fields)
            )
        result.read = True

    def _derived(
        self,
        book: Any,
        layout: WorkbookLayout,
        sheet_names: dict[str, str],
        numbers: dict[Key, float | int | None],
        result: FileResult,
        common: dict[str, Any],
    ) -> None:
        """Rates are recomputed from their counts; a formula cell's own value is never trusted."""
        schema = self.schema
        for sheet, cell in layout.cells("formula"):
            if cell.indicator is None or cell.period is None:
                continue
            ind = schema.indicator_by_id[cell.indicator]
            if ind.derive is None:
                continue
            num = numbers.get((ind.derive.ratio.numerator, cell.period))
            den = numbers.get((ind.derive.ratio.denominator, cell.period))
            rate = round(num / den * 100, 2) if num is not None and den else None
            result.values[(ind.id, cell.period)] = rate
            seen = book.grid(sheet_names[sheet.name]).get(cell.row, cell.col)
            if rate is not None and isinstance(seen, int | float) and abs(float(seen) - rate) > 0.01:
                result.findings.append(
                    make(
                        "ty-le-tinh-lai",
                        sheet=sheet_names[sheet.name],
                        cell=cell.ref,
                        **about(schema, ind.id, cell.period),
                        seen=vi_number(seen),
                        value=vi_number(seen),
                        expected=vi_number(rate),
                        **common,
                    )
                )


# ---- many files ------------------------------------------------------------------------------------


def collect(paths: Sequence[Path]) -> tuple[list[Source], list[Skipped]]:
    """Returns under ``paths`` (files, folders recursively, .zip files opened like folders) in a stable order,
    and every other file with the reason it is skipped. Raises CchcError when a path does not exist."""
    try:
        sources, skipped = collect_sources(list(paths))
    except FileNotFoundError as exc:
        raise CchcError(f"{exc.args[0]}: không có tệp hoặc thư mục này.") from exc
    return sources, [Skipped(s.path, s.name, s.reason) for s in skipped]


def _mtime(path: Path) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except (OSError, OverflowError, ValueError):
        return dt.datetime.fromtimestamp(0, tz=dt.UTC)


def _failed(source: Source, reason: str) -> FileResult:
    """The result of a file whose reading was stopped (crash, memory or time cap): one finding on that file."""
    result = FileResult(path=source.path, name=source.name, size=0, sha256="", mtime=_mtime(source.path))
    result.findings.append(make("khong-doc-duoc", file=source.name, reason=reason))
    return result


_worker: Validator | None = None


def _init_worker(schema_json: str) -> None:
    global _worker
    _worker = Validator(Schema.model_validate_json(schema_json))


def _check_in_worker(item: Source) -> FileResult:
    assert _worker is not None
    return _worker.check(item)


def _check_all(schema: Schema, items: list[Source], progress: Progress | None, workers: int | None) -> list[FileResult]:
    """Every item checked; a file that crashes, exhausts memory or time becomes a finding on that file."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= PARALLEL_FROM else 1
    results: list[FileResult] = []
    if workers <= 1:
        validator = Validator(schema)
        for result in run_in_process(items, validator.check, _failed):
            results.append(result)
            if progress:
                progress(result.name)
        return results
    payload = schema.model_dump_json(by_alias=True)
    by_index: dict[int, FileResult] = {}
    for index, result in run_in_workers(
        items, _check_in_worker, _failed, workers=workers, initializer=_init_worker, initargs=(payload,)
    ):
        by_index[index] = result
        if progress:
            progress(result.name)
    return [by_index[i] for i in range(len(items))]


def resolve_duplicates(schema: Schema, results: Iterable[FileResult]) -> None:
    """Of several readable files for one unit, the newest is used; what differs is listed cell by cell."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.unit and r.read:
            by_unit.setdefault(r.unit, []).append(r)
    for unit_code, group in by_unit.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r.submitted_at, r.mtime, r.name))
        newest = group[-1]
        unit: Unit = schema.unit_by_code[unit_code]
        ignored = ", ".join(g.name for g in group if g is not newest)
        for r in group:
            r.findings.append(
                make(
                    "nop-trung",
                    file=r.name,
                    unit=unit_code,
                    unit_name=unit.name,
                    count=len(group),
                    used=newest.name,
                    ignored=ignored,
                )
            )
            if r is not newest:
                r.superseded_by = newest.name
        for old in group[:-1]:
            for key, new_value in newest.values.items():
                old_value = old.values.get(key)
                if old_value == new_value:
                    continue
                sheet, ref = newest.cells[key]
                newest.findings.append(
                    make(
                        "khac-ban-truoc",
                        file=newest.name,
                        unit=unit_code,
                        unit_name=unit.name,
                        sheet=sheet,
                        cell=ref,
                        **about(schema, *key),
                        value=_show(new_value),
                        old=_show(old_value),
                        new=_show(new_value),
                        old_file=old.name,
                        new_file=newest.name,
                    )
                )


def _show(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, int | float):
        return vi_number(value)
    return str(value)


def validate_paths(
    schema: Schema,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    collected: tuple[list[Source], list[Skipped]] | None = None,
) -> ValidationReport:
    """Validate every spreadsheet under ``paths``; raises CchcError only when a path does not exist.

    ``collected``: the result of ``collect(paths)`` when the caller already has it (to size a progress bar).
    """
    items, skipped = collected or collect(paths)
    results = _check_all(schema, items, progress, workers)
    resolve_duplicates(schema, results)
    return ValidationReport(results, skipped)

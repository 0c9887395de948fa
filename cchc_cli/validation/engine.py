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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.numfmt import vi_number
from cchc_cli.schema.model import NUMERIC_KINDS, Schema, Unit
from cchc_cli.targets import target_findings
from cchc_cli.validation.findings import Finding, about, from_rule, make
from cchc_cli.validation.reader import SPREADSHEET_SUFFIXES, Unreadable, is_lock_file, open_book
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

    def check(self, path: Path, name: str) -> FileResult:
        try:
            data = path.read_bytes()
            stat = path.stat()
        except OSError as exc:
            raise CchcError(f"{path}: không đọc được tệp ({os_reason(exc)}).") from exc
        result = FileResult(
            path=path,
            name=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            mtime=dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC),
        )
        try:
            book = open_book(path, data)
        except Unreadable as exc:
            result.findings.append(make(exc.code, file=name, reason=exc.reason))
            return result
        result.saved_at = book.modified
        result.template_time = self.template_time
        result.opened = True
        try:
            identity = identify(book, self.layouts, name)
            result.findings += identity.findings
            if identity.unit is not None:
                result.unit, result.unit_name = identity.unit.code, identity.unit.name
            if identity.layout is None:
                return result
            structure, sheet_names = check_structure(book, identity.layout, name)
            result.findings += structure
            if any(f.severity == "error" for f in structure):
                return result
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
                if formulas or errors:
                    parsed = parse_cell(raw, kind, formula=cell.ref in formulas, error=cell.ref in errors)
                else:
                    parsed = parse_cell(raw, kind)
                value = values[key] = parsed.value
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
        result.findings += target_findings(  # self-assessment against the unit's own figures
            schema, lambda i, p: (values.get((i, p)), True), file=result.name, unit=unit.code, cells=result.cells
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


def collect(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Spreadsheet files under ``paths`` (files or folders, recursively), in a stable order."""
    files: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for root in paths:
        if not root.exists():
            raise CchcError(f"{root}: không có tệp hoặc thư mục này.")
        if root.is_file():
            candidates = [(root, root.name)]
        else:
            candidates = sorted(
                ((p, p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file()),
                key=lambda item: item[1],
            )
        for path, name in candidates:
            if is_lock_file(path):
                skipped.append(Skipped(path, name, "tệp khóa tạm của Excel/LibreOffice (tệp đang mở)"))
            elif any(part.startswith(".") for part in Path(name).parts):
                continue  # hidden files and folders (.git, .DS_Store …)
            elif path.suffix.lower() not in SPREADSHEET_SUFFIXES:
                skipped.append(Skipped(path, name, "không phải tệp bảng tính"))
            else:
                files.append((path, name))
    return files, skipped


_worker: Validator | None = None


def _init_worker(schema_json: str) -> None:
    global _worker
    _worker = Validator(Schema.model_validate_json(schema_json))


def _check_in_worker(item: tuple[Path, str]) -> FileResult:
    assert _worker is not None
    return _worker.check(*item)


def _check_all(
    schema: Schema, items: list[tuple[Path, str]], progress: Progress | None, workers: int | None
) -> list[FileResult]:
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= PARALLEL_FROM else 1
    results: list[FileResult] = []
    if workers <= 1:
        validator = Validator(schema)
        for item in items:
            results.append(validator.check(*item))
            if progress:
                progress(item[1])
        return results
    payload = schema.model_dump_json(by_alias=True)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(payload,)) as pool:
        for result in pool.map(_check_in_worker, items, chunksize=16):
            results.append(result)
            if progress:
                progress(result.name)
    return results


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
    collected: tuple[list[tuple[Path, str]], list[Skipped]] | None = None,
) -> ValidationReport:
    """Validate every spreadsheet under ``paths``; raises CchcError only when a path does not exist.

    ``collected``: the result of ``collect(paths)`` when the caller already has it (to size a progress bar).
    """
    items, skipped = collected or collect(paths)
    results = _check_all(schema, items, progress, workers)
    resolve_duplicates(schema, results)
    return ValidationReport(results, skipped)

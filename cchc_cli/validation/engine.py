"""`cchc validate`: every returned file checked level by level; the library returns a report, never prints.

Levels, per file: 1 readable → 2 the right workbook → 3 structure intact → 4 values → 5 rules, each a list of
checks in ``cchc_cli.validation.checks`` (FILE_LEVELS); this module only loops over them. A file that fails
level 1, 2 or 3 is not read further (its cells can't be trusted to mean what the layout says). Value problems
(level 4) do not stop the rules: a cell that could not be read counts as missing, so it never triggers a
rule. After all files: the newest return of each unit is chosen, then the cross-file checks run (CROSS_FILE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.kinds import spec
from cchc_cli.schema.model import Schema
from cchc_cli.validation.checks import CROSS_FILE, FILE_LEVELS, GATES, FileContext, FilesContext, InputCell, RateCell
from cchc_cli.validation.checks.base import Shared
from cchc_cli.validation.checks.open_workbook import unreadable
from cchc_cli.validation.reader import SPREADSHEET_SUFFIXES, Unreadable, is_lock_file
from cchc_cli.validation.report import FileResult, Skipped, ValidationReport
from cchc_cli.validation.rules import RuleSet
from cchc_cli.validation.structure import Layouts
from cchc_cli.workbook.writer import template_time

__all__ = ["FileResult", "Skipped", "ValidationReport", "Validator", "collect", "validate_paths"]

Progress = Callable[[str], None]

PARALLEL_FROM = 64  # files; below this a worker pool costs more than it saves


class Validator:
    """Checks one file at a time against a schema; holds what is computed once per schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.shared = Shared(schema, Layouts(schema), RuleSet(schema))
        self.template_time = template_time(schema)

    def check(self, path: Path, name: str) -> FileResult:
        """Run the checks of ``checks.FILE_LEVELS`` on one file; raises CchcError only if it can't be read
        from disk at all (a problem of the file's content is a finding)."""
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
            template_time=self.template_time,
        )
        ctx = FileContext(self.shared, result, path, data)
        try:
            for level, checks in FILE_LEVELS:
                if level == "values":
                    _read_values(ctx)
                for check in checks:
                    result.findings.extend(check.run(ctx))
                if level == "identity" and ctx.unit is not None:
                    result.unit, result.unit_name = ctx.unit.code, ctx.unit.name
                if level in GATES and (any(f.severity == "error" for f in result.findings) or not _ready(ctx, level)):
                    break
        except Unreadable as exc:
            result.findings.append(unreadable(ctx, exc))
        if not result.opened:
            result.template_time = None
        return result


def _ready(ctx: FileContext, level: str) -> bool:
    """Whether ``level`` left the context the next level needs."""
    if level == "readable":
        return ctx.book is not None
    if level == "identity":
        return ctx.layout is not None
    return True


def _read_values(ctx: FileContext) -> None:
    """Notes, contact, input cells (parsed by their kind) and recomputed rates into the context and result.

    Not a check: it finds nothing itself; the value checks report what the parse found.
    """
    book, layout, result, schema = ctx.book, ctx.layout, ctx.result, ctx.schema
    assert book is not None and layout is not None
    sheet_names = ctx.sheet_names
    for sheet in layout.sheets:
        grid = book.grid(sheet_names[sheet.name])
        for cell in sheet.cells:
            if cell.role in ("note", "contact") and cell.key:
                text = str(grid.get(cell.row, cell.col)).strip()
                if text:
                    (result.notes if cell.role == "note" else result.contact)[cell.key] = text
    values, numbers = result.values, ctx.numbers
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
            kind = spec(cell.kind or "text")
            if formulas or errors:
                parsed = kind.parse(raw, formula=cell.ref in formulas, error=cell.ref in errors)
            else:
                parsed = kind.parse(raw)
            value = values[key] = parsed.value
            if isinstance(value, int | float) and kind.numeric:
                numbers[key] = value
            ctx.inputs.append(InputCell(cell, actual, raw, parsed))
    for sheet, cell in layout.cells("formula"):
        if cell.indicator is None or cell.period is None:
            continue
        ind = schema.indicator_by_id[cell.indicator]
        if ind.derive is None:
            continue
        num = numbers.get((ind.derive.ratio.numerator, cell.period))
        den = numbers.get((ind.derive.ratio.denominator, cell.period))
        rate = round(num / den * 100, 2) if num is not None and den else None
        values[(ind.id, cell.period)] = rate
        seen = book.grid(sheet_names[sheet.name]).get(cell.row, cell.col)
        ctx.rates.append(RateCell(cell, sheet_names[sheet.name], seen, rate))
    result.read = True


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


def resolve_duplicates(results: Iterable[FileResult]) -> None:
    """Of several readable files for one unit, the newest is used: the others get ``superseded_by``."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.unit and r.read:
            by_unit.setdefault(r.unit, []).append(r)
    for group in by_unit.values():
        if len(group) < 2:
            continue
        newest = max(group, key=lambda r: (r.submitted_at, r.mtime, r.name))
        for r in group:
            if r is not newest:
                r.superseded_by = newest.name


def check_across(schema: Schema, results: list[FileResult]) -> None:
    """Run the cross-file checks (``checks.CROSS_FILE``); each finding goes to the file it names."""
    by_name = {r.name: r for r in results}
    ctx = FilesContext(schema, results)
    for check in CROSS_FILE:
        for finding in check.run(ctx):
            by_name[finding.file].findings.append(finding)


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
    resolve_duplicates(results)
    check_across(schema, results)
    return ValidationReport(results, skipped)

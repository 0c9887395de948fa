"""`cchc validate`: every returned file checked level by level; the library returns a report, never prints.

Levels, per file: 1 readable → 2 the right workbook → 3 structure intact → 4 values → 5 rules, each a list of
checks in ``cchc_cli.validation.checks`` (FILE_LEVELS); this module only loops over them. A file that fails
level 1 or 2 is not read further; at level 3 only the damaged sheets are left unread (their cells can't be
trusted to mean what the layout says), the others go on to levels 4 and 5 in the same round. Value problems
(level 4) do not stop the rules: a cell that could not be read counts as missing, so it never triggers a
rule. After all files: the newest return of each unit is chosen, then the cross-file checks run (CROSS_FILE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from cchc_cli.errors import CchcError
from cchc_cli.kinds import spec
from cchc_cli.reading import Unreadable
from cchc_cli.reading.isolate import run_in_process, run_in_workers
from cchc_cli.reading.sources import Source, collect_sources, read_source
from cchc_cli.schema.model import Schema
from cchc_cli.validation.checks import CROSS_FILE, FILE_LEVELS, GATES, FileContext, FilesContext, InputCell, RateCell
from cchc_cli.validation.checks.base import Shared
from cchc_cli.validation.checks.displayed_values import displayed_or_refused
from cchc_cli.validation.checks.open_workbook import unreadable
from cchc_cli.validation.copies import MARKER as COPIES_MARKER
from cchc_cli.validation.copies import skip_reason as copy_skip_reason
from cchc_cli.validation.findings import make
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

    def check(self, source: Source | Path, name: str | None = None) -> FileResult:
        """Run the checks of ``checks.FILE_LEVELS`` on one return (a file, or a member of a .zip); every
        problem, including one that stops the reading, is a finding. Never raises for a file's content."""
        if isinstance(source, Path):
            source = Source(source, name or source.name)
        path = source.path
        result = FileResult(path=path, name=source.name, size=0, sha256="", mtime=_mtime(path), member=source.member)
        if source.problem is not None:
            code, reason = source.problem
            result.findings.append(make(code, file=source.name, reason=reason))
            return result
        try:
            data = read_source(source)
        except Unreadable as exc:
            result.findings.append(make(exc.code, file=source.name, reason=exc.reason))
            return result
        result.size = len(data)
        result.sha256 = hashlib.sha256(data).hexdigest()
        result.template_time = self.template_time
        ctx = FileContext(self.shared, result, path, data)
        try:
            for level, checks in FILE_LEVELS:
                if level == "values":
                    _read_values(ctx)
                for check in checks:
                    result.findings.extend(check.run(ctx))
                if level == "identity" and ctx.unit is not None:
                    result.unit, result.unit_name = ctx.unit.code, ctx.unit.name
                if (level in GATES and any(f.severity == "error" for f in result.findings)) or not _ready(ctx, level):
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
    if level == "structure":
        return bool(ctx.intact_sheets())
    return True


def _read_values(ctx: FileContext) -> None:
    """Notes, contact, input cells (parsed by their kind) and recomputed rates into the context and result.

    Not a check: it finds nothing itself; the value checks report what the parse found.
    """
    book, layout, result, schema = ctx.book, ctx.layout, ctx.result, ctx.schema
    assert book is not None and layout is not None
    sheet_names = ctx.sheet_names
    intact = [s for s in layout.sheets if ctx.intact(s.name)]
    for sheet in intact:
        grid = book.grid(sheet_names[sheet.name])
        for cell in sheet.cells:
            if cell.role in ("note", "contact") and cell.key:
                text = str(grid.get(cell.row, cell.col)).strip()
                if text:
                    (result.notes if cell.role == "note" else result.contact)[cell.key] = text
    values, numbers = result.values, ctx.numbers
    result.cells = layout.value_cells  # shared: sheets keep their names in any file read this far
    for sheet in intact:
        actual = sheet_names[sheet.name]
        grid = book.grid(actual)
        formulas, errors = grid.formulas, grid.errors
        for cell in sheet.cells:
            if cell.role != "input" or cell.indicator is None or cell.period is None:
                continue
            key = (cell.indicator, cell.period)
            raw = grid.get(cell.row, cell.col)
            kind = spec(cell.kind or "text")
            parsed = displayed_or_refused(grid, cell, raw, kind, formulas, errors, book)
            value = values[key] = parsed.value
            if isinstance(value, int | float) and kind.numeric:
                numbers[key] = value
            ctx.inputs.append(InputCell(cell, actual, raw, parsed))
    for sheet, cell in layout.cells("formula"):
        if cell.indicator is None or cell.period is None or not ctx.intact(sheet.name):
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


def collect(paths: Sequence[Path]) -> tuple[list[Source], list[Skipped]]:
    """Returns under ``paths`` (files, folders recursively, .zip files opened like folders) in a stable order,
    and every other file with the reason it is skipped. Raises CchcError when a path does not exist."""
    try:
        sources, skipped = collect_sources(list(paths))
    except FileNotFoundError as exc:
        raise CchcError(f"{exc.args[0]}: không có tệp hoặc thư mục này.") from exc
    kept: list[Source] = []
    # the annotate folder's own list of copies is the tool's bookkeeping, not a file a unit sent
    skipped_all = [Skipped(s.path, s.name, s.reason) for s in skipped if s.path.name != COPIES_MARKER]
    roots = [p for p in paths if p.is_dir()]
    for source in sources:
        reason = next(
            (r for root in roots if root in source.path.parents and (r := copy_skip_reason(source.path, root))),
            None,
        )
        if reason:
            skipped_all.append(Skipped(source.path, source.name, reason))  # the tool's own annotated copies
        else:
            kept.append(source)
    return kept, skipped_all


def _mtime(path: Path) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except (OSError, OverflowError, ValueError):
        return dt.datetime.fromtimestamp(0, tz=dt.UTC)


def _failed(source: Source, reason: str) -> FileResult:
    """The result of a file whose reading was stopped (crash, memory or time cap): one finding on that file."""
    result = FileResult(
        path=source.path, name=source.name, size=0, sha256="", mtime=_mtime(source.path), member=source.member
    )
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
    """Every item checked; a file that crashes, exhausts memory or time becomes a finding on that file
    (reading.isolate: a worker per process with caps; in one process, exceptions and a time cap)."""
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


def resolve_duplicates(results: Iterable[FileResult]) -> None:
    """Of several readable files for one unit, the newest is used: the others get ``superseded_by``.

    A return with nothing filled in (tep-chua-dien: the blank template sent again) never replaces one that has
    figures, however new it is.
    """
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.unit and r.read:
            by_unit.setdefault(r.unit, []).append(r)
    for group in by_unit.values():
        if len(group) < 2:
            continue
        newest = max(
            group,
            key=lambda r: (not any(f.code == "tep-chua-dien" for f in r.findings), r.submitted_at, r.mtime, r.name),
        )
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
    collected: tuple[list[Source], list[Skipped]] | None = None,
) -> ValidationReport:
    """Validate every spreadsheet under ``paths``; raises CchcError only when a path does not exist.

    ``collected``: the result of ``collect(paths)`` when the caller already has it (to size a progress bar).
    """
    items, skipped = collected or collect(paths)
    results = _check_all(schema, items, progress, workers)
    resolve_duplicates(results)
    check_across(schema, results)
    return ValidationReport(results, skipped)

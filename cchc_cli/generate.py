"""`cchc generate-templates`: one blank workbook per reporting unit.

Units that report the same rows (the communes) share one layout and one rendering, stamped with each unit's
name, code and hash (workbook/stamp.py); many templates are shared between two processes. The files are
byte-identical to rendering each unit on its own.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.schema.model import Schema, Unit
from cchc_cli.workbook.layout import WorkbookLayout
from cchc_cli.workbook.stamp import Stamper

Progress = Callable[[str], None]

#: From this many templates on, rendering is shared between processes (one per core, at most WORKERS).
PARALLEL_FROM = 48
WORKERS = 2
WRITERS = 4

_worker: Stamper | None = None


def _start_worker(schema: Schema) -> None:
    global _worker
    _worker = Stamper(schema)


def _render_unit(unit_code: str) -> bytes:
    """Worker side: the template bytes of one unit (the same bytes the main process would write)."""
    assert _worker is not None
    return _worker.render(_worker.layout(unit_code))


def _rendered(stamper: Stamper, layouts: Sequence[WorkbookLayout]) -> Iterator[bytes]:
    """Template bytes of ``layouts``, in order; two processes when there are many (national scale)."""
    workers = min(WORKERS, os.cpu_count() or 1)
    if len(layouts) < PARALLEL_FROM or workers < 2:
        for layout in layouts:
            yield stamper.render(layout)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(stamper.schema,)) as pool:
        yield from pool.map(_render_unit, [layout.unit.code for layout in layouts], chunksize=32)


@dataclass
class GenerateResult:
    written: list[tuple[Unit, Path, WorkbookLayout]] = field(default_factory=list)
    no_rows: list[Unit] = field(default_factory=list)
    outlines: list[tuple[Unit, Path]] = field(default_factory=list)  # each unit's Word outline (narrative)


def select_units(schema: Schema, codes: Sequence[str] | None) -> list[Unit]:
    if not codes:
        return list(schema.units)
    unknown = [c for c in codes if c not in schema.unit_by_code and c not in schema.group_by_id]
    if unknown:
        known = ", ".join(u.code for u in schema.units)
        raise CchcError(f"Không có đơn vị mã {', '.join(unknown)} trong lược đồ (các mã có: {known}).")
    wanted = set(schema.expand_reporters(list(codes)))
    return [u for u in schema.units if u.code in wanted]


def count_templates(schema: Schema, units: Sequence[Unit]) -> int:
    """How many of ``units`` get a template (those with at least one row to report), without building any."""
    return sum(1 for unit in units if schema.indicators_by_unit[unit.code])


def plan_templates(
    schema: Schema, units: Sequence[Unit], stamper: Stamper | None = None
) -> tuple[list[WorkbookLayout], list[Unit]]:
    """Layouts of units that have rows to report (as ``build_layout`` gives them), and the units that have none."""
    stamper = stamper or Stamper(schema)
    layouts: list[WorkbookLayout] = []
    empty: list[Unit] = []
    for unit in units:
        layout = stamper.layout(unit.code)
        if layout.sheets:
            layouts.append(layout)
        else:
            empty.append(unit)
    return layouts, empty


def generate_templates(
    schema: Schema,
    out_dir: Path,
    unit_codes: Sequence[str] | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> GenerateResult:
    """Write one template per unit into ``out_dir``; refuses to overwrite unless ``force``."""
    units = select_units(schema, unit_codes)
    stamper = Stamper(schema)
    layouts, empty = plan_templates(schema, units, stamper)
    if out_dir.exists() and not out_dir.is_dir():
        raise CchcError(f"{out_dir}: đã có một tệp trùng tên, không tạo được thư mục kết quả.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không tạo được thư mục kết quả ({os_reason(exc)}).") from exc
    if not os.access(out_dir, os.W_OK):
        raise CchcError(f"{out_dir}: không có quyền ghi vào thư mục này.")
    targets = [(layout, out_dir / layout.file_name) for layout in layouts]
    from cchc_cli.narrative.template_docx import plan_outlines, write_unit_outlines  # narrative outlines

    outline_targets = plan_outlines(schema, units, out_dir)
    existing = [p for _, p in targets if p.exists()] + [p for _, p in outline_targets if p.exists()]
    if existing and not force:
        names = ", ".join(p.name for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise CchcError(
            f"{out_dir}: đã có {len(existing)} tệp biểu mẫu ({names}); không ghi đè. "
            "Chọn thư mục khác hoặc thêm --force để ghi đè."
        )
    result = GenerateResult(no_rows=list(empty))
    pending: deque[tuple[WorkbookLayout, Path, Future[None]]] = deque()

    def finish() -> None:
        layout, path, done = pending.popleft()
        try:
            done.result()
        except OSError as exc:
            raise CchcError(f"{path}: không ghi được tệp ({os_reason(exc)}).") from exc
        result.written.append((layout.unit, path, layout))
        if progress:
            progress(layout.unit.name)

    # Each file is synced to disk before its rename; a few writer threads keep the disk busy while the next
    # templates are rendered. Results and progress stay in unit order.
    with ThreadPoolExecutor(max_workers=WRITERS) as writers:
        for (layout, path), data in zip(targets, _rendered(stamper, layouts), strict=True):
            pending.append((layout, path, writers.submit(atomic_write_bytes, path, data)))
            while len(pending) > 4 * WRITERS:
                finish()
        while pending:
            finish()
    result.outlines = write_unit_outlines(schema, outline_targets)
    return result

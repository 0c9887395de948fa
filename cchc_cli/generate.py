"""`cchc generate-templates`: one blank workbook per reporting unit."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.schema.model import Schema, Unit
from cchc_cli.workbook.layout import WorkbookLayout, build_layout
from cchc_cli.workbook.writer import render_workbook

Progress = Callable[[str], None]


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


def plan_templates(schema: Schema, units: Sequence[Unit]) -> tuple[list[WorkbookLayout], list[Unit]]:
    """Layouts of units that have rows to report, and the units that have none."""
    layouts: list[WorkbookLayout] = []
    empty: list[Unit] = []
    for unit in units:
        layout = build_layout(schema, unit.code)
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
    layouts, empty = plan_templates(schema, units)
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
    for layout, path in targets:
        data = render_workbook(layout, schema)
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise CchcError(f"{path}: không ghi được tệp ({os_reason(exc)}).") from exc
        result.written.append((layout.unit, path, layout))
        if progress:
            progress(layout.unit.name)
    result.outlines = write_unit_outlines(schema, outline_targets)
    return result

"""Terminal output of the validation report (Rich). Only the CLI calls this."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cchc_cli.validation.engine import FileResult, ValidationReport

STATUS_STYLE = {
    "hợp lệ": "green",
    "có cảnh báo": "yellow",
    "có lỗi": "red",
    "không dùng được": "bold red",
}


def print_validation(
    console: Console,
    report: ValidationReport,
    annotated: Sequence[Path] = (),
    not_annotated: Sequence[FileResult] = (),
    *,
    details: bool = True,
) -> None:
    table = Table(title=f"Kết quả kiểm tra {len(report.files)} tệp", title_justify="left")
    table.add_column("Tệp", overflow="fold")
    table.add_column("Đơn vị")
    table.add_column("Tình trạng")
    table.add_column("Lỗi", justify="right")
    table.add_column("Cảnh báo", justify="right")
    for r in report.files:
        status = r.status + (" (bản cũ, không dùng)" if r.superseded_by else "")
        style = STATUS_STYLE[r.status]
        table.add_row(
            escape(r.name),
            escape(r.unit_name or "—"),
            f"[{style}]{status}[/]",
            str(r.errors),
            str(r.warnings),
        )
    console.print(table)
    for s in report.skipped:
        console.print(f"[dim]Bỏ qua {escape(s.name)}: {s.reason}.[/]")
    if details:
        for r in report.files:
            if not r.findings:
                continue
            console.print()
            console.print(f"[bold]{escape(r.name)}[/] — {escape(r.unit_name or 'chưa xác định đơn vị')}")
            for f in r.findings:
                style = "red" if f.severity == "error" else "yellow"
                label = "Lỗi" if f.severity == "error" else "Cảnh báo"
                where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
                where = f" {escape(where)}" if where else ""
                console.print(f"  [{style}]{label}[/]{where} [dim]\\[{f.code}][/] {escape(f.message)}")
                console.print(f"      [dim]→ {escape(f.hint)}[/]")
    errors = sum(r.errors for r in report.files)
    warnings = sum(r.warnings for r in report.files)
    bad = sum(1 for r in report.files if r.errors or not r.read)
    console.print()
    console.print(f"[bold]Tổng cộng:[/] {len(report.files)} tệp, {bad} tệp cần sửa, {errors} lỗi, {warnings} cảnh báo.")
    if annotated:
        folder = annotated[0].parent
        console.print(f"Đã ghi {len(annotated)} bản sao có đánh dấu vào {escape(str(folder))}.")
    for r in not_annotated:
        if r.opened and r.unit:
            reason = "chỉ đánh dấu được tệp .xlsx/.xlsm"
        else:
            reason = "tệp không đọc được hoặc không phải biểu mẫu"
        console.print(f"[dim]Không tạo bản đánh dấu cho {escape(r.name)}: {reason}.[/]")

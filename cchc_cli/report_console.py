"""Terminal output (Rich) of what the facade (api.py) returns: validation, status, merge. Only the CLI calls this."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cchc_cli.merge.model import MasterData
from cchc_cli.reminders import ERRORS, LATE, MISSING, STATE_LABELS, UNUSABLE
from cchc_cli.schema.words import whole_area
from cchc_cli.status import VN_TIME, StatusReport, contact_line
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
    print_skipped(console, report.skipped)
    if details:
        for r in report.files:
            if not r.findings:
                continue
            console.print()
            console.print(f"[bold]{escape(r.name)}[/] — {escape(r.unit_name or 'chưa xác định đơn vị')}")
            for f in r.findings:
                style = {"error": "red", "info": "cyan"}.get(f.severity, "yellow")
                label = {"error": "Lỗi", "info": "Thông tin"}.get(f.severity, "Cảnh báo")
                where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
                where = f" {escape(where)}" if where else ""
                console.print(f"  [{style}]{label}[/]{where} [dim]\\[{f.code}][/] {escape(f.message)}")
                console.print(f"      [dim]→ {escape(f.hint)}[/]")
    n = report.stats
    old = f" ({n['superseded']} bản cũ đã có bản mới thay, không tính)" if n["superseded"] else ""
    console.print()
    console.print(
        f"[bold]Tổng cộng:[/] {n['files']} tệp{old}, {n['files_to_fix']} tệp cần sửa, {n['errors']} lỗi, "
        f"{n['warnings']} cảnh báo."
    )
    if annotated:
        folder = annotated[0].parent
        console.print(f"Đã ghi {len(annotated)} bản sao có đánh dấu vào {escape(str(folder))}.")
    for r in not_annotated:
        from cchc_cli.validation.annotate import why_not

        reason = why_not(r) or "không có gì đơn vị phải sửa"
        console.print(f"[dim]Không tạo bản đánh dấu cho {escape(r.name)}: {reason}.[/]")


def print_status(console: Console, master: MasterData) -> None:
    """The Tình trạng nộp view: who has sent a usable return, when, and who has not."""
    table = Table(title="Tình trạng nộp báo cáo", title_justify="left")
    for col in ("Đơn vị", "Đã nộp", "Thời gian", "Hạn", "Lỗi", "Cảnh báo", "Tổng hợp", "Ghi chú"):
        table.add_column(col, no_wrap=col in ("Thời gian", "Hạn"))
    for s in master.status:
        when = s.submitted_at.astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M") if s.submitted_at else ""
        timely = "" if s.on_time is None else ("[green]đúng hạn[/]" if s.on_time else "[red]muộn[/]")
        table.add_row(
            escape(s.name),
            "có" if s.received else "[red]chưa[/]",
            when,
            timely,
            str(s.errors) if s.received else "",
            str(s.warnings) if s.received else "",
            "[green]có[/]" if s.used else "[red]không[/]",
            escape(s.reason),
        )
    console.print(table)
    received = sum(1 for s in master.status if s.received)
    late = sum(1 for s in master.status if s.on_time is False)
    used = sum(1 for s in master.status if s.used)
    console.print(
        f"[bold]{received}/{len(master.status)} đơn vị đã nộp, {late} nộp muộn; {used} đơn vị được tổng hợp.[/] "
        f"Hạn nộp: {escape(master.schema.campaign.deadline_text)}."
    )


STATE_STYLE = {MISSING: "bold red", UNUSABLE: "bold red", ERRORS: "red", LATE: "yellow"}


def print_follow_up(console: Console, status: StatusReport, *, reminders: bool = True, quiet: bool = False) -> None:
    """`cchc status`: each unit coloured by its state, its contact; then the reminder text for each unit
    that needs one, ready to copy into Zalo or an e-mail. ``quiet``: the one line of counts only."""
    if quiet:
        print_counts(console, status)
        return
    table = Table(title=f"Tình trạng nộp báo cáo (hạn {escape(status.deadline_text)})", title_justify="left")
    for col in ("Đơn vị", "Tình trạng", "Thời gian nộp", "Lỗi", "Liên hệ"):
        table.add_column(col, no_wrap=col in ("Thời gian nộp", "Lỗi"), overflow="fold")
    for u in status.units:
        s = u.status
        if u.states:
            state = ", ".join(f"[{STATE_STYLE[k]}]{STATE_LABELS[k]}[/]" for k in u.states)
        else:
            state = "[green]đã nộp, dùng được[/]"
        when = s.submitted_at.astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M") if s.submitted_at else ""
        contact = escape(contact_line(u.contact))
        if u.states and not contact:
            contact = "[dim]chưa có (thêm contact cho đơn vị trong lược đồ)[/]"
        table.add_row(escape(s.name), state, when, str(s.errors) if s.received else "", contact)
    console.print(table)
    print_counts(console, status)
    if not reminders:
        return
    for u in status.units:
        if u.own_task:  # the collecting office: what it must do itself, not a reminder
            console.print()
            console.rule(f"Việc của {escape(u.status.name)} (nơi nhận báo cáo)", align="left", style="dim")
            console.print(u.own_task, markup=False, highlight=False, soft_wrap=True)
        if not u.reminder:
            continue
        c = u.contact
        to = ", ".join(x for x in (f"Zalo/ĐT {c.phone}" if c.phone else "", c.email) if x) or "chưa có liên hệ"
        where = f" (theo {c.source})" if c.source else ""
        console.print()
        console.rule(f"Nhắc {escape(u.status.name)} — {escape(to)}{escape(where)}", align="left", style="dim")
        if c.email:
            console.print(f"[dim]Tiêu đề thư:[/] {escape(status.subject)}")
        console.print(u.reminder, markup=False, highlight=False, soft_wrap=True)


def print_merge(console: Console, master: MasterData, outputs: Sequence[Path]) -> None:
    print_status(console, master)
    left = [s for s in master.sources if not s.used]
    for s in left:
        console.print(f"[yellow]Không dùng[/] {escape(s.name)}: {escape(s.reason or 'không rõ đơn vị')}.")
    incomplete = sum(1 for v in master.district.values() if not v.complete and v.missing)
    if incomplete:
        console.print(
            f"[yellow]{incomplete} số liệu {whole_area(master.schema).lower()} chưa đủ đơn vị báo cáo[/] "
            "(tô màu cam trong bảng tổng hợp)."
        )
    if master.cross_findings:
        console.print(f"Kiểm tra chéo giữa các đơn vị: {len(master.cross_findings)} phát hiện (trang «Kiểm tra chéo»).")
        for f in master.cross_findings[:10]:
            label = {"error": "Lỗi", "info": "Thông tin"}.get(f.severity, "Cảnh báo")
            period = f" – {f.period_label}" if f.period_label else ""
            console.print(f"  [yellow]{label}[/]{escape(period)}: {escape(f.message)}")
        if len(master.cross_findings) > 10:
            console.print(f"  … và {len(master.cross_findings) - 10} phát hiện khác.")
    for path in outputs:
        console.print(f"Đã ghi [bold]{escape(str(path))}[/]")


def print_skipped(console: Console, skipped: Sequence[Any]) -> None:
    """One line per file that was not read, with the reason (every file in the folders is accounted for)."""
    for s in skipped:
        console.print(f"[dim]Bỏ qua {escape(s.name)}: {escape(s.reason)}.[/]")


def print_unattributed(console: Console, files: Sequence[tuple[str, str]]) -> None:
    """One line per return read that belongs to no unit (its unit still shows «chưa nộp»), with why."""
    for name, why in files:
        console.print(
            f"[yellow]Tệp {escape(name)} chưa biết của đơn vị nào, chưa dùng được. {escape(why)}. "
            "Mở tệp xem đơn vị nào gửi và đề nghị gửi lại.[/]",
            soft_wrap=True,
        )


def print_narratives(console: Console, narratives: Any) -> None:
    """The "Báo cáo thuyết minh" table of the units' Word reports (a NarrativeSet), when there are any."""
    from cchc_cli.narrative.console import print_narratives as print_table

    print_table(console, narratives)


def print_counts(console: Console, status: StatusReport) -> None:
    """The line of counts under `cchc status`'s table (and alone with --quiet)."""
    n = status.counts
    console.print(
        f"[bold]{n['received']}/{n['expected']} đơn vị đã nộp[/], {n['used']} dùng được để tổng hợp; "
        f"[red]{n['missing']} chưa nộp[/], [red]{n['with_errors'] + n['unusable']} phải sửa[/], "
        f"[yellow]{n['late']} nộp muộn[/].",
        soft_wrap=True,
    )

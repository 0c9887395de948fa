"""Command-line interface: parse, call one function of the facade (api.py), print, exit. No logic lives here.

Every command is a client of :mod:`cchc_cli.api`, as the local page is: the facade finds the campaign folder,
the schema and the default paths, does the work and returns plain values; this module prints them (Rich,
Vietnamese) and maps typed errors (errors.py) to exit codes.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cchc_cli import __version__
from cchc_cli.cli_framework import ABORTED, CchcTyper, VietUsageError
from cchc_cli.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CchcError

if TYPE_CHECKING:
    from rich.console import Console

    from cchc_cli import api

# The facade (api.py), Rich, the schema and the workbook libraries are imported inside the commands that use
# them: `cchc --help` stays fast (bench/bench_cli.py).
app = CchcTyper(
    name="cchc",
    help=(
        "Công cụ tổng hợp báo cáo cải cách hành chính (CCHC) cho Phòng Nội vụ.\n\n"
        "Quy trình: tạo biểu mẫu → kiểm tra báo cáo các đơn vị gửi về → tổng hợp → dự thảo báo cáo Word."
    ),
    no_args_is_help=True,
)

schema_app = CchcTyper(help="Làm việc với lược đồ (schema) của đợt báo cáo.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Hiện chi tiết lỗi kỹ thuật (traceback).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
    ] = False,
) -> None:
    _state["debug"] = debug


SchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--schema",
        "-s",
        metavar="TỆP_LƯỢC_ĐỒ",
        help="Tệp lược đồ YAML; bỏ trống thì dùng lược đồ Khánh Sơn 2011–2020 kèm theo.",
    ),
]
ReturnsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="THƯ_MỤC", help="Thư mục (hoặc tệp) báo cáo các đơn vị gửi về; mặc định bao-cao-nhan/ của đợt."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Không hiện thanh tiến trình và bảng tóm tắt.")]


def _words() -> Any:
    from cchc_cli.schema import words

    return words


def _err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@contextmanager
def _progress_bar(console: Console, quiet: bool) -> Iterator[tuple[Callable[[str], None], Callable[[int], None]]]:
    """A progress callback and the callback that sets the number of steps (the facade's ``progress`` and
    ``total``); the bar appears with the first step, so an early error prints alone."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        disable=quiet or not console.is_terminal,  # no bar in a pipe or a log
        transient=True,
    )
    task = bar.add_task("", total=None)
    started = False

    def advance(label: str) -> None:
        nonlocal started
        if not started:
            bar.start()
            started = True
        bar.update(task, advance=1, description=label)

    def total(steps: int) -> None:
        bar.update(task, total=steps)

    try:
        yield advance, total
    finally:
        if started:
            bar.stop()


F = TypeVar("F", bound=Callable[..., Any])


def _user_errors(fn: F) -> F:
    """Turn CchcError into a one-line Vietnamese message and its exit code (traceback only with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CchcError as err:
            if _state["debug"]:
                raise
            typer.echo(f"Lỗi: {err}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper  # type: ignore[return-value]


@app.command("generate-templates")
@_user_errors
def generate_templates_cmd(
    schema_path: SchemaOption = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="MÃ_ĐƠN_VỊ",
            help="Mã đơn vị hoặc nhóm (ví dụ NV, 22714, cap_xa); lặp lại để chọn nhiều.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi biểu mẫu (mặc định bieu-mau/ của đợt báo cáo)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè các tệp biểu mẫu đã có.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Tạo biểu mẫu Excel trống cho từng đơn vị, chỉ gồm các chỉ tiêu đơn vị đó báo cáo.

    Ví dụ: [bold]cchc generate-templates --out bieu-mau/[/bold]
    hoặc chỉ cho Phòng Nội vụ và các xã: [bold]cchc generate-templates -u NV -u cap_xa[/bold]
    """
    from rich.table import Table

    from cchc_cli import api

    console = _err_console()
    with _progress_bar(console, quiet) as (advance, total):
        done = api.generate(schema_path, unit, out, force=force, progress=advance, total=total)
    if quiet:
        return
    result = done.result
    console.print(done.campaign_line)
    table = Table(title=f"Đã tạo {len(result.written)} biểu mẫu trong {done.out}", title_justify="left")
    table.add_column("Đơn vị")
    table.add_column("Số chỉ tiêu", justify="right")
    table.add_column("Tệp", overflow="fold")
    for u, path, layout in result.written:
        table.add_row(u.name, str(len(layout.indicator_ids)), path.name)
    console.print(table)
    for u in result.no_rows:
        console.print(
            f"[yellow]Không tạo biểu mẫu cho {u.name} ({u.code}):[/] {_words().annex(done.schema)} không giao "
            "chỉ tiêu nào."
        )
    if result.outlines:
        console.print(f"Đã tạo {len(result.outlines)} đề cương báo cáo thuyết minh (Word, DeCuong_<mã>_<tên>.docx).")


@app.command("init")
@_user_errors
def init_cmd(
    folder: Annotated[
        Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục đợt báo cáo sẽ tạo (ví dụ bao-cao-cchc-2025/).")
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="ĐỢT_HOẶC_TỆP",
            help="Đợt báo cáo kèm theo (khanh-son-2011-2020, khanh-hoa-2025) hoặc một tệp lược đồ YAML để chép.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Chỉ in một dòng: thư mục đã tạo.")] = False,
) -> None:
    """Tạo thư mục một đợt báo cáo: lược đồ và đề cương để sửa, tệp đợt báo cáo cchc.yaml và các thư mục làm việc.

    Trong thư mục đó mọi lệnh chạy không cần --schema hay đường dẫn.

    Ví dụ: [bold]cchc init bao-cao-quy-2025 --from khanh-hoa-2025[/bold], rồi [bold]cd bao-cao-quy-2025[/bold]
    và [bold]cchc generate-templates[/bold]
    """
    from cchc_cli import api

    done = api.init_campaign(folder, source)
    created = done.folder
    console = _console()
    if quiet:
        console.print(f"Đã tạo thư mục đợt báo cáo {created.root}", soft_wrap=True)
        return
    console.print(done.campaign_line)
    console.print(f"Đã tạo thư mục đợt báo cáo [bold]{created.root}[/]:")
    rows = [
        (created.settings.schema_file, "lược đồ: chỉ tiêu, đơn vị, kỳ, hạn gửi (sửa rồi chạy cchc schema check)"),
        ("cchc.yaml", "tệp đợt báo cáo: tần suất, chốt số liệu, nơi nhận, người ký, tên các thư mục"),
    ]
    if created.settings.outline:
        rows.append((created.settings.outline, "đề cương báo cáo (Jinja) cho render-report"))
    roles = {
        "templates": "biểu mẫu trống gửi các đơn vị",
        "returns": "chép vào đây các báo cáo đơn vị gửi về",
        "returned": "bản đánh dấu lỗi để gửi lại đơn vị",
        "merged": "bảng tổng hợp",
        "report": "dự thảo báo cáo Word",
    }
    for role, what in roles.items():
        rows.append((done.folders[role].name + "/", what))
    for name, what in rows:
        console.print(f"  {name:<18} {what}")


@schema_app.command("check")
@_user_errors
def schema_check_cmd(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="TỆP_LƯỢC_ĐỒ", help="Tệp lược đồ YAML; bỏ trống thì kiểm tra lược đồ kèm theo."),
    ] = None,
) -> None:
    """Kiểm tra một tệp lược đồ và in tóm tắt: các phần, số dòng, số chỉ tiêu mỗi đơn vị, các quy tắc.

    Ví dụ: [bold]cchc schema check schemas/khanh-son-2011-2020.yaml[/bold]
    """
    from rich.table import Table

    from cchc_cli import api

    checked = api.schema_info(path)
    info = checked.summary
    console = _console()
    console.print(checked.campaign_line)
    console.print(f"[bold green]Lược đồ hợp lệ:[/] {info.schema_id} phiên bản {info.version}")
    sections = Table(title="Các phần", title_justify="left")
    for col in ("Phần", "Tên", "Số dòng", "Chỉ tiêu nhập"):
        sections.add_column(col, justify="right" if col.startswith("Số") or col == "Chỉ tiêu nhập" else "left")
    for sec in info.sections:
        sections.add_row(sec.number, sec.title, str(sec.rows), str(sec.inputs))
    sections.add_row("", "[bold]Tổng[/]", str(info.indicators), str(info.input_indicators))
    console.print(sections)
    units = Table(title="Chỉ tiêu theo đơn vị", title_justify="left")
    for col in ("Mã", "Đơn vị", "Chỉ tiêu", "Ô nhập"):
        units.add_column(col)
    for code, name, n_ind, n_cells in info.rows_per_unit:
        units.add_row(code, name, str(n_ind), str(n_cells) if n_ind else "[yellow]không có biểu mẫu[/]")
    console.print(units)
    kinds = "; ".join(f"{k}: {v}" for k, v in sorted(info.rules.items()))
    console.print(f"Quy tắc kiểm tra: {sum(info.rules.values())} ({kinds})")
    console.print(f"Chỗ sửa so với văn bản gốc (khóa corrections): {info.corrections}")


@app.command("validate")
@_user_errors
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="THƯ_MỤC",
            help="Tệp hoặc thư mục báo cáo đơn vị gửi về (tìm cả thư mục con); mặc định bao-cao-nhan/ của đợt.",
        ),
    ] = None,
    schema_path: SchemaOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="table|json",
            help="table: bảng dễ đọc; json: toàn bộ kết quả (tệp, tệp bỏ qua, phát hiện) dạng JSON.",
        ),
    ] = "table",
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            "-a",
            metavar="THƯ_MỤC",
            help="Thư mục ghi bản sao có đánh dấu ô sai của từng tệp để gửi lại đơn vị.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè bản sao đánh dấu đã có.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Kiểm tra các tệp báo cáo đơn vị gửi về: đúng biểu mẫu, đủ cấu trúc, giá trị hợp lệ, khớp quy tắc.

    Mã thoát: 0 không có lỗi (có thể có cảnh báo), 1 có tệp bị lỗi, 2 sai cách dùng hoặc không đọc được tệp nào.

    Ví dụ: [bold]cchc validate thu-muc-bao-cao/ --annotate tra-lai/[/bold]
    hoặc cho máy đọc: [bold]cchc validate thu-muc-bao-cao/ --format json > ket-qua.json[/bold]
    """
    from cchc_cli import api
    from cchc_cli.report_console import print_narratives, print_validation

    if fmt not in ("table", "json"):
        raise CchcError(f"--format chỉ nhận table hoặc json (đang là «{fmt}»).")
    console = _err_console()
    with _progress_bar(console, quiet) as (advance, total):
        done = api.validate(paths, schema_path, annotate=annotate, force=force, progress=advance, total=total)
    report = done.report
    if not quiet:
        for old in done.removed:
            console.print(f"Đã xóa bản sao đánh dấu cũ {old.name}: bản mới của đơn vị không cần gửi lại.")
        console.print(done.campaign_line)
    if fmt == "json":
        import json

        typer.echo(json.dumps(done.to_dict(), ensure_ascii=False, indent=2))
        if not quiet:
            print_validation(console, report, done.written, done.not_annotated, details=False)
    elif not quiet:
        print_validation(_console(), report, done.written, done.not_annotated, details=True)
        print_narratives(_console(), done.narratives)
    code = _validation_exit_code(done)
    if code == EXIT_USAGE:  # say why in one line, even with --quiet or --format json
        where = ", ".join(str(p) for p in paths) if paths else "thư mục báo cáo nhận"
        why = (
            "không có tệp bảng tính nào (.xlsx, .xls, .ods, .zip)"
            if not report.files
            else "không mở được tệp bảng tính nào (xem từng tệp ở trên)"
        )
        typer.echo(f"Lỗi: {where}: {why}.", err=True)
    if done.annotate_error:  # the results above stand; the marked copies could not be written
        typer.echo(f"Lỗi: chưa ghi được bản đánh dấu: {done.annotate_error}", err=True)
    raise typer.Exit(code)


def _validation_exit_code(done: api.Validated) -> int:
    """0 no errors (warnings allowed), 1 some file has errors, 2 no file could be opened at all or the
    annotated copies asked for could not be written."""
    report = done.report
    if not report.readable or done.annotate_error:
        return EXIT_USAGE
    return EXIT_OK if report.valid else EXIT_INVALID


@app.command("merge")
@_user_errors
def merge_cmd(
    paths: ReturnsArgument = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi bảng tổng hợp (mặc định tong-hop/ của đợt)."
        ),
    ] = None,
    schema_path: SchemaOption = None,
    include_errors: Annotated[
        bool, typer.Option("--include-errors", help="Tổng hợp cả tệp còn lỗi (ô lỗi được bỏ trống).")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem tình trạng nộp, không ghi tệp.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè bảng tổng hợp đã có.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Tổng hợp các báo cáo hợp lệ thành bảng số liệu chung của cả địa bàn (tong-hop.xlsx và du-lieu.csv).

    Tệp có lỗi bị loại (trừ khi có --include-errors); đơn vị nộp hai lần thì dùng bản mới hơn.

    Ví dụ: [bold]cchc merge thu-muc-bao-cao/ --out tong-hop/[/bold]
    """
    from cchc_cli import api
    from cchc_cli.report_console import print_merge, print_skipped

    with _progress_bar(_err_console(), quiet) as (advance, total):
        done = api.merge(
            paths,
            schema_path,
            out,
            include_errors=include_errors,
            dry_run=dry_run,
            force=force,
            progress=advance,
            total=total,
        )
    if not quiet:
        _console().print(done.campaign_line)
        print_merge(_console(), done.master, done.outputs)
        print_skipped(_console(), done.skipped)


@app.command("status")
@_user_errors
def status_cmd(
    paths: ReturnsArgument = None,
    schema_path: SchemaOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="table|json",
            help="table: bảng màu và lời nhắc; json: toàn bộ tình trạng, liên hệ và lời nhắc dạng JSON.",
        ),
    ] = "table",
    no_reminders: Annotated[
        bool, typer.Option("--khong-loi-nhac", help="Chỉ in bảng tình trạng, không in lời nhắc từng đơn vị.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Chỉ in một dòng đếm số đơn vị.")] = False,
) -> None:
    """Xem đơn vị nào đã nộp, nộp lúc nào, đúng hạn hay muộn, có dùng được không (không ghi tệp).

    Với mỗi đơn vị chưa nộp, nộp muộn hoặc tệp còn lỗi: người liên hệ (theo biểu mẫu đơn vị điền, hoặc
    danh sách đơn vị trong lược đồ) và lời nhắc soạn sẵn để gửi qua Zalo hoặc thư điện tử.

    Ví dụ: [bold]cchc status thu-muc-bao-cao/[/bold]
    hoặc cho máy đọc: [bold]cchc status thu-muc-bao-cao/ --format json > tinh-trang.json[/bold]
    """
    if fmt not in ("table", "json"):
        raise CchcError(f"--format chỉ nhận table hoặc json (đang là «{fmt}»).")
    from cchc_cli import api

    done = api.follow_up(paths, schema_path)
    if fmt == "json":
        import json

        typer.echo(json.dumps(done.to_dict(), ensure_ascii=False, indent=2))
        return
    from cchc_cli.report_console import print_follow_up, print_narratives, print_skipped, print_unattributed

    console = _console()
    if quiet:
        print_follow_up(console, done.status, quiet=True)
        return
    console.print(done.campaign_line)
    if done.regime_line is not None:
        console.print(done.regime_line)
    print_follow_up(console, done.status, reminders=not no_reminders)
    print_unattributed(console, done.status.unattributed)
    print_skipped(console, done.skipped)
    print_narratives(_console(), done.narratives)


@app.command("render-report")
@_user_errors
def render_report_cmd(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            "-d",
            metavar="TỆP_HOẶC_THƯ_MỤC",
            help="Bảng tổng hợp (tong-hop.xlsx do cchc merge tạo) hoặc thư mục báo cáo các đơn vị.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", "-t", metavar="TỆP_MẪU", help="Đề cương (.j2), mẫu Word (.docx) hoặc thư mục chứa chúng."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="TỆP_WORD", help="Tệp Word kết quả (.docx).")
    ] = None,
    schema_path: SchemaOption = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp Word đã có.")] = False,
    quiet: QuietOption = False,
    ngay: Annotated[
        str | None,
        typer.Option(
            "--ngay",
            help="Ngày ghi trên báo cáo (dd/mm/yyyy); bỏ trống thì để «ngày … tháng … năm …» cho văn thư điền.",
        ),
    ] = None,
    ban_chinh_thuc: Annotated[
        bool, typer.Option("--ban-chinh-thuc", help="Bản chính thức: không in dấu «DỰ THẢO».")
    ] = False,
    narratives_dir: Annotated[
        Path | None,
        typer.Option(
            "--narratives",
            "-n",
            metavar="THƯ_MỤC",
            help="Thư mục báo cáo thuyết minh (Word) của các đơn vị; nội dung được đưa vào dưới đề mục tương ứng. "
            "Bỏ trống: dùng thư mục --data nếu đó là thư mục báo cáo có tệp Word.",
        ),
    ] = None,
) -> None:
    """Dựng dự thảo báo cáo tổng kết (Word) theo đề cương Phụ lục 1, đủ số liệu, đúng thể thức Nghị định 30/2020.

    Ví dụ: [bold]cchc render-report --data tong-hop/tong-hop.xlsx --out bao-cao.docx[/bold]
    hoặc thẳng từ thư mục báo cáo: [bold]cchc render-report --data thu-muc-bao-cao/[/bold]
    kèm báo cáo thuyết minh (Word) của đơn vị: [bold]cchc render-report --narratives thu-muc-bao-cao/[/bold]
    """
    import datetime as dt

    from cchc_cli import api

    report_date = None
    if ngay is not None:
        try:
            report_date = dt.datetime.strptime(ngay.strip(), "%d/%m/%Y").date()
        except ValueError as exc:
            raise VietUsageError(f"--ngay: «{ngay}» không phải ngày dạng dd/mm/yyyy (ví dụ 05/6/2020).") from exc
    with _progress_bar(_err_console(), quiet) as (advance, total):
        done = api.render(
            data,
            template=template,
            out=out,
            schema_path=schema_path,
            force=force,
            date=report_date,
            final=ban_chinh_thuc,
            narratives_dir=narratives_dir,
            progress=advance,
            total=total,
        )
    if not quiet:
        from cchc_cli.report_console import print_narratives

        console = _console()
        console.print(done.campaign_line)
        console.print(f"Đã ghi dự thảo báo cáo: [bold]{done.path}[/]")
        if done.narratives is not None:
            print_narratives(_console(), done.narratives)
            console.print(f"Đã ghi tổng hợp nội dung các đơn vị: [bold]{done.companion}[/]")
    if done.newer_returns:
        from rich.markup import escape

        names = escape(", ".join(done.newer_returns[:5])) + (" …" if len(done.newer_returns) > 5 else "")
        _err_console().print(
            f"[yellow]Lưu ý: {len(done.newer_returns)} báo cáo nhận sau lần tổng hợp cuối ({names}) chưa có trong "
            "dự thảo này; chạy lại cchc merge --force rồi dựng lại dự thảo.[/]",
            soft_wrap=True,
        )


# ---- the local page (issue 12) ------------------------------------------------------------------------


@app.command("giao-dien")
@_user_errors
def page_cmd(
    folder: Annotated[
        Path, typer.Option("--thu-muc", "-d", help="Thư mục đợt báo cáo (mặc định: thư mục hiện tại).")
    ] = Path("."),
    port: Annotated[
        int, typer.Option("--cong", help="Cổng trên máy này, từ 0 đến 65535 (0: tự chọn cổng trống).")
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--khong-mo-trinh-duyet", help="Không tự mở trình duyệt (chỉ in địa chỉ).")
    ] = False,
) -> None:
    """Mở trang làm việc trên trình duyệt (chỉ trên máy này): nhận và kiểm tra báo cáo, tạo biểu mẫu, tổng hợp,
    dự thảo báo cáo — không cần gõ lệnh.

    Ví dụ: [bold]cchc giao-dien --thu-muc "D:\\CCHC\\bao-cao-2025"[/bold]
    """
    if not 0 <= port <= 65535:
        raise VietUsageError(f"Giá trị của «--cong» không hợp lệ: cần một số từ 0 đến 65535 (đang là {port}).")
    from cchc_cli.web.server import Running, serve

    def ready(running: Running) -> None:
        typer.echo(f"Trang làm việc đang chạy tại: {running.url}")
        typer.echo("Giữ cửa sổ này mở trong khi làm việc; đóng cửa sổ (hoặc bấm Ctrl+C) để tắt trang.")

    serve(folder, port=port, open_browser=not no_browser, on_ready=ready)


def main() -> None:
    """Console entry point. Click's usage errors are worded by ``cli_framework.Group.main``; CchcError by
    ``_user_errors``; anything else is a bug: one line, traceback only with --debug."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (getattr(stream, "encoding", "") or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8")
    args = sys.argv[1:]
    if "--debug" in args[1:] and "--" not in args:  # "cchc validate … --debug": the root option, where typed
        args.remove("--debug")
        args.insert(0, "--debug")
    try:
        app(args=args, prog_name="cchc")
    except KeyboardInterrupt:
        typer.echo(ABORTED, err=True)
        sys.exit(130)
    except Exception as err:  # last resort: a bug, not bad input
        if _state["debug"] or "--debug" in sys.argv:
            raise
        typer.echo(
            f"Lỗi không mong đợi ({type(err).__name__}: {err}). Chạy lại lệnh với --debug để xem chi tiết "
            "và gửi cho người phát triển.",
            err=True,
        )
        sys.exit(EXIT_USAGE)

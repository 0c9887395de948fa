"""Command-line interface: parse, call one library function, print, exit. No logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cchc_cli import __version__
from cchc_cli.errors import EXIT_USAGE, CchcError
from cchc_cli.i18n import install_vietnamese

install_vietnamese()

app = typer.Typer(
    name="cchc",
    help=(
        "Công cụ tổng hợp báo cáo cải cách hành chính (CCHC) cho Phòng Nội vụ.\n\n"
        "Quy trình: tạo biểu mẫu → kiểm tra báo cáo các đơn vị gửi về → tổng hợp → dự thảo báo cáo Word."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)

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


def _not_built(name: str) -> None:
    typer.echo(f"Lệnh «{name}» chưa được xây dựng trong phiên bản này.", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command("validate")
def validate_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Tệp hoặc thư mục báo cáo đơn vị gửi về.")] = None,
) -> None:
    """Kiểm tra các tệp báo cáo đơn vị gửi về (CHƯA XÂY DỰNG).

    Ví dụ: [bold]cchc validate thu-muc-bao-cao/[/bold]
    """
    _not_built("validate")


@app.command("merge")
def merge_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Thư mục báo cáo hợp lệ.")] = None,
) -> None:
    """Tổng hợp các báo cáo hợp lệ thành bảng tổng hợp toàn huyện (CHƯA XÂY DỰNG).

    Ví dụ: [bold]cchc merge thu-muc-bao-cao/ --out tong-hop/[/bold]
    """
    _not_built("merge")


@app.command("render-report")
def render_report_cmd() -> None:
    """Dự thảo báo cáo tổng kết (Word) theo đề cương Phụ lục 1 (CHƯA XÂY DỰNG).

    Ví dụ: [bold]cchc render-report --data tong-hop/tong-hop.xlsx --out bao-cao.docx[/bold]
    """
    _not_built("render-report")


def main() -> None:
    """Console entry point: turns CchcError into a one-line message and an exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (getattr(stream, "encoding", "") or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8")
    try:
        app(standalone_mode=True)
    except CchcError as err:
        if _state["debug"]:
            raise
        typer.echo(f"Lỗi: {err}", err=True)
        sys.exit(err.exit_code)

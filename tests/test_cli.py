"""The command-line contract: help with examples, one-line Vietnamese errors, exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_cli.cli import app

runner = CliRunner()
COMMANDS = ["generate-templates", "validate", "merge", "render-report"]
OTHER_COMMANDS = ["status", "schema check", "init"]


def invoke(*args: str):
    return runner.invoke(app, list(args), terminal_width=100)


def test_help_lists_the_four_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", [*COMMANDS, *OTHER_COMMANDS])
def test_every_command_has_vietnamese_help_with_an_example(name):
    result = invoke(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Ví dụ:" in result.stdout
    assert f"cchc {name}" in result.stdout.replace("\n", " ")


def test_generate_templates_writes_and_summarises(tmp_path):
    out = tmp_path / "bieu mau"
    result = invoke("generate-templates", "--out", str(out), "-u", "TP", "-u", "KTHT")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "DeCuong_KTHT_Phong-Kinh-te-va-Ha-tang.docx",
        "DeCuong_TP_Phong-Tu-phap.docx",
        "PL2_TP_Phong-Tu-phap.xlsx",
    ]
    assert "Đã tạo 1 biểu mẫu" in result.stderr
    assert "Không tạo biểu mẫu cho Phòng Kinh tế và Hạ tầng (KTHT)" in result.stderr


def test_refuses_to_overwrite_then_force(tmp_path):
    assert invoke("generate-templates", "--out", str(tmp_path), "-u", "TP", "-q").exit_code == 0
    result = invoke("generate-templates", "--out", str(tmp_path), "-u", "TP")
    assert result.exit_code == 2
    assert "không ghi đè" in result.stderr and "--force" in result.stderr
    assert invoke("generate-templates", "--out", str(tmp_path), "-u", "TP", "--force", "-q").exit_code == 0


def test_unknown_unit(tmp_path):
    result = invoke("generate-templates", "--out", str(tmp_path), "-u", "XYZ")
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: Không có đơn vị mã XYZ trong lược đồ")
    assert not list(tmp_path.iterdir())


def test_unreadable_schema(tmp_path):
    bad = tmp_path / "luoc-do.yaml"
    bad.write_bytes(b"\xff\xfe not utf-8")
    result = invoke("generate-templates", "--schema", str(bad), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"{bad}: tệp không phải UTF-8" in result.stderr
    assert result.stderr.count("\n") == 1


def test_output_folder_is_a_file(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    result = invoke("generate-templates", "--out", str(target))
    assert result.exit_code == 2
    assert f"{target}: đã có một tệp trùng tên" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = invoke("generate-templates", "--out", str(locked))
    assert result.exit_code == 2
    assert "không có quyền ghi" in result.stderr


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_output_folder_cannot_be_created():
    """A folder nobody, root included, can create (the /proc pseudo-filesystem)."""
    result = invoke("generate-templates", "--out", "/proc/cchc-khong-tao-duoc")
    assert result.exit_code == 2
    assert result.stderr == (
        "Lỗi: /proc/cchc-khong-tao-duoc: không tạo được thư mục kết quả (không có đường dẫn này).\n"
    )


def test_schema_check_prints_summary():
    result = invoke("schema", "check")
    assert result.exit_code == 0
    out = result.stdout
    assert "Lược đồ hợp lệ: khanh-son-cchc-2011-2020 phiên bản 1.0.0" in out
    assert "Phòng Kinh tế và Hạ tầng" in out and "không có biểu mẫu" in out
    assert "Quy tắc kiểm tra: 20" in out


def test_schema_check_reports_problems_with_lines(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("schema:\n  id: x\n  version: '1'\n  title: t\ncampaign: {}\n", encoding="utf-8")
    result = invoke("schema", "check", str(path))
    assert result.exit_code == 2
    assert f"{path}:5: khóa campaign.title: thiếu khóa bắt buộc" in result.stderr
    assert "Traceback" not in result.output


def test_module_entry_point_and_no_traceback(tmp_path):
    args = ["generate-templates", "-u", "XYZ", "--out", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "cchc_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Lỗi: Không có đơn vị mã XYZ")
    assert "Traceback" not in proc.stderr
    debug = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc_cli",
            "--debug",
            "generate-templates",
            "-u",
            "XYZ",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert "Traceback" in debug.stderr and "CchcError" in debug.stderr


def test_command_functions_import_rich_where_they_use_it():
    """cli.py imports Rich and the facade only inside the functions that use them (fast `cchc --help`): a
    command that uses Console/Table/Progress or api without importing it would fail only when run."""
    import inspect

    import cchc_cli.cli as cli

    rich_names = {"Console", "Table", "Progress", "Panel", "Text", "Markdown", "Syntax", "Rule", "api"}
    for name, fn in vars(cli).items():
        fn = inspect.unwrap(fn) if callable(fn) else fn
        if not inspect.isfunction(fn) or fn.__module__ != cli.__name__:
            continue
        local = set(fn.__code__.co_varnames)
        missing = (rich_names & inspect.getclosurevars(fn).unbound) - local
        assert not missing, f"{name} uses {sorted(missing)}: import it inside the function (see _console())"


#: What cli.py may import of the package: the facade, the command line's framework, errors and words, its
#: printing module, and the local page it starts. Everything else is the library's, reached through api.py.
CLI_MAY_IMPORT = {
    "cchc_cli.__version__",
    "cchc_cli.api",
    "cchc_cli.cli_framework",
    "cchc_cli.errors",
    "cchc_cli.schema.words",
    "cchc_cli.report_console",
    "cchc_cli.web.server",
}


def cli_imports(source: str) -> set[str]:
    """Every cchc_cli module (or name of the package itself) that ``source`` imports, at any level — module
    top, inside functions, under TYPE_CHECKING."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                found.add("cchc_cli." + node.module)
            elif node.module in ("cchc_cli", "cchc_cli.schema"):  # `from cchc_cli import api`: a module or name
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return {name for name in found if name == "cchc_cli" or name.startswith("cchc_cli.")}


def test_cli_reaches_the_library_only_through_the_facade() -> None:
    """cli.py is a client of api.py, as the local page is: it imports no library internals (no logic twice)."""
    import cchc_cli.cli as cli

    imported = cli_imports(Path(cli.__file__).read_text(encoding="utf-8"))
    assert imported - CLI_MAY_IMPORT == set(), "cli.py: call cchc_cli.api instead of the library"
    assert {"cchc_cli.api", "cchc_cli.errors", "cchc_cli.cli_framework"} <= imported


def test_the_import_check_sees_imports_at_every_level() -> None:
    """The check above can fail: a library import inside a function or under TYPE_CHECKING is found."""
    source = (
        "from typing import TYPE_CHECKING\nfrom cchc_cli import api, generate\nif TYPE_CHECKING:\n"
        "    from cchc_cli.merge.model import MasterData\n"
        "def f():\n    import cchc_cli.status\n    from cchc_cli.schema import load_schema\n"
        "    from .campaign import defaults\n"
    )
    assert cli_imports(source) - CLI_MAY_IMPORT == {
        "cchc_cli.generate",
        "cchc_cli.merge.model",
        "cchc_cli.status",
        "cchc_cli.schema.load_schema",
        "cchc_cli.campaign",
    }


def test_an_empty_folder_says_why_and_debug_is_taken_after_the_command(tmp_path):
    """validate on a folder with no spreadsheet: one Vietnamese line and exit 2, also with --quiet; --debug is
    accepted where a user types it (after the command), not only before it."""
    empty = tmp_path / "bao-cao-nhan"
    empty.mkdir()
    (empty / "ghi-chu.docx").write_bytes(b"not a spreadsheet")
    for extra in ([], ["-q"], ["--debug"]):
        proc = subprocess.run(
            [sys.executable, "-m", "cchc_cli", "validate", str(empty), *extra],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            cwd=tmp_path,
        )
        assert proc.returncode == 2, (extra, proc.stderr)
        assert f"Lỗi: {empty}: không có tệp bảng tính nào" in proc.stderr, (extra, proc.stderr)
        assert "Không có tùy chọn" not in proc.stderr


def test_ctrl_c_says_it_stopped(monkeypatch, tmp_path):
    """Typer turns Ctrl-C into a silent exit 130: the user is told the run stopped and nothing is half written."""
    from cchc_cli import api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "merge", interrupted)
    result = runner.invoke(app, ["merge", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert "Đã dừng theo yêu cầu người dùng; tệp nào đã ghi xong thì giữ nguyên" in result.output


def test_init_and_status_take_quiet_like_the_other_commands(tmp_path, monkeypatch):
    result = runner.invoke(app, ["init", str(tmp_path / "dot"), "-q"])
    assert result.exit_code == 0 and result.stdout.strip() == f"Đã tạo thư mục đợt báo cáo {tmp_path / 'dot'}"
    monkeypatch.chdir(tmp_path / "dot")
    result = runner.invoke(app, ["status", "-q"], terminal_width=200)
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines() == [
        "0/14 đơn vị đã nộp, 0 dùng được để tổng hợp; 14 chưa nộp, 0 phải sửa, 0 nộp muộn."
    ]

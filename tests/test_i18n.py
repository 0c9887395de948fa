"""Typer/Click's own strings (help panels, usage errors) are shown in Vietnamese."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from cchc_cli import i18n
from cchc_cli.cli import app

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WIDE = {"COLUMNS": "200", "TERMINAL_WIDTH": "200"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    return result.exit_code, ANSI.sub("", result.output)


def test_root_help_is_vietnamese() -> None:
    code, out = run("--help")
    assert code == 0, out
    assert "Cách dùng:" in out
    assert "Tùy chọn" in out
    assert "Lệnh" in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert "[TÙY CHỌN]" in out
    for english in ("Show this message", "Usage:", "Options", "Commands", "[OPTIONS]"):
        assert english not in out, english


def _demo_app() -> typer.Typer:
    """A throwaway app: the patches are global, so any Typer app speaks Vietnamese."""
    demo = typer.Typer(rich_markup_mode="rich", add_completion=False, pretty_exceptions_enable=False)

    @demo.callback()
    def _root() -> None: ...

    @demo.command("kiem-tra")
    def _check(
        src: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Thư mục.")],
        so: Annotated[int, typer.Option(help="Một số.")] = 1,
    ) -> None: ...

    return demo


def run_demo(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_demo_app(), list(args), env=WIDE)
    return result.exit_code, ANSI.sub("", result.output)


def test_subcommand_help_is_vietnamese() -> None:
    code, out = run_demo("kiem-tra", "--help")
    assert code == 0, out
    assert "Tham số" in out
    assert "Tùy chọn" in out
    assert "[bắt buộc]" in out
    assert "[mặc định: 1]" in out
    assert "<số nguyên>" in out
    for english in ("Show this message", "Arguments", "Options", "[required]", "[default:"):
        assert english not in out, english


def test_missing_argument_and_bad_values_are_vietnamese(tmp_path: Path) -> None:
    code, out = run_demo("kiem-tra")
    assert code == 2
    assert "Thiếu tham số «src»." in out
    code, out = run_demo("kiem-tra", str(tmp_path / "khong-co"))
    assert code == 2
    assert "không tồn tại" in out
    code, out = run_demo("kiem-tra", str(tmp_path), "--so", "abc")
    assert code == 2
    assert "Giá trị phải là số nguyên." in out
    code, out = run_demo("kiem-tra", str(tmp_path), "--so")
    assert code == 2
    assert "Tùy chọn «--so» cần một giá trị." in out


def test_unknown_option_gives_exit_2_and_vietnamese_error() -> None:
    code, out = run("--khong-co-tuy-chon")
    assert code == 2, out
    assert "Không có tùy chọn: --khong-co-tuy-chon" in out
    assert "Lỗi" in out
    assert "để xem hướng dẫn." in out
    assert "No such option" not in out
    assert "Try '" not in out


def test_unknown_command_is_vietnamese() -> None:
    code, out = run("khong-co-lenh-nay")
    assert code == 2, out
    assert "Không có lệnh «khong-co-lenh-nay»." in out
    assert "No such command" not in out


def test_install_is_idempotent() -> None:
    i18n.install_vietnamese()
    i18n.install_vietnamese()
    code, out = run("--khong-co-tuy-chon")
    assert code == 2
    assert out.count("Không có tùy chọn") == 1
    assert "Hiện hướng dẫn này rồi thoát." in run("--help")[1]


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Missing argument 'PATHS'.", "Thiếu tham số «PATHS»."),
        ("Missing option '--out'.", "Thiếu tùy chọn «--out»."),
        ("No such option: --x", "Không có tùy chọn: --x"),
        (
            "No such command 'mrege'. Did you mean 'merge'?",
            "Không có lệnh «mrege». Có phải ý bạn là «merge»?",
        ),
        ("Got unexpected extra argument (a b)", "Thừa tham số ngoài dự kiến: (a b)"),
        ("Got unexpected extra argument(s) (a b)", "Thừa tham số ngoài dự kiến: (a b)"),
        ("Option '--out' requires an argument.", "Tùy chọn «--out» cần một giá trị."),
        ("Option '--debug' does not take a value.", "Tùy chọn «--debug» không nhận giá trị."),
        (
            "Invalid value for '--nam': 'x' is not one of '2024', '2025'.",
            "Giá trị không hợp lệ cho «--nam»: «x» không phải một trong các giá trị: '2024', '2025'.",
        ),
        (
            "Invalid value for 'src': Path 'a.xlsx' does not exist.",
            "Giá trị không hợp lệ cho «src»: Đường dẫn «a.xlsx» không tồn tại.",
        ),
        (
            "Invalid value for 'src': dir 'a' is a file.",
            "Giá trị không hợp lệ cho «src»: Thư mục «a» là tệp, không phải thư mục.",
        ),
        (
            "Invalid value for '--f': file '/tmp' is a directory.",
            "Giá trị không hợp lệ cho «--f»: Tệp «/tmp» là thư mục, không phải tệp.",
        ),
        (
            "Invalid value for '--n': Input should be a valid integer, unable to parse string as an integer",
            "Giá trị không hợp lệ cho «--n»: Giá trị phải là số nguyên.",
        ),
        (
            "Invalid value for '--n': Input should be less than or equal to 5",
            "Giá trị không hợp lệ cho «--n»: Giá trị phải nhỏ hơn hoặc bằng 5.",
        ),
        ("Missing command.", "Thiếu lệnh."),
        ("Some message the catalogue does not know.", "Some message the catalogue does not know."),
    ],
)
def test_translate_message(english: str, vietnamese: str) -> None:
    assert i18n.translate_message(english) == vietnamese
    # translating twice changes nothing
    assert i18n.translate_message(vietnamese) == vietnamese


def test_all_vietnamese_text_is_nfc() -> None:
    texts = [*i18n.CATALOG.values(), *i18n.PLURAL_CATALOG.values(), *i18n.TYPE_LABELS.values()]
    texts += list(i18n.USAGE_TOKENS.values())
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
    source = Path(i18n.__file__).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", source)


def test_plain_click_output_without_rich_is_vietnamese(tmp_path: Path) -> None:
    """With TYPER_USE_RICH=0 Typer prints through Click's plain formatter and ``echo``."""
    env = {**os.environ, "TYPER_USE_RICH": "0", "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "cchc_cli"]
    bad = subprocess.run([*cmd, "--khong-co"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 2, bad.stderr
    assert "Lỗi: Không có tùy chọn: --khong-co" in bad.stderr
    assert "Cách dùng: " in bad.stderr
    assert "để xem hướng dẫn." in bad.stderr
    helped = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "Tùy chọn:" in helped.stdout
    assert "Hiện hướng dẫn này rồi thoát." in helped.stdout

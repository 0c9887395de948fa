"""The command line's own words (help screens, usage errors) are Vietnamese: every command's help and every
usage error is driven here, and any English word fails the test."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from cchc_cli import cli_framework
from cchc_cli.cli import app
from cchc_cli.cli_framework import CchcTyper

WIDE = {"COLUMNS": "200", "TERMINAL_WIDTH": "200"}

#: Words of Click/Typer/pydantic's English that must never reach the user.
ENGLISH = {
    "usage", "options", "arguments", "commands", "show", "this", "message", "exit", "error", "missing",
    "invalid", "such", "try", "default", "required", "argument", "option", "parameter", "unexpected", "extra",
    "did", "you", "mean", "value", "values", "the", "and", "or", "is", "not", "for", "requires", "take", "takes",
    "does", "text", "integer", "int", "str", "path", "paths", "file", "dir", "cannot", "detect", "input",
    "should", "be", "valid", "aborted", "possible", "got", "command", "args", "bool", "float", "version",
}  # fmt: skip


def english_words(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """English words of ``text`` after removing option names, command names and the file paths given."""
    for a in allowed:
        text = text.replace(a, " ")
    text = re.sub(r"(?<![\w])--?[\w-]+", " ", text)  # --out, -o
    text = re.sub(r"\bcchc(?: [a-z-]+)*", " ", text)  # cchc merge, cchc schema check
    text = re.sub(r"\{[^}]*\}", lambda m: f" {m.group(0)} ", text)
    words = re.findall(r"[{}]|[A-Za-z]+", text)
    return [w for w in words if w.lower() in ENGLISH or w in "{}"]


def command_paths() -> list[list[str]]:
    """Every command of the app, as the words typed after ``cchc`` (groups included)."""
    out: list[list[str]] = [[]]

    def walk(group: typer.core.TyperGroup, prefix: list[str]) -> None:
        for name, cmd in group.commands.items():
            out.append([*prefix, name])
            if isinstance(cmd, typer.core.TyperGroup):
                walk(cmd, [*prefix, name])

    walk(get_command(app), [])  # type: ignore[arg-type]
    return out


def run(*args: str, target: typer.Typer = app) -> tuple[int, str, str]:
    result = CliRunner().invoke(target, list(args), env=WIDE)
    return result.exit_code, result.stdout, result.stderr


COMMANDS = command_paths()


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"", "validate", "merge", "status", "generate-templates", "render-report", "schema", "schema check"} <= names


@pytest.mark.parametrize("words", COMMANDS, ids=lambda c: " ".join(c) or "cchc")
def test_every_help_is_vietnamese(words: list[str]) -> None:
    code, out, err = run(*words, "--help")
    assert code == 0, err
    assert out.startswith("Cách dùng: cchc")
    assert "Tùy chọn:" in out
    assert "--help  " in out and "Hiện hướng dẫn này rồi thoát." in out
    assert "[TÙY CHỌN]" in out
    assert english_words(out) == [], out
    assert unicodedata.is_normalized("NFC", out)
    # No "‹văn bản›"-style type placeholder: values are named for what they are (THƯ_MỤC, TỆP …).
    assert "‹" not in out and "<" not in out and "văn bản›" not in out
    if words and words != ["schema"]:  # every command (not a group) shows how to use it
        assert "Ví dụ:" in out and f"cchc {' '.join(words)}" in out


def _value_options(words: list[str]) -> list[tuple[str, bool]]:
    group = get_command(app)
    cmd = group
    for w in words:
        cmd = cmd.commands[w]  # type: ignore[attr-defined]
    return [(max(p.opts, key=len), bool(getattr(p, "is_flag", False))) for p in cmd.params if p.opts[0].startswith("-")]


def _usage_errors() -> list[tuple[str, list[str], str]]:
    cases: list[tuple[str, list[str], str]] = [
        ("unknown command", ["mrege"], "Không có lệnh «mrege». Có phải ý bạn là «merge»?"),
        ("unknown root option", ["--khong-co"], "Không có tùy chọn «--khong-co»."),
        ("missing command", ["--debug"], "Thiếu lệnh."),
        ("unknown schema subcommand", ["schema", "kiem"], "Không có lệnh «kiem»."),
    ]
    for words in COMMANDS:
        if not words or words == ["schema"]:
            continue
        label = " ".join(words)
        cases.append((f"{label}: unknown option", [*words, "--khong-co"], "Không có tùy chọn «--khong-co»."))
        for option, flag in _value_options(words):
            if flag:
                cases.append((f"{label}: {option}=x", [*words, f"{option}=x"], f"«{option}» không nhận giá trị."))
            else:
                cases.append((f"{label}: {option} alone", [*words, option], f"Tùy chọn «{option}» cần một giá trị"))
    cases.append(("extra arguments", ["generate-templates", "a", "b c"], "Thừa tham số: «a» «b c»."))
    return cases


@pytest.mark.parametrize(("label", "args", "expected"), _usage_errors(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_usage_error_is_vietnamese(label: str, args: list[str], expected: str) -> None:
    code, out, err = run(*args)
    assert code == 2, (label, out, err)
    assert out == ""
    assert expected in err, err
    assert err.startswith("Cách dùng: cchc")
    assert "Lỗi: " in err and "để xem hướng dẫn." in err
    assert english_words(err, allowed=tuple(args)) == [], err


class Color(StrEnum):
    do = "do"
    xanh = "xanh"


def _typed_app() -> typer.Typer:
    """Parameter types cchc may add later (numbers, dates, choices, paths that must exist)."""
    demo = CchcTyper(name="demo")

    @demo.callback()
    def _root() -> None: ...

    @demo.command("thu")
    def _thu(
        src: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Thư mục.")],
        so: Annotated[int, typer.Option(help="Một số.")] = 1,
        ngay: Annotated[dt.date | None, typer.Option(help="Ngày.")] = None,
        mau: Annotated[Color, typer.Option(help="Màu.")] = Color.do,
    ) -> None: ...

    return demo


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["thu", "{tmp}", "--so", "abc"], "Giá trị của «--so» không hợp lệ: cần một số nguyên."),
        (["thu", "{tmp}", "--ngay", "31/12"], "Giá trị của «--ngay» không hợp lệ: cần ngày dạng năm-tháng-ngày"),
        (["thu", "{tmp}", "--mau", "tim"], "Giá trị của «--mau» không hợp lệ: cần một trong: do, xanh."),
        (["thu", "{tmp}/khong-co"], "Giá trị của ĐƯỜNG_DẪN không hợp lệ"),
        (["thu"], "Thiếu ĐƯỜNG_DẪN: Thư mục."),
    ],
)
def test_typed_values_are_vietnamese(tmp_path: Path, args: list[str], expected: str) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, err = run(*args, target=_typed_app())
    assert code == 2, err
    assert expected in err, err
    assert english_words(err, allowed=tuple(args)) == [], err


def test_typed_help_names_values_in_vietnamese() -> None:
    code, out, _ = run("thu", "--help", target=_typed_app())
    assert code == 0
    assert "--so SỐ" in out and "--ngay NGÀY" in out and "--mau do|xanh" in out and "[mặc định: 1]" in out
    assert english_words(out) == [], out


def test_framework_text_is_nfc() -> None:
    source = Path(cli_framework.__file__).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", source)


def test_nothing_patches_typer_or_click() -> None:
    """The framework's words come from subclasses: Typer's and Click's own modules are untouched."""
    import typer.rich_utils as rich_utils
    from typer._click import decorators, formatting

    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"
    assert formatting.HelpFormatter.write_usage.__module__ == formatting.__name__
    assert decorators.help_option.__module__ == decorators.__name__


def test_console_script_errors_and_help_are_vietnamese(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "cchc_cli"]
    bad = subprocess.run([*cmd, "--khong-co"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 2, bad.stderr
    assert "Lỗi: Không có tùy chọn «--khong-co»." in bad.stderr
    assert bad.stderr.startswith("Cách dùng: cchc [TÙY CHỌN] LỆNH [THAM SỐ]...")
    helped = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "Tùy chọn:" in helped.stdout and "Lệnh:" in helped.stdout


def test_help_imports_no_heavy_module() -> None:
    """`cchc --help` loads neither Rich nor the workbook/schema libraries (speed: bench/bench_cli.py)."""
    code = (
        "import sys\nfrom cchc_cli.cli import main\nsys.argv=['cchc','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('rich','markdown_it','pydantic','openpyxl','python_calamine','xlsxwriter','docx',"
        "'matplotlib','yaml','jinja2') if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in proc.stdout, proc.stdout


@pytest.mark.parametrize("command", ["validate", "merge", "status"])
def test_a_command_without_returns_outside_a_campaign_folder_says_what_to_give(command: str) -> None:
    """Outside a campaign folder (cchc init) a command that reads returns needs the folder named (exit 2)."""
    code, out, err = run(command)
    assert code == 2 and out == ""
    assert "chưa chỉ tệp hoặc thư mục báo cáo (ví dụ: thu-muc-bao-cao/), hoặc chạy lệnh trong thư mục đợt" in err
    assert english_words(err, allowed=(command,)) == [], err


def test_schema_choice_error_is_vietnamese(tmp_path: Path) -> None:
    from cchc_cli.schema.loader import default_schema_text

    bad = tmp_path / "luoc-do.yaml"
    text = default_schema_text()[1].replace("kind: year, start: 2015", "kind: nam, start: 2015", 1)
    bad.write_text(text, encoding="utf-8")
    code, _, err = run("schema", "check", str(bad))
    assert code == 2
    assert "giá trị không hợp lệ «nam» (chấp nhận: year, half_year, quarter, month, stage hoặc assessment)" in err
    kinds = ("year", "half_year", "quarter", "month", "stage", "assessment")
    assert english_words(err, allowed=(str(bad), *kinds)) == [], err


def test_a_master_that_is_not_a_workbook_is_said_in_vietnamese(tmp_path: Path) -> None:
    data = tmp_path / "tong-hop.xlsx"
    data.write_text("không phải bảng tính", encoding="utf-8")
    code, _, err = run("render-report", "--data", str(data), "--out", str(tmp_path / "a.docx"))
    assert code == 2
    assert "không phải tệp Excel .xlsx, hoặc tệp đã hỏng" in err
    assert "Cannot" not in err and english_words(err, allowed=(str(data), "tong-hop.xlsx")) == [], err


def test_schema_check_names_rule_kinds_in_vietnamese() -> None:
    code, out, _ = run("schema", "check")
    assert code == 0
    flat = " ".join(out.split())
    assert "so sánh, từng đơn vị, lỗi: 8" in flat and "biến động giữa các kỳ, từng đơn vị, cảnh báo: 2" in flat
    for english in ("compare", "range/", "change/", "district/", "/error", "/warning"):
        assert english not in flat


def test_a_word_base_that_is_not_docx_is_said_in_vietnamese(tmp_path: Path) -> None:
    from cchc_cli.merge.engine import build_master
    from cchc_cli.merge.workbook import write_outputs
    from cchc_cli.schema import load_schema
    from cchc_cli.validation.engine import validate_paths

    schema = load_schema()
    returns = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020" / "bao-cao"
    xlsx, _ = write_outputs(build_master(schema, validate_paths(schema, [returns], workers=1)), tmp_path / "th")
    base = tmp_path / "mau.docx"
    base.write_text("không phải Word", encoding="utf-8")
    code, _, err = run("render-report", "--data", str(xlsx), "--template", str(base), "--out", str(tmp_path / "a.docx"))
    assert code == 2
    assert "mau.docx: không phải tệp Word .docx, hoặc tệp đã hỏng." in err
    assert english_words(err, allowed=(str(base), "mau.docx")) == [], err


@pytest.mark.parametrize("words", [[], ["schema"]], ids=["cchc", "cchc schema"])
def test_a_group_without_a_command_shows_its_help(words: list[str]) -> None:
    code, _, err = run(*words)
    assert code == 2  # Click's convention: no command is a usage error
    assert err.startswith(f"Cách dùng: cchc{' ' if words else ''}{' '.join(words)} [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert "Lệnh:" in err and english_words(err) == [], err

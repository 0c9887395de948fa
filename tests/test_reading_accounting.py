"""Every file in the folders given is accounted for (read, skipped with its reason, or unreadable) in the table,
the JSON, status and merge; zip returns are named "x.zip › member" everywhere; one file that crashes its
reader, or can't be opened, is a finding on that file and the run goes on."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import openpyxl
from corpus import NV, _non_utf8_name, _zip_return
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.merge.engine import build_master
from cchc_cli.merge.workbook import write_outputs
from cchc_cli.reading import isolate
from cchc_cli.reading.errors import Unreadable
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

SCHEMA = load_schema()
runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NV, folder / "PL2 NV.xlsx")
    _zip_return(folder)
    (folder / ".an.xlsx").write_bytes(NV.read_bytes())
    (folder / "ghi chu.txt").write_text("x", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("x", encoding="utf-8")
    return folder


def test_table_json_status_and_merge_account_for_every_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["validate", str(folder)], terminal_width=200)
    out = result.stdout
    assert "bao-cao-xa.zip › PL2 Phong Noi vu.xlsx" in out
    for name, why in (
        (".an.xlsx", "tệp ẩn"),
        ("ghi chu.txt", "không phải tệp bảng tính"),
        (".git", "thư mục ẩn"),
    ):
        assert f"Bỏ qua {name}: {why}" in out, (name, out)
    # the Word file inside the .zip is read as the unit's narrative report (here not a real .docx: said so)
    assert "bao-cao-xa.zip › Bao cao CCHC.docx: tệp hỏng hoặc không phải tệp Word .docx" in " ".join(out.split())
    as_json = json.loads(runner.invoke(app, ["validate", str(folder), "--format", "json", "-q"]).stdout)
    skipped = {s["file"] for s in as_json["skipped"]}
    assert skipped == {".an.xlsx", "ghi chu.txt", ".git"}
    assert [f["file"] for f in as_json["files"]] == ["PL2 NV.xlsx", "bao-cao-xa.zip › PL2 Phong Noi vu.xlsx"]
    status = runner.invoke(app, ["status", str(folder)], terminal_width=200).stdout
    assert "Bỏ qua .an.xlsx: tệp ẩn" in status
    merged = runner.invoke(app, ["merge", str(folder), "--out", str(tmp_path / "out")], terminal_width=200).stdout
    assert "Bỏ qua ghi chu.txt" in merged


def test_zip_member_is_named_in_the_master_provenance(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _zip_return(folder)
    report = validate_paths(SCHEMA, [folder], workers=1)
    (result,) = report.files
    assert result.name == "bao-cao-xa.zip › PL2 Phong Noi vu.xlsx" and result.read and result.unit == "NV"
    master = build_master(SCHEMA, report)
    assert [s.name for s in master.sources] == [result.name]
    xlsx, _ = write_outputs(master, tmp_path / "out")
    wb = openpyxl.load_workbook(xlsx)
    texts = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert result.name in texts


def test_non_utf8_file_name_validates_and_merges(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _non_utf8_name(folder)
    report = validate_paths(SCHEMA, [folder], workers=1)
    (result,) = report.files
    assert "\ufffd" in result.name and result.read and not result.errors
    xlsx, csv_path = write_outputs(build_master(SCHEMA, report), tmp_path / "out")
    assert result.name in csv_path.read_text(encoding="utf-8") or xlsx.exists()


def test_a_file_the_system_refuses_is_a_finding_on_that_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NV, folder / "a.xlsx")
    shutil.copy(NV, folder / "b.xlsx")
    real_open = open

    def refuse(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("a.xlsx"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    report = validate_paths(SCHEMA, [folder], workers=1)
    by_name = {r.name: r for r in report.files}
    assert [f.code for f in by_name["a.xlsx"].findings] == ["khong-doc-duoc"]
    assert "không có quyền" in by_name["a.xlsx"].findings[0].message or "quyền" in by_name["a.xlsx"].findings[0].message
    assert by_name["b.xlsx"].read


def test_an_unexpected_exception_in_one_file_is_a_finding_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NV, folder / "a.xlsx")
    shutil.copy(NV, folder / "b.xlsx")
    import cchc_cli.validation.checks.open_workbook as opener

    real = opener.open_book

    def boom(path, data=None):  # type: ignore[no-untyped-def]
        if path.name == "a.xlsx":
            raise ValueError("min() arg is an empty sequence")
        return real(path, data)

    monkeypatch.setattr(opener, "open_book", boom)
    report = validate_paths(SCHEMA, [folder], workers=1)
    by_name = {r.name: r for r in report.files}
    assert [f.code for f in by_name["a.xlsx"].findings] == ["khong-doc-duoc"]
    assert "ValueError" in by_name["a.xlsx"].findings[0].message
    assert by_name["b.xlsx"].read


def _task(item: str) -> str:
    if item == "abort":
        import faulthandler

        faulthandler.disable()  # pytest's crash dump would only add noise here
        os.kill(os.getpid(), signal.SIGABRT)  # what a native reader does on an allocation failure
    if item == "memory":
        return "x" * (4 * 1024**3)  # past the worker's address-space cap
    if item == "raise":
        raise Unreadable("khong-doc-duoc", "x")
    return item.upper()


def test_worker_that_dies_costs_only_its_own_file() -> None:
    items = ["a", "abort", "b", "memory", "raise", "c"]
    got = dict(
        isolate.run_in_workers(
            items,
            _task,
            lambda item, reason: f"failed {item}: {reason}",
            workers=2,
            initializer=lambda: None,
            memory_cap=512 * 1024 * 1024,
        )
    )
    assert [got[i] for i in (0, 2, 5)] == ["A", "B", "C"]
    assert got[1].startswith("failed abort:") and got[3].startswith("failed memory:")
    assert got[4].startswith("failed raise:")


def test_worker_past_its_time_cap_is_stopped() -> None:
    import time

    def slow(item: str) -> str:
        if item == "slow":
            time.sleep(30)
        return item

    got = dict(
        isolate.run_in_workers(
            ["slow", "ok"], slow, lambda item, reason: reason, workers=2, initializer=lambda: None, time_cap=1.0
        )
    )
    assert got[1] == "ok" and "quá lâu" in got[0]


def test_in_process_time_cap_stops_one_file() -> None:
    import time

    def slow(item: str) -> str:
        if item == "slow":
            time.sleep(10)
        return item

    got = list(isolate.run_in_process(["slow", "ok"], slow, lambda item, reason: reason, time_cap=0.5))
    assert "quá lâu" in got[0] and got[1] == "ok"


def test_control_characters_never_reach_the_terminal_or_the_json(tmp_path: Path) -> None:
    from corpus import KINDS

    folder = tmp_path / "in"
    folder.mkdir()
    next(k for k in KINDS if k.name == "control-characters").build(folder)
    (folder / "PL2 \x1b]0;owned\x07.xlsx").write_bytes(NV.read_bytes())
    table = runner.invoke(app, ["validate", str(folder)], terminal_width=200).stdout
    as_json = runner.invoke(app, ["validate", str(folder), "--format", "json", "-q"]).stdout
    for out in (table, as_json):
        assert "\x1b" not in out and "\x07" not in out
    assert "␛" in table  # shown, visibly
    report = validate_paths(SCHEMA, [folder], workers=1)
    cell = next(r for r in report.files if r.name == "control-characters.xlsx")
    note = cell.notes.get("s1_chi_dao") or next(iter(cell.notes.values()), "")
    assert "\x1b" not in note

"""Outputs written together (the master and its CSV): what a locked or failing target leaves behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import cchc_cli.fsutil as fsutil
from cchc_cli.errors import os_reason


@pytest.fixture
def old_outputs(tmp_path: Path) -> tuple[Path, Path]:
    master, csv = tmp_path / "tong-hop.xlsx", tmp_path / "du-lieu.csv"
    master.write_bytes(b"old master")
    csv.write_bytes(b"old csv")
    return master, csv


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named temporaries"])
def test_both_files_replaced(old_outputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, unnamed: bool) -> None:
    if not unnamed:
        monkeypatch.setattr(fsutil, "_anonymous_file", lambda folder, data: None)
    master, csv = old_outputs
    fsutil.replace_together({master: b"new master", csv: b"new csv"})
    assert (master.read_bytes(), csv.read_bytes()) == (b"new master", b"new csv")
    assert sorted(p.name for p in master.parent.iterdir()) == ["du-lieu.csv", "tong-hop.xlsx"]  # nothing left


def test_a_master_open_in_excel_leaves_both_old_files(old_outputs: tuple[Path, Path], monkeypatch) -> None:
    """On Windows (no O_TMPFILE) a workbook open in Excel can't be moved or replaced: the call fails before the
    CSV is touched, so the specialist keeps the last master and its CSV, and is told to close Excel."""
    master, csv = old_outputs
    monkeypatch.setattr(fsutil, "_anonymous_file", lambda folder, data: None)
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(src)) == master:  # Windows: PermissionError, winerror 32 (sharing violation)
            raise OSError(errno.EBUSY, "Device or resource busy")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fsutil.os, "replace", replace)
    with pytest.raises(OSError) as caught:
        fsutil.replace_together({master: b"new master", csv: b"new csv"})
    assert (master.read_bytes(), csv.read_bytes()) == (b"old master", b"old csv")
    assert sorted(p.name for p in master.parent.iterdir()) == ["du-lieu.csv", "tong-hop.xlsx"]
    assert "đang mở trong Excel" in os_reason(caught.value)


def test_windows_sharing_violation_is_said_in_vietnamese() -> None:
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]
    assert "đang mở trong Excel" in os_reason(exc)


def test_a_failure_after_the_master_was_moved_aside_puts_it_back(old_outputs, monkeypatch) -> None:
    """Named temporaries: the new master can't be put in place (disk full …) — the old master is back under
    its name, never left as a temporary that the next run would clean away."""
    master, csv = old_outputs
    monkeypatch.setattr(fsutil, "_anonymous_file", lambda folder, data: None)
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == master and Path(str(src)).name.endswith(".tmp") and ".cu." not in Path(str(src)).name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fsutil.os, "replace", replace)
    with pytest.raises(OSError):
        fsutil.replace_together({master: b"new master", csv: b"new csv"})
    assert master.read_bytes() == b"old master"
    assert not [p.name for p in master.parent.iterdir() if p.name.endswith(".tmp")]

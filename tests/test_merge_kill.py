"""kill -9 of `cchc merge` while it replaces an existing master: tong-hop.xlsx and du-lieu.csv are never left
from two different runs, and no temporary file is left behind (issue 8 §5)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_cli.reading import open_book

ROOT = Path(__file__).resolve().parents[1]
RETURNS = ROOT / "examples" / "khanh-son-2020" / "bao-cao"
OUTPUTS = {"tong-hop.xlsx", "du-lieu.csv"}

# Runs `cchc merge` and SIGKILLs itself just before the k-th file-system step of the output (unlink, link,
# replace, rename), so every point of the replacement is hit, not only the ones a timer happens to meet.
DRIVER = """
import os, signal, sys
import cchc_cli.fsutil as fsutil
kill_at = int(os.environ["KILL_AT"])
steps = [0]
class Os:
    def __getattr__(self, name):
        real = getattr(os, name)
        if name in ("link", "unlink", "replace", "rename"):
            def step(*a, **k):
                steps[0] += 1
                if steps[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(*a, **k)
            return step
        return real
fsutil.os = Os()
from cchc_cli.cli import main
sys.argv = ["cchc", *sys.argv[1:]]
main()
"""


def _merge(folder: Path, out: Path, kill_at: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "KILL_AT": str(kill_at)}
    cmd = [sys.executable, "-c", DRIVER, "merge", str(folder), "--out", str(out), "--force", "--quiet"]
    return subprocess.run(cmd, env=env, capture_output=True, timeout=300, check=False)


def _signature(out: Path) -> dict[str, object]:
    """What each output holds, comparable across runs (a workbook's zip bytes carry a save time)."""
    sig: dict[str, object] = {}
    if (out / "du-lieu.csv").exists():
        sig["csv"] = (out / "du-lieu.csv").read_bytes()
    if (out / "tong-hop.xlsx").exists():
        book = open_book(out / "tong-hop.xlsx")
        sig["xlsx"] = tuple((n, tuple(sorted(book.grid(n).cells.items(), key=str))) for n in book.sheet_names)
    return sig


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("kill")
    old_in, new_in = base / "old-in", base / "new-in"
    shutil.copytree(RETURNS, new_in)
    shutil.copytree(RETURNS, old_in)
    next(p for p in old_in.iterdir() if p.name.startswith("Thanh Son")).unlink()  # run A lacks one commune
    old_out, new_out = base / "old-out", base / "new-out"
    assert _merge(old_in, old_out).returncode in (0, 1)
    assert _merge(new_in, new_out).returncode in (0, 1)
    old, new = _signature(old_out), _signature(new_out)
    assert old["csv"] != new["csv"] and old["xlsx"] != new["xlsx"]
    return {"base": base, "new_in": new_in, "old_out": old_out, "old": old, "new": new}


def _assert_consistent(out: Path, runs: dict[str, object]) -> None:
    present = {p.name for p in out.iterdir()} - {"ban-cu"}
    assert present <= OUTPUTS, present  # no temporary file left behind
    kept = out / "ban-cu"  # the master replaced by --force, kept whole
    for copy in kept.iterdir() if kept.exists() else []:
        assert copy.suffix in (".xlsx", ".csv") and not copy.name.startswith("."), copy.name
        if copy.suffix == ".csv":
            assert copy.read_bytes() == runs["old"]["csv"]  # type: ignore[index]
    sig = _signature(out)
    from_old = {k for k, v in sig.items() if v == runs["old"][k]}  # type: ignore[index]
    from_new = {k for k, v in sig.items() if v == runs["new"][k]}  # type: ignore[index]
    assert from_old | from_new == set(sig)  # each file is whole, from one run or the other
    assert not (from_old and from_new), (from_old, from_new)  # never one from each


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", range(1, 7))
def test_kill_at_each_step_of_the_replacement(runs: dict[str, object], tmp_path: Path, kill_at: int) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs["old_out"], out)  # type: ignore[arg-type]
    done = _merge(runs["new_in"], out, kill_at)  # type: ignore[arg-type]
    assert done.returncode in (0, 1, -signal.SIGKILL), done.stderr
    _assert_consistent(out, runs)


@pytest.mark.slow
def test_kill_at_random_moments(runs: dict[str, object], tmp_path: Path) -> None:
    rng = random.Random(8)
    for i in range(6):
        out = tmp_path / f"out{i}"
        shutil.copytree(runs["old_out"], out)  # type: ignore[arg-type]
        cmd = [sys.executable, "-m", "cchc_cli", "merge", str(runs["new_in"]), "--out", str(out), "--force", "-q"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        _assert_consistent(out, runs)

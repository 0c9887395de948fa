"""Drive LibreOffice (``soffice``) headless from tests: open files the way a real client would.

Usage::

    from office import soffice_convert
    pdfs = soffice_convert([xlsx_path], "pdf", tmp_path / "pdf")

Every call uses a private user profile (``-env:UserInstallation``), so a desktop LibreOffice
that is already open, or a parallel test run, cannot interfere. Files are converted in batches of
at most :data:`BATCH_SIZE`; each batch has a timeout. A missing output raises
:class:`SofficeError` with soffice's own output.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

BATCH_SIZE = 50
DEFAULT_TIMEOUT = 300.0

_shared_profile: Path | None = None


class SofficeError(RuntimeError):
    """soffice failed, timed out, or did not write an expected output file."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _default_profile() -> Path:
    """One private profile per test process (the first start of a new profile is the slow one)."""
    global _shared_profile
    if _shared_profile is None:
        _shared_profile = Path(tempfile.mkdtemp(prefix="cchc-soffice-profile-"))
        atexit.register(shutil.rmtree, _shared_profile, True)
    return _shared_profile


def _output_extension(fmt: str) -> str:
    """``"pdf"`` -> ``"pdf"``; ``"xlsx:Calc MS Excel 2007 XML"`` -> ``"xlsx"``."""
    ext = fmt.split(":", 1)[0].strip().lstrip(".")
    if not ext:
        raise ValueError(f"bad --convert-to format: {fmt!r}")
    return ext


def _run(cmd: list[str], timeout: float) -> tuple[int, str]:
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")  # no display needed
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # soffice forks soffice.bin: kill the whole group on timeout
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        text = out.decode("utf-8", "replace")
        raise SofficeError(f"soffice timed out after {timeout:.0f} s: {' '.join(cmd)}\n{text}") from None
    return proc.returncode, out.decode("utf-8", "replace")


def soffice_convert(
    files: Sequence[Path],
    fmt: str,
    outdir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    profile_dir: Path | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Path]:
    """Convert ``files`` with ``soffice --convert-to fmt`` into ``outdir``; return the outputs.

    The outputs are returned in the order of ``files``. ``fmt`` is anything soffice accepts
    (``"pdf"``, ``"xlsx"``, ``"docx:MS Word 2007 XML"`` …); the output extension is the part before
    ``:``. Raises :class:`SofficeError` if soffice is missing, times out, or an output is missing.
    """
    binary = find_soffice()
    if binary is None:
        raise SofficeError("soffice (LibreOffice) is not on PATH")
    files = [Path(f).resolve() for f in files]
    if not files:
        return []
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(", ".join(map(str, missing)))
    ext = _output_extension(fmt)
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    expected = [outdir / f"{f.stem}.{ext}" for f in files]
    if len(set(expected)) != len(expected):
        raise ValueError("two input files have the same stem; their outputs would collide")
    overwritten = [f for f, out in zip(files, expected, strict=True) if f == out]
    if overwritten:
        raise ValueError(f"output would overwrite its input: {overwritten[0]}; use another outdir")
    profile = Path(profile_dir) if profile_dir is not None else _default_profile()
    profile.mkdir(parents=True, exist_ok=True)

    for start in range(0, len(files), max(1, batch_size)):
        batch = files[start : start + max(1, batch_size)]
        batch_expected = expected[start : start + len(batch)]
        for out in batch_expected:  # a stale file from an earlier run must not count as output
            out.unlink(missing_ok=True)
        cmd = [
            binary,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, batch),
        ]
        code, output = _run(cmd, timeout)
        absent = [out for out in batch_expected if not out.is_file() or out.stat().st_size == 0]
        if absent:
            raise SofficeError(
                f"soffice (exit {code}) did not write {len(absent)} of {len(batch)} file(s): "
                f"{', '.join(p.name for p in absent)}\ncommand: {' '.join(cmd)}\n{output}"
            )
    return expected

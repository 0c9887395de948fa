"""LibreOffice (``soffice --headless --convert-to``) for the formats cchc does not write itself: a unit's .doc/.odt
report read as .docx, a unit's .xls/.ods return marked as an .xlsx copy. Optional: where LibreOffice is not
installed the caller says so in one finding or message.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT = 180.0  # seconds; a first start of LibreOffice on a slow office PC takes tens of seconds


class ConvertError(Exception):
    """LibreOffice is missing or could not convert the file; ``args[0]`` is a Vietnamese reason."""


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, workdir: Path) -> bytes:
    """``data`` (a file whose name ends in ``suffix``, e.g. ".xls") converted by LibreOffice to ``target``
    (a --convert-to filter: "xlsx", "docx:MS Word 2007 XML"); the converted file's bytes. Runs with its own
    user profile in ``workdir`` and a time cap; the input is never changed. Raises ConvertError."""
    binary = soffice_path()
    if binary is None:
        raise ConvertError("cần LibreOffice nhưng máy chưa cài")
    profile = Path(tempfile.mkdtemp(prefix="cchc-lo-", dir=workdir))
    src = workdir / f"in{suffix.lower()}"
    src.write_bytes(data)
    cmd = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(workdir / "out"),
        str(src),
    ]
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True
    )
    try:
        proc.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ConvertError("LibreOffice chuyển tệp quá thời gian") from None
    out = workdir / "out" / f"in.{target.split(':', 1)[0]}"
    if not out.is_file():
        raise ConvertError("LibreOffice không chuyển được tệp (tệp hỏng hoặc không đúng dạng)")
    return out.read_bytes()

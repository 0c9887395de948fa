"""The file and its container, checked before any parser touches a part.

Order (each step refuses with ``Unreadable`` and a finding code): the size from the directory entry, before a
byte is read; the bytes read with a hard cap; the signature; for a zip (xlsx, xlsm, ods, a .zip of returns) the
zip directory — member count, declared sizes, compression ratio, encryption flag, path-like names — and each
member decompressed with a cap on the bytes actually produced (a zip header's declared size can lie) and its
CRC checked. Source of the limits: a real return is ~40 KB zipped and under 1 MB unzipped
(../shared/reference/excel-facts.md, "Security").
"""

from __future__ import annotations

import io
import os
import stat as stat_mod
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from cchc_cli.errors import os_reason
from cchc_cli.reading.errors import Unreadable

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 250
MAX_MEMBERS = 2000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RAR_MAGIC = b"Rar!\x1a\x07"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refused before reading when its size is over ``limit``.

    Raises Unreadable: "tep-qua-lon" (too large: checked on the directory entry, and again while reading, so a
    file that grows or lies is never read past the limit), "khong-doc-duoc" (not a regular file, or the system
    refuses it — the reason in Vietnamese), "tep-rong" (0 bytes).
    """
    try:
        st = os.stat(path)
        if not stat_mod.S_ISREG(st.st_mode):
            raise Unreadable("khong-doc-duoc", "không phải một tệp thông thường")
        if st.st_size > limit:
            raise Unreadable("tep-qua-lon", _mb(st.st_size))
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise Unreadable("khong-doc-duoc", f"không mở được tệp ({os_reason(exc)})") from exc
    if len(data) > limit:
        raise Unreadable("tep-qua-lon", f"hơn {_mb(limit)}")
    if not data:
        raise Unreadable("tep-rong")
    return data


def _norm(name: str) -> str:
    """A part name as compared: "/" separators, no leading "/", case folded (OPC part names are case-insensitive)."""
    return name.replace("\\", "/").lstrip("/").casefold()


def unsafe_name(name: str) -> bool:
    """A member name that would leave the folder it is extracted to (absolute, drive letter, or "..")."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return True
    return ".." in PurePosixPath(posix).parts


class ZipPackage:
    """A zip checked for bombs and encryption; members are read by name (any case, "\\" or "/")."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise Unreadable("khong-doc-duoc", "tệp nén bị hỏng") from exc
        if len(infos) > MAX_MEMBERS:
            raise Unreadable("tep-qua-lon", f"{len(infos)} thành phần")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            raise Unreadable("tep-qua-lon", f"giải nén ra {_mb(declared)}")
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.encrypted = False
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise Unreadable("tep-qua-lon", f"thành phần {info.filename} nén bất thường")
            if info.flag_bits & 0x1:
                self.encrypted = True
            self.infos.setdefault(_norm(info.filename), info)
        self._produced = 0

    def names(self) -> list[str]:
        """Member names as stored (directories left out)."""
        return [i.filename for i in self.infos.values() if not i.is_dir()]

    def has(self, name: str) -> bool:
        return _norm(name) in self.infos

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.infos.get(_norm(name))

    def read(self, name: str) -> bytes | None:
        """The member's bytes, or None when there is no such member. Raises Unreadable when it is encrypted,
        damaged (bad CRC, bad deflate stream) or inflates past its declared size."""
        info = self.infos.get(_norm(name))
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise Unreadable("tep-ma-hoa")
        try:
            with self._zf.open(info) as fh:
                content = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
            raise Unreadable("khong-doc-duoc", f"thành phần «{info.filename}» của tệp nén bị hỏng") from exc
        if len(content) > info.file_size:
            raise Unreadable("tep-qua-lon", f"thành phần {info.filename} giải nén lớn hơn khai báo")
        self._produced += len(content)
        if self._produced > MAX_TOTAL_BYTES:
            raise Unreadable("tep-qua-lon", f"giải nén ra hơn {_mb(MAX_TOTAL_BYTES)}")
        return content


def sniff(data: bytes) -> str:
    """ "zip", "ole", "rar", "7z" or "" from the first bytes."""
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(RAR_MAGIC):
        return "rar"
    if data.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    return ""


def ole_encrypted(data: bytes) -> bool:
    """An OLE file holding an encrypted OOXML package (Excel's "Encrypt with password")."""
    return ENCRYPTION_MARK in data

"""Every file in the folders given, accounted for: a return to read, a return inside a .zip, or skipped with
the reason. Nothing is left out without a word (hidden names, lock files, other documents, archives)."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from cchc_cli.reading.book import ARCHIVE_SUFFIXES, SPREADSHEET_SUFFIXES, UNSUPPORTED_ARCHIVES, is_lock_file
from cchc_cli.reading.container import MAX_FILE_BYTES, OLE_MAGIC, ZIP_MAGIC, ZipPackage, read_capped, unsafe_name
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.model import visible

ZIP_SEP = " › "


@dataclass(frozen=True)
class Source:
    """One return to check. ``member``: its name inside the .zip at ``path``; ``problem``: a finding code and
    reason known before reading (an archive format not supported, a zip that can't be opened)."""

    path: Path
    name: str  # as shown everywhere: relative to the folder given; "bao-cao.zip › PL2.xlsx" for a zip member
    member: str | None = None
    problem: tuple[str, str] | None = None


@dataclass(frozen=True)
class SkippedFile:
    path: Path
    name: str
    reason: str


def display_name(text: str) -> str:
    """A file name as shown: bytes that are not UTF-8 become "\\ufffd", control characters a visible escape."""
    fixed = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", visible(fixed))


def _member_name(info_name: str, flag_bits: int) -> str:
    """A zip member's name: UTF-8 when flagged; unflagged, the bytes are UTF-8 (many Windows tools) or the
    system's code page — Windows-1258 on a Vietnamese Windows ("Send to → Compressed folder"), whose tone marks
    are combining characters (made NFC here). zipfile gives unflagged names decoded as CP437."""
    if flag_bits & 0x800:
        return info_name
    try:
        raw = info_name.encode("cp437")
    except UnicodeEncodeError:
        return info_name
    if raw.isascii():
        return info_name
    for encoding in ("utf-8", "cp1258"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return info_name


def _walk(root: Path) -> list[tuple[Path, str, str | None]]:
    """(path, name relative to root, reason it is skipped or None) for every file under root; a hidden folder
    or a link to a folder is one entry (not entered)."""
    out: list[tuple[Path, str, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            p = base / d
            if d.startswith("."):
                out.append((p, p.relative_to(root).as_posix(), "thư mục ẩn (tên bắt đầu bằng dấu chấm), không đọc"))
            elif p.is_symlink():
                out.append((p, p.relative_to(root).as_posix(), "liên kết tới thư mục khác, không đọc"))
            else:
                keep.append(d)
        dirnames[:] = keep
        for f in filenames:
            p = base / f
            out.append((p, p.relative_to(root).as_posix(), None))
    return sorted(out, key=lambda item: item[1])


def collect_sources(paths: list[Path]) -> tuple[list[Source], list[SkippedFile]]:
    """Returns under ``paths`` (files or folders, recursively; a .zip opened like a folder), in a stable
    order, and every other file with the reason it is not read. A file reached twice (a folder given twice, or
    a folder and a file in it) is listed once, where it is first reached. Raises FileNotFoundError for a
    missing path."""
    sources: list[Source] = []
    skipped: list[SkippedFile] = []
    seen: set[str] = set()
    for root in paths:
        if not os.path.lexists(root):
            raise FileNotFoundError(root)
        entries = _walk(root) if root.is_dir() else [(root, root.name, None)]
        for path, raw_name, reason in entries:
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            name = display_name(raw_name)
            base = path.name
            suffix = Path(base).suffix.lower()
            if reason is not None:
                skipped.append(SkippedFile(path, name, reason))
            elif is_lock_file(path):
                skipped.append(SkippedFile(path, name, "tệp khóa tạm của Excel/LibreOffice (tệp đang mở)"))
            elif base.startswith("._"):
                skipped.append(SkippedFile(path, name, "tệp phụ do máy Mac tạo ra (tên bắt đầu bằng «._»)"))
            elif base.startswith("."):
                skipped.append(SkippedFile(path, name, "tệp ẩn (tên bắt đầu bằng dấu chấm)"))
            elif suffix in SPREADSHEET_SUFFIXES:
                sources.append(Source(path, name))
            elif suffix in ARCHIVE_SUFFIXES:
                s, k = _zip_sources(path, name)
                sources += s
                skipped += k
            elif suffix in UNSUPPORTED_ARCHIVES:
                kind = UNSUPPORTED_ARCHIVES[suffix]
                sources.append(Source(path, name, problem=("tep-nen-khac", kind)))
            elif suffix in OTHER_SPREADSHEETS:
                sources.append(Source(path, name, problem=("khong-doc-duoc", OTHER_SPREADSHEETS[suffix])))
            elif _is_workbook(path):  # a return with a lost or odd extension ("PL2", "PL2.xlsx.download")
                sources.append(Source(path, name))
            else:
                skipped.append(SkippedFile(path, name, "không phải tệp bảng tính"))
    return sources, skipped


OTHER_SPREADSHEETS = {
    ".xlsb": "tệp Excel dạng nhị phân (.xlsb) không đọc được; hãy mở bằng Excel, chọn File → Save As → "
    "Excel Workbook (.xlsx) rồi gửi lại",
    ".numbers": "tệp Numbers (máy Mac) không đọc được; hãy xuất ra Excel (.xlsx) rồi gửi lại",
}
OLE_WORKBOOK = "Workbook".encode("utf-16-le")  # the stream an .xls keeps its sheets in (BIFF8)


def _is_workbook(path: Path) -> bool:
    """Whether a file whose name doesn't say so is an Excel or LibreOffice workbook, by its content: a zip
    holding xl/workbook.xml or an ODF spreadsheet mimetype, or an OLE file with a Workbook stream."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(ZIP_MAGIC):
            pkg = ZipPackage(read_capped(path))
            mimetype = pkg.read("mimetype") if pkg.has("mimetype") else None
            return pkg.has("xl/workbook.xml") or (
                mimetype is not None and mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet")
            )
        if head == OLE_MAGIC:
            return OLE_WORKBOOK in read_capped(path)
    except (OSError, Unreadable):
        return False
    return False


@dataclass(frozen=True)
class _Member:
    """A zip member as the reader sees its name: ``shown`` (its path inside, "/" separators, as shown),
    ``base`` (the file name), ``suffix`` (lower case), ``hidden`` (a hidden, temporary or Mac resource file),
    ``unsafe`` (a name that would leave the folder it is extracted to)."""

    info: zipfile.ZipInfo
    shown: str
    base: str
    suffix: str
    hidden: bool
    unsafe: bool


def _members(pkg: ZipPackage) -> list[_Member]:
    """The files of a zip, sorted by stored name (names decoded by _member_name)."""
    out = []
    for info in sorted((i for i in pkg.infos.values() if not i.is_dir()), key=lambda i: i.filename):
        shown = display_name(_member_name(info.filename, info.flag_bits)).replace("\\", "/")
        base = shown.rsplit("/", 1)[-1]
        hidden = base.startswith(("~$", ".")) or "__MACOSX/" in shown
        out.append(_Member(info, shown, base, Path(base).suffix.lower(), hidden, unsafe_name(info.filename)))
    return out


def _member_bytes(pkg: ZipPackage, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes under a return's limits; raises Unreadable (too large, empty, damaged, encrypted)."""
    if info.file_size > MAX_FILE_BYTES:
        raise Unreadable("tep-qua-lon", f"{info.file_size // (1024 * 1024)} MB")
    data = pkg.read(info.filename)
    if not data:
        raise Unreadable("tep-rong")
    return data


def _zip_sources(path: Path, name: str) -> tuple[list[Source], list[SkippedFile]]:
    try:
        pkg = ZipPackage(read_capped(path, MAX_FILE_BYTES))
    except Unreadable as exc:
        return [Source(path, name, problem=(exc.code, exc.reason))], []
    sources: list[Source] = []
    skipped: list[SkippedFile] = []
    members = _members(pkg)
    for m in members:
        full, member = f"{name}{ZIP_SEP}{m.shown}", m.info.filename
        if m.unsafe:
            sources.append(Source(path, full, member, ("khong-doc-duoc", "tên thành phần trong tệp nén bất thường")))
        elif m.hidden:
            skipped.append(SkippedFile(path, full, "tệp ẩn hoặc tệp tạm trong tệp nén"))
        elif m.suffix in SPREADSHEET_SUFFIXES and m.info.flag_bits & 0x1:  # the .zip's password, not the workbook's
            sources.append(Source(path, full, member, ("tep-nen-mat-khau", name)))
        elif m.suffix in SPREADSHEET_SUFFIXES:
            sources.append(Source(path, full, member))
        elif m.suffix in ARCHIVE_SUFFIXES or m.suffix in UNSUPPORTED_ARCHIVES:
            skipped.append(SkippedFile(path, full, "tệp nén nằm trong tệp nén; hãy giải nén rồi chạy lại"))
        else:
            skipped.append(SkippedFile(path, full, "không phải tệp bảng tính"))
    if not members:
        skipped.append(SkippedFile(path, name, "tệp nén rỗng"))
    return sources, skipped


def zip_members(path: Path, suffixes: Collection[str]) -> list[tuple[str, bytes | Unreadable]]:
    """The members of the .zip at ``path`` whose names end with one of ``suffixes`` (lower case, with the dot):
    (name as shown, "bao-cao-xa.zip › BC Sơn Bình.docx", its bytes or why they can't be read), under the limits
    a return gets (size, bomb, encryption); hidden, temporary and unsafe names are left out. Raises Unreadable
    when the .zip itself can't be opened."""
    pkg = ZipPackage(read_capped(path, MAX_FILE_BYTES))
    out: list[tuple[str, bytes | Unreadable]] = []
    for m in _members(pkg):
        if m.suffix not in suffixes or m.unsafe or m.hidden:
            continue
        name = f"{path.name}{ZIP_SEP}{m.base}"
        try:
            if m.info.flag_bits & 0x1:
                raise Unreadable("tep-nen-mat-khau", path.name)
            out.append((name, _member_bytes(pkg, m.info)))
        except Unreadable as exc:
            out.append((name, exc))
    return out


def read_source(source: Source) -> bytes:
    """The bytes of one return (size checked before reading); raises Unreadable."""
    if source.member is None:
        return read_capped(source.path)
    pkg = ZipPackage(read_capped(source.path))
    info = pkg.info(source.member)
    if info is None:
        raise Unreadable("khong-doc-duoc", "không thấy thành phần trong tệp nén")
    return _member_bytes(pkg, info)

"""How the tool tells its own annotated copies (validation/annotate.py) from the returns units send.

A copy is named ``<mã đơn vị>_<tên tệp gốc>_kiem-tra.xlsx`` and written into a folder that holds ``MARKER``
(the list of copies written there). Reading a returns folder, ``skip_reason`` leaves out that folder and every
copy as cchc wrote it: the copy carries a custom document property (``PROPERTY``) holding a digest of its
sheets' cells (``content_digest``), so a copy the unit changed and saved again is a return like any other,
whatever its name, while a copy dropped unchanged into the returns folder is not read.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from defusedxml import ElementTree

COPY_SUFFIX = "_kiem-tra.xlsx"
MARKER = ".cchc-ban-danh-dau.json"  # hidden: a returns folder walk never takes it for a return
PROPERTY = "cchc_ban_danh_dau"  # custom document property: content_digest() of the copy as cchc wrote it
PLACEHOLDER = "cchc-ban-danh-dau-" + "0" * 46  # as long as a digest: written first, then replaced by it

_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"

REASON_FOLDER = "thư mục bản sao đánh dấu do cchc ghi (--annotate), không phải báo cáo đơn vị gửi"
REASON_COPY = "bản sao đánh dấu do cchc ghi để gửi lại đơn vị (chưa được đơn vị sửa), không phải báo cáo"


def skip_reason(path: Path, root: Path) -> str | None:
    """Why ``path`` (found under the folder ``root``) is not a return, or None when it may be one."""
    folder = path.parent
    while True:
        if (folder / MARKER).is_file():
            return REASON_FOLDER
        if folder == root or folder.parent == folder:
            break
        folder = folder.parent
    if path.name.lower().endswith(COPY_SUFFIX) and untouched_copy(path) is not False:
        return REASON_COPY
    return None


def untouched_copy(path: Path) -> bool | None:
    """True: a copy exactly as cchc wrote it; False: not a copy, or changed and saved again since (by the
    unit); None: can't tell (no readable document properties, or a copy by an older cchc)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/custom.xml" not in zf.namelist():
                return None
            custom = ElementTree.fromstring(zf.read("docProps/custom.xml"))
            stamp = next(
                (
                    "".join(p.itertext()).strip()
                    for p in custom.iter(f"{_CUSTOM_NS}property")
                    if p.get("name") == PROPERTY
                ),
                None,
            )
            if stamp is None:
                return None
            return stamp == content_digest(zf)
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
        return None


def content_digest(zf: zipfile.ZipFile) -> str:
    """SHA-256 over the sheets' XML and the shared strings of an xlsx: what a unit changes when it fixes a cell."""
    digest = hashlib.sha256()
    for name in sorted(zf.namelist()):
        if (name.startswith("xl/worksheets/") and name.endswith(".xml")) or name == "xl/sharedStrings.xml":
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(zf.read(name))
    return digest.hexdigest()

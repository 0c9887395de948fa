"""How the tool tells its own annotated copies (validation/annotate.py) from the returns units send.

A copy is named ``<mã đơn vị>_<tên tệp gốc>_kiem-tra.xlsx`` and written into a folder that holds ``MARKER``
(the list of copies written there). Reading a returns folder, ``skip_reason`` leaves out that folder and every
copy as cchc wrote it: the copy carries a custom document property (``PROPERTY``) equal to its document save
time, so a copy the unit fixed and saved again (Excel and LibreOffice update the save time) is a return like
any other, whatever its name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import ElementTree

COPY_SUFFIX = "_kiem-tra.xlsx"
MARKER = ".cchc-ban-danh-dau.json"  # hidden: a returns folder walk never takes it for a return
PROPERTY = "cchc_ban_danh_dau"  # custom document property: the copy's save time as cchc wrote it

_CORE_MODIFIED = "{http://purl.org/dc/terms/}modified"
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
    """True: a copy exactly as cchc saved it; False: not a copy, or saved again since (by the unit);
    None: can't tell (no readable document properties)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "docProps/custom.xml" not in names or "docProps/core.xml" not in names:
                return None
            custom = ElementTree.fromstring(zf.read("docProps/custom.xml"))
            core = ElementTree.fromstring(zf.read("docProps/core.xml"))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
        return None
    stamp = next(
        ("".join(p.itertext()).strip() for p in custom.iter(f"{_CUSTOM_NS}property") if p.get("name") == PROPERTY),
        None,
    )
    if stamp is None:
        return None  # a copy by an older cchc, or a workbook of that name from elsewhere: go by the name
    modified = core.find(_CORE_MODIFIED)
    return modified is not None and (modified.text or "").strip() == stamp

"""Self-test of tests/office.py: LibreOffice opens an openpyxl workbook and saves it again."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from conftest import SofficeConvert
from office import SofficeError, soffice_convert

pytestmark = pytest.mark.office

TEXT = "Phòng Nội vụ huyện Khánh Sơn"


def _write_xlsx(path: Path, text: str, number: int) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Biểu 1"
    ws["A1"] = text
    ws["B2"] = number
    wb.save(path)
    return path


def test_xlsx_roundtrip_and_pdf(tmp_path: Path, soffice: SofficeConvert) -> None:
    src = _write_xlsx(tmp_path / "bieu-1.xlsx", TEXT, 2025)

    (xlsx,) = soffice([src], "xlsx", tmp_path / "xlsx")
    assert xlsx == tmp_path / "xlsx" / "bieu-1.xlsx"
    assert xlsx.is_file()
    ws = openpyxl.load_workbook(xlsx, data_only=True)["Biểu 1"]
    assert ws["A1"].value == TEXT
    assert ws["B2"].value == 2025

    (pdf,) = soffice([src], "pdf", tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "bieu-1.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        assert TEXT in unicodedata.normalize("NFC", text)


def test_batches_and_order(tmp_path: Path, soffice_profile: Path) -> None:
    srcs = [_write_xlsx(tmp_path / f"don-vi-{i}.xlsx", f"Đơn vị {i}", i) for i in range(3)]
    outs = soffice_convert(srcs, "xlsx", tmp_path / "out", profile_dir=soffice_profile, batch_size=2)
    assert [p.name for p in outs] == [p.name for p in srcs]
    for i, out in enumerate(outs):
        assert openpyxl.load_workbook(out).active["A1"].value == f"Đơn vị {i}"  # type: ignore[index]


def test_missing_output_raises_with_soffice_output(tmp_path: Path, soffice_profile: Path) -> None:
    src = _write_xlsx(tmp_path / "bang-tinh.xlsx", TEXT, 1)
    # Calc has no .docx export filter: soffice exits 0 but writes nothing.
    with pytest.raises(SofficeError, match="did not write") as err:
        soffice_convert([src], "docx", tmp_path / "out", profile_dir=soffice_profile, timeout=120)
    assert "no export filter" in str(err.value)


def test_refuses_to_overwrite_input(tmp_path: Path) -> None:
    src = _write_xlsx(tmp_path / "a.xlsx", TEXT, 1)
    with pytest.raises(ValueError, match="overwrite"):
        soffice_convert([src], "xlsx", tmp_path)

"""The Word draft opened by a real office suite: LibreOffice converts it to PDF; pages, fonts and text checked."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SofficeConvert
from report_data import example_master

from cchc_cli.numfmt import vi_number
from cchc_cli.report import render_report

pytestmark = pytest.mark.office

# Times New Roman, or the metric-compatible fonts LibreOffice substitutes for it where it is not installed.
ALLOWED_FONTS = re.compile(r"^(TimesNewRoman|Times-|LiberationSerif|Tinos)")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) không có")
    return path


def test_converts_to_pdf_with_expected_pages_fonts_and_text(tmp_path: Path, soffice: SofficeConvert) -> None:
    master = example_master()
    docx = render_report(master, tmp_path / "bao-cao.docx", today=dt.date(2020, 6, 5))
    (out,) = soffice([docx], "pdf", tmp_path / "pdf")
    assert out.is_file() and out.stat().st_size > 50_000

    info = subprocess.run([_tool("pdfinfo"), str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert 15 <= pages <= 40
    assert re.search(r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info)

    fonts = subprocess.run([_tool("pdffonts"), str(out)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all(ALLOWED_FONTS.match(n) for n in names), names

    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in ("Phần thứ nhất", "Phần thứ hai", "Phần thứ ba", "Phần thứ tư", "Nơi nhận:", "CHỦ TỊCH"):
        assert heading in text
    huyen = vi_number(master.value("s3_tthc_huyen", "y2020").value)
    assert f"cấp huyện {huyen} TTHC" in " ".join(text.split())
    first, second = text.split("\f")[:2]
    assert not re.match(r"\s*1\s*$", first.splitlines()[0])  # no page number on page 1
    assert second.strip().splitlines()[0].strip() == "2"  # "2" centred at the top of page 2

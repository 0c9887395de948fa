"""Refresh the page screenshots in docs/hinh/ from the browser test (headless chromium), small enough to commit.

    .venv/bin/python tools/docs_screenshots.py

The pictures of a template, an annotated copy, the master and a report page come from LibreOffice renders
(``../shared/tools/office-to-png FILE 60`` on the files the demo writes), cropped with ``shrink()`` below.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "hinh"
#: screenshot of the browser test → picture in docs/, with an optional crop (fractions of width/height)
PAGES = {
    "06-tong-quan": ("trang-tong-quan.png", None),
    "04b-nhan-bao-cao-da-chon": ("trang-chon-tep.png", (0, 0, 1, 0.6)),
    "05-ket-qua-kiem-tra": ("trang-nhan-bao-cao.png", (0, 0.2, 1, 1)),
    "07-don-vi-co-loi": ("trang-don-vi.png", None),
    "02-bieu-mau": ("trang-bieu-mau.png", None),
    "09-tong-hop-xong": ("trang-tong-hop.png", None),
    "11-luoc-do": ("trang-luoc-do.png", None),
}


def shrink(src: Path, dest: Path, width: int = 900, crop: tuple[float, float, float, float] | None = None) -> None:
    """Crop, scale to ``width`` and reduce to 128 colours (a page screenshot stays under 100 KB)."""
    im = Image.open(src).convert("RGB")
    if crop:
        w, h = im.size
        im = im.crop((int(crop[0] * w), int(crop[1] * h), int(crop[2] * w), int(crop[3] * h)))
    if im.width > width:
        im = im.resize((width, int(im.height * width / im.width)), Image.Resampling.LANCZOS)
    im.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(dest, optimize=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CCHC_SCREENSHOTS": tmp}
        test = "tests/test_web_browser.py::test_whole_campaign_through_the_page"
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", test], cwd=ROOT, env=env)
        if done.returncode != 0:
            return done.returncode
        for shot, (name, crop) in PAGES.items():
            shrink(Path(tmp) / f"{shot}.png", OUT / name, crop=crop)
            print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

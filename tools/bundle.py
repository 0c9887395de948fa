"""Build the offline install bundle: the cchc wheel, every dependency's wheels, the installer, a short guide.

    python tools/bundle.py                         # Windows (win_amd64) for Python 3.11, 3.12, 3.13 → dist/
    python tools/bundle.py --platform native       # this machine's platform and Python (the offline test)

Building needs the package registry; installing the bundle (cai-dat.bat) needs no network. Only binary wheels
are taken (``--only-binary=:all:``), so a dependency without a wheel for a platform/Python fails the build here,
not on the specialist's PC.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")
GUIDE = """CÀI ĐẶT CCHC TRÊN MÁY WINDOWS (KHÔNG CẦN MẠNG)

1. Cài Python {pythons} từ python.org (bộ cài "Windows installer (64-bit)"); ở màn hình đầu tiên đánh dấu
   "Add python.exe to PATH" rồi bấm "Install Now". (Nếu máy không có mạng, chép bộ cài Python sang bằng USB.)
2. Giải nén tệp này vào một thư mục bất kỳ (ví dụ D:\\cai-dat-cchc), mở thư mục đó.
3. Nhấp đúp tệp cai-dat.bat. Chờ đến khi hiện "Xong", bấm một phím để đóng.
4. Trên màn hình có lối tắt "CCHC – Báo cáo cải cách hành chính": nhấp đúp để mở trang làm việc.

Hướng dẫn đầy đủ: thư mục huong-dan (bắt đầu từ README.md; mở bằng Notepad hoặc trình duyệt).
"""


def run(cmd: list[str]) -> None:
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def build_wheel(out: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", str(out), str(ROOT)])
    return next(out.glob("cchc-*.whl"))


def download(wheel: Path, dest: Path, platform: str, python: str | None) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:"]
    cmd += ["--dest", str(dest)]
    if platform != "native":
        cmd += ["--platform", platform, "--implementation", "cp"]
    if python:
        cmd += ["--python-version", python]
    run([*cmd, str(wheel)])


def bundle(out: Path, platform: str = "win_amd64", pythons: tuple[str, ...] = PYTHONS, make_zip: bool = True) -> Path:
    """Write the bundle folder ``out`` (replaced if present) and, with ``make_zip``, ``out``.zip; returns ``out``."""
    if out.exists():
        shutil.rmtree(out)
    wheels = out / "wheels"
    wheels.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        built = build_wheel(Path(tmp))
        wheel = wheels / built.name
        shutil.copy2(built, wheel)
    for python in pythons if platform != "native" else (None,):
        download(wheel, wheels, platform, python)
    for name in ("cai-dat.bat", "cai_dat.py"):
        shutil.copy2(ROOT / "scripts" / "windows" / name, out / name)
    shutil.copytree(ROOT / "docs", out / "huong-dan")  # the specialist's guide, readable with no network
    guide = GUIDE.format(pythons=" hoặc ".join(pythons))
    (out / "HUONG-DAN-CAI-DAT.txt").write_bytes(guide.replace("\n", "\r\n").encode("utf-8-sig"))
    if make_zip:
        archive = out.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    zf.write(path, Path(out.name) / path.relative_to(out))
        print(f"Đã tạo {archive} ({archive.stat().st_size // (1024 * 1024)} MB)")
    print(f"Bộ cài: {out} ({len(list(wheels.glob('*.whl')))} tệp wheel)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "cchc-windows")
    parser.add_argument("--platform", default="win_amd64", help="win_amd64 (mặc định) hoặc native (máy này)")
    parser.add_argument("--python", nargs="+", default=list(PYTHONS), help="các bản Python được hỗ trợ")
    parser.add_argument("--no-zip", action="store_true")
    args = parser.parse_args()
    try:
        bundle(args.out, args.platform, tuple(args.python), make_zip=not args.no_zip)
    except subprocess.CalledProcessError as exc:
        print(f"Không tạo được bộ cài: lệnh trên thất bại (mã {exc.returncode}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

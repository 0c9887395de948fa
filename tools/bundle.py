"""Build the offline install bundle: the cchc wheel, every dependency's wheels, the installer, a short guide.

    python tools/bundle.py                         # Windows (win_amd64) for Python 3.11, 3.12, 3.13 → dist/
    python tools/bundle.py --platform native       # this machine's platform and Python (the offline test)

Building needs the package registry; installing the bundle (cai-dat.bat) needs no network. Only binary wheels
are taken (``--only-binary=:all:``), so a dependency without a wheel for a platform/Python fails the build here,
not on the specialist's PC.
"""

from __future__ import annotations

import argparse
import re
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


def _target_env(platform: str, python: str) -> dict[str, str]:
    """Marker variables of the target (pip evaluates markers such as ``platform_system == "Windows"`` against
    the machine it runs on, even with ``--platform``: a Windows-only dependency must be added by hand)."""
    windows = platform.startswith("win")
    return {
        "os_name": "nt" if windows else "posix",
        "sys_platform": "win32" if windows else "linux",
        "platform_system": "Windows" if windows else "Linux",
        "platform_machine": "AMD64" if windows else "x86_64",
        "platform_release": "",
        "platform_version": "",
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def requires_dist(wheel: Path) -> list[str]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(name).decode("utf-8")
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def missing_for_target(requires: list[str], present: set[str], platform: str, python: str) -> set[str]:
    """Requirements (``name>=x``) that hold on the target but whose distribution is not in ``present``."""
    from packaging.requirements import Requirement

    env = _target_env(platform, python)
    wanted = set()
    for line in requires:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        if _key(req.name) not in present:
            wanted.add(f"{req.name}{req.specifier}")
    return wanted


def _present(dest: Path) -> set[str]:
    return {_key(p.name.split("-", 1)[0]) for p in dest.glob("*.whl")}


def _complete_for_target(dest: Path, platform: str, python: str) -> None:
    """Download what the target needs that the host's resolution left out (until nothing is missing)."""
    for _ in range(5):
        requires = [line for wheel in sorted(dest.glob("*.whl")) for line in requires_dist(wheel)]
        missing = missing_for_target(requires, _present(dest), platform, python)
        if not missing:
            return
        cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:"]
        cmd += ["--dest", str(dest), "--platform", platform, "--implementation", "cp", "--python-version", python]
        run([*cmd, *sorted(missing)])
    raise SystemExit("Không tải đủ được các gói phụ thuộc cho nền đích.")


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
        if python is not None:
            _complete_for_target(wheels, platform, python)
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

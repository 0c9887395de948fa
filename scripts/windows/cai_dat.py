"""Install cchc for the current user (run by cai-dat.bat; standard library only, Python >= 3.11).

What it does, in order (each step says so in Vietnamese):
1. a private environment in %LOCALAPPDATA%\\cchc\\venv (recreated on each install, so running it again upgrades);
2. cchc and its dependencies: from the ``wheels`` folder next to this script when there is one (the offline
   bundle made by ``make dist-windows``: no network needed), else from the source checkout two folders up
   (needs the internet for the dependencies);
3. ``cchc`` on the user's PATH: a one-line ``cchc.cmd`` in %LOCALAPPDATA%\\cchc\\bin (not the environment's
   Scripts folder, which would put its python.exe before the system's);
4. a campaign folder Documents\\CCHC and a desktop shortcut "CCHC – Báo cáo cải cách hành chính" that opens
   the local page there (``cchc giao-dien --thu-muc …``).

On Linux (tests) the same steps run with ``--thu-muc-cai`` and without PATH and shortcut changes.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHORTCUT_NAME = "CCHC – Báo cáo cải cách hành chính"
WINDOWS = os.name == "nt"


def say(text: str) -> None:
    print(text, flush=True)


def default_home() -> Path:
    base = os.environ.get("LOCALAPPDATA") if WINDOWS else os.environ.get("XDG_DATA_HOME")
    return Path(base or Path.home() / ".local" / "share") / "cchc"


def source(here: Path = HERE) -> tuple[list[str], str]:
    """pip arguments that install cchc, and a Vietnamese line saying from where."""
    wheels = here / "wheels"
    if wheels.is_dir() and any(wheels.glob("cchc-*.whl")):
        return ["--no-index", "--find-links", str(wheels), "cchc"], f"cài từ bộ cài ngoại tuyến ({wheels})"
    checkout = here.parent.parent
    if (checkout / "pyproject.toml").is_file():
        return [str(checkout)], f"cài từ mã nguồn ({checkout}); cần mạng để tải các gói phụ thuộc"
    raise SystemExit("Không tìm thấy thư mục wheels bên cạnh tệp cài đặt, cũng không phải thư mục mã nguồn cchc.")


def env_python(env_dir: Path) -> Path:
    return env_dir / ("Scripts/python.exe" if WINDOWS else "bin/python")


def env_cchc(env_dir: Path) -> Path:
    return env_dir / ("Scripts/cchc.exe" if WINDOWS else "bin/cchc")


def powershell_encoded(script: str) -> str:
    """A PowerShell -EncodedCommand argument (UTF-16LE, base64): Vietnamese names survive any code page."""
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def shortcut_script(target: Path, arguments: str, workdir: Path, name: str = SHORTCUT_NAME) -> str:
    """PowerShell that puts ``name``.lnk on the user's desktop (OneDrive-redirected desktops included)."""
    return "\n".join(
        [
            "$desktop = [Environment]::GetFolderPath('Desktop')",
            f"$path = Join-Path $desktop {_ps_quote(name + '.lnk')}",
            "$shell = New-Object -ComObject WScript.Shell",
            "$link = $shell.CreateShortcut($path)",
            f"$link.TargetPath = {_ps_quote(str(target))}",
            f"$link.Arguments = {_ps_quote(arguments)}",
            f"$link.WorkingDirectory = {_ps_quote(str(workdir))}",
            "$link.Description = 'Mở trang làm việc CCHC trên trình duyệt'",
            "$link.Save()",
            "Write-Output $path",
        ]
    )


def add_to_user_path(folder: Path) -> bool:
    """Append ``folder`` to the user's PATH in the registry (Windows); True when it was added, False elsewhere."""
    if sys.platform != "win32":  # winreg and ctypes.windll exist only there (the type checker knows this check)
        return False
    import ctypes
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment", 0, winreg.KEY_READ | winreg.KEY_WRITE) as key:
        try:
            current, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            current, kind = "", winreg.REG_EXPAND_SZ
        parts = [p for p in str(current).split(";") if p]
        if any(os.path.normcase(p.rstrip("\\")) == os.path.normcase(str(folder)) for p in parts):
            return False
        winreg.SetValueEx(key, "Path", 0, kind, ";".join([*parts, str(folder)]))
    # tell Explorer so that new command windows see the change without logging off
    hwnd_broadcast, wm_settingchange, smto_abortifhung = 0xFFFF, 0x001A, 0x0002
    result = ctypes.c_ulong()
    ctypes.windll.user32.SendMessageTimeoutW(
        hwnd_broadcast, wm_settingchange, 0, "Environment", smto_abortifhung, 5000, ctypes.byref(result)
    )
    return True


def documents() -> Path:
    if WINDOWS:
        profile = Path(os.environ.get("USERPROFILE", str(Path.home())))
        onedrive = os.environ.get("ONEDRIVE")  # Windows environment names ignore case
        for base in ([Path(onedrive)] if onedrive else []) + [profile]:
            if (base / "Documents").is_dir():
                return base / "Documents"
    return Path.home() / "Documents"


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    parser = argparse.ArgumentParser(description="Cài đặt cchc cho người dùng hiện tại.")
    parser.add_argument("--thu-muc-cai", type=Path, default=None, help="Nơi cài (mặc định %%LOCALAPPDATA%%\\cchc).")
    parser.add_argument(
        "--thu-muc-dot", type=Path, default=None, help="Thư mục đợt báo cáo (mặc định Documents\\CCHC)."
    )
    parser.add_argument("--khong-loi-tat", action="store_true", help="Không tạo lối tắt trên màn hình.")
    parser.add_argument("--khong-sua-path", action="store_true", help="Không thêm cchc vào PATH.")
    args = parser.parse_args(argv)

    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever Python the PC has
        say("Cần Python 3.11 trở lên; máy đang dùng Python " + sys.version.split()[0] + ".")
        return 1
    home = args.thu_muc_cai or default_home()
    env_dir, bin_dir = home / "venv", home / "bin"
    pip_args, where = source()
    say(f"1/4. Tạo môi trường riêng cho cchc tại {env_dir} …")
    if env_dir.exists():
        shutil.rmtree(env_dir)
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    say(f"2/4. Cài cchc: {where} …")
    cmd = [str(env_python(env_dir)), "-m", "pip", "install", "--disable-pip-version-check", *pip_args]
    if subprocess.call(cmd) != 0:
        say("Cài không thành công (xem thông báo ở trên). Nếu máy không có mạng, hãy dùng bộ cài ngoại tuyến.")
        return 1
    cchc = env_cchc(env_dir)
    say("3/4. Đưa lệnh cchc vào PATH …")
    bin_dir.mkdir(parents=True, exist_ok=True)
    if WINDOWS:
        # relative to the shim, so a user name with Vietnamese letters never meets cmd.exe's code page
        (bin_dir / "cchc.cmd").write_text('@"%~dp0..\\venv\\Scripts\\cchc.exe" %*\r\n', encoding="ascii")
    else:
        shim = bin_dir / "cchc"
        shim.write_text(f'#!/bin/sh\nexec "{cchc}" "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    if WINDOWS and not args.khong_sua_path:
        added = add_to_user_path(bin_dir)
        say(f"   Đã thêm {bin_dir} vào PATH." if added else f"   {bin_dir} đã có trong PATH.")
    campaign = args.thu_muc_dot or documents() / "CCHC"
    campaign.mkdir(parents=True, exist_ok=True)
    say(f"4/4. Thư mục đợt báo cáo: {campaign}")
    if WINDOWS and not args.khong_loi_tat:
        script = shortcut_script(cchc, f'giao-dien --thu-muc "{campaign}"', campaign)
        out = subprocess.run(
            ["powershell", "-NoProfile", "-ExecutionPolicy", "Bypass", "-EncodedCommand", powershell_encoded(script)],
            capture_output=True,
            text=True,
        )
        if out.returncode == 0:
            say(f"   Đã tạo lối tắt trên màn hình: {SHORTCUT_NAME}")
        else:
            say("   Không tạo được lối tắt (" + (out.stderr.strip() or "không rõ lý do") + ").")
    version = subprocess.run([str(cchc), "--version"], capture_output=True, text=True)
    if version.returncode != 0:
        say("Đã cài nhưng không chạy được cchc: " + version.stderr.strip())
        return 1
    say("")
    say(f"Xong: {version.stdout.strip()}.")
    say(f"Nhấp đúp lối tắt «{SHORTCUT_NAME}» trên màn hình để mở trang làm việc,")
    say("hoặc mở một cửa sổ dòng lệnh MỚI và gõ: cchc --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())

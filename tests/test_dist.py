"""The Windows install route: the installer scripts, Windows wheels for every dependency, the offline bundle.

The wheel checks need the package registry (pip's default index): they are ``slow`` and skip with a clear
message only when the registry cannot be reached. Windows itself can't be run here: the offline bundle is
checked by building the same bundle for this machine's platform and installing it with no index.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_DIR = ROOT / "scripts" / "windows"
SUPPORTED = ("3.11", "3.12", "3.13")


def _load(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


installer = _load(WINDOWS_DIR / "cai_dat.py", "cai_dat")
bundler = _load(ROOT / "tools" / "bundle.py", "bundle")


def registry_env() -> dict[str, str]:
    """pip with its default index only: no local mirrors or wheel folders from this machine's pip config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def registry() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        probe = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", tmp, "six"],
            capture_output=True,
            text=True,
            env=registry_env(),
            timeout=120,
        )
    if probe.returncode != 0:
        pytest.skip("Không kết nối được kho gói Python (pip download six thất bại): bỏ qua kiểm tra wheel.")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundler.build_wheel(tmp_path_factory.mktemp("wheel"))


# ---- the scripts (no network) ---------------------------------------------------------------------------


def test_bat_is_ascii_with_crlf_and_runs_the_installer() -> None:
    raw = (WINDOWS_DIR / "cai-dat.bat").read_bytes()
    raw.decode("ascii")  # cmd.exe reads .bat in the OEM code page: keep it ASCII
    lines = raw.split(b"\r\n")
    assert all(b"\n" not in line for line in lines), "every line ends with CRLF"
    text = raw.decode()
    assert '"%~dp0cai_dat.py"' in text and "for %%V in (3.13 3.12 3.11)" in text
    assert (ROOT / ".gitattributes").read_text().count("*.bat text eol=crlf") == 1


def test_shortcut_powershell_is_encoded_and_quoted() -> None:
    script = installer.shortcut_script(
        Path(r"C:\Users\Hà\AppData\Local\cchc\venv\Scripts\cchc.exe"),
        'giao-dien --thu-muc "C:\\Users\\Hà\\Documents\\CCHC"',
        Path(r"C:\Users\Hà\Documents\CCHC"),
    )
    assert "GetFolderPath('Desktop')" in script
    assert "'CCHC – Báo cáo cải cách hành chính.lnk'" in script
    decoded = base64.b64decode(installer.powershell_encoded(script)).decode("utf-16-le")
    assert decoded == script
    tricky = installer.shortcut_script(Path("C:/a'b/cchc.exe"), "", Path("C:/"))
    assert "'C:/a''b/cchc.exe'" in tricky.replace("\\", "/")


def test_installer_prefers_the_bundled_wheels(tmp_path: Path) -> None:
    (tmp_path / "wheels").mkdir()
    (tmp_path / "wheels" / "cchc-0.1.0-py3-none-any.whl").write_bytes(b"")
    args, where = installer.source(tmp_path)
    assert args[:2] == ["--no-index", "--find-links"] and "ngoại tuyến" in where
    args, where = installer.source(WINDOWS_DIR)
    assert args == [str(ROOT)] and "mã nguồn" in where


# ---- the registry ---------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("python", SUPPORTED)
def test_every_dependency_has_a_windows_wheel(registry: None, wheel: Path, python: str, tmp_path: Path) -> None:
    """Resolve cchc for Windows 64-bit and this Python from binary wheels only (metadata only, no install),
    adding what only Windows needs (pip evaluates markers on this Linux machine), as tools/bundle.py does."""

    def resolve(requirements: list[str], n: int) -> list[dict]:
        report = tmp_path / f"report{n}.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--only-binary=:all:"]
        cmd += ["--platform", "win_amd64", "--python-version", python, "--implementation", "cp"]
        cmd += ["--target", str(tmp_path / "t"), "--report", str(report), *requirements]
        done = subprocess.run(cmd, capture_output=True, text=True, env=registry_env(), timeout=600)
        assert done.returncode == 0, f"Python {python} trên Windows thiếu wheel:\n{done.stderr[-2000:]}"
        return json.loads(report.read_text())["install"]

    def key(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    requirements = [str(wheel)]
    items = resolve(requirements, 0)
    for n in range(1, 4):
        names = {key(i["metadata"]["name"]) for i in items}
        requires = [r for i in items for r in i["metadata"].get("requires_dist", [])]
        missing = bundler.missing_for_target(requires, names, "win_amd64", python)
        if not missing:
            break
        requirements += sorted(missing)
        items = resolve(requirements, n)
    assert not missing
    for dep in ("starlette", "uvicorn", "matplotlib", "numpy", "lxml", "python-calamine", "pydantic-core"):
        assert dep in names
    assert "colorama" in names  # typer needs it on Windows only: pip's resolution on Linux leaves it out
    for item in items:
        url = item["download_info"]["url"]
        filename = url.rsplit("/", 1)[-1]
        assert filename.endswith(".whl"), filename
        tags = filename[:-4].split("-")[-1]
        assert tags in ("any",) or "win_amd64" in tags, filename


def test_windows_only_requirements_are_found() -> None:
    requires = ['colorama; platform_system == "Windows"', "uvloop>=0.15; sys_platform != 'win32'", "numpy>=2"]
    assert bundler.missing_for_target(requires, {"numpy"}, "win_amd64", "3.12") == {"colorama"}
    assert bundler.missing_for_target(requires, {"numpy"}, "manylinux2014_x86_64", "3.12") == {"uvloop>=0.15"}


@pytest.mark.slow
def test_bundle_for_this_platform_installs_offline(registry: None, tmp_path: Path) -> None:
    out = bundler.bundle(tmp_path / "bundle", platform="native", make_zip=False)
    names = sorted(p.name for p in (out / "wheels").iterdir())
    assert any(n.startswith("cchc-") for n in names) and any(n.startswith("starlette-") for n in names)
    assert {"cai-dat.bat", "cai_dat.py", "HUONG-DAN-CAI-DAT.txt", "huong-dan"} <= {p.name for p in out.iterdir()}
    assert (out / "huong-dan" / "cai-dat-windows.md").is_file()
    env = registry_env()
    env["PIP_NO_INDEX"] = "1"  # no network: only the bundle's wheels
    home, campaign = tmp_path / "cai", tmp_path / "dot"
    done = subprocess.run(
        [sys.executable, str(out / "cai_dat.py"), "--thu-muc-cai", str(home), "--thu-muc-dot", str(campaign)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "cài từ bộ cài ngoại tuyến" in done.stdout and "Xong: cchc" in done.stdout
    shim = home / "bin" / "cchc"
    out_dir = tmp_path / "bieu-mau"
    run = subprocess.run(
        [str(shim), "generate-templates", "-u", "NV", "--out", str(out_dir), "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["DeCuong_NV_Phong-Noi-vu.docx", "PL2_NV_Phong-Noi-vu.xlsx"]
    page = subprocess.run([str(shim), "giao-dien", "--help"], capture_output=True, text=True, timeout=120)
    assert page.returncode == 0 and "--thu-muc" in page.stdout

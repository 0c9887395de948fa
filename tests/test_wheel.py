"""The built wheel works on its own: installed into a fresh venv, run from outside the repo.

No network: the wheel is built without build isolation, installed with ``--no-index --no-deps``,
and the runtime dependencies are borrowed from the running interpreter's site-packages through a
``.pth`` file (a ``.pth`` line only adds a directory to ``sys.path``; it does not run that
directory's own ``.pth`` files, so the editable install of the repo stays invisible).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 600
# Not copied into the build tree: a stale build/ or egg-info must not leak into the wheel.
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "out",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "tests",
)


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.update(PYTHONIOENCODING="utf-8", PYTHONNOUSERSITE="1", COLUMNS="200", TERMINAL_WIDTH="200")
    return env


def _outer_site_packages() -> list[str]:
    dirs = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    return list(dict.fromkeys(d for d in dirs if Path(d).is_dir()))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project's wheel installed; returns the venv directory."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    wheelhouse = root / "wheelhouse"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", wheelhouse, src],
        cwd=root,
        env=_clean_env(),
    )
    wheels = sorted(wheelhouse.glob("cchc-*.whl"))
    assert len(wheels) == 1, wheels

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=root, env=_clean_env())
    py = venv / "bin" / "python"
    _run([py, "-m", "pip", "install", "--no-deps", "--no-index", wheels[0]], cwd=root, env=_clean_env())

    purelib = Path(_run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root))
    purelib = Path(str(purelib).strip())
    (purelib / "_cchc_test_outer_deps.pth").write_text(
        "".join(f"{d}\n" for d in _outer_site_packages()), encoding="utf-8"
    )
    return venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory outside the repository."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    assert REPO not in cwd.parents
    return cwd


def test_module_comes_from_the_new_venv(installed: Path, elsewhere: Path) -> None:
    out = _run(
        [installed / "bin" / "python", "-c", "import cchc_cli; print(cchc_cli.__file__)"],
        cwd=elsewhere,
        env=_clean_env(),
    )
    module_file = Path(out.strip()).resolve()
    assert installed.resolve() in module_file.parents, module_file
    assert REPO not in module_file.parents, module_file


def test_cli_help_runs(installed: Path, elsewhere: Path) -> None:
    out = _run([installed / "bin" / "cchc", "--help"], cwd=elsewhere, env=_clean_env())
    assert "Cách dùng" in out
    assert "Lệnh" in out


def test_schema_yaml_is_bundled(installed: Path, elsewhere: Path) -> None:
    code = (
        "import importlib.resources as r; print('\\n'.join(p.name for p in r.files('cchc_cli.data.schemas').iterdir()))"
    )
    names = _run([installed / "bin" / "python", "-c", code], cwd=elsewhere, env=_clean_env()).split()
    assert "khanh-son-2011-2020.yaml" in names, names
    assert "khanh-son-2011-2020.outline.yaml" in names, names  # the report outline (narratives)


def test_generate_templates_from_installed_wheel(installed: Path, elsewhere: Path) -> None:
    out_dir = elsewhere / "out"
    _run([installed / "bin" / "cchc", "generate-templates", "--out", out_dir], cwd=elsewhere, env=_clean_env())
    written = sorted(out_dir.rglob("*.xlsx"))
    assert len(written) >= 14, [p.name for p in written]


def test_whole_workflow_from_installed_wheel(installed: Path, elsewhere: Path) -> None:
    """validate → merge → render-report with the bundled schema and report templates, outside the checkout."""
    returns = elsewhere / "bao-cao"
    shutil.copytree(REPO / "examples" / "khanh-son-2020" / "bao-cao", returns)
    cchc = installed / "bin" / "cchc"
    env = _clean_env()
    _run([cchc, "validate", returns, "-q"], cwd=elsewhere, env=env)
    _run([cchc, "merge", returns, "--out", elsewhere / "tong-hop", "-q"], cwd=elsewhere, env=env)
    _run(
        [cchc, "render-report", "--data", elsewhere / "tong-hop" / "tong-hop.xlsx", "--out", elsewhere / "bc.docx"],
        cwd=elsewhere,
        env=env,
    )
    assert (elsewhere / "tong-hop" / "tong-hop.xlsx").stat().st_size > 10_000
    assert (elsewhere / "bc.docx").read_bytes()[:2] == b"PK"

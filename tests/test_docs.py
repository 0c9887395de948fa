"""The specialist's guide (docs/) documents every command, every page action and every finding code.

Codes are read from the catalogue and the bundled schemas at test time, so a code added elsewhere fails here until
docs/ma-phat-hien.md explains it (tools/docs_findings.py regenerates the table).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from cchc_cli.cli import app
from cchc_cli.schema import load_schema
from cchc_cli.validation.findings import CATALOGUE
from cchc_cli.web.app import ACTIONS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def cli_commands() -> list[str]:
    """Every leaf command as typed: "validate", "schema check" …"""
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    out: list[str] = []

    def walk(group: Any, prefix: str) -> None:
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                walk(cmd, f"{prefix}{name} ")
            else:
                out.append(prefix + name)

    walk(root, "")
    return out


def test_every_cli_command_is_documented() -> None:
    text = docs_text()
    commands = cli_commands()
    assert "giao-dien" in commands and "schema check" in commands
    missing = [c for c in commands if f"cchc {c}" not in text]
    assert not missing, f"lệnh chưa có trong docs/: {missing}"


def test_every_page_action_is_documented() -> None:
    text = (DOCS / "dot-bao-cao.md").read_text(encoding="utf-8")
    missing = [label for label in ACTIONS.values() if label not in text]
    assert not missing, f"việc trên trang chưa có trong docs/dot-bao-cao.md: {missing}"


def finding_codes() -> set[str]:
    codes = set(CATALOGUE)
    for path in sorted(p for p in (ROOT / "schemas").glob("*.yaml") if not p.name.endswith(".outline.yaml")):
        codes |= {r.code for r in load_schema(path).rules}
    return codes


def test_every_finding_code_is_documented() -> None:
    text = (DOCS / "ma-phat-hien.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.M))
    missing = sorted(finding_codes() - documented)
    assert not missing, f"mã phát hiện chưa giải thích trong docs/ma-phat-hien.md: {missing}"


def test_links_and_images_resolve_and_images_are_small() -> None:
    for page in [*DOCS.glob("*.md"), ROOT / "README.md"]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)\)", text):
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).exists(), f"{page.name}: {target}"
    for image in (DOCS / "hinh").glob("*.png"):
        assert image.stat().st_size < 200_000, f"{image.name} quá lớn"


def test_readme_first_screen_is_for_the_specialist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen, _, developers = text.partition("\n---\n")
    assert len(first_screen.splitlines()) <= 25
    assert "docs/README.md" in first_screen and "docs/cai-dat-windows.md" in first_screen
    for jargon in ("venv", "wheel", "mypy", "pytest", "SHA-256", "YAML", "Jinja"):
        assert jargon not in first_screen, jargon
    assert developers.lstrip().startswith("# Cho người phát triển")

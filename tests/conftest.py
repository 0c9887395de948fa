"""Shared fixtures. Tests marked ``office`` need LibreOffice: skipped without it, failed in CI."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from office import find_soffice, soffice_convert

SofficeConvert = Callable[[Sequence[Path], str, Path], list[Path]]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(autouse=True)
def _require_office(request: pytest.FixtureRequest) -> None:
    """Skip ``@pytest.mark.office`` tests without soffice; in CI (CI=true) fail them instead."""
    if request.node.get_closest_marker("office") is None or find_soffice() is not None:
        return
    message = "Không tìm thấy LibreOffice (soffice) trên PATH; chạy «make office» để cài."
    if in_ci():
        pytest.fail(f"{message} Trong CI (CI=true) kiểm thử office là bắt buộc.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def soffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One private LibreOffice user profile for the whole test session."""
    return tmp_path_factory.mktemp("soffice-profile")


@pytest.fixture
def soffice(soffice_profile: Path) -> SofficeConvert:
    """``soffice(files, fmt, outdir) -> outputs``, using the session's private profile."""
    return functools.partial(soffice_convert, profile_dir=soffice_profile)

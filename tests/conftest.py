from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.content import MINI


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real home directory or the real data directory."""
    monkeypatch.setenv("STUDYBUDDY_HOME", str(tmp_path / "studybuddy-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def mini_content():
    from studybuddy.content import load_content

    return load_content([MINI], bundled=False)

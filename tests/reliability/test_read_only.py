"""A data directory that cannot be written: say so, run read-only, lose nothing."""

from __future__ import annotations

import errno
import os

import pytest

from studybuddy.content import load_content
from studybuddy.srs.study import Study
from studybuddy.store import Store, StoreReadOnly
from studybuddy.tui.app import StudyBuddyApp
from tests.conftest import MINI
from tests.tui_helpers import ZONE, FakeClock, notifications, text


@pytest.fixture
def read_only_dir(data_dir, monkeypatch):
    """A directory with data in it, where creating or writing any file fails as on a read-only mount."""
    with Store.open(data_dir) as store:
        store.set_item_state("colab", "done")
    real_open = os.open

    def refuse_writes(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_writes)
    return data_dir


def test_the_store_says_the_directory_is_read_only(read_only_dir):
    with pytest.raises(StoreReadOnly, match="is read-only"):
        Store.open(read_only_dir)
    with Store.open(read_only_dir, readonly=True) as store:
        assert store.item_states() == {"colab": "done"}


async def test_the_app_runs_read_only_and_refuses_changes_with_a_message(read_only_dir, monkeypatch):
    from studybuddy.srs.clock import StudyDay

    store = Store.open(read_only_dir, readonly=True)
    content = load_content([MINI], bundled=False)
    study = Study.open(content, read_only_dir, store.settings(), clock=FakeClock(), readonly=True, day=StudyDay(4, ZONE))
    app = StudyBuddyApp(content, store, study, start_in_review=True)
    said = notifications(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.title == "StudyBuddy (read-only)"
        await pilot.press("space", "3")
        assert text(app, "#card-term") == "Overfitting"  # the answer stays on screen
        assert any("read-only" in message for _, message in said)
        await pilot.press("escape", "down", "tab", "space")
        assert store.item_state("install-python") == "todo"
        assert any(title == "Not saved" for title, _ in said)
    study.collection.close()
    store.close()


def test_a_database_from_a_newer_studybuddy_is_refused_untouched(data_dir):
    import json
    import subprocess
    import sys

    from studybuddy.store.database import DB_NAME, SCHEMA_VERSION

    data_dir.mkdir()
    blob = json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}).encode()
    (data_dir / DB_NAME).write_bytes(blob)
    proc = subprocess.run([sys.executable, "-m", "studybuddy", "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "newer StudyBuddy" in proc.stderr and "Traceback" not in proc.stderr
    assert (data_dir / DB_NAME).read_bytes() == blob

"""A data directory written by StudyBuddy 0.1.0 opens unchanged, with nothing lost.

tests/fixtures/datadir-0.1.0 was made by the 0.1.0 release (tests/fixtures/make_datadir_0_1_0.py):
settings, a checklist, a theme, 85 journal lines with an undo, a snapshot the journal goes
past, a due index, a daily backup, a user deck and that release's content cache.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studybuddy.content import load_content
from studybuddy.roadmap import ItemState
from studybuddy.settings import Settings
from studybuddy.srs.collection import SNAPSHOT_NAME
from studybuddy.srs.study import Study
from studybuddy.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "datadir-0.1.0"


@pytest.fixture
def old_dir(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studybuddy", *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=120
    )


def test_checklist_settings_and_ui_state_are_as_the_old_release_left_them(old_dir):
    with Store.open(old_dir) as store:
        assert store.settings() == Settings(new_per_day=12, reviews_per_day=150, desired_retention=0.88, rollover_hour=3)
        states = store.item_states()
        assert sorted(states.values()) == sorted(
            ["done"] * 5 + ["in_progress"] * 2 + ["skipped", "todo"]
        )
        assert all(isinstance(s, ItemState) for s in states.values())
        assert store.ui_get("theme") == "gruvbox"
    assert store.warnings == [] and store.restore_offer is None


def test_schedules_equal_a_replay_of_the_old_journal(old_dir):
    content = load_content([old_dir / "content"])
    assert any(deck.user for deck in content.decks)  # the user's deck still loads
    with Store.open(old_dir) as store:
        settings = store.settings()
    from_snapshot = Study.open(content, old_dir, settings)
    assert from_snapshot.collection.problems == []
    # 0.1.0 drew the fuzz from the global random generator; its snapshot is therefore
    # replaced by a replay of the journal under today's rule, quietly (nothing is lost).
    assert from_snapshot.collection.snapshot_seq == -1
    records = {slug: r.card.to_dict() for slug, r in from_snapshot.collection.records.items()}
    from_snapshot.collection.close()
    (old_dir / SNAPSHOT_NAME).unlink()
    replayed = Study.open(content, old_dir, settings)
    assert {slug: r.card.to_dict() for slug, r in replayed.collection.records.items()} == records
    assert len(records) >= 12
    replayed.collection.close()


def test_the_commands_read_it(old_dir):
    stats = cli(old_dir, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["checklist"]["done"] == 5 and figures["checklist"]["skipped"] == 1
    assert figures["reviews"]["total"] == 83  # 85 lines: 84 answers, one of them undone
    due = cli(old_dir, "due")
    assert due.returncode == 0, due.stderr
    check = cli(old_dir, "check")
    assert check.returncode == 0, check.stdout + check.stderr

"""A data directory written by the release before the DataDir/cli rework (0.1.0) opens unchanged.

tests/fixtures/today-v0.data was made by that release: an Anki import, five answers, an
undo, a schedule snapshot, a due index and a daily backup. Its pickle cache was left out:
nothing loads one any more, and a stale cache is only ever a miss."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "today-v0.data"


def _files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_the_previous_release_data_directory_opens_unchanged(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    before = _files(data)
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "studybuddy", "--data-dir", str(data), *args], capture_output=True, text=True, timeout=120
    )
    stats = run("stats", "--json")
    assert stats.returncode == 0 and stats.stderr == "", stats.stderr
    figures = json.loads(stats.stdout)
    assert json.dumps(figures)  # parsed, and it counts the five answers minus the undone one
    due = run("due")
    assert due.returncode == 0 and due.stdout.endswith(" new\n"), due.stderr
    check = run("check")
    assert check.returncode == 0 and "old-words: 2 cards (old-words.yaml)" in check.stdout
    after = _files(data)
    # The user's files are byte for byte as they were; only caches (the content cache, the
    # due index `due` refreshes) may differ.
    cached = lambda name: name.startswith("cache/") or name == "due-index.json"  # noqa: E731
    assert {k: v for k, v in after.items() if not cached(k)} == {k: v for k, v in before.items() if not cached(k)}


def test_the_previous_release_snapshot_and_journal_agree(tmp_path):
    from studybuddy.srs.collection import Collection, effective_reviews
    from studybuddy.srs.journal import Journal
    from studybuddy.srs.scheduling import make_scheduler

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    collection = Collection.open(data, make_scheduler(), readonly=True)
    assert collection.problems == []
    reviews = effective_reviews(Journal(data / "reviews.jsonl", readonly=True).read().events)
    assert len(reviews) == 5 and set(collection.records) == {r.card for r in reviews}

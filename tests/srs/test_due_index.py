"""`studybuddy due` from the due index must say exactly what the full path says, or nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybuddy.content import load_content
from studybuddy.content.cache import load_content_cached
from studybuddy.content.files import content_dirs, fingerprint
from studybuddy.settings import Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.datadir import DUE_INDEX_NAME as INDEX_NAME
from studybuddy.datadir import JOURNAL_NAME
from studybuddy.srs.due_index import quick_due_counts
from studybuddy.srs.study import Study
from tests.helpers.clock import FakeClock
from tests.helpers.content import write_content

ZONE = ZoneInfo("America/New_York")  # DST changes inside the simulated weeks
T0 = datetime(2026, 3, 1, 15, 0, tzinfo=timezone.utc)


actions = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.integers(1, 4)),
        st.tuples(st.just("answer"), st.integers(3, 4)),
        st.tuples(st.just("wait"), st.sampled_from([1, 9, 30, 180, 600, 1440, 4000, 20000])),
    ),
    max_size=60,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=actions,
    new_per_day=st.integers(0, 12),
    reviews_per_day=st.integers(0, 15),
    rollover=st.integers(0, 23),
    retention=st.sampled_from([0.8, 0.9, 0.95]),
)
def test_counts_from_the_index_equal_the_full_path(tmp_path_factory, steps, new_per_day, reviews_per_day, rollover, retention):
    root = tmp_path_factory.mktemp("due")
    write_content(root / "content", 25)
    data = root / "data"
    data.mkdir()
    content = load_content_cached([root / "content"], data / "cache")
    limits = Settings(new_per_day=new_per_day, reviews_per_day=reviews_per_day, rollover_hour=rollover, desired_retention=retention)
    clock, day = FakeClock(T0 - timedelta(days=40)), StudyDay(rollover, ZONE)
    study = Study.open(content, data, limits, clock=clock, day=day)
    # A history first, so review cards fall due over the simulated weeks and the daily
    # review limit comes into play, not only new and learning cards.
    for i in range(15):
        clock.advance(hours=i % 3)
        study.collection.answer(f"card-{i:02d}", 4 if i % 4 else 3)
    clock.now = T0
    queue = study.queue()
    for kind, value in steps:
        if kind == "wait":
            clock.advance(minutes=value)
            queue = study.queue()
        else:
            shown = queue.next()
            if shown is None:
                continue
            queue.answered(shown.slug, study.collection.answer(shown.slug, value))
        assert study.write_due_index()
        quick = quick_due_counts(data, content.fingerprint, limits, clock=clock, day=day)
        assert quick == study.due_now(), (kind, value, clock.now)
    study.collection.close()


@pytest.fixture
def indexed(tmp_path):
    write_content(tmp_path / "content", 5)
    data = tmp_path / "data"
    data.mkdir()
    content = load_content_cached([tmp_path / "content"], data / "cache")
    clock = FakeClock(T0)
    study = Study.open(content, data, Settings(), clock=clock)
    study.collection.answer("card-00", 3)
    assert study.write_due_index()
    key = fingerprint(content_dirs([tmp_path / "content"]))
    assert quick_due_counts(data, key, Settings(), clock=clock) == study.due_now()
    yield study, data, key, clock
    study.collection.close()


def test_an_answer_after_the_index_was_written_makes_it_stale(indexed):
    study, data, key, clock = indexed
    study.collection.answer("card-01", 3)
    assert quick_due_counts(data, key, Settings(), clock=clock) is None


def test_changed_content_a_new_retention_or_a_damaged_file_make_it_stale(indexed, tmp_path):
    study, data, key, clock = indexed
    assert quick_due_counts(data, key, Settings(desired_retention=0.85), clock=clock) is None
    deck = tmp_path / "content" / "decks" / "d.yaml"
    deck.write_text(deck.read_text() + "  - id: card-99\n    term: More\n    definition: Added later.\n")
    assert fingerprint(content_dirs([tmp_path / "content"])) != key
    for damage in (b"", b"{", b'{"format": 2}', json.dumps({"format": 2, "content": key}).encode()):
        (data / INDEX_NAME).write_bytes(damage)
        assert quick_due_counts(data, key, Settings(), clock=clock) is None


def test_an_index_is_not_written_when_the_journal_moved_on(indexed):
    study, data, key, clock = indexed
    with open(data / JOURNAL_NAME, "ab") as journal:  # another process answered meanwhile
        journal.write(b'{"seq":9,"op":"review","card":"card-02","rating":3,"at":"2026-03-01T15:00:00+00:00","ms":1,"was":"new"}\n')
    (data / INDEX_NAME).unlink()
    assert not study.write_due_index()
    assert not (data / INDEX_NAME).exists()


def test_the_cli_answers_from_the_index_without_fsrs_yaml_or_tinydb(tmp_path):
    """The second `due` (after the first wrote the index) stays in the standard library."""
    write_content(tmp_path / "content", 5)
    data = tmp_path / "data"
    code = (
        "import sys, io, contextlib\n"
        "from studybuddy.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    rc = main(['due', '--data-dir', {str(data)!r}, '--content', {str(tmp_path / 'content')!r}])\n"
        "heavy = sorted(m for m in ('fsrs', 'yaml', 'tinydb', 'textual') if m in sys.modules)\n"
        "print(rc, out.getvalue().strip(), ','.join(heavy), sep='|')\n"
    )
    from studybuddy.store import Store

    with Store.open(data):
        pass  # the database exists, as after the app's first start
    env = {**os.environ, "STUDYBUDDY_HOME": str(data)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert first.startswith("0|0 due · 10 new|")  # the full path (it may import them)
    assert (data / INDEX_NAME).exists()
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert second == "0|0 due · 10 new|"


def test_the_app_leaves_an_index_behind(tmp_path, monkeypatch):
    """The CLI's exit path writes it, so the shell prompt is quick straight after a session."""
    from studybuddy import cli
    from studybuddy.tui.app import StudyBuddyApp

    # A session in which the flashcards were opened (the browser does, after its first frame).
    monkeypatch.setattr(StudyBuddyApp, "run", lambda self: self.study)
    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 0
    body = json.loads((tmp_path / "data" / INDEX_NAME).read_bytes())
    cards = len(load_content().cards)  # every bundled card is new
    assert body["new"] == cards and body["learning"] == [] and body["review"] == []
    assert (tmp_path / "data" / "cache").is_dir()


def test_a_day_later_the_same_index_counts_the_new_day(indexed):
    study, data, key, clock = indexed
    clock.advance(days=1, hours=2)
    assert quick_due_counts(data, key, Settings(), clock=clock) == study.due_now()
    clock.advance(days=400)
    assert quick_due_counts(data, key, Settings(), clock=clock) == study.due_now() == (1, 10)  # 163 new cards, 10 a day

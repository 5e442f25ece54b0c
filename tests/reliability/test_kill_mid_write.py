"""SIGKILL in the middle of a snapshot rewrite and in the middle of a journal append."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

from studybuddy.srs.collection import SNAPSHOT_NAME, Collection, effective_reviews, review_logs
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler, new_card

WRITER = """
import sys, itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path
from studybuddy.srs.collection import Collection
from studybuddy.srs.scheduling import make_scheduler
now = [datetime(2026, 1, 1, tzinfo=timezone.utc)]
def clock():
    now[0] += timedelta(minutes=7)
    return now[0]
col = Collection.open(Path(sys.argv[1]), make_scheduler(), clock=clock)
for i in itertools.count():
    col.answer(f"card-{i % 300}", 1 + i % 4, 1000)
    if sys.argv[2] == "snapshot":
        col.write_snapshot(col.snapshot_data())
    if i == 0:
        print("wrote one", flush=True)  # from here on every kill lands mid-stream
"""


def assert_consistent(data_dir) -> int:
    result = Journal(data_dir / JOURNAL_NAME).read()
    seqs = [e.seq for e in result.events]
    assert seqs == list(range(1, len(seqs) + 1))
    if (data_dir / SNAPSHOT_NAME).exists():
        json.loads((data_dir / SNAPSHOT_NAME).read_bytes())  # whole, never half-written
    collection = Collection.open(data_dir, make_scheduler())
    logs = review_logs(effective_reviews(result.events))
    scheduler = make_scheduler()
    for slug, record in collection.records.items():
        assert record.card.to_dict() == scheduler.reschedule_card(new_card(fsrs_id(slug)), logs[slug]).to_dict()
    assert not collection.problems or all("cut off by a crash" in p for p in collection.problems)
    collection.close()
    return len(seqs)


def kill_repeatedly(data_dir, mode: str, kills: int, seed: int) -> int:
    rng = random.Random(seed)
    data_dir.mkdir()
    total = 0
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), mode], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "wrote one"
        time.sleep(rng.uniform(0.01, 0.3))  # the random moment of the kill
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        total = assert_consistent(data_dir)
    return total


def test_kill_during_snapshot_rewrites(tmp_path):
    answers = kill_repeatedly(tmp_path / "data", "snapshot", kills=15, seed=5)
    assert answers >= 15  # at least the one each run wrote before its kill
    # A kill between writing the temporary file and renaming it leaves the temporary file:
    # the next start (holding the lock) sweeps it away.
    from studybuddy.store import Store

    Store.open(tmp_path / "data").close()
    assert not [p.name for p in (tmp_path / "data").iterdir() if p.name.endswith(".tmp")]


def test_kill_during_journal_appends(tmp_path):
    answers = kill_repeatedly(tmp_path / "data", "journal", kills=15, seed=6)
    assert answers >= 15

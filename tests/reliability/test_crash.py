"""Kill the app at random moments; nothing the screen acknowledged may be lost.

The real app runs on a pseudo-terminal (tests/helpers/terminal.py) and is SIGKILLed at a
random moment, while starting or while keys are being pressed as a quick user presses
them. What the screen acknowledged is read from the last whole frame it showed: the review
screen's "done this session N" and the browser header's "K/N finished (P%)". After each kill
the data directory must hold at least that much, exactly once, parse cleanly, replay
exactly, and the app must start again. More on disk than shown is not a loss: the frame
for a change already saved may not have been drawn when the kill came.

Timing only decides when the kill comes; everything else waits on what the screen shows,
so a slow or busy machine changes the moments, never the verdict.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from studybuddy.content import load_content
from studybuddy.content.model import Section
from studybuddy.srs.collection import SNAPSHOT_NAME, Collection, effective_reviews, review_logs
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler, new_card
from studybuddy.store import Store
from studybuddy.store.database import DB_NAME
from tests.helpers.screens import GUIDE_FINISHED, browser_shown, go_to_items
from tests.helpers.terminal import Terminal

DONE_SESSION = re.compile(r"done this session (\d+)")
KEY_GAP = 0.05  # a quick typist
DURING_START = 0.2  # the share of runs killed while the app is still starting


@dataclass
class Target:
    """Where a browser run ticks: a section `steps` presses of j down the collapsed tree, with
    its first `ticked` items already done."""

    section: Section
    steps: int
    ticked: int


@dataclass
class Run:
    acked_reviews: int
    acked_done: int
    started: bool


def last_shown(term: Terminal, pattern: re.Pattern[str]) -> int:
    """The number `pattern` read on the last whole frame that showed it (0 if none did)."""
    for frame in reversed(term.frames):
        if found := pattern.findall(frame):
            return int(found[-1])
    return 0


def run_and_kill(data_dir: Path, rng: random.Random, target: Target | None) -> Run:
    """One session killed at a random moment: while starting, or after a random time of
    pressing keys once the screen is ready for them."""
    with Terminal(data_dir, [] if target else ["review"]) as term:
        started = False
        if rng.random() < DURING_START:
            deadline = time.monotonic() + rng.uniform(0.0, 1.5)
            while time.monotonic() < deadline and term.read(0.01) is not False:
                pass
        else:
            keys = get_ready(term, rng, target)
            started = True
            deadline = time.monotonic() + rng.uniform(0.2, 3.0)
            next_key = time.monotonic()
            while time.monotonic() < deadline and term.read(0.01) is not False:
                if keys and time.monotonic() >= next_key:
                    term.press(keys.pop(0))
                    next_key = time.monotonic() + KEY_GAP
        term.kill()
        return Run(last_shown(term, DONE_SESSION), last_shown(term, GUIDE_FINISHED), started)


def get_ready(term: Terminal, rng: random.Random, target: Target | None) -> list[bytes]:
    """Bring the screen to where the timed keys start, waiting on what it shows; return those keys."""
    if target is None:
        term.wait_for("done this session 0")
        keys = []
        for _ in range(rng.randint(3, 25)):
            keys += [b" ", rng.choice([b"1", b"2", b"3", b"3", b"3", b"4"])]
        return keys
    section, ticked = target.section, target.ticked
    # Down the tree to a section not ticked before, over to its items, past those a previous
    # visit ticked, and tick the next ones in order, never more than the section holds:
    # every change goes from todo to done, so the count only ever grows.
    term.wait_until(browser_shown, "the browser")
    go_to_items(term, section, target.steps)
    term.press(b"j" * ticked)
    keys = []
    for _ in range(min(len(section.items) - ticked, rng.randint(2, 12))):
        keys += [b" ", b"j"]
    return keys


FAST_KILLS = int(os.environ.get("STUDYBUDDY_FAST_KILLS", "12"))
SOAK_KILLS = int(os.environ.get("STUDYBUDDY_SOAK_KILLS", "220"))


def check_directory(data_dir, reviews_before: int, acked_reviews: int, acked_done: int, dive_items: set[str]):
    # No file fails to parse.
    json.loads((data_dir / DB_NAME).read_bytes())
    if (data_dir / SNAPSHOT_NAME).exists():
        json.loads((data_dir / SNAPSHOT_NAME).read_bytes())
    result = Journal(data_dir / JOURNAL_NAME).read()  # cuts a torn tail, as the app would
    assert not [p for p in result.problems if "damaged" in p], result.problems
    seqs = [e.seq for e in result.events]
    assert seqs == sorted(set(seqs)), "an answer was recorded twice or out of order"
    reviews = effective_reviews(result.events)
    assert len(reviews) >= reviews_before + acked_reviews, (len(reviews), reviews_before, acked_reviews)
    # The schedule equals the replay of the log.
    collection = Collection.open(data_dir, make_scheduler())
    logs = review_logs(reviews)
    scheduler = make_scheduler()
    for slug, record in collection.records.items():
        assert record.card.to_dict() == scheduler.reschedule_card(new_card(fsrs_id(slug)), logs[slug]).to_dict()
    collection.close()
    with Store.open(data_dir, readonly=True) as store:
        done = sum(1 for i, s in store.item_states().items() if s == "done" and i in dive_items)
    assert done >= acked_done, (done, acked_done)
    return len(reviews), done


def crash_loop(data_dir, kills: int, seed: int):
    rng = random.Random(seed)
    content = load_content()
    guide = content.guide_by_id("dive-into-ml")
    dive_items = set(guide.all_item_ids)
    # With the tree collapsed, n presses of j land on the guide's n-th section.
    targets = [(section, n) for n, section in enumerate(guide.sections, 1) if section.items]
    reviews, done = 0, 0
    with Store.open(data_dir) as store:
        from studybuddy.settings import Settings

        store.save_settings(Settings(new_per_day=9999, reviews_per_day=9999))
    survived = browser_runs = started = 0
    for _ in range(kills):
        target = None
        if rng.random() >= 0.6:
            section, steps = targets[browser_runs % len(targets)]
            browser_runs += 1
            with Store.open(data_dir) as store:
                store.ui_set(last_section=None)  # start at the top, then walk to the section
                states = store.item_states()
            # Items are ticked in order: skip past those a previous visit already ticked.
            ticked = 0
            while ticked < len(section.items) and states.get(section.items[ticked].id) == "done":
                ticked += 1
            if ticked < len(section.items):
                target = Target(section, steps, ticked)
        run = run_and_kill(data_dir, rng, target)
        started += run.started
        acked_reviews = run.acked_reviews if target is None else 0
        acked_done = run.acked_done if target else 0
        reviews, done = check_directory(data_dir, reviews, acked_reviews, acked_done, dive_items)
        survived += 1
    # Finally the app starts normally and quits cleanly.
    with Terminal(data_dir) as term:
        term.wait_until(lambda t: browser_shown(t) and t.shows("Dive into Machine Learning"), "the browser")
        term.press(b"q")
        assert term.wait_exit() == 0
    return survived, reviews, done, started


def test_crash_fast_subset(tmp_path):
    survived, reviews, _, started = crash_loop(tmp_path / "data", FAST_KILLS, seed=1)
    assert survived == FAST_KILLS and started > 0 and reviews > 0


@pytest.mark.soak
def test_crash_soak(tmp_path):
    survived, reviews, done, _ = crash_loop(tmp_path / "data", SOAK_KILLS, seed=20261121)
    print(f"survived {survived} kills; {reviews} reviews and {done} done items intact")
    assert survived == SOAK_KILLS

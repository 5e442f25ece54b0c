"""Kill the app at random moments; nothing the screen acknowledged may be lost."""

from __future__ import annotations

import json
import os
import random

import pytest

from studybuddy.content import load_content
from studybuddy.srs.collection import SNAPSHOT_NAME, Collection, effective_reviews, review_logs
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler, new_card
from studybuddy.store import Store
from studybuddy.store.database import DB_NAME
from tests.reliability.crash_harness import run_and_kill, session_keys

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
    dive_items = set(content.guide_by_id("dive-into-ml").all_item_ids)
    reviews, done = 0, 0
    with Store.open(data_dir) as store:
        from studybuddy.settings import Settings

        store.save_settings(Settings(new_per_day=9999, reviews_per_day=9999))
    survived = browser_runs = 0
    for _ in range(kills):
        review = rng.random() < 0.6
        sections = content.guide_by_id("dive-into-ml").sections
        steps = browser_runs % len(sections) + 1
        # With the tree collapsed, `steps` presses of j land on the guide's steps-th section.
        section = sections[steps - 1]
        ticked = 0
        if not review:
            browser_runs += 1
            with Store.open(data_dir) as store:
                store.ui_set(last_section=None)  # start at the top, then walk to the section
                states = store.item_states()
            # Items are ticked in order: skip past those a previous visit already ticked.
            while ticked < len(section.items) and states.get(section.items[ticked].id) == "done":
                ticked += 1
        keys = session_keys(rng, review, section_steps=steps, items=len(section.items), already_done=ticked)
        run = run_and_kill(data_dir, ["review"] if review else [], keys, kill_after=rng.uniform(0.4, 3.0))
        acked_reviews = run.acked_reviews if review else 0
        acked_done = run.acked_done if not review else 0
        before = done
        reviews, done = check_directory(data_dir, reviews, acked_reviews, acked_done, dive_items)
        # At most the one change being made when the kill came can be on disk unshown.
        assert not acked_done or done <= max(acked_done, before) + 1
        survived += 1
    # Finally the app starts normally.
    run = run_and_kill(data_dir, [], [], kill_after=6.0)
    assert run.started and "Dive into Machine Learning" in run.output
    return survived, reviews, done


def test_crash_fast_subset(tmp_path):
    survived, reviews, _ = crash_loop(tmp_path / "data", FAST_KILLS, seed=1)
    assert survived == FAST_KILLS and reviews > 0


@pytest.mark.soak
def test_crash_soak(tmp_path):
    survived, reviews, done = crash_loop(tmp_path / "data", SOAK_KILLS, seed=20261121)
    print(f"survived {survived} kills; {reviews} reviews and {done} done items intact")
    assert survived == SOAK_KILLS

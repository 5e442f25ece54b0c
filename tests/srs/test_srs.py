"""Scheduling: stable ids, the study day, the journal, replay equality, undo and snapshots."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from studybuddy.content import load_content
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import SNAPSHOT_NAME, Collection, review_logs, effective_reviews
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler, new_card
from tests.helpers.clock import FakeClock
from tests.helpers.srs import open_col

UTC = timezone.utc
PINNED_MLOPS = 5258409201300594449
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)



# -- ids ----------------------------------------------------------------------------------


def test_fsrs_id_is_stable_63_bit_and_collision_free():
    assert fsrs_id("overfitting") == fsrs_id("overfitting")
    assert fsrs_id("overfitting") != fsrs_id("underfitting")
    slugs = list(load_content().cards) + [f"card-{i}" for i in range(200_000)]
    ids = {fsrs_id(s) for s in slugs}
    assert len(ids) == len(slugs)
    assert all(0 < i < 2**63 for i in ids)


def test_fsrs_id_never_changes_between_versions():
    # Pinned values: if the mapping changed, exported logs would no longer match their cards.
    assert fsrs_id("mlops") == PINNED_MLOPS


# -- the study day ------------------------------------------------------------------------


def test_study_day_rolls_over_at_the_configured_local_hour():
    zone = ZoneInfo("Europe/Berlin")  # UTC+1 in winter
    day = StudyDay(4, zone)
    assert day.day_of(datetime(2026, 1, 10, 2, 59, tzinfo=UTC)) == date(2026, 1, 9)  # 03:59 local
    assert day.day_of(datetime(2026, 1, 10, 3, 0, tzinfo=UTC)) == date(2026, 1, 10)  # 04:00 local
    start, end = day.bounds(datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    assert start == datetime(2026, 1, 10, 3, 0, tzinfo=UTC) and end - start == timedelta(hours=24)
    assert StudyDay(0, zone).day_of(datetime(2026, 1, 10, 2, 59, tzinfo=UTC)) == date(2026, 1, 10)


def test_study_day_across_a_dst_change_is_23_hours():
    day = StudyDay(4, ZoneInfo("America/New_York"))  # clocks go forward on 2026-03-08
    # Midnight local on the 8th still belongs to the study day of the 7th (rollover 4 am).
    start, end = day.bounds(datetime(2026, 3, 8, 5, 0, tzinfo=UTC))
    assert end - start == timedelta(hours=23)
    assert start == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)  # 04:00 EST
    assert end == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 04:00 EDT


# -- answering, replay and undo -----------------------------------------------------------


def test_answer_is_in_the_journal_before_it_returns(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("overfitting", 3, ms=4200)
    lines = (tmp_path / JOURNAL_NAME).read_text().splitlines()
    [entry] = [json.loads(l) for l in lines]
    assert entry == {
        "seq": 1, "op": "review", "card": "overfitting", "rating": 3,
        "at": T0.isoformat(), "ms": 4200, "was": "new",
    }
    assert col.records["overfitting"].state == "learning"


def test_schedule_equals_replay_of_the_log_over_a_long_random_session(tmp_path):
    rng = random.Random(7)
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    slugs = [f"c{i}" for i in range(40)]
    for step in range(1500):
        roll = rng.random()
        if roll < 0.05 and col.can_undo:
            col.undo()
        else:
            col.answer(rng.choice(slugs), rng.choice([1, 2, 3, 3, 3, 4]), ms=rng.randint(500, 90_000))
        if roll > 0.98:
            clock.now -= timedelta(minutes=rng.randint(1, 90))  # the system clock jumps back
        else:
            clock.advance(minutes=rng.choice([1, 5, 30, 600, 1440, 4000]))
        if step % 300 == 299:
            col.save()
            col.close()
            col = open_col(tmp_path, clock)  # reopen through the snapshot plus journal tail
    events = Journal(tmp_path / JOURNAL_NAME).read(now=clock()).events  # "now" as the session knew it
    reviews = effective_reviews(events)
    logs = review_logs(reviews)
    scheduler = make_scheduler()
    assert set(logs) == set(col.records)
    for slug, record in col.records.items():
        expected = scheduler.reschedule_card(new_card(fsrs_id(slug)), logs[slug])
        assert record.card.to_dict() == expected.to_dict(), slug
        assert record.reps == len(logs[slug])
    # Times never run backwards per card, so no negative intervals.
    for card_logs in logs.values():
        times = [log.review_datetime for log in card_logs]
        assert times == sorted(times)
    assert any(e.__class__.__name__ == "Undo" for e in events)


def test_undo_restores_the_previous_schedule_several_times(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    clock.advance(minutes=10)
    before = col.records["a"]
    col.answer("a", 3)
    clock.advance(minutes=1)
    col.answer("b", 1)
    assert col.undo().card == "b"
    assert "b" not in col.records
    assert col.undo().card == "a"
    assert col.records["a"] is before
    assert col.undo().card == "a"
    assert col.records == {} and not col.can_undo and col.undo() is None
    ops = [json.loads(l)["op"] for l in (tmp_path / JOURNAL_NAME).read_text().splitlines()]
    assert ops == ["review", "review", "review", "undo", "undo", "undo"]
    col.close()
    again = open_col(tmp_path, clock)
    assert again.records == {}


def test_preview_matches_the_answer_given(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    for _ in range(4):
        col.answer("a", 3)
        clock.advance(days=9)
    preview = col.preview("a")
    record = col.answer("a", 3)
    assert record.due - clock.now == preview[3]
    assert preview[1] < preview[2] < preview[3] < preview[4]


def test_snapshot_then_tail_then_reopen_is_exact(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    for i in range(30):
        col.answer(f"c{i % 7}", 3)
        clock.advance(hours=7)
    col.save()
    snap = json.loads((tmp_path / SNAPSHOT_NAME).read_text())
    assert snap["meta"]["1"]["journal_seq"] == 30
    for i in range(5):
        col.answer(f"c{i}", 1 + i % 4)
        clock.advance(hours=3)
    expected = {k: v.card.to_dict() for k, v in col.records.items()}
    col.close()
    reopened = open_col(tmp_path, clock)
    assert reopened.snapshot_seq == 30 and reopened.last_seq == 35
    assert {k: v.card.to_dict() for k, v in reopened.records.items()} == expected


def test_undo_of_an_answer_already_in_the_snapshot(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    clock.advance(minutes=5)
    col.answer("a", 4)
    col.save()
    col.undo()
    expected = col.records["a"].card.to_dict()
    col.close()
    assert open_col(tmp_path, clock).records["a"].card.to_dict() == expected


def test_changed_retention_reschedules_from_the_log(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock, retention=0.9)
    for _ in range(5):
        col.answer("a", 3)
        clock.advance(days=5)
    col.save()
    col.close()
    strict = open_col(tmp_path, clock, retention=0.97)
    loose = make_scheduler(0.9).reschedule_card(new_card(fsrs_id("a")), review_logs(effective_reviews(Journal(tmp_path / JOURNAL_NAME).read().events))["a"])
    assert strict.records["a"].due < loose.due


def test_torn_last_line_is_cut_and_kept_aside(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    col.answer("b", 3)
    col.close()
    path = tmp_path / JOURNAL_NAME
    with open(path, "ab") as f:
        f.write(b'{"seq":3,"op":"review","card":"c","rat')
    col = open_col(tmp_path, clock)
    assert set(col.records) == {"a", "b"}
    assert any("cut off by a crash" in p for p in col.problems)
    assert path.read_bytes().endswith(b"\n")
    assert [p.name for p in tmp_path.iterdir() if ".torn-" in p.name]
    col.answer("c", 3)
    col.close()
    assert [json.loads(l)["seq"] for l in path.read_text().splitlines()] == [1, 2, 3]


def test_whole_last_line_without_newline_is_kept(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    col.close()
    path = tmp_path / JOURNAL_NAME
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    col = open_col(tmp_path, clock)
    assert set(col.records) == {"a"}
    col.answer("b", 3)
    assert len(path.read_text().splitlines()) == 2


def test_damaged_line_in_the_middle_is_set_aside_and_reported(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    for slug in "abc":
        col.answer(slug, 3)
    col.close()
    path = tmp_path / JOURNAL_NAME
    lines = path.read_text().splitlines()
    lines[1] = '{"seq": 2, "op": "review", garbage'
    path.write_text("\n".join(lines) + "\n")
    col = open_col(tmp_path, clock)
    assert set(col.records) == {"a", "c"}
    assert any("could not be used" in p and "set aside" in p for p in col.problems)
    [aside] = [p for p in tmp_path.iterdir() if ".bad-" in p.name]
    assert aside.read_text() == lines[1] + "\n"
    assert path.read_text() == "\n".join([lines[0], lines[2]]) + "\n"  # the good lines, untouched


def test_corrupt_snapshot_is_rebuilt_from_the_journal(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    col.save()
    expected = col.records["a"].card.to_dict()
    col.close()
    (tmp_path / SNAPSHOT_NAME).write_text('{"meta": {"1": {"schema_version": 1, "sch')
    col = open_col(tmp_path, clock)
    assert col.records["a"].card.to_dict() == expected
    assert any("rebuilt" in p for p in col.problems)
    assert [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_failed_append_changes_nothing(tmp_path, monkeypatch):
    import os

    from studybuddy.store import StoreWriteError

    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    size = (tmp_path / JOURNAL_NAME).stat().st_size
    before = col.records["a"]

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreWriteError, match="No space left"):
        col.answer("a", 3)
    monkeypatch.undo()
    assert col.records["a"] is before and col.last_seq == 1
    assert (tmp_path / JOURNAL_NAME).stat().st_size == size


def test_read_recent_reads_backwards_only_as_far_as_needed(tmp_path):
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    for i in range(3000):
        col.answer(f"c{i % 50}", 3)
        clock.advance(minutes=30)
    since = clock.now - timedelta(days=1)
    recent = Journal(tmp_path / JOURNAL_NAME).read_recent(since, chunk=4096)
    assert [e.at >= since for e in recent].count(True) == 48
    assert all(e.at >= since for e in recent)


@pytest.mark.parametrize("cards", [0, 1, 499, 500, 501, 1234])
def test_the_snapshot_streams_one_card_per_line_and_reads_back_exactly(cards, tmp_path):
    """Written and read a slice at a time (peak memory at 10,000 cards), still one valid
    TinyDB file that TinyDB's own JSONStorage opens, and a snapshot in the older one-line
    layout still reads."""
    import json

    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    from studybuddy.srs.collection import _card_from_doc, _card_to_doc, apply_review
    from studybuddy.srs.snapshot_storage import ScheduleStorage

    scheduler = make_scheduler()
    records = [apply_review(scheduler, None, f"card-{i}", 1 + i % 4, T0) for i in range(cards)]
    path = tmp_path / "schedule.json"
    ScheduleStorage(path).write({"meta": {"1": {"schema_version": 1, "note": "x"}}, "cards": map(_card_to_doc, records)})
    blob = path.read_bytes()
    assert blob.count(b"\n") == cards + 2
    with TinyDB(path, storage=JSONStorage, access_mode="rb") as plain:
        assert len(plain.table("cards")) == cards and plain.table("meta").get(doc_id=1)["note"] == "x"
    for layout in (blob, json.dumps(json.loads(blob)).encode()):
        path.write_bytes(layout)
        with TinyDB(path, storage=ScheduleStorage) as db:
            assert db.table("meta").get(doc_id=1)["note"] == "x"
            assert [_card_from_doc(d) for d in db.table("cards")] == records
    if cards:
        path.write_bytes(blob[:-4])  # cut before the closing braces
        with pytest.raises(ValueError):
            ScheduleStorage(path).read()


def test_fuzz_is_a_function_of_the_history_and_leaves_global_random_alone():
    import random as global_random

    from studybuddy.srs.collection import apply_review
    from studybuddy.srs.scheduling import fuzz_draw

    scheduler = make_scheduler()
    global_random.seed(99)
    before = global_random.getstate()
    card = apply_review(scheduler, None, "x", 3, T0)
    days = []
    for slug in (f"card-{i}" for i in range(300)):
        record = apply_review(scheduler, None, slug, 4, T0)  # Easy: a review card, fuzzed
        again = apply_review(scheduler, record, slug, 3, record.due)
        assert apply_review(scheduler, record, slug, 3, record.due).due == again.due
        days.append((again.due - record.due).days)
    assert global_random.getstate() == before
    assert len(set(days)) >= 3  # spread out, not one interval for every card
    draws = [fuzz_draw(i, None) for i in range(2000)]
    assert all(0 <= d < 1 for d in draws) and 0.45 < sum(draws) / len(draws) < 0.55
    assert card.due > T0


# -- incremental snapshot -----------------------------------------------------------------


def _cards(col: Collection) -> dict:
    return {slug: r.card.to_dict() for slug, r in col.records.items()}


def test_saves_append_only_changed_cards_and_reopen_exactly(tmp_path):
    from studybuddy.srs.snapshot_storage import changes_path

    rng = random.Random(11)
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    for i in range(60):
        col.answer(f"c{i}", 3)
    col.save()  # the first save writes a base
    base = (tmp_path / SNAPSHOT_NAME).read_bytes()
    for step in range(200):
        if col.can_undo and rng.random() < 0.15:
            col.undo()
        else:
            col.answer(f"c{rng.randrange(80)}", rng.choice([1, 3, 4]))
        clock.advance(minutes=rng.choice([1, 30, 600]))
        if step % 25 == 0:
            col.write_snapshot(col.snapshot_data())
            assert (tmp_path / SNAPSHOT_NAME).read_bytes() == base  # only the changes file grew
    col.write_snapshot(col.snapshot_data())
    expected = _cards(col)
    col.close()
    assert len(changes_path(tmp_path / SNAPSHOT_NAME).read_bytes().splitlines()) == 9  # a line a save
    reopened = open_col(tmp_path, clock)
    assert reopened.snapshot_seq == reopened.last_seq and reopened.problems == []
    assert _cards(reopened) == expected
    reopened.close()
    (tmp_path / SNAPSHOT_NAME).unlink()
    changes_path(tmp_path / SNAPSHOT_NAME).unlink()
    assert _cards(open_col(tmp_path, clock)) == expected  # and that is what the log replays to


def test_a_torn_or_foreign_changes_line_is_not_used(tmp_path):
    from studybuddy.srs.snapshot_storage import changes_path

    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    col.save()
    col.answer("b", 3)
    col.write_snapshot(col.snapshot_data())
    col.answer("a", 1)
    col.write_snapshot(col.snapshot_data())
    expected = _cards(col)
    col.close()
    changes = changes_path(tmp_path / SNAPSHOT_NAME)
    lines = changes.read_bytes().splitlines(keepends=True)
    changes.write_bytes(lines[0] + lines[1][:20])  # the last save torn by a crash
    reopened = open_col(tmp_path, clock)
    assert _cards(reopened) == expected and reopened.snapshot_seq == 2  # the journal did the rest
    reopened.close()
    # A changes file left from another base (say, a backup's snapshot put back) is ignored.
    entry = json.loads(lines[0])
    entry["base"] = "another"
    entry["cards"] = {"a": None}
    changes.write_text(json.dumps(entry) + "\n")
    assert _cards(open_col(tmp_path, clock)) == expected


def test_a_long_changes_file_is_folded_into_a_new_base_on_closing(tmp_path, monkeypatch):
    from studybuddy.srs import collection as collection_module
    from studybuddy.srs.snapshot_storage import changes_path

    monkeypatch.setattr(collection_module, "COMPACT_BYTES", 200)
    clock = FakeClock(T0)
    col = open_col(tmp_path, clock)
    col.answer("a", 3)
    col.save()
    for i in range(5):
        col.answer(f"x{i}", 3)
        col.write_snapshot(col.snapshot_data())
    assert changes_path(tmp_path / SNAPSHOT_NAME).stat().st_size > 200
    expected = _cards(col)
    col.save()
    col.close()
    assert not changes_path(tmp_path / SNAPSHOT_NAME).exists()
    assert _cards(open_col(tmp_path, clock)) == expected

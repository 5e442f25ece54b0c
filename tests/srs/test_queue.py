"""The daily queue over simulated days: order, limits, the rollover hour and learning ahead."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from studybuddy.settings import RANGES, Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.queue import DailyQueue
from studybuddy.store import Store
from tests.helpers.clock import FakeClock
from tests.helpers.srs import open_col

UTC = timezone.utc
ZONE = ZoneInfo("Europe/Berlin")
DECK = [f"card-{i:03d}" for i in range(40)]


def study(queue: DailyQueue, col, rating: int = 3, limit: int = 1000) -> list[tuple[str, str]]:
    """Answer whatever the queue offers until it is empty; the clock stands still."""
    shown = []
    for _ in range(limit):
        nxt = queue.next()
        if nxt is None or nxt.early:
            break
        shown.append((nxt.slug, nxt.kind))
        queue.answered(nxt.slug, col.answer(nxt.slug, rating))
    return shown


def test_first_day_offers_new_cards_up_to_the_limit_in_deck_order(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    queue = DailyQueue(col, DECK, Settings(new_per_day=5), StudyDay(4, ZONE))
    assert queue.counts().new == 5 and queue.counts().review == 0
    assert queue.next().slug == "card-000" and queue.next().kind == "new"
    shown = study(queue, col)
    assert [s for s, _ in shown] == DECK[:5]
    # All five are now in learning, due in 10 minutes: shown early (within 20 minutes).
    nxt = queue.next()
    assert nxt.early and nxt.kind == "learning"
    assert queue.counts().learning == 5
    assert queue.next_due() == clock.now + timedelta(minutes=10)


def test_learning_cards_come_first_once_due(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    queue = DailyQueue(col, DECK, Settings(new_per_day=3), StudyDay(4, ZONE))
    first = queue.next().slug
    queue.answered(first, col.answer(first, 1))  # Again: due in 1 minute
    assert queue.next().slug == "card-001"
    clock.advance(minutes=1)
    assert queue.next() == type(queue.next())(first, "learning")


def test_a_learning_card_due_later_than_20_minutes_is_not_shown_early(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    queue = DailyQueue(col, DECK, Settings(new_per_day=1), StudyDay(4, ZONE))
    study(queue, col, rating=3)  # Good: step 2, due in 10 minutes
    clock.advance(minutes=5)
    assert queue.next().early
    queue = DailyQueue(col, DECK, Settings(new_per_day=0), StudyDay(4, ZONE))
    clock.advance(minutes=-5)
    col_record = col.records["card-000"]
    # Move the learning card 30 minutes out: nothing to show, and the queue says when.
    clock.now = col_record.due - timedelta(minutes=30)
    assert queue.next() is None
    assert queue.next_due() == col_record.due


def test_several_days_with_limits_and_most_overdue_first(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    settings = Settings(new_per_day=10, reviews_per_day=4)
    day = StudyDay(4, ZONE)
    for _ in range(3):  # three days of new cards, each graduated with Easy
        queue = DailyQueue(col, DECK, settings, day)
        shown = study(queue, col, rating=4)
        assert len({s for s, k in shown if k == "new"}) == 10
        clock.advance(days=1)
    clock.advance(days=30)  # a month away: everything is overdue
    queue = DailyQueue(col, DECK, settings, day)
    counts = queue.counts()
    assert counts.review == 4 and counts.new == 10
    dues = sorted((r.due, s) for s, r in col.records.items())
    assert queue.next().slug == dues[0][1] and queue.next().kind == "review"
    shown = study(queue, col, rating=3)
    assert [k for _, k in shown][:4] == ["review"] * 4
    assert len([1 for _, k in shown if k == "review"]) == 4
    # The day's limits are spent: a new queue the same day offers no more.
    again = DailyQueue(col, DECK, settings, day)
    assert again.counts().review == 0 and again.counts().new == 0


def test_new_cards_started_today_count_against_the_limit_after_a_restart(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    queue = DailyQueue(col, DECK, Settings(new_per_day=4), StudyDay(4, ZONE))
    for _ in range(3):
        nxt = queue.next()
        queue.answered(nxt.slug, col.answer(nxt.slug, 3))
    col.save()
    col.close()
    col = open_col(tmp_path, clock)
    assert DailyQueue(col, DECK, Settings(new_per_day=4), StudyDay(4, ZONE)).counts().new == 1


def test_the_rollover_hour_starts_a_new_day(tmp_path):
    # 02:30 local on the 11th still belongs to the 10th; 04:00 local is the 11th.
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    day = StudyDay(4, ZONE)
    study(DailyQueue(col, DECK, Settings(new_per_day=2), day), col, rating=4)
    clock.now = datetime(2026, 1, 11, 1, 30, tzinfo=UTC)
    assert DailyQueue(col, DECK, Settings(new_per_day=2), day).counts().new == 0
    clock.now = datetime(2026, 1, 11, 3, 0, tzinfo=UTC)
    assert DailyQueue(col, DECK, Settings(new_per_day=2), day).counts().new == 2


def test_studying_a_section_ignores_the_new_limit_and_other_cards(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    scope = DECK[20:32]
    queue = DailyQueue(col, DECK, Settings(new_per_day=3), StudyDay(4, ZONE), scope=scope, ignore_new_limit=True)
    assert queue.counts().new == 12
    assert {s for s, _ in study(queue, col)} == set(scope)


def test_undo_puts_the_card_back_in_front(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    queue = DailyQueue(col, DECK, Settings(new_per_day=5), StudyDay(4, ZONE))
    study(queue, col, limit=2)
    assert queue.counts().new == 3
    event = col.undo()
    queue.undone(event.card)
    assert queue.next().slug == "card-001" and queue.counts().new == 4
    queue.answered("card-001", col.answer("card-001", 3))
    assert queue.next().slug == "card-002"


def test_cards_removed_from_the_content_keep_history_but_are_not_shown(tmp_path):
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    col.answer("retired-card", 1)
    queue = DailyQueue(col, DECK, Settings(new_per_day=0), StudyDay(4, ZONE))
    assert queue.counts().learning == 0 and "retired-card" in col.records


def test_settings_validation_names_the_range():
    assert RANGES["desired_retention"].check("0.95") == (0.95, None)
    value, error = RANGES["desired_retention"].check("0.99")
    assert value is None and error == "Desired retention must be from 0.70 to 0.97, not 0.99"
    assert RANGES["new_per_day"].check("ten")[1] == "New cards per day must be a whole number from 0 to 9999"
    assert RANGES["rollover_hour"].check("4.5")[1] is not None
    assert RANGES["rollover_hour"].check(23) == (23, None)


def test_settings_round_trip_and_bad_stored_values(data_dir):
    with Store.open(data_dir) as store:
        assert store.settings() == Settings()
        store.save_settings(Settings(new_per_day=25, desired_retention=0.85))
    with Store.open(data_dir) as store:
        assert store.settings() == Settings(new_per_day=25, desired_retention=0.85)
        store._settings.upsert(__import__("tinydb").table.Document({"rollover_hour": 99}, doc_id=1))
        assert store.settings().rollover_hour == 4
        assert any("Day starts at hour" in w for w in store.warnings)
        store.reset_settings()
        assert store.settings() == Settings()


def test_undo_in_place_leaves_the_queue_a_rebuild_would_give(tmp_path):
    """Undo touches one card instead of rebuilding; the lists must still match a rebuild."""
    import random

    rng = random.Random(3)
    clock = FakeClock(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    col = open_col(tmp_path, clock)
    settings = Settings(new_per_day=8, reviews_per_day=5)
    queue = DailyQueue(col, DECK, settings, StudyDay(4, ZONE))
    for step in range(120):
        nxt = queue.next()
        if nxt is not None and rng.random() < 0.7:
            queue.answered(nxt.slug, col.answer(nxt.slug, rng.choice([1, 3, 3, 4])))
        elif col.can_undo:
            undone = col.undo()
            queue.undone(undone.card)
            assert queue.next().slug == undone.card  # shown again first
            fresh = DailyQueue(col, DECK, settings, StudyDay(4, ZONE))
            assert queue.counts() == fresh.counts()
            assert sorted(queue._new) == sorted(fresh._new) and sorted(queue._reviews) == sorted(fresh._reviews)
        clock.advance(minutes=rng.choice([1, 2, 5]))  # within one study day
        if step % 40 == 39:
            queue = DailyQueue(col, DECK, settings, StudyDay(4, ZONE))  # a new session

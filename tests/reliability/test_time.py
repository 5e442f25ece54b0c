"""Odd clocks: DST changes, a clock that jumps back, the exact rollover instant, a month
away, and moving to another time zone between sessions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from studybuddy.settings import Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import Collection, effective_reviews, review_logs
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.queue import DailyQueue
from studybuddy.srs.scheduling import make_scheduler, new_card
from tests.helpers.clock import FakeClock

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
DECK = [f"c{i:02d}" for i in range(60)]



def study_all(queue: DailyQueue, col: Collection, rating: int = 3) -> int:
    answered = 0
    while (nxt := queue.next()) is not None and not nxt.early:
        queue.answered(nxt.slug, col.answer(nxt.slug, rating))
        answered += 1
    return answered


def assert_replays(col: Collection, directory) -> None:
    logs = review_logs(effective_reviews(Journal(directory / JOURNAL_NAME).read().events))
    scheduler = make_scheduler()
    for slug, record in col.records.items():
        assert record.card.to_dict() == scheduler.reschedule_card(new_card(fsrs_id(slug)), logs[slug]).to_dict()


def test_reviews_across_a_dst_change(tmp_path):
    clock = FakeClock(datetime(2026, 3, 7, 14, 0, tzinfo=UTC))  # 09:00 EST, the day before the change
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    day = StudyDay(4, NEW_YORK)
    for _ in range(4):
        study_all(DailyQueue(col, DECK, Settings(new_per_day=5), day), col)
        clock.now += timedelta(days=1)
    # Four study days, each with its five new cards, across the 23-hour day.
    firsts = sorted({day.day_of(r.first_review) for r in col.records.values()})
    assert len(firsts) == 4 and len(col.records) == 20
    assert_replays(col, tmp_path)


def test_clock_going_backwards_between_reviews(tmp_path):
    clock = FakeClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    col.answer("c00", 3)
    clock.now -= timedelta(hours=5)  # NTP correction, or a dead CMOS battery
    record = col.answer("c00", 3)
    assert record.card.last_review == datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # never before the last review
    assert record.due >= record.card.last_review
    events = Journal(tmp_path / JOURNAL_NAME).read().events
    assert [e.seq for e in events] == [1, 2]
    col.close()
    assert_replays(Collection.open(tmp_path, make_scheduler(), clock=clock), tmp_path)


def test_a_review_at_exactly_the_rollover_hour_belongs_to_the_new_day(tmp_path):
    rollover = datetime(2026, 5, 2, 4, 0, tzinfo=NEW_YORK).astimezone(UTC)
    clock = FakeClock(rollover - timedelta(minutes=1))
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    day = StudyDay(4, NEW_YORK)
    assert study_all(DailyQueue(col, DECK, Settings(new_per_day=3), day), col) == 3
    clock.now = rollover
    assert day.day_of(clock.now) == day.day_of(rollover - timedelta(minutes=1)) + timedelta(days=1)
    queue = DailyQueue(col, DECK, Settings(new_per_day=3), day)
    assert queue.counts().new == 3  # a fresh day's allowance, exactly at 04:00


def test_a_month_away_respects_the_daily_limits(tmp_path):
    clock = FakeClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    day = StudyDay(4, NEW_YORK)
    for _ in range(6):
        study_all(DailyQueue(col, DECK, Settings(new_per_day=10), day), col, rating=4)
        clock.now += timedelta(days=1)
    clock.now += timedelta(days=31)
    settings = Settings(new_per_day=10, reviews_per_day=25)
    queue = DailyQueue(col, DECK, settings, day)
    assert queue.counts().review == 25 and queue.counts().new == 0  # 60 overdue, capped
    assert study_all(queue, col) >= 25
    again = DailyQueue(col, DECK, settings, day)
    assert again.counts().review == 0


def test_moving_to_another_time_zone_between_sessions(tmp_path):
    clock = FakeClock(datetime(2026, 6, 1, 22, 0, tzinfo=UTC))  # 18:00 in New York, 07:00 next day in Tokyo
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    study_all(DailyQueue(col, DECK, Settings(new_per_day=4), StudyDay(4, NEW_YORK)), col)
    col.close()
    clock.now += timedelta(hours=12)  # flew to Tokyo: 19:00 there, 06:00 in New York
    col = Collection.open(tmp_path, make_scheduler(), clock=clock)
    # Days are read in the zone of the session. The answers, at 07:00 Tokyo time, belong to
    # today in Tokyo, so today's new cards are spent there; in New York a new day has begun.
    tokyo = DailyQueue(col, DECK, Settings(new_per_day=4), StudyDay(4, TOKYO))
    new_york = DailyQueue(col, DECK, Settings(new_per_day=4), StudyDay(4, NEW_YORK))
    assert tokyo.counts().new == 0 and new_york.counts().new == 4
    # Schedules are UTC instants and do not move with the zone.
    assert tokyo.counts().learning == new_york.counts().learning == 4
    assert study_all(tokyo, col) == 4
    assert_replays(col, tmp_path)

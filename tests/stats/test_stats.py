"""Every stats figure from hand-built logs and a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from studybuddy.srs.clock import StudyDay
import tempfile
from dataclasses import replace
from pathlib import Path

from studybuddy.srs.collection import apply_review, interval_given, replay
from studybuddy.srs.journal import Journal, Review
from studybuddy.srs.limits import CardState
from studybuddy.stats.daily import day_totals
from studybuddy.srs.scheduling import make_scheduler
from studybuddy.stats import compute
from studybuddy.stats.text import render

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def log(*entries: tuple[str, int, datetime] | tuple[str, int, datetime, int]) -> list[Review]:
    out = []
    for seq, entry in enumerate(entries, start=1):
        card, rating, at, *ms = entry
        out.append(Review(seq, card, rating, at, ms[0] if ms else 1000, ""))
    return out


def as_journal(reviews: list[Review], directory: Path) -> Journal:
    """The log as the app writes it: each line with the state and interval it found the card in."""
    scheduler = make_scheduler()
    journal = Journal(directory / "reviews.jsonl")
    records = {}
    for review in reviews:
        previous = records.get(review.card)
        was = previous.state if previous else CardState.NEW
        journal.append(replace(review, was=was, ivl=interval_given(previous)))
        records[review.card] = apply_review(scheduler, previous, review.card, review.rating, review.at)
    return journal


def figures(content, reviews, now, zone=BERLIN, rollover=4, checklist=None):
    scheduler = make_scheduler()
    records = replay(scheduler, reviews)
    day = StudyDay(rollover, zone)
    with tempfile.TemporaryDirectory() as tmp:
        days = day_totals(as_journal(reviews, Path(tmp)), day, scheduler, now=now, write=False)
    return compute(content, checklist or {}, days, records, scheduler, day, now)


def test_empty_log(mini_content):
    f = figures(mini_content, [], datetime(2026, 1, 10, 12, tzinfo=UTC))
    assert not f.has_reviews
    assert (f.streak_current, f.streak_longest) == (0, 0)
    assert f.forecast == [0] * 30 and f.calendar == {}
    assert f.retention_young.rate is None and f.retention_mature.rate is None
    assert f.states == {"new": 2, "learning": 0, "review": 0, "young": 0, "mature": 0, "relearning": 0, "total": 2}
    assert f.average_retrievability is None
    assert (f.time_today_ms, f.time_week_ms, f.time_total_ms) == (0, 0, 0)
    json = f.as_json()
    assert json["retention"] == {"young": None, "mature": None, "days": 30}
    assert json["streak"] == {"current": 0, "longest": 0}
    assert "No reviews yet" in render(f)


def test_calendar_days_follow_the_rollover_hour(mini_content):
    # 03:30 and 04:30 local (Berlin, UTC+1) on 10 January are two different study days.
    reviews = log(
        ("overfitting", 3, datetime(2026, 1, 10, 2, 30, tzinfo=UTC)),
        ("notebook", 3, datetime(2026, 1, 10, 3, 30, tzinfo=UTC)),
        ("notebook", 3, datetime(2026, 1, 10, 3, 45, tzinfo=UTC)),
    )
    f = figures(mini_content, reviews, datetime(2026, 1, 10, 12, tzinfo=UTC))
    assert f.calendar == {date(2026, 1, 9): 1, date(2026, 1, 10): 2}
    assert f.reviews_today == 2 and f.reviews_total == 3
    assert (f.streak_current, f.streak_longest) == (2, 2)
    # With the day starting at midnight instead, all three are on the 10th.
    f = figures(mini_content, reviews, datetime(2026, 1, 10, 12, tzinfo=UTC), rollover=0)
    assert f.calendar == {date(2026, 1, 10): 3}


def test_streaks_current_survives_until_today_ends_and_longest_is_kept(mini_content):
    at = lambda d: datetime(2026, 2, d, 18, tzinfo=UTC)  # noqa: E731
    days = [1, 2, 3, 4, 5, 10, 11, 18, 19, 20]
    reviews = log(*[("overfitting", 3, at(d)) for d in days])
    f = figures(mini_content, reviews, datetime(2026, 2, 21, 12, tzinfo=UTC))
    assert (f.streak_current, f.streak_longest) == (3, 5)  # today (21st) not yet studied
    f = figures(mini_content, reviews, datetime(2026, 2, 22, 12, tzinfo=UTC))
    assert f.streak_current == 0  # a whole day was missed


def test_days_across_a_dst_change(mini_content):
    # New York springs forward on 8 March 2026; one review at 22:00 local on each of 7, 8, 9 March.
    reviews = log(
        ("overfitting", 3, datetime(2026, 3, 8, 3, tzinfo=UTC)),   # 7 Mar 22:00 EST
        ("overfitting", 3, datetime(2026, 3, 9, 2, tzinfo=UTC)),   # 8 Mar 22:00 EDT
        ("overfitting", 3, datetime(2026, 3, 10, 2, tzinfo=UTC)),  # 9 Mar 22:00 EDT
    )
    f = figures(mini_content, reviews, datetime(2026, 3, 10, 3, tzinfo=UTC), zone=NEW_YORK)
    assert f.today == date(2026, 3, 9)
    assert f.calendar == {date(2026, 3, 7): 1, date(2026, 3, 8): 1, date(2026, 3, 9): 1}
    assert f.streak_current == 3 and f.reviews_today == 1


def test_true_retention_first_answer_of_the_day_young_and_mature(mini_content):
    t = datetime(2026, 1, 1, 10, tzinfo=UTC)
    scheduler = make_scheduler()
    reviews = log(
        ("overfitting", 4, t),                                   # Easy: straight to review, young interval
        ("notebook", 4, t),
        ("overfitting", 3, t + timedelta(days=9)),               # young pass
        ("overfitting", 1, t + timedelta(days=9, hours=2)),      # second answer that day: not counted
        ("notebook", 1, t + timedelta(days=9)),                  # young fail (lapse)
        ("notebook", 3, t + timedelta(days=9, minutes=12)),      # relearning card: not counted
    )
    records = replay(scheduler, reviews[:2])
    assert all(0 < (r.due - r.card.last_review).days < 21 for r in records.values())
    f = figures(mini_content, reviews, t + timedelta(days=9, hours=5))
    assert (f.retention_young.passed, f.retention_young.total) == (1, 2)
    assert f.retention_young.rate == 0.5
    assert f.retention_mature.rate is None

    # Push "overfitting" to a mature interval, then pass and fail it on later days.
    more = list(reviews)
    day = t + timedelta(days=9)
    for _ in range(6):
        record = replay(scheduler, more)["overfitting"]
        day = record.due
        more = log(*[(r.card, r.rating, r.at) for r in more], ("overfitting", 3, day))
    mature_before = replay(scheduler, more)["overfitting"]
    assert (mature_before.due - mature_before.card.last_review).days >= 21
    last = mature_before.due
    more = log(*[(r.card, r.rating, r.at) for r in more], ("overfitting", 2, last))
    f = figures(mini_content, more, last + timedelta(hours=1))
    assert f.retention_mature.total == 1 and f.retention_mature.rate == 1.0
    # Only the last 30 days count: the lapse on day 9 has aged out of the window.
    assert last - t > timedelta(days=40)
    assert f.retention_young.total == f.retention_young.passed


def test_forecast_states_retrievability_and_time(mini_content):
    t = datetime(2026, 1, 1, 10, tzinfo=UTC)
    reviews = log(
        ("overfitting", 4, t, 5000),                 # review card, due about a week later
        ("notebook", 1, t + timedelta(days=5), 7000),  # learning card, due a minute later
    )
    now = t + timedelta(days=5, hours=1)
    f = figures(mini_content, reviews, now)
    scheduler = make_scheduler()
    records = replay(scheduler, reviews)
    overfitting_day = (StudyDay(4, BERLIN).day_of(records["overfitting"].due) - f.today).days
    assert f.forecast[0] == 1 and f.overdue == 0  # the learning card, due today
    assert f.forecast[overfitting_day] == 1 and sum(f.forecast) == 2
    assert f.states["learning"] == 1 and f.states["review"] == 1 and f.states["young"] == 1
    assert f.due_now == 1
    assert 0 < f.average_retrievability <= 1
    assert (f.time_today_ms, f.time_week_ms, f.time_total_ms) == (7000, 12000, 12000)
    text = render(f)
    assert "Streak: 1 day (longest 1)" in text and "Last 12 weeks:" in text
    assert len([line for line in text.splitlines() if line.startswith(("  Mon", "  Sun"))]) == 2


def test_overdue_cards_land_in_todays_forecast_bar(mini_content):
    t = datetime(2026, 1, 1, 10, tzinfo=UTC)
    reviews = log(("overfitting", 4, t), ("notebook", 4, t))
    f = figures(mini_content, reviews, t + timedelta(days=60))
    assert f.forecast[0] == 2 and f.due_now == 2 and f.overdue == 2


def test_roadmap_progress_and_next_up(mini_content):
    checklist = {"install-python": "done", "first-notebook": "skipped", "colab": "in_progress"}
    f = figures(mini_content, [], datetime(2026, 1, 10, 12, tzinfo=UTC), checklist=checklist)
    [guide] = f.roadmap
    assert guide.progress.as_dict() == {"todo": 1, "in_progress": 1, "done": 1, "skipped": 1, "total": 4}
    assert [(s.section.id, s.progress.finished, s.progress.total) for s in guide.sections] == [
        ("getting-started", 2, 3),
        ("theory", 0, 1),
    ]
    assert [(s.id, i.id) for s, i in f.next_up] == [("theory", "domingos")]
    assert f.as_json()["roadmap"] == [{"guide": "alpha", "todo": 1, "in_progress": 1, "done": 1, "skipped": 1, "total": 4}]


def test_day_totals_kept_on_disk_equal_a_rebuild_from_the_log(tmp_path):
    """Folding each new tail into the saved totals gives what the whole log gives, through
    answers, undos (of answers in the tail and of answers already folded in) and new days."""
    import random

    from studybuddy.srs.collection import Collection
    from studybuddy.stats.daily import TOTALS_NAME

    rng = random.Random(5)
    now = [datetime(2026, 3, 1, 8, tzinfo=UTC)]
    col = Collection.open(tmp_path, make_scheduler(), clock=lambda: now[0])
    day = StudyDay(4, BERLIN)
    for step in range(400):
        if col.can_undo and rng.random() < 0.1:
            col.undo()
        else:
            col.answer(f"c{rng.randrange(25)}", rng.choice([1, 2, 3, 3, 4]), rng.randrange(1, 9000))
        now[0] += timedelta(minutes=rng.choice([1, 3, 30, 240, 900]))
        if step % 37 == 0:
            kept = day_totals(col.journal, day, col.scheduler, now=now[0], write=True)
            assert (tmp_path / TOTALS_NAME).exists()
            fresh_dir = tmp_path / "fresh"
            fresh_dir.mkdir(exist_ok=True)
            (fresh_dir / "reviews.jsonl").write_bytes(col.journal.path.read_bytes())
            rebuilt = day_totals(Journal(fresh_dir / "reviews.jsonl"), day, col.scheduler, now=now[0], write=False)
            assert kept == rebuilt
    totals = day_totals(col.journal, day, col.scheduler, now=now[0], write=False)
    assert sum(t.answers for t in totals.values()) == len(col.journal.read().events) - 2 * sum(
        1 for e in col.journal.read().events if not isinstance(e, Review)
    )
    assert sum(t.young + t.mature for t in totals.values()) > 0
    col.close()

"""Every figure the stats screen and `studybuddy stats` show, from the log and checklist alone.

Each number is derived here from the review journal (undone answers left out, summed per
day by stats/daily.py), the current schedules and the checklist state, so the screen and
the command line can never disagree, and nothing can drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from studybuddy.content import Library, Item, Section
from studybuddy.roadmap import ItemState, Progress, progress_of
from studybuddy.stats.calendar import first_day
from studybuddy.stats.daily import MATURE_DAYS, DayTotals, day_totals
from studybuddy.stats.memory import MemoryModelFigures, memory_model_figures
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import CardRecord
from studybuddy.srs.scheduling import ReplayableScheduler, State
from studybuddy.srs.study import Study

FORECAST_DAYS = 30
RETENTION_DAYS = 30
NEXT_UP = 5


@dataclass(frozen=True, slots=True)
class Retention:
    rate: float | None
    passed: int
    total: int


@dataclass(frozen=True, slots=True)
class SectionProgress:
    section: Section
    progress: Progress


@dataclass(frozen=True, slots=True)
class GuideProgress:
    guide_id: str
    title: str
    progress: Progress
    sections: list[SectionProgress]


@dataclass(slots=True)
class Figures:
    today: date
    calendar: dict[date, int]
    streak_current: int
    streak_longest: int
    forecast: list[int]
    overdue: int
    retention_young: Retention
    retention_mature: Retention
    desired_retention: float
    states: dict[str, int]
    average_retrievability: float | None
    time_today_ms: int
    time_week_ms: int
    time_total_ms: int
    reviews_today: int
    reviews_total: int
    due_now: int
    roadmap: list[GuideProgress]
    checklist: Progress
    next_up: list[tuple[Section, Item]] = field(default_factory=list)
    memory_model: MemoryModelFigures | None = None

    @property
    def has_reviews(self) -> bool:
        return self.reviews_total > 0

    def as_json(self) -> dict:
        return {
            "checklist": self.checklist.as_dict(),
            "roadmap": [{"guide": g.guide_id, **g.progress.as_dict()} for g in self.roadmap],
            "reviews": {"today": self.reviews_today, "total": self.reviews_total},
            "cards": {k: self.states[k] for k in ("new", "learning", "review", "relearning", "total")},
            "due_now": self.due_now,
            "streak": {"current": self.streak_current, "longest": self.streak_longest},
            "retention": {
                "young": _rounded(self.retention_young.rate),
                "mature": _rounded(self.retention_mature.rate),
                "days": RETENTION_DAYS,
            },
            "forecast": self.forecast,
            "time_ms": {"today": self.time_today_ms, "week": self.time_week_ms, "total": self.time_total_ms},
            "memory_model": self.memory_model.as_json() if self.memory_model else None,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _interval_days(record: CardRecord) -> float:
    card = record.card
    if card.last_review is None:
        return 0.0
    return (card.due - card.last_review).total_seconds() / 86400


def compute(
    content: Library,
    checklist: Mapping[str, str],
    days: Mapping[date, DayTotals],
    records: Mapping[str, CardRecord],
    scheduler: ReplayableScheduler,
    day: StudyDay,
    now: datetime,
) -> Figures:
    """`days` are the journal's per-day totals (stats/daily.py)."""
    today = day.day_of(now)
    deck = [card.id for d in content.decks for card in d.cards]
    per_day = {d: t.answers for d, t in days.items() if t.answers}

    start = first_day(today)
    calendar = {d: n for d, n in per_day.items() if d >= start}
    current, longest = _streaks(set(per_day), today)

    forecast = [0] * FORECAST_DAYS
    overdue = 0
    for slug in deck:
        record = records.get(slug)
        if record is not None:
            offset = (day.day_of(record.due) - today).days
            overdue += offset < 0
            if offset < FORECAST_DAYS:
                forecast[max(0, offset)] += 1

    young, mature = _true_retention(days, today)

    states = {"new": 0, "learning": 0, "review": 0, "young": 0, "mature": 0, "relearning": 0}
    retrievabilities = []
    due_now = 0
    for slug in deck:
        record = records.get(slug)
        if record is None:
            states["new"] += 1
            continue
        states[record.state] += 1
        if record.card.state == State.Review:
            states["mature" if _interval_days(record) >= MATURE_DAYS else "young"] += 1
        retrievabilities.append(scheduler.get_card_retrievability(record.card, now))
        due_now += record.due <= now
    states["total"] = len(deck)

    week_start = today - timedelta(days=6)
    roadmap = [
        GuideProgress(
            guide.id,
            guide.title,
            progress_of(guide.all_item_ids, checklist),
            [SectionProgress(s, progress_of(s.all_item_ids, checklist)) for s in guide.sections if not s.note],
        )
        for guide in content.guides
    ]
    return Figures(
        today=today,
        calendar=calendar,
        streak_current=current,
        streak_longest=longest,
        forecast=forecast,
        overdue=overdue,
        retention_young=young,
        retention_mature=mature,
        desired_retention=scheduler.desired_retention,
        states=states,
        average_retrievability=sum(retrievabilities) / len(retrievabilities) if retrievabilities else None,
        time_today_ms=days[today].ms if today in days else 0,
        time_week_ms=sum(t.ms for d, t in days.items() if week_start <= d <= today),
        time_total_ms=sum(t.ms for t in days.values()),
        reviews_today=per_day.get(today, 0),
        reviews_total=sum(per_day.values()),
        due_now=due_now,
        roadmap=roadmap,
        checklist=progress_of(content.items, checklist),
        next_up=next_up(content, checklist),
    )


def figures_for(study: Study, checklist: Mapping[str, str], now: datetime | None = None) -> Figures:
    """The figures for an open study: the one entry point for the CLI and the TUI."""
    collection = study.collection
    now = now or study.clock()
    days = day_totals(collection.journal, study.day, collection.scheduler, now=now, write=not collection.readonly)
    figures = compute(study.content, checklist, days, collection.records, collection.scheduler, study.day, now)
    figures.memory_model = memory_model_figures(study)
    return figures


def _streaks(days: set[date], today: date) -> tuple[int, int]:
    """Current run (still alive today if yesterday counted) and the longest run ever."""
    start = today if today in days else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in days:
        current += 1
    longest = run = 0
    previous = None
    for d in sorted(days):
        run = run + 1 if previous is not None and d - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = d
    return current, longest


def _true_retention(days: Mapping[date, DayTotals], today: date) -> tuple[Retention, Retention]:
    """Anki's true retention over the last RETENTION_DAYS: the pass rate (Hard, Good or Easy)
    of each review-state card's first answer of the day, split by the interval it had been
    given (under MATURE_DAYS: young)."""
    start = today - timedelta(days=RETENTION_DAYS - 1)
    window = [t for d, t in days.items() if start <= d <= today]
    young = (sum(t.young_passed for t in window), sum(t.young for t in window))
    mature = (sum(t.mature_passed for t in window), sum(t.mature for t in window))
    return tuple(Retention(p / n if n else None, p, n) for p, n in (young, mature))  # type: ignore[return-value]


def next_up(content: Library, checklist: Mapping[str, str], limit: int = NEXT_UP) -> list[tuple[Section, Item]]:
    """The first todo items of the first unfinished sections, in reading order."""
    found: list[tuple[Section, Item]] = []

    def walk(sections: list[Section]) -> None:
        for section in sections:
            if len(found) >= limit:
                return
            for item in section.items:
                if checklist.get(item.id, ItemState.TODO) == ItemState.TODO:
                    found.append((section, item))
                    break  # one per section, so "next up" spans the path ahead
            walk(section.sections)

    for guide in content.guides:
        walk(guide.sections)
    return found[:limit]

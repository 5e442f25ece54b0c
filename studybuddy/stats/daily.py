"""Per-day totals of the review log, kept on disk so the statistics cost the days shown.

The calendar, streaks, time spent, totals and true retention are all sums over days. This
module keeps those sums per study day in `stats-days.json` (derived data, like the due
index), stamped with how far into the journal they reach; each use folds in only the
journal's tail. The log stays the truth: a stamp that does not match, other day
settings, or an undo of an answer the totals already hold, and the totals are rebuilt
from the whole journal.

Journal lines from before 0.2 do not carry the interval a card had been given, which true
retention needs; for those, the rebuild replays the log once.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import CardRecord, apply_review, interval_given
from studybuddy.srs.journal import Journal, Review, Undo
from studybuddy.srs.limits import CardState
from studybuddy.srs.scheduling import ReplayableScheduler
from studybuddy.datadir import STATS_DAYS_NAME as TOTALS_NAME
from studybuddy.datadir import atomic_write

FORMAT = 1
MATURE_DAYS = 21


@dataclass(slots=True)
class DayTotals:
    answers: int = 0
    ms: int = 0
    # True retention: each review-state card's first answer of the day, passed / all,
    # split by the interval it had been given (under MATURE_DAYS: young).
    young_passed: int = 0
    young: int = 0
    mature_passed: int = 0
    mature: int = 0

    def as_list(self) -> list[int]:
        return [self.answers, self.ms, self.young_passed, self.young, self.mature_passed, self.mature]


@dataclass(slots=True)
class _State:
    days: dict[date, DayTotals]
    seq: int  # the last journal seq folded in
    offset: int  # where the journal's unfolded tail starts
    last_day: date | None  # the latest day folded in, and the cards answered on it
    seen: set[str]


def day_totals(
    journal: Journal, day: StudyDay, scheduler: ReplayableScheduler, *, now: datetime, write: bool
) -> dict[date, DayTotals]:
    """Every study day's totals, effective answers only (undone ones left out)."""
    path = journal.path.with_name(TOTALS_NAME)
    key = _key(day)
    state = _load(path, key)
    if state is not None:
        tail = journal.read(state.offset, now)
        events = tail.events
        if (events and events[0].seq != state.seq + 1) or any(
            isinstance(e, Undo) and e.undoes <= state.seq for e in events
        ) or any(isinstance(e, Review) and e.was == CardState.REVIEW and e.ivl is None for e in events):
            state = None  # the totals cannot take this tail: start again from the log
        else:
            _fold(state, events, day, intervals=None)
            state.offset = tail.end_offset
    if state is None:
        whole = journal.read(0, now)
        state = _State({}, 0, whole.end_offset, None, set())
        _fold(state, whole.events, day, intervals=_replayed_intervals(whole.events, scheduler))
    if write and not journal.readonly:
        try:
            atomic_write(path, _dump(state, key))
        except OSError:
            pass  # derived data: the next use rebuilds what was not saved
    return state.days


def _fold(state: _State, events: list[Review | Undo], day: StudyDay, intervals: dict[int, float | None] | None) -> None:
    undone = {e.undoes for e in events if isinstance(e, Undo)}
    for event in events:
        state.seq = max(state.seq, event.seq)
        if not isinstance(event, Review) or event.seq in undone:
            continue
        today = day.day_of(event.at)
        totals = state.days.setdefault(today, DayTotals())
        totals.answers += 1
        totals.ms += event.ms
        if today != state.last_day:
            if state.last_day is None or today > state.last_day:
                state.last_day, state.seen = today, set()
            first = True  # a day before the latest (the clock went back): counted as first
        else:
            first = event.card not in state.seen
        if today == state.last_day:
            state.seen.add(event.card)
        if first and event.was == CardState.REVIEW:
            ivl = event.ivl if intervals is None else intervals.get(event.seq, event.ivl)
            passed = event.rating >= 2
            if ivl is not None and ivl >= MATURE_DAYS:
                totals.mature += 1
                totals.mature_passed += passed
            else:
                totals.young += 1
                totals.young_passed += passed


def _replayed_intervals(events: list[Review | Undo], scheduler: ReplayableScheduler) -> dict[int, float | None] | None:
    """Each review's given interval, by replaying the log, when some line lacks it."""
    reviews = [e for e in events if isinstance(e, Review)]
    if all(r.ivl is not None or r.was != CardState.REVIEW for r in reviews):
        return None
    undone = {e.undoes for e in events if isinstance(e, Undo)}
    records: dict[str, CardRecord] = {}
    intervals: dict[int, float | None] = {}
    for review in reviews:
        if review.seq in undone:
            continue
        previous = records.get(review.card)
        intervals[review.seq] = review.ivl if review.ivl is not None else interval_given(previous)
        records[review.card] = apply_review(scheduler, previous, review.card, review.rating, review.at)
    return intervals


def _key(day: StudyDay) -> str:
    """What decides which day an answer falls on: the rollover hour and the time zone."""
    if day.zone is not None:
        return f"{day.rollover_hour}:{getattr(day.zone, 'key', None) or day.zone}"
    return f"{day.rollover_hour}:{os.environ.get('TZ', '')}:{'/'.join(time.tzname)}"


def _load(path: Path, key: str) -> _State | None:
    try:
        raw: Any = json.loads(path.read_bytes())
        if raw["format"] != FORMAT or raw["days_key"] != key:
            return None
        days = {date.fromisoformat(d): DayTotals(*map(int, values)) for d, values in raw["days"].items()}
        last = raw["last_day"]
        return _State(days, int(raw["seq"]), int(raw["offset"]), date.fromisoformat(last) if last else None, set(raw["seen"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _dump(state: _State, key: str) -> bytes:
    return json.dumps(
        {
            "format": FORMAT,
            "days_key": key,
            "seq": state.seq,
            "offset": state.offset,
            "last_day": state.last_day.isoformat() if state.last_day else None,
            "seen": sorted(state.seen),
            "days": {d.isoformat(): t.as_list() for d, t in sorted(state.days.items())},
        },
        separators=(",", ":"),
    ).encode()

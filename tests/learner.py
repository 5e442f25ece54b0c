"""A simulated learner for the optimizer's tests: it answers a StudyBuddy collection day by
day, remembering each card with the probability its own (true) FSRS parameters give."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from unittest import mock

from fsrs import Card, Rating, Scheduler

from studybuddy.srs.collection import Collection
from studybuddy.srs.scheduling import LEARNING_STEPS, RELEARNING_STEPS, make_scheduler
from studybuddy.srs.clock import StudyDay

UTC = timezone.utc
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
DEFAULTS = Scheduler().parameters


def slow_learner() -> tuple[float, ...]:
    """Lower initial stabilities and half the stability growth on recall (w8)."""
    w = list(DEFAULTS)
    for i in range(4):
        w[i] *= 0.4
    w[8] *= 0.5
    return tuple(w)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Learner:
    true_parameters: tuple[float, ...]
    seed: int = 7

    def __post_init__(self):
        self.truth = Scheduler(
            parameters=self.true_parameters, learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=False
        )
        self.rng = random.Random(self.seed)
        self.memory: dict[str, Card] = {}

    def rating(self, slug: str, now: datetime) -> int:
        card = self.memory.get(slug)
        if card is None:
            return self.rng.choices((1, 2, 3, 4), weights=(20, 10, 60, 10))[0]
        if self.rng.random() >= self.truth.get_card_retrievability(card, now):
            return 1
        return self.rng.choices((2, 3, 4), weights=(10, 80, 10))[0]

    def answer(self, col: Collection, slug: str, now: datetime) -> None:
        rating = self.rating(slug, now)
        card = self.memory.get(slug) or Card(card_id=len(self.memory) + 1, due=now)
        self.memory[slug], _ = self.truth.review_card(card, Rating(rating), now)
        col.answer(slug, rating)

    def study(self, directory, days: int, cards: int = 150, new_per_day: int = 10, parameters=None) -> Collection:
        """Open a collection in `directory` and study it for `days` days; returns it open.
        The journal is written as the app writes it, less the fsync of each line: a year of
        answers is thousands of them, and durability is tested elsewhere."""
        with mock.patch("studybuddy.srs.journal.os.fsync"):
            return self._study(directory, days, cards, new_per_day, parameters)

    def _study(self, directory, days, cards, new_per_day, parameters) -> Collection:
        clock = Clock(START)
        directory.mkdir(parents=True, exist_ok=True)
        col = Collection.open(directory, make_scheduler(0.9, parameters), clock=clock)
        unseen = [f"card-{i:03d}" for i in range(cards)]
        for day in range(days):
            morning = START + timedelta(days=day)
            end = morning + timedelta(hours=19)  # the study day ends at 4 am
            clock.now = morning
            for slug in unseen[:new_per_day]:
                self.answer(col, slug, clock.now)
            del unseen[:new_per_day]
            while True:
                due = [(r.due, slug) for slug, r in col.records.items() if r.due < end]
                if not due:
                    break
                when, slug = min(due)
                clock.now = max(clock.now, when) + timedelta(seconds=30)
                self.answer(col, slug, clock.now)
        return col


STUDY_DAY = StudyDay(4, UTC)

"""The review journal as FSRS training items, by fsrs-rs's rules (as Anki builds them).

Per card, its answers in order with undone answers left out. `delta_t` is the number of
the user's study days (local, with the rollover hour) since the card's previous answer, so
two answers on one study day are 0 days apart even across midnight. Each answer on a later
day than the one before it is one thing to predict: an item is the card's history up to
and including that answer. Same-day answers stay in the history (fsrs-rs models the
short-term effect), but are never predicted themselves. StudyBuddy has no suspend and no
"forget" (reset), so every answer since a card's first belongs to its history; a reverse
card has its own slug and is an ordinary card here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import effective_reviews
from studybuddy.srs.journal import Review, Undo


@dataclass(frozen=True, slots=True)
class Sample:
    """One answer to predict: the card's history up to and including it. The samples of a
    card share its whole history (a card answered n times would otherwise hold n²/2 pairs,
    and a big collection's millions of objects stall the garbage collector)."""

    card: str
    at: datetime  # when the predicted (last) answer was given
    history: tuple[tuple[int, int], ...]  # the card's (rating, delta_t in days), all of them
    end: int  # this sample's answers are history[:end]

    @property
    def reviews(self) -> tuple[tuple[int, int], ...]:
        """(rating, delta_t in days) up to and including the predicted answer; the first has delta_t 0."""
        return self.history[: self.end]

    @property
    def recalled(self) -> bool:
        return self.history[self.end - 1][0] > 1


@dataclass(frozen=True, slots=True)
class History:
    samples: list[Sample]  # ordered by the time of the predicted answer
    reviews: int  # effective answers in the journal
    cards: int  # cards with at least one answer


def card_histories(events: Iterable[Review | Undo], day: StudyDay) -> dict[str, list[tuple[int, int, datetime]]]:
    """Per card: (rating, delta_t, time) of each effective answer, in order."""
    out: dict[str, list[tuple[int, int, datetime]]] = {}
    last_day = {}
    for review in sorted(effective_reviews(list(events)), key=lambda r: (r.at, r.seq)):
        today = day.day_of(review.at)
        before = last_day.get(review.card)
        delta = 0 if before is None else max(0, (today - before).days)
        out.setdefault(review.card, []).append((review.rating, delta, review.at))
        last_day[review.card] = today
    return out


def history(events: Iterable[Review | Undo], day: StudyDay) -> History:
    cards = card_histories(events, day)
    samples = []
    for slug, answers in cards.items():
        steps = tuple((rating, delta) for rating, delta, _ in answers)
        for index, (_, delta, at) in enumerate(answers):
            if index > 0 and delta > 0:
                samples.append(Sample(slug, at, steps, index + 1))
    samples.sort(key=lambda s: s.at)
    return History(samples, sum(len(a) for a in cards.values()), len(cards))


def fsrs_items(samples: Iterable[Sample]) -> list:
    """fsrs-rs FSRSItems for the samples (imported here: only the optimizer needs fsrs-rs)."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [FSRSItem([FSRSReview(rating, delta) for rating, delta in s.history[: s.end]]) for s in samples]

"""Today's queue: which card to show next, in Anki's order.

1. learning and relearning cards once they are due;
2. review cards due today, most overdue first, up to the review limit;
3. new cards in deck order, up to the new-card limit (cards started today count).
When only learning cards remain and none is due, one due within 20 minutes is shown early.

The queue is built once per session in O(cards) and then updated per answer in O(log n),
so answering stays fast at any collection size.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studybuddy.settings import Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import CardRecord, Collection
from studybuddy.srs.limits import CardState, room_today

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class Counts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class Next:
    slug: str
    kind: CardState  # new, learning (relearning too) or review
    early: bool = False


class DailyQueue:
    def __init__(
        self,
        collection: Collection,
        deck_order: Sequence[str],
        settings: Settings,
        day: StudyDay,
        *,
        scope: Iterable[str] | None = None,
        ignore_new_limit: bool = False,
    ):
        """`deck_order` is every card slug the content has, in order. With `scope`, only those
        cards are studied; `ignore_new_limit` lets the user study past the daily new limit."""
        self.collection = collection
        self.settings = settings
        self.day = day
        self._deck_order = list(deck_order)
        self._scope = set(scope) if scope is not None else None
        self._ignore_new_limit = ignore_new_limit
        self._front: str | None = None
        self._known = set(self._deck_order)
        self.scoped = scope is not None or ignore_new_limit
        self.rebuild()

    def rebuild(self) -> None:
        now = self.collection.clock()
        self.day_start, self.day_end = self.day.bounds(now)
        new_room, review_room = room_today(self.settings, (r.was for r in self.collection.recent if r.at >= self.day_start))
        in_scope = (lambda s: True) if self._scope is None else self._scope.__contains__
        known = self._known
        records = self.collection.records
        self._learning: list[tuple[datetime, str]] = []
        reviews: list[tuple[datetime, str]] = []
        for slug, record in records.items():
            if slug not in known or not in_scope(slug):
                continue  # a card no longer in the content keeps its history but is not shown
            if record.state.learning:
                self._learning.append((record.due, slug))
            elif record.due < self.day_end:
                reviews.append((record.due, slug))
        heapq.heapify(self._learning)
        reviews.sort()
        self._reviews = [slug for _, slug in reviews[:review_room]]
        self._reviews.reverse()  # pop from the end: most overdue last in the list
        new = [s for s in self._deck_order if s not in records and in_scope(s)]
        if not self._ignore_new_limit:
            new = new[:new_room]
        self._new = list(reversed(new))

    # -- reading -----------------------------------------------------------------------

    def counts(self) -> Counts:
        return Counts(len(self._new), len(self._learning), len(self._reviews))

    def due_count(self) -> int:
        """Cards that could be shown right now: learning cards that are due, and reviews."""
        now = self.collection.clock()
        return sum(1 for due, _ in self._learning if due <= now) + len(self._reviews)

    def next(self) -> Next | None:
        now = self.collection.clock()
        if self._front is not None:
            slug = self._front
            return Next(slug, self._kind_of(slug))
        if self._learning and self._learning[0][0] <= now:
            return Next(self._learning[0][1], CardState.LEARNING)
        if self._reviews:
            return Next(self._reviews[-1], CardState.REVIEW)
        if self._new:
            return Next(self._new[-1], CardState.NEW)
        if self._learning and self._learning[0][0] <= now + LEARN_AHEAD:
            return Next(self._learning[0][1], CardState.LEARNING, early=True)
        return None

    def next_due(self) -> datetime | None:
        """When the next card comes due, for "come back at ..." once the queue is empty."""
        if self._learning:
            return self._learning[0][0]
        known = set(self._deck_order)
        dues = [
            r.due
            for s, r in self.collection.records.items()
            if s in known and (self._scope is None or s in self._scope)
        ]
        if any(d < self.day_end for d in dues):
            return self.day_end  # held back by today's review limit: back tomorrow
        return min(dues, default=None)

    def _kind_of(self, slug: str) -> CardState:
        state = self.collection.state_of(slug)
        return CardState.LEARNING if state.learning else state

    # -- changing ----------------------------------------------------------------------

    def answered(self, slug: str, record: CardRecord) -> None:
        """Move an answered card out of its list, and back into learning if it needs to."""
        self._front = None
        if self._reviews and self._reviews[-1] == slug:
            self._reviews.pop()
        elif self._new and self._new[-1] == slug:
            self._new.pop()
        elif self._learning and self._learning[0][1] == slug:
            heapq.heappop(self._learning)  # the usual case: next() offered the heap's top
        else:
            self._learning = [(d, s) for d, s in self._learning if s != slug]
            heapq.heapify(self._learning)
        if record.state.learning:
            heapq.heappush(self._learning, (record.due, slug))

    def undone(self, slug: str) -> None:
        """After an undo: the card goes back to the list its restored state belongs in, and is
        shown again first. Touches that one card, so undo costs the same at any size."""
        if slug not in self._known or (self._scope is not None and slug not in self._scope):
            return
        for lst in (self._reviews, self._new):
            if slug in lst:
                lst.remove(slug)
        if any(s == slug for _, s in self._learning):
            self._learning = [(d, s) for d, s in self._learning if s != slug]
            heapq.heapify(self._learning)
        state = self.collection.state_of(slug)
        if state.learning:
            heapq.heappush(self._learning, (self.collection.records[slug].due, slug))
        elif state == CardState.NEW:
            self._new.append(slug)  # the new-card room it used is free again
        else:
            self._reviews.append(slug)
        self._front = slug

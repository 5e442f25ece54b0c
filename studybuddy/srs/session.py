"""One review session: the queue, the answers given, undo, the tally, and when to snapshot.

The review screen renders a `ReviewSession` and forwards keys to it; everything that has to
stay true whatever the screen looks like (an answer is on disk before the next card shows,
undo takes back exactly the last answer, the tally matches the journal) lives here, where
plain unit tests reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from time import monotonic

from fsrs import Rating

from studybuddy.content import Term
from studybuddy.srs.queue import Counts, DailyQueue, Next
from studybuddy.srs.study import Study
from studybuddy.store import StoreWriteError

# After this long without an answer the snapshot is brought up to date in the background.
IDLE_SNAPSHOT_SECONDS = 20.0
# Time spent on one card counts at most this much: a card left on screen over lunch is not study.
MAX_COUNTED_MS = 60_000


@dataclass
class Tally:
    """What this session did, kept in step with answers and undos."""

    history: list[tuple[str, Rating, int]] = field(default_factory=list)  # (card, rating, ms)

    @property
    def answers(self) -> int:
        return len(self.history)

    @property
    def cards(self) -> int:
        return len({card for card, _, _ in self.history})

    @property
    def again(self) -> int:
        return sum(1 for _, rating, _ in self.history if rating == Rating.Again)

    @property
    def ms(self) -> int:
        return sum(ms for _, _, ms in self.history)


@dataclass(frozen=True)
class Summary:
    cards: int
    answers: int
    again_rate: float | None  # None before the first answer
    ms: int
    next_due: str


@dataclass(frozen=True)
class Undone:
    card: str
    term: str
    rating: Rating


class ReviewSession:
    def __init__(
        self,
        study: Study,
        scope: Iterable[str] | None = None,
        title: str = "Today's review",
        *,
        timer: Callable[[], float] | None = None,
    ) -> None:
        self.study = study
        self.title = title
        self.queue: DailyQueue = study.queue(scope=scope, ignore_new_limit=scope is not None)
        self.tally = Tally()
        self.current: Next | None = None
        # Looked up at each call, so tests can pin the module's clock.
        self._timer = timer or (lambda: monotonic())
        self._shown_at = self._timer()
        self.advance()

    # -- what is on screen -------------------------------------------------------------

    def advance(self) -> Next | None:
        """Move to the next card (None when the session is done) and start its clock."""
        self.current = self.queue.next()
        self._shown_at = self._timer()
        return self.current

    @property
    def card(self) -> Term | None:
        return None if self.current is None else self.study.content.cards[self.current.slug]

    @property
    def finished(self) -> bool:
        return self.current is None

    def counts(self) -> Counts:
        return self.queue.counts()

    def preview(self) -> dict[Rating, timedelta]:
        """The interval each grade would give the current card."""
        assert self.current is not None
        previews = self.study.collection.preview(self.current.slug)
        return {Rating(rating): gap for rating, gap in previews.items()}

    def source(self) -> str:
        """Where the current card comes from: "Guide › Section", or "" for a card of no section."""
        card = self.card
        if card is None or not card.sections:
            return ""
        library = self.study.content
        section = library.sections[card.sections[0]]
        return f"{library.guide_by_id(section.guide_id).title} › {section.title}"

    # -- answering ---------------------------------------------------------------------

    def answer(self, rating: Rating) -> None:
        """Record the grade for the current card (durably) and move on.

        Raises StoreWriteError with nothing changed when the journal cannot be written, so
        the card stays current and can be answered again.
        """
        assert self.current is not None
        if self.study.rescheduling:
            raise StoreWriteError("your cards are being rescheduled under the new settings; answer again in a moment")
        rating = Rating(rating)
        slug = self.current.slug
        ms = int((self._timer() - self._shown_at) * 1000)
        record = self.study.collection.answer(slug, int(rating), ms)
        self.queue.answered(slug, record)
        self.tally.history.append((slug, rating, min(ms, MAX_COUNTED_MS)))
        self.advance()

    @property
    def can_undo(self) -> bool:
        return self.study.collection.can_undo

    def undo(self) -> Undone | None:
        """Take back the last answer (of this session or an earlier one); the card shows again."""
        if self.study.rescheduling:
            raise StoreWriteError("your cards are being rescheduled under the new settings; try again in a moment")
        event = self.study.collection.undo()
        if event is None:
            return None
        self.queue.undone(event.card)
        for index in range(len(self.tally.history) - 1, -1, -1):
            if self.tally.history[index][0] == event.card:
                del self.tally.history[index]
                break
        self.advance()
        card = self.study.content.cards.get(event.card)
        return Undone(event.card, card.term if card else event.card, Rating(event.rating))

    def summary(self) -> Summary:
        tally = self.tally
        return Summary(
            cards=tally.cards,
            answers=tally.answers,
            again_rate=tally.again / tally.answers if tally.answers else None,
            ms=tally.ms,
            next_due=self.study.next_due_text(self.queue.next_due()),
        )

    # -- durability off the keypress path ----------------------------------------------

    def snapshot_job(self) -> Callable[[], None] | None:
        """A function that brings the schedule snapshot up to date, for a worker thread, or
        None when it is current. What it writes is taken now, on the caller's thread, so
        answers may go on meanwhile. (The due index is left to the app's exit: rebuilding it
        walks every card, and in a worker that would hold the GIL against the next answer.)"""
        collection = self.study.collection
        if not collection.snapshot_stale or collection.readonly:
            return None
        data = collection.snapshot_data()

        def write() -> None:
            try:
                collection.write_snapshot(data)
            except StoreWriteError:
                pass  # the journal holds every answer; the snapshot is only a shortcut

        return write

    def due_now(self) -> tuple[int, int] | None:
        """(cards due now, new cards left today) for today's whole review, from this
        session's queue: the browser's header without building a second queue. None for a
        session of a section's terms, whose queue is not the day's."""
        if self.queue.scoped:
            return None
        return self.queue.due_count(), self.queue.counts().new

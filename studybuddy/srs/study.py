"""The review side wired together: content cards, the collection, settings and the study day.

The TUI and the CLI both go through this, so `studybuddy due` and the review screen can
never disagree about what is due.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from studybuddy.content import Library
from studybuddy.settings import Settings
from studybuddy.srs.clock import Clock, StudyDay, system_clock
from studybuddy.srs.collection import Collection, Replayed
from studybuddy.srs.due_index import write_due_index
from studybuddy.srs.queue import DailyQueue
from studybuddy.srs.scheduling import ReplayableScheduler, make_scheduler

if TYPE_CHECKING:
    from studybuddy.srs.optimizer import Optimization, Progress


class Study:
    def __init__(self, content: Library, collection: Collection, settings: Settings, day: StudyDay):
        self.content = content
        self.collection = collection
        self.settings = settings
        self.day = day
        self.deck_order = [card.id for deck in content.decks for card in deck.cards]
        self.rescheduling = False
        self._position = {slug: index for index, slug in enumerate(self.deck_order)}

    @classmethod
    def open(
        cls,
        content: Library,
        directory: Path,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        readonly: bool = False,
        day: StudyDay | None = None,
    ) -> Study:
        day = day or StudyDay(settings.rollover_hour)
        start, _ = day.bounds(clock())
        collection = Collection.open(
            directory,
            scheduler_for(settings),
            clock=clock,
            readonly=readonly,
            recent_since=start - timedelta(days=1),
        )
        return cls(content, collection, settings, day)

    @property
    def clock(self) -> Clock:
        return self.collection.clock

    def queue(self, scope: Iterable[str] | None = None, ignore_new_limit: bool = False) -> DailyQueue:
        return DailyQueue(
            self.collection, self.deck_order, self.settings, self.day, scope=scope, ignore_new_limit=ignore_new_limit
        )

    def section_cards(self, section_id: str) -> list[str]:
        """Card slugs that belong to a section or any section below it, in deck order."""
        return sorted(self.content.cards_under(section_id), key=self._position.__getitem__)

    def apply_settings(self, settings: Settings) -> Callable[[], Replayed] | None:
        """Take new settings. When they change how cards are scheduled, returns the replay
        of the log under them, to run in a worker; until `adopt` takes its result, answers
        are refused (`rescheduling`), so none can be lost between the two."""
        replay: Callable[[], Replayed] | None = None
        if (settings.desired_retention, settings.parameters) != (self.settings.desired_retention, self.settings.parameters):
            scheduler = scheduler_for(settings)
            collection = self.collection
            self.rescheduling = True
            replay = lambda: collection.replayed(scheduler)  # noqa: E731
        if settings.rollover_hour != self.settings.rollover_hour:
            self.day = StudyDay(settings.rollover_hour, self.day.zone)
        self.settings = settings
        return replay

    def adopt(self, replayed: Replayed) -> None:
        if not self.collection.adopt(replayed):  # cannot happen while answers are refused
            self.collection.reschedule(replayed.scheduler)
        self.rescheduling = False

    def optimize(self, progress: Progress = lambda _: None) -> Optimization:
        """Fit the memory model to the whole journal and score it (srs/optimizer.py). Reads
        the journal read-only and changes nothing, so a worker thread may wait for it; raises
        NotEnoughHistory on a short history. Adopting is `apply_settings` with its model."""
        from studybuddy.srs.optimizer import optimize_in_child

        # In a child process: the fit holds the GIL too long for a worker thread (see there).
        return optimize_in_child(
            self.collection.journal.path, self.day, self.settings.parameters, self.day.day_of(self.clock()), progress
        )

    def write_due_index(self) -> bool:
        """Leave `studybuddy due` a quick answer (see srs/due_index.py); best effort."""
        return self.due_index_job()()

    def due_index_job(self) -> Callable[[], bool]:
        """`write_due_index` for a worker thread: what it reads is copied now, on this one."""
        collection = self.collection
        return partial(
            write_due_index,
            collection.directory,
            content_key=self.content.fingerprint,
            deck_order=self.deck_order,
            retention=self.settings.desired_retention,
            parameters=self.settings.parameters,
            records=dict(collection.records),
            recent=list(collection.recent),
            journal_offset=collection.journal_offset,
        )

    def due_now(self) -> tuple[int, int]:
        """(cards due now, new cards left today), as the queue would offer them."""
        queue = self.queue()
        return queue.due_count(), queue.counts().new

    def next_due_text(self, when: datetime | None) -> str:
        return describe_due(when, self.clock())


def scheduler_for(settings: Settings) -> ReplayableScheduler:
    """The scheduler the settings put in force. Parameters that fsrs refuses (only a hand-
    edited database can hold them: the optimizer keeps to fsrs's bounds) give the defaults."""
    try:
        return make_scheduler(settings.desired_retention, settings.parameters)
    except ValueError:
        return make_scheduler(settings.desired_retention)


def describe_due(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "No cards are scheduled yet."
    delta = when - now
    if delta <= timedelta(0):
        return "More cards are due now."
    local = when.astimezone()
    if delta < timedelta(hours=1):
        return f"The next card is due in {max(1, round(delta.total_seconds() / 60))} min ({local:%H:%M})."
    if delta < timedelta(hours=20):
        return f"The next card is due at {local:%H:%M}."
    return f"The next card is due on {local:%a %d %b} at {local:%H:%M}."

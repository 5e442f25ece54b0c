"""The learner's cards: the schedule of every reviewed card, kept equal to the replayed log.

The journal is the truth. `schedule.json` (a TinyDB file) is a snapshot of the schedules and
records how far into the journal it reaches; opening loads it and replays only the journal
past that point. The snapshot is rewritten atomically off the keypress path (when idle, on
leaving the review screen, on exit), so an answer costs one fsync'd line at any size.
A snapshot that is missing, damaged, or made under other scheduler settings is rebuilt by
replaying the whole journal.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from studybuddy.srs.clock import Clock, system_clock
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import FUTURE_SLACK, JOURNAL_NAME, Journal, Review, Undo
from studybuddy.srs.limits import CardState
from studybuddy.srs.scheduling import (
    Card,
    Rating,
    ReplayableScheduler,
    ReviewLog,
    State,
    new_card,
)
from studybuddy.datadir import SNAPSHOT_NAME, atomic_write, set_aside
from studybuddy.srs.snapshot_storage import ScheduleStorage, changes_path
from studybuddy.store.errors import StoreWriteError

SNAPSHOT_VERSION = 1
STATE_NAMES = {State.Learning: CardState.LEARNING, State.Review: CardState.REVIEW, State.Relearning: CardState.RELEARNING}
# An answer longer than this is someone who walked away; Anki caps answer time the same way.
MAX_ANSWER_MS = 60_000


@dataclass(frozen=True, slots=True)
class CardRecord:
    """One reviewed card. Replaced, never mutated, so a snapshot can be written from a copy."""

    slug: str
    card: Card
    first_review: datetime
    reps: int
    lapses: int

    @property
    def state(self) -> CardState:
        return STATE_NAMES[self.card.state]

    @property
    def due(self) -> datetime:
        return self.card.due


def interval_given(record: CardRecord | None) -> float | None:
    """Days between the card's last review and the due date that review gave it."""
    if record is None or record.card.last_review is None:
        return None
    return (record.card.due - record.card.last_review).total_seconds() / 86400


def apply_review(scheduler: ReplayableScheduler, record: CardRecord | None, slug: str, rating: int, at: datetime) -> CardRecord:
    card = record.card if record else new_card(fsrs_id(slug))
    updated, _ = scheduler.review_card(card, Rating(rating), at)
    lapse = record is not None and record.card.state == State.Review and rating == Rating.Again
    return CardRecord(
        slug=slug,
        card=updated,
        first_review=record.first_review if record else at,
        reps=(record.reps if record else 0) + 1,
        lapses=(record.lapses if record else 0) + int(lapse),
    )


def replay(scheduler: ReplayableScheduler, events: list[Review | Undo]) -> dict[str, CardRecord]:
    """Every card's record from the whole log, undone answers left out."""
    undone = {e.undoes for e in events if isinstance(e, Undo)}
    records: dict[str, CardRecord] = {}
    for event in events:
        if isinstance(event, Review) and event.seq not in undone:
            records[event.card] = apply_review(scheduler, records.get(event.card), event.card, event.rating, event.at)
    return records


def effective_reviews(events: list[Review | Undo]) -> list[Review]:
    undone = {e.undoes for e in events if isinstance(e, Undo)}
    return [e for e in events if isinstance(e, Review) and e.seq not in undone]


def review_logs(reviews: list[Review]) -> dict[str, list[ReviewLog]]:
    """fsrs ReviewLogs per card slug, as the optimizer and reschedule_card take them."""
    logs: dict[str, list[ReviewLog]] = {}
    for r in reviews:
        logs.setdefault(r.card, []).append(ReviewLog(fsrs_id(r.card), Rating(r.rating), r.at, r.ms))
    return logs


def _card_to_doc(record: CardRecord) -> dict[str, Any]:
    c = record.card
    return {
        "card": record.slug,
        "id": c.card_id,
        "state": int(c.state),
        "step": c.step,
        "stability": c.stability,
        "difficulty": c.difficulty,
        "due": c.due.isoformat(),
        "last_review": c.last_review.isoformat() if c.last_review else None,
        "first_review": record.first_review.isoformat(),
        "reps": record.reps,
        "lapses": record.lapses,
    }


def _card_from_doc(doc: dict[str, Any]) -> CardRecord:
    last = doc["last_review"]
    card = Card(
        card_id=int(doc["id"]),
        state=State(int(doc["state"])),
        step=doc["step"],
        stability=doc["stability"],
        difficulty=doc["difficulty"],
        due=datetime.fromisoformat(doc["due"]),
        last_review=datetime.fromisoformat(last) if last else None,
    )
    if any(t is not None and t.utcoffset() is None for t in (card.due, card.last_review)):
        raise ValueError("a time without a time zone")
    return CardRecord(
        slug=str(doc["card"]),
        card=card,
        first_review=datetime.fromisoformat(doc["first_review"]),
        reps=int(doc["reps"]),
        lapses=int(doc["lapses"]),
    )


@dataclass(frozen=True, slots=True)
class Replayed:
    scheduler: ReplayableScheduler
    records: dict[str, CardRecord]
    last_seq: int
    offset: int


# Past this size the changes file is folded into a new base when the app closes.
COMPACT_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class SnapshotData:
    """What a snapshot write needs, taken on the main thread: every record for a full
    write, or only the changed ones (None for a card that is new again) for an append."""

    records: dict[str, CardRecord | None]
    seq: int
    offset: int
    full: bool = True


class Collection:
    def __init__(self, directory: Path, scheduler: ReplayableScheduler, clock: Clock, readonly: bool):
        self.directory = directory
        self.scheduler = scheduler
        self.clock = clock
        self.readonly = readonly
        self.journal = Journal(directory / JOURNAL_NAME, readonly=readonly)
        self.records: dict[str, CardRecord] = {}
        self.problems: list[str] = []
        self.last_seq = 0
        self.journal_offset = 0
        self.snapshot_seq = 0
        # Answers of recent days (effective ones), for daily limits and session figures.
        self.recent: list[Review] = []
        self._undo: list[tuple[Review, CardRecord | None]] = []
        # Snapshot writes may come from a worker thread and the exit path at once.
        self._snapshot_lock = threading.Lock()
        # Cards changed since the snapshot was last written, and whether only a full write
        # will do (no base yet, or every schedule changed); see srs/snapshot_storage.py.
        self._changed: set[str] = set()
        self._full_needed = True
        self._base: str | None = None
        self._changes_size = 0

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        directory: Path,
        scheduler: ReplayableScheduler,
        *,
        clock: Clock = system_clock,
        readonly: bool = False,
        recent_since: datetime | None = None,
    ) -> Collection:
        col = cls(Path(directory), scheduler, clock, readonly)
        now = clock()
        since = recent_since or now - timedelta(days=2)
        if not col._load_snapshot(now):
            col._replay_everything(now, since)
            return col
        tail = col.journal.read(col.journal_offset, now)
        repaired = bool(tail.bad) and not readonly
        if repaired:
            # All past the snapshot's offset, so what was loaded stays true; the files on
            # disk that point into the journal are dropped (see below).
            col.journal.set_aside_bad(tail, now)
        col.problems.extend(tail.problems)
        expected = col.snapshot_seq + 1
        if tail.events and tail.events[0].seq != expected:
            col.problems.append("the schedule snapshot did not match the review journal; rebuilt it from the journal")
            col._replay_everything(now, since)
            return col
        for event in tail.events:
            if isinstance(event, Undo) and event.undoes <= col.snapshot_seq:
                # The undone answer is inside the snapshot: only a full replay can remove it.
                col._replay_everything(now, since)
                return col
        undone = {e.undoes for e in tail.events if isinstance(e, Undo)}
        for event in tail.events:
            if isinstance(event, Review) and event.seq not in undone:
                col.records[event.card] = apply_review(scheduler, col.records.get(event.card), event.card, event.rating, event.at)
                col._changed.add(event.card)
            col.last_seq = event.seq
        col.journal_offset = tail.end_offset
        col.recent = effective_reviews(col.journal.read_recent(since, now))
        if repaired:
            col.snapshot_seq, col._full_needed = -1, True  # no snapshot on disk now: write a whole one
        return col

    def _replay_everything(self, now: datetime, since: datetime) -> None:
        result = self.journal.read(0, now)
        if result.bad and not self.readonly:
            self.journal.set_aside_bad(result, now)
        self.problems.extend(result.problems)
        self.records = replay(self.scheduler, result.events)
        self.last_seq = max((e.seq for e in result.events), default=0)
        self.journal_offset = result.end_offset
        self.snapshot_seq = -1  # no snapshot matches: write one at the first chance
        self._full_needed = True
        self.recent = [r for r in effective_reviews(result.events) if r.at >= since]

    def _load_snapshot(self, now: datetime) -> bool:
        path = self.directory / SNAPSHOT_NAME
        if not path.exists():
            return False
        try:
            with TinyDB(path, storage=ScheduleStorage) as db:
                meta = db.table("meta").get(doc_id=1)
                if not isinstance(meta, dict):
                    raise ValueError("the snapshot has no meta document")
                if meta.get("schema_version") != SNAPSHOT_VERSION or meta.get("scheduler") != self.scheduler.key:
                    return False  # other settings or format: the journal rebuilds it exactly
                records = [_card_from_doc(doc) for doc in db.table("cards")]
                base = meta.get("base")
                if any(r.card.last_review and r.card.last_review > now + FUTURE_SLACK for r in records):
                    raise ValueError("a review dated in the future")
            seq, offset = int(meta["journal_seq"]), int(meta["journal_offset"])
        except OSError as err:
            self.problems.append(f"could not read {path}: {err.strerror}; rebuilt the schedule from the journal")
            return False
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            if not self.readonly:
                aside = set_aside(path, "corrupt", now=now)
                self.problems.append(
                    f"{path} could not be read ({type(err).__name__}); kept it as {aside.name} and rebuilt the schedule from the journal"
                )
            return False
        if offset > self.journal.size():
            self.problems.append("the review journal is shorter than the schedule snapshot expects; rebuilt it from the journal")
            return False
        self.records = {r.slug: r for r in records}
        self._base = base if isinstance(base, str) else None
        self._full_needed = self._base is None  # a snapshot from before 0.2 has no base id
        changes = changes_path(path)
        self._changes_size = changes.stat().st_size if changes.exists() else 0
        self.snapshot_seq = self.last_seq = seq
        self.journal_offset = offset
        return True

    # -- answering ---------------------------------------------------------------------

    def state_of(self, slug: str) -> CardState:
        record = self.records.get(slug)
        return record.state if record else CardState.NEW

    def answer(self, slug: str, rating: int, ms: int = 0) -> CardRecord:
        """Record an answer durably, then update the schedule. Raises StoreWriteError if not saved."""
        now = self.clock()
        record = self.records.get(slug)
        if record is not None and record.card.last_review and now < record.card.last_review:
            # The system clock went backwards: never schedule from before the last review.
            now = record.card.last_review
        event = Review(
            self.last_seq + 1, slug, int(rating), now, max(0, min(int(ms), MAX_ANSWER_MS)), self.state_of(slug),
            interval_given(record),
        )
        updated = apply_review(self.scheduler, record, slug, event.rating, now)
        self.journal.append(event)
        self.last_seq = event.seq
        self.journal_offset = self.journal.size()
        self.records[slug] = updated
        self._changed.add(slug)
        self.recent.append(event)
        self._undo.append((event, record))
        return updated

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Review | None:
        """Take back the last answer of this session; the log records the undo. Returns it."""
        if not self._undo:
            return None
        event, previous = self._undo[-1]
        self.journal.append(Undo(self.last_seq + 1, event.seq, self.clock()))
        self._undo.pop()
        self.last_seq += 1
        self.journal_offset = self.journal.size()
        if previous is None:
            del self.records[event.card]
        else:
            self.records[event.card] = previous
        self._changed.add(event.card)
        self.recent = [r for r in self.recent if r.seq != event.seq]
        return event

    def preview(self, slug: str, now: datetime | None = None) -> dict[int, timedelta]:
        """The interval each rating would give now, exactly as answering would."""
        now = now or self.clock()
        record = self.records.get(slug)
        if record is not None and record.card.last_review and now < record.card.last_review:
            now = record.card.last_review
        card = record.card if record else new_card(fsrs_id(slug))
        return {r: self.scheduler.review_card(card, Rating(r), now)[0].due - now for r in (1, 2, 3, 4)}

    # -- snapshot ----------------------------------------------------------------------

    @property
    def snapshot_stale(self) -> bool:
        return self.snapshot_seq != self.last_seq

    def snapshot_data(self, *, compact: bool = False) -> SnapshotData:
        """Taken on the thread that answers, so it matches the journal position exactly."""
        if self._full_needed or compact:
            return SnapshotData(dict(self.records), self.last_seq, self.journal_offset, full=True)
        changed = {slug: self.records.get(slug) for slug in self._changed}
        self._changed = set()
        return SnapshotData(changed, self.last_seq, self.journal_offset, full=False)

    def write_snapshot(self, data: SnapshotData) -> None:
        """Write a snapshot atomically. Safe to call from a worker thread."""
        if self.readonly:
            return
        meta: dict[str, Any] = {
            "schema_version": SNAPSHOT_VERSION,
            "scheduler": self.scheduler.key,
            "journal_seq": data.seq,
            "journal_offset": data.offset,
            "written_at": datetime.now(timezone.utc).isoformat(),
        }
        path = self.directory / SNAPSHOT_NAME
        with self._snapshot_lock:
            if data.seq < self.snapshot_seq:
                if not data.full:
                    self._full_needed = True  # its changes are not on disk: the next write has all
                return  # a newer snapshot got there first
            try:
                with TinyDB(path, storage=ScheduleStorage) as db:
                    storage: ScheduleStorage = db.storage  # type: ignore[assignment]
                    if data.full:
                        # The whole database at once: a snapshot replaces both tables together,
                        # which table-by-table TinyDB calls could not do atomically.
                        base = uuid.uuid4().hex
                        storage.write({"meta": {"1": {**meta, "base": base}}, "cards": map(_card_to_doc, data.records.values())})
                        self._base, self._changes_size, self._full_needed = base, 0, False
                    else:
                        assert self._base is not None
                        docs = {slug: None if r is None else _card_to_doc(r) for slug, r in data.records.items()}
                        self._changes_size = storage.append_changes(self._base, meta, docs)
            except OSError as err:
                self._full_needed = True  # the changed cards taken for this write are not saved
                raise StoreWriteError(f"could not save {path}: {err.strerror or err}") from err
            self.snapshot_seq = data.seq

    def save(self) -> None:
        """On closing: bring the snapshot up to date, folding a long changes file into a new base."""
        if self.readonly:
            return
        compact = self._changes_size > COMPACT_BYTES
        if self.snapshot_stale or compact:
            self.write_snapshot(self.snapshot_data(compact=compact))

    def reschedule(self, scheduler: ReplayableScheduler) -> None:
        """Adopt new scheduler settings: every schedule is replayed from the log under them."""
        self.adopt(self.replayed(scheduler))

    def replayed(self, scheduler: ReplayableScheduler) -> Replayed:
        """Every schedule replayed from the log under `scheduler`, changing nothing here: it
        may run in a worker thread while answers are held back (see `adopt`)."""
        result = Journal(self.journal.path, readonly=True).read(0, self.clock())
        last = max((e.seq for e in result.events), default=0)
        return Replayed(scheduler, replay(scheduler, result.events), last, result.end_offset)

    def adopt(self, replayed: Replayed) -> bool:
        """Switch to a replay's schedules; False (nothing changed) if the log moved on since."""
        if replayed.last_seq != self.last_seq or replayed.offset != self.journal_offset:
            return False
        self.scheduler = replayed.scheduler
        self.records = replayed.records
        self.snapshot_seq = -1
        self._full_needed = True
        self._undo.clear()  # an undo would restore a schedule made under the old settings
        return True

    def close(self) -> None:
        self.journal.close()

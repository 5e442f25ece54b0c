"""The review journal: the review log as an append-only file of JSON lines, one per event.

An answer is one short line appended and fsync'd, so making it durable costs the same at
any collection size. A crash can only tear the line being written, which was never
acknowledged; on open such a torn tail is cut off (and kept aside). A line that is damaged,
or cannot be true (dated in the future or before 2000, an unknown kind, a rating outside
1-4, an answer longer than an hour), is taken out and kept aside the same way, and
everything around it is kept: one bad line never crashes the app or moves a card into the
future.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from studybuddy.datadir import JOURNAL_DERIVED, JOURNAL_NAME, atomic_write, set_aside
from studybuddy.store.errors import StoreError, StoreWriteError



@dataclass(frozen=True, slots=True)
class Review:
    seq: int
    card: str
    rating: int
    at: datetime
    ms: int
    was: str  # the card's state before the answer: new, learning, review or relearning
    # The interval in days the card had been given before this answer (None for a new card,
    # and in lines written before 0.2): what true retention splits young from mature by,
    # so the statistics never need to replay the log.
    ivl: float | None = None


@dataclass(frozen=True, slots=True)
class Undo:
    seq: int
    undoes: int
    at: datetime


Event = Review | Undo


@dataclass(slots=True)
class JournalRead:
    events: list[Event] = field(default_factory=list)
    end_offset: int = 0
    problems: list[str] = field(default_factory=list)
    # Lines that cannot be used: (byte offset, the line, why), for `set_aside_bad`.
    bad: list[tuple[int, bytes, str]] = field(default_factory=list)


EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)  # clocks disagree a little; more than this is not an answer
MAX_MS = 3_600_000
MAX_IVL_DAYS = 36_500 * 3  # fsrs caps intervals at 36,500 days; leave room
STATES_BEFORE = ("", "new", "learning", "review", "relearning")
_CARD = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")


class BadEntry(ValueError):
    pass


def _int(raw: dict, key: str, low: int, high: int, default: int | None = None) -> int:
    value = raw.get(key, default)
    if type(value) is not int or not low <= value <= high:
        raise BadEntry(f"{key} {value!r} is not a whole number from {low} to {high}")
    return value


def _time(raw: dict, now: datetime) -> datetime:
    text = raw.get("at")
    try:
        at = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        at = None
    if at is None or at.utcoffset() is None:
        raise BadEntry(f"time {text!r} is not a date and time with a time zone")
    if not EARLIEST <= at <= now + FUTURE_SLACK:
        raise BadEntry(f"time {text} is outside 2000-01-01 to a day from now")
    return at


def _event(raw: Any, now: datetime) -> Event:
    """One journal entry, checked for meaning; BadEntry says why it cannot be used."""
    if not isinstance(raw, dict):
        raise BadEntry("not an entry")
    op = raw.get("op")
    seq = _int(raw, "seq", 1, 2**53)
    if op == "review":
        card = raw.get("card")
        if not isinstance(card, str) or not _CARD.match(card):
            raise BadEntry(f"card {card!r} is not a card id")
        was = raw.get("was", "")
        if was not in STATES_BEFORE:
            raise BadEntry(f"state {was!r} is not a card state")
        ivl = raw.get("ivl")
        if ivl is not None and (type(ivl) not in (int, float) or not 0 <= ivl <= MAX_IVL_DAYS):
            raise BadEntry(f"interval {ivl!r} is not a number of days from 0 to {MAX_IVL_DAYS}")
        return Review(
            seq, card, _int(raw, "rating", 1, 4), _time(raw, now), _int(raw, "ms", 0, MAX_MS, 0), was,
            None if ivl is None else float(ivl),
        )
    if op == "undo":
        return Undo(seq, _int(raw, "undoes", 1, 2**53), _time(raw, now))
    raise BadEntry(f"unknown kind {op!r}" if isinstance(op, str) else "no kind")


def _decode(line: bytes, now: datetime) -> Event:
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError) as err:
        raise BadEntry("damaged" if isinstance(err, RecursionError) else f"damaged: {err}") from None
    return _event(raw, now)


def encode(event: Event) -> bytes:
    if isinstance(event, Review):
        raw = {
            "seq": event.seq,
            "op": "review",
            "card": event.card,
            "rating": event.rating,
            "at": event.at.isoformat(),
            "ms": event.ms,
            "was": event.was,
        }
        if event.ivl is not None:
            raw["ivl"] = round(event.ivl, 3)
    else:
        raw = {"seq": event.seq, "op": "undo", "undoes": event.undoes, "at": event.at.isoformat()}
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class Journal:
    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        self._fd: int | None = None

    def read(self, offset: int = 0, now: datetime | None = None) -> JournalRead:
        """Events from byte `offset` on. A torn last line is cut off (unless read-only);
        bad lines are skipped, reported, and listed in `bad` for `set_aside_bad`."""
        now = now or datetime.now(timezone.utc)
        result = JournalRead(end_offset=offset)
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                data = handle.read()
        except FileNotFoundError:
            return result
        except OSError as err:
            raise StoreError(f"cannot read your review log {self.path}: {err.strerror or err}") from err
        position = offset
        lines = data.split(b"\n")
        tail = lines.pop()  # bytes after the last newline: empty, or a torn write
        for line in lines:
            start = position
            position += len(line) + 1
            if not line.strip():
                continue
            try:
                result.events.append(_decode(line, now))
            except BadEntry as err:
                result.bad.append((start, line, str(err)))
        if result.bad and self.readonly:
            start, _, why = result.bad[0]
            result.problems.append(f"{self.path}: skipped {len(result.bad)} entries that cannot be used (at byte {start}: {why})")
        result.end_offset = position
        if tail.strip():
            self._cut_torn_tail(position, tail, result, now)
        return result

    def _cut_torn_tail(self, position: int, tail: bytes, result: JournalRead, now: datetime | None) -> None:
        try:
            event = _decode(tail, now or datetime.now(timezone.utc))
        except BadEntry:
            event = None
        if event is not None:
            # A whole entry that only lacks its newline: keep it, and finish the line.
            result.events.append(event)
            result.end_offset = position + len(tail)
            if not self.readonly:
                with open(self.path, "ab") as handle:
                    handle.write(b"\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                result.end_offset += 1
            return
        if self.readonly:
            return
        aside = set_aside(self.path, "torn", now=now, data=tail)
        os.truncate(self.path, position)
        result.problems.append(
            f"{self.path}: the last entry was cut off by a crash and was set aside in {aside.name}"
        )

    def set_aside_bad(self, result: JournalRead, now: datetime | None = None) -> None:
        """Take the bad lines `read` found out of the journal and keep them beside it, as a
        torn line is. The files that point into the journal by offset go first."""
        if not result.bad or self.readonly:
            return
        self.close()  # the file is replaced: an open append handle would write to the old one
        data = self.path.read_bytes()
        removed = 0
        kept: list[bytes] = []
        cursor = 0
        for start, line, _ in result.bad:
            if data[start : start + len(line) + 1] != line + b"\n":
                return  # the file changed since it was read: leave it for the next start
            kept.append(data[cursor:start])
            cursor = start + len(line) + 1
            removed += len(line) + 1
        kept.append(data[cursor:])
        aside = set_aside(self.path, "bad", now=now, data=b"".join(line + b"\n" for _, line, _ in result.bad))
        for name in JOURNAL_DERIVED:  # a kill after this costs one full replay, never a wrong offset
            self.path.with_name(name).unlink(missing_ok=True)
        atomic_write(self.path, b"".join(kept))
        result.end_offset -= removed
        start, _, why = result.bad[0]
        result.problems.append(
            f"{self.path}: {len(result.bad)} entries could not be used (the first at byte {start}: {why}); "
            f"they were set aside in {aside.name}"
        )
        result.bad = []

    def read_recent(self, since: datetime, now: datetime | None = None, chunk: int = 65536) -> list[Event]:
        """Events from roughly `since` on, reading backwards so the cost follows recent
        activity, not the journal's length. May include a few older events."""
        size = self.size()
        start = size
        while start > 0:
            start = max(0, start - chunk)
            with open(self.path, "rb") as handle:
                handle.seek(start)
                data = handle.read(min(chunk * 2, size - start))
            if start == 0:
                break
            first_break = data.find(b"\n")
            if first_break < 0:
                continue
            line_end = data.find(b"\n", first_break + 1)
            line = data[first_break + 1 : line_end if line_end >= 0 else None]
            try:
                at = datetime.fromisoformat(json.loads(line)["at"])
            except (ValueError, KeyError, TypeError):
                continue
            if at.utcoffset() is not None and at < since:
                start += first_break + 1
                break
        return [e for e in self.read(start, now).events if e.at >= since or isinstance(e, Undo)]

    def append(self, event: Event) -> None:
        """Durably append one event: returns only once it is on disk."""
        if self.readonly:
            raise StoreWriteError(f"{self.path} is open read-only; the answer was not saved")
        line = encode(event)
        before = None
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            before = os.fstat(self._fd).st_size
            written = os.write(self._fd, line)
            if written != len(line):
                raise OSError(28, "No space left on device (short write)")
            os.fsync(self._fd)
        except OSError as err:
            if before is not None:
                # Part of the line may be in the file; cut it so the journal stays whole.
                try:
                    os.truncate(self.path, before)
                except OSError:
                    pass
            raise StoreWriteError(f"could not save to {self.path}: {err.strerror or err}") from err

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

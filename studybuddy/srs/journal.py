"""The review journal: the review log as an append-only file of JSON lines, one per event.

An answer is one short line appended and fsync'd, so making it durable costs the same at
any collection size. A crash can only tear the line being written, which was never
acknowledged; on open such a torn tail is cut off (and kept aside). A damaged line in the
middle is skipped and reported, and everything around it is kept.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from studybuddy.store.errors import StoreError, StoreWriteError

JOURNAL_NAME = "reviews.jsonl"


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


def _event(raw: Any) -> Event:
    op = raw["op"]
    if op == "review":
        rating = int(raw["rating"])
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating {rating}")
        at = datetime.fromisoformat(raw["at"])
        if at.utcoffset() is None:
            raise ValueError("time without zone")
        ivl = raw.get("ivl")
        return Review(
            int(raw["seq"]), str(raw["card"]), rating, at, int(raw.get("ms", 0)), str(raw.get("was", "")),
            None if ivl is None else float(ivl),
        )
    if op == "undo":
        return Undo(int(raw["seq"]), int(raw["undoes"]), datetime.fromisoformat(raw["at"]))
    raise ValueError(f"unknown op {op!r}")


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
        """Events from byte `offset` on. A torn last line is cut off (unless read-only)."""
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
                result.events.append(_event(json.loads(line)))
            except (ValueError, KeyError, TypeError) as err:
                result.problems.append(f"{self.path}: skipped a damaged entry at byte {start} ({err})")
        result.end_offset = position
        if tail.strip():
            self._cut_torn_tail(position, tail, result, now)
        return result

    def _cut_torn_tail(self, position: int, tail: bytes, result: JournalRead, now: datetime | None) -> None:
        try:
            event = _event(json.loads(tail))
        except (ValueError, KeyError, TypeError):
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
        stamp = (now.strftime("%Y%m%dT%H%M%SZ") if now else "torn")
        aside = self.path.with_name(f"{self.path.name}.torn-{stamp}")
        aside.write_bytes(tail)
        os.truncate(self.path, position)
        result.problems.append(
            f"{self.path}: the last entry was cut off by a crash and was set aside in {aside.name}"
        )

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
            if at < since:
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

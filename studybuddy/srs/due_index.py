"""What `studybuddy due` needs to count today's cards, in one small file beside the journal.

`due` runs in a shell prompt, so it must cost about as much as starting Python. Opening
the collection properly means importing FSRS, reading the schedule snapshot and the
content. This file holds only what the counts depend on: the due times of the known
learning and review cards (sorted), how many of the content's cards are new, and the last
two days' answers (for the daily limits). Limits, the rollover hour and "now" are applied
when it is read, so one file answers correctly all day and after a change of settings.
The counting follows DailyQueue exactly; tests/test_due_index.py holds them equal.

It is a cache, never the only copy: trusted only while the journal (size and mtime), the
content files and the desired retention are as they were when it was written. Anything
else, a missing or damaged file included, sends `due` down the full path, which writes
a fresh one. Standard library only, by design (tests/test_due_index.py checks that `due`
answered from it loads neither FSRS, PyYAML nor TinyDB).
"""

from __future__ import annotations

import json
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from studybuddy.datadir import DUE_INDEX_NAME as INDEX_NAME
from studybuddy.datadir import JOURNAL_NAME, atomic_write
from studybuddy.settings import Settings
from studybuddy.srs.clock import Clock, StudyDay, system_clock
from studybuddy.srs.limits import room_today

FORMAT = 2


def _journal_stamp(directory: Path) -> list[int] | None:
    try:
        stat = os.stat(directory / JOURNAL_NAME)
    except FileNotFoundError:
        return [0, 0]
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def write_due_index(
    directory: Path,
    *,
    content_key: str,
    deck_order: Iterable[str],
    retention: float,
    parameters: Sequence[float] | None = None,
    records: Mapping[str, Any],
    recent: Iterable[Any],
    journal_offset: int,
) -> bool:
    """Write the index for a collection whose journal ends at `journal_offset`.

    `records` map slugs to objects with `state` and `due`; `recent` holds objects with `at`
    and `was`. Returns False (and writes nothing) when the journal has moved on meanwhile or
    the directory cannot be written: the next `due` then takes the full path.
    """
    stamp = _journal_stamp(directory)
    if not content_key or stamp is None or stamp[0] != journal_offset:
        return False
    order = list(deck_order)
    learning: list[float] = []
    review: list[float] = []
    new = 0
    for slug in order:  # a card no longer in the content is not counted, as in DailyQueue
        record = records.get(slug)
        if record is None:
            new += 1
        else:
            (learning if record.state.learning else review).append(record.due.timestamp())
    body = {
        "format": FORMAT,
        "journal": stamp,
        "content": content_key,
        "retention": retention,
        "parameters": None if parameters is None else list(parameters),
        "new": new,
        "learning": sorted(learning),
        "review": sorted(review),
        "recent": [[answer.at.timestamp(), answer.was] for answer in recent],
    }
    try:  # not durable: a lost index costs one slower `due`
        atomic_write(directory / INDEX_NAME, json.dumps(body, separators=(",", ":")).encode(), durable=False)
    except OSError:
        return False
    return True


def quick_due_counts(
    directory: Path, content_key: str, settings: Settings, clock: Clock = system_clock, day: StudyDay | None = None
) -> tuple[int, int] | None:
    """(cards due now, new cards left today) as Study.due_now gives them, or None when the
    index cannot be trusted."""
    try:
        body = json.loads((directory / INDEX_NAME).read_bytes())
        if (
            body["format"] != FORMAT
            or body["content"] != content_key
            or body["retention"] != settings.desired_retention
            or body.get("parameters") != (None if settings.parameters is None else list(settings.parameters))
            or body["journal"] != _journal_stamp(directory)
        ):
            return None
        learning, review, new, recent = body["learning"], body["review"], int(body["new"]), body["recent"]
        now: datetime = clock()
        day_start, day_end = (day or StudyDay(settings.rollover_hour)).bounds(now)
        start = day_start.timestamp()
        new_room, review_room = room_today(settings, (was for at, was in recent if at >= start))
        # DailyQueue: learning cards due by now; review cards due before the day ends, up to
        # the review limit; new cards in deck order, up to the new-card limit.
        reviews = min(bisect_left(review, day_end.timestamp()), review_room)
        due = bisect_right(learning, now.timestamp()) + reviews
        return due, min(new, new_room)
    except (OSError, ValueError, KeyError, TypeError):
        return None

"""The schedule snapshot's TinyDB storage: tables "meta" and "cards", one card per line,
and beside it an append-only file of the cards changed since.

The base file is an ordinary TinyDB database (any TinyDB can open it with JSONStorage). This
storage lays it out so that it is written and read a slice at a time: a 50,000-card
collection never exists in memory twice over as JSON text and parsed dicts. Base writes are
atomic (all or nothing).

Rewriting every card after a few answers would hold Python's GIL for a second at 50,000
cards, and an answer pressed meanwhile would wait. So between full writes only the changed
cards are appended, one fsync'd JSON line per save, to `<base>.changes`; reading applies
them in order. A line belongs to one base (by its id) and carries the journal position it
reaches, so a line torn by a crash, or left from an older base, is simply not used: the
journal, which is the truth, replays whatever the snapshot does not cover.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from tinydb.storages import Storage

from studybuddy.datadir import SNAPSHOT_CHANGES_NAME, atomic_write

_HEAD = b'{"meta":{"1":'
_CARDS_OPEN = b',"cards":{\n'
_BATCH = 500


def changes_path(path: Path) -> Path:
    return path.with_name(SNAPSHOT_CHANGES_NAME)


class ScheduleStorage(Storage):
    """Reads give {"meta": {"1": meta}, "cards": {id: card}} with the changes applied; a
    write replaces the base and drops the changes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return None
        with handle:
            meta, cards = _read(handle)
            docs = dict(cards)
        meta, changed = _changes(changes_path(self.path), meta)
        if changed:
            # Card documents are keyed by slug in the changes; the base numbers them.
            slot = {doc["card"]: key for key, doc in docs.items()}
            next_key = max(map(int, docs), default=0) + 1
            for slug, doc in changed.items():
                key = slot.get(slug)
                if doc is None:
                    if key is not None:
                        del docs[key]
                    continue
                if key is None:
                    key, next_key = str(next_key), next_key + 1
                docs[key] = doc
        return {"meta": {"1": meta}, "cards": docs}

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        meta = data.get("meta", {}).get("1", {})
        cards = data.get("cards", {})
        # The collection passes its cards as an iterator, so they are never all JSON at once.
        atomic_write(self.path, _chunks(meta, cards.values() if isinstance(cards, Mapping) else cards))
        # The new base holds everything; its id differs, so old lines would be ignored anyway.
        changes_path(self.path).unlink(missing_ok=True)

    def append_changes(self, base: str, meta: Mapping[str, Any], cards: Mapping[str, Mapping[str, Any] | None]) -> int:
        """Add one line of changed cards (None: the card is gone); returns the file's size."""
        line = json.dumps({"base": base, "meta": meta, "cards": cards}, ensure_ascii=False, separators=(",", ":"))
        with open(changes_path(self.path), "ab") as handle:
            handle.write(line.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
            return handle.tell()

    def close(self) -> None:
        pass


def _changes(path: Path, meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The meta and cards after the valid lines of the changes file for this base."""
    changed: dict[str, Any] = {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return meta, changed
    base = meta.get("base")
    for line in data.split(b"\n"):
        try:
            entry = json.loads(line)
            if entry["base"] != base or base is None:
                continue
            new_meta, cards = dict(entry["meta"]), dict(entry["cards"])
        except (ValueError, KeyError, TypeError):
            break  # a torn last line: what follows it cannot be trusted either
        meta = {**meta, **new_meta}
        changed.update(cards)
    return meta, changed


def _chunks(meta: Mapping[str, Any], cards: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    yield _HEAD + json.dumps(meta, separators=(",", ":")).encode() + b"}" + _CARDS_OPEN
    batch: list[str] = []
    separator = ""  # each card after the first starts with the comma that ends the line before
    for i, doc in enumerate(cards, start=1):
        batch.append(f'{separator}"{i}":{json.dumps(doc, ensure_ascii=False, separators=(",", ":"))}')
        separator = ",\n"
        if len(batch) == _BATCH:
            yield "".join(batch).encode("utf-8")
            batch = []
    closing = "\n}}\n" if separator else "}}\n"  # no cards: the braces close on the first line's
    yield ("".join(batch) + closing).encode("utf-8")


def _read(handle: BinaryIO) -> tuple[dict[str, Any], Iterator[tuple[str, dict[str, Any]]]]:
    """The meta document and the (id, card) pairs. A file in another layout (an older
    StudyBuddy, or one written by another TinyDB) is read whole, as any JSON."""
    first = handle.readline()
    if not (first.startswith(_HEAD) and first.endswith(_CARDS_OPEN)):
        data = json.loads(first + handle.read())
        return data["meta"]["1"], iter(data.get("cards", {}).items())
    meta = json.loads(first[len(_HEAD) : -len(_CARDS_OPEN) - 1])

    def cards() -> Iterator[tuple[str, dict[str, Any]]]:
        batch: list[bytes] = []
        for line in handle:
            if line in (b"}}\n", b"}}"):
                break
            batch.append(line.rstrip(b",\n"))
            if len(batch) == _BATCH:
                yield from json.loads(b"{" + b",".join(batch) + b"}").items()
                batch = []
        else:
            raise ValueError("the snapshot ends early")
        if batch:
            yield from json.loads(b"{" + b",".join(batch) + b"}").items()

    return meta, cards()

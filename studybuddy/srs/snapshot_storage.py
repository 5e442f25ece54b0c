"""The schedule snapshot's TinyDB storage: tables "meta" and "cards", one card per line.

The file is an ordinary TinyDB database (any TinyDB can open it with JSONStorage). This
storage only lays it out so that a snapshot is written and read a slice at a time: a
50,000-card collection never exists in memory twice over as JSON text and parsed dicts.
Writes are atomic (all or nothing), like every write of user data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from tinydb.storages import Storage

from studybuddy.store.atomic import atomic_write

_HEAD = b'{"meta":{"1":'
_CARDS_OPEN = b',"cards":{\n'
_BATCH = 500


class ScheduleStorage(Storage):
    """Reads give {"meta": {"1": meta}, "cards": {id: card}}; a write replaces the file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return None
        with handle:
            meta, cards = _read(handle)
            return {"meta": {"1": meta}, "cards": dict(cards)}

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        meta = data.get("meta", {}).get("1", {})
        cards = data.get("cards", {})
        # The collection passes its cards as an iterator, so they are never all JSON at once.
        atomic_write(self.path, _chunks(meta, cards.values() if isinstance(cards, Mapping) else cards))

    def close(self) -> None:
        pass


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

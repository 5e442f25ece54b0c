"""A TinyDB storage that never leaves a half-written file and reads the disk only once.

TinyDB's JSONStorage truncates and rewrites in place, so a crash mid-write can destroy the
database. This one replaces the file atomically. The process holds the directory lock, so
nothing else writes the file and the parsed copy in memory stays true between writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from studybuddy.datadir import atomic_write
from studybuddy.store.errors import StoreWriteError


class AtomicJSONStorage(Storage):
    def __init__(self, path: Path, initial: dict[str, Any] | None = None, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        self._data = initial

    def read(self) -> dict[str, Any] | None:
        if self._data is None and self.path.exists():
            self._data = json.loads(self.path.read_bytes())
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.readonly:
            raise StoreWriteError(f"{self.path} is open read-only; the change was not saved")
        blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self.path, blob)
        except OSError as err:
            # TinyDB mutated our cached dict before calling write; forget it so the next
            # read comes from the disk, which still holds the last good state.
            self._data = None
            raise StoreWriteError(f"could not save to {self.path}: {err.strerror or err}") from err
        self._data = data

    def close(self) -> None:
        pass

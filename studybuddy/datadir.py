"""The data directory: every path in it named here once, and the two ways a file in it changes.

Standard library only, so `studybuddy due` can find its files without loading anything.
Resolved once, in the CLI (--data-dir, then $STUDYBUDDY_HOME, then the platform's data
directory), and passed down.

Every write of user data goes through `atomic_write` (a reader sees the old file or the new
one, never half of one), and every damaged file is moved out of the way by `set_aside`,
under a name that never replaces an earlier copy.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

ENV_VAR = "STUDYBUDDY_HOME"

DB_NAME = "studybuddy.json"
JOURNAL_NAME = "reviews.jsonl"
SNAPSHOT_NAME = "schedule.json"
SNAPSHOT_CHANGES_NAME = "schedule.json.changes"  # cards changed since the snapshot's base
STATS_DAYS_NAME = "stats-days.json"  # per-day totals folded from the journal
DUE_INDEX_NAME = "due-index.json"
LOCK_NAME = "studybuddy.lock"
KEYMAP_NAME = "keymap.toml"  # the user's own keys, read by the app
BACKUP_DIR = "backups"
CONTENT_DIR = "content"
LOG_DIR = "logs"  # crash reports
CACHE_DIR = "cache"

# The user's own files: what a backup holds and the only names a restore accepts. The rest
# of the directory (backups, logs, the lock, caches and indexes) is rebuilt or not needed.
STATE_FILES = (DB_NAME, SNAPSHOT_NAME, SNAPSHOT_CHANGES_NAME, JOURNAL_NAME, KEYMAP_NAME)
# Files that record byte offsets into the journal: when lines are taken out of it, these
# would point into the middle of a line, so they go first (each is rebuilt from the journal).
JOURNAL_DERIVED = (SNAPSHOT_NAME, SNAPSHOT_CHANGES_NAME, STATS_DAYS_NAME)
_USER_CONTENT = re.compile(r"^content/(guides|decks)/[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}\.ya?ml$")


def is_user_file(name: str) -> bool:
    """Whether a relative POSIX path names one of the user's own files."""
    return name in STATE_FILES or bool(_USER_CONTENT.match(name))


@dataclass(frozen=True)
class DataDir:
    """Where everything of one user lives. `cache` is outside `root` unless the user chose
    the directory: a cache is never the user's data and is never backed up."""

    root: Path
    cache: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str]) -> DataDir:
        root = Path(root).expanduser()
        return cls(root, root / CACHE_DIR)

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> DataDir:
        if explicit:
            return cls.at(explicit)
        env = os.environ.get(ENV_VAR)
        if env:
            return cls.at(env)
        import platformdirs  # only when needed: it is the slowest of the three to import

        return cls(platformdirs.user_data_path("studybuddy"), platformdirs.user_cache_path("studybuddy"))

    @property
    def database(self) -> Path:
        return self.root / DB_NAME

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL_NAME

    @property
    def snapshot(self) -> Path:
        return self.root / SNAPSHOT_NAME

    @property
    def due_index(self) -> Path:
        return self.root / DUE_INDEX_NAME

    @property
    def lock(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def backups(self) -> Path:
        return self.root / BACKUP_DIR

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def user_decks(self) -> Path:
        return self.content / "decks"

    @property
    def logs(self) -> Path:
        return self.root / LOG_DIR

    def user_files(self) -> list[Path]:
        """The user's own files that exist, in a stable order."""
        found = [self.root / name for name in STATE_FILES if (self.root / name).is_file()]
        if self.content.is_dir():
            for path in sorted(self.content.rglob("*")):
                if path.is_file() and is_user_file(path.relative_to(self.root).as_posix()):
                    found.append(path)
        return found


def fsync_dir(directory: Path) -> None:
    # The rename itself lives in the directory; without this a crash can forget it.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_temp_numbers = itertools.count()


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, durable: bool = True) -> None:
    """Replace `path` with `data` (bytes, or chunks of them, so a large file need not exist
    in memory whole): written to a temporary file in the same directory, fsync'd, renamed
    over `path`, and the directory fsync'd. durable=False skips the fsyncs, for caches
    whose loss costs only time."""
    # A name no other writer uses (pid and a per-process counter; O_EXCL makes sure), so two
    # threads or processes never write into one temporary file. Not `tempfile`: `studybuddy
    # due` imports this module and must stay quick.
    while True:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{next(_temp_numbers)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            continue
    try:
        try:
            for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
                view = memoryview(chunk)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(path.parent)


def remove_stale_temps(directory: Path) -> None:
    """Delete temporary files a killed process left behind. Only call it holding the lock:
    then no writer of ours is alive to own them."""
    for path in directory.glob(".*.tmp"):
        try:
            path.unlink()
        except OSError:
            pass


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")


def set_aside(path: Path, reason: str, *, now: datetime | None = None, data: bytes | None = None) -> Path:
    """Keep a damaged file (or, with `data`, those bytes) beside `path` as
    `<name>.<reason>-<time>[-N]`, never replacing an earlier copy. Returns the new path."""
    base = f"{path.name}.{reason}-{_stamp(now)}"
    for counter in range(1, 10_000):
        aside = path.with_name(base if counter == 1 else f"{base}-{counter}")
        try:
            if data is not None:
                fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    os.write(fd, data)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            else:
                _move_no_replace(path, aside)
        except FileExistsError:
            continue
        fsync_dir(path.parent)
        return aside
    raise FileExistsError(f"too many copies of {path} set aside already")


def _move_no_replace(source: Path, target: Path) -> None:
    # A hard link fails when the target exists, so two processes can never pick one name.
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (or a directory): check, then rename
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


def safe_relative(name: str) -> bool:
    """Whether a zip entry name stays inside the directory it is unpacked into."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts and "\\" not in name and ":" not in parts[0]

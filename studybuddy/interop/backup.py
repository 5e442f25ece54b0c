"""A zip of the user's own files, and putting one back.

A backup holds only what datadir.py calls the user's files (progress, review log, schedule
snapshot, their own guides and decks): never a cache, a log or anything that could run.
A restore accepts only those names, within limits on size, count and name length (a
small zip must not unpack into a full disk), unpacks into a temporary sibling of the data
directory, opens every file with the app's own readers, and only then swaps it in by
rename. Until that rename, the data directory is exactly as it was; after it, the old one
is kept beside it. A kill at any moment leaves one or the other, whole.
"""

from __future__ import annotations

import ctypes
import errno
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from studybuddy.datadir import DB_NAME, JOURNAL_NAME, DataDir, atomic_write, fsync_dir, is_user_file, safe_relative
from studybuddy.store.errors import StoreError
from studybuddy.store.lock import DirectoryLock

MAX_TOTAL = 256 * 1024 * 1024  # unpacked; a million reviews take about 130 MB
MAX_ENTRIES = 10_000
MAX_NAME = 200
_CHUNK = 1 << 20


@dataclass
class Restored:
    count: int
    previous: Path | None  # where the directory that was replaced is kept
    notes: list[str] = field(default_factory=list)


def backup(data: DataDir, target: Path) -> int:
    """Write the user's own files into the zip `target`; returns how many."""
    if not data.root.is_dir():
        raise StoreError(f"there is no data directory at {data.root}")
    lock = DirectoryLock(data.root)
    lock.acquire()  # no answer can be half-written into it
    try:
        files = data.user_files()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, path.relative_to(data.root).as_posix())
        atomic_write(target, buffer.getvalue())
        return len(files)
    finally:
        lock.release()


def restore(archive_path: Path, data: DataDir, force: bool = False) -> Restored:
    directory = data.root
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as err:
        raise StoreError(f"{archive_path} is not a readable zip file ({err}); nothing was restored") from None
    with archive:
        entries, notes = _accepted_entries(archive, archive_path)
        if directory.exists() and any(directory.iterdir()) and not force:
            raise StoreError(
                f"{directory} is not empty; restore into an empty directory, or pass --force "
                "(the current contents are then kept beside it)"
            )
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.restore-", dir=directory.parent))
        try:
            _unpack(archive, archive_path, entries, staging)
            notes += _validate(staging)
            previous = _swap_in(staging, directory)
        except BaseException as err:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(err, StoreError):
                raise
            if isinstance(err, OSError):
                raise StoreError(
                    f"could not restore {archive_path}: {err.strerror or err}"
                    f"{f' ({err.filename})' if err.filename else ''}; nothing was changed in {directory}"
                ) from None
            raise
    return Restored(len(entries), previous, notes)


def _accepted_entries(archive: zipfile.ZipFile, archive_path: Path) -> tuple[list[zipfile.ZipInfo], list[str]]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise StoreError(f"{archive_path} holds {len(infos)} entries (at most {MAX_ENTRIES}); nothing was restored")
    accepted, ignored, total = [], [], 0
    for info in infos:
        name = info.filename
        if len(name) > MAX_NAME:
            raise StoreError(f"{archive_path} holds a name of {len(name)} characters (at most {MAX_NAME}); nothing was restored")
        if not safe_relative(name):
            raise StoreError(f"{archive_path} holds an unsafe path {name!r}; nothing was restored")
        if info.is_dir():
            continue
        if not is_user_file(name):
            ignored.append(name)
            continue
        total += info.file_size
        accepted.append(info)
    if total > MAX_TOTAL:
        raise StoreError(f"{archive_path} would unpack to {total // 2**20} MB (at most {MAX_TOTAL // 2**20} MB); nothing was restored")
    names = {info.filename for info in accepted}
    if DB_NAME not in names and JOURNAL_NAME not in names:
        raise StoreError(f"{archive_path} is not a StudyBuddy backup (no {DB_NAME} or {JOURNAL_NAME} in it); nothing was restored")
    notes = []
    if ignored:
        shown = ", ".join(ignored[:3]) + (f" and {len(ignored) - 3} more" if len(ignored) > 3 else "")
        notes.append(f"studybuddy: not restored (not your own files: caches, logs, old backups): {shown}")
    return accepted, notes


def _unpack(archive: zipfile.ZipFile, archive_path: Path, entries: list[zipfile.ZipInfo], staging: Path) -> None:
    # The sizes in a zip's directory are claims: count the bytes actually unpacked.
    total = 0
    for info in entries:
        target = staging / info.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as source, open(target, "wb") as out:
                while chunk := source.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_TOTAL:
                        raise StoreError(f"{archive_path} unpacks to more than {MAX_TOTAL // 2**20} MB; nothing was restored")
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as err:
            raise StoreError(f"{archive_path} is damaged ({info.filename}: {err}); nothing was restored") from None
    for folder in {staging, *(p.parent for p in staging.rglob("*"))}:
        fsync_dir(folder)


def _validate(staging: Path) -> list[str]:
    """Open what was unpacked as the app would; refuse what it could not use."""
    from studybuddy.content import ContentError, load_content
    from studybuddy.srs.journal import Journal
    from studybuddy.store import Store

    if (staging / DB_NAME).exists():
        try:
            Store.open(staging, readonly=True).close()
        except StoreError as err:
            raise StoreError(f"the backup's {DB_NAME} cannot be used ({_relative(err, staging)}); nothing was restored") from None
    journal = Journal(staging / JOURNAL_NAME, readonly=True).read()
    if journal.bad:
        start, _, why = journal.bad[0]
        raise StoreError(f"the backup's {JOURNAL_NAME} has {len(journal.bad)} entries that cannot be used (at byte {start}: {why}); nothing was restored")
    notes = []
    content = staging / "content"
    if content.is_dir():
        try:
            library = load_content([content], skip_bad_user_files=True)
        except ContentError as err:
            library = None
            problems = err.problems
        else:
            problems = library.problems
        for problem in problems:
            notes.append(f"studybuddy: restored, but will be left out until fixed: {_relative(problem, staging)}")
    return notes


def _relative(thing: object, staging: Path) -> str:
    return str(thing).replace(f"{staging}{os.sep}", "")


def _swap_in(staging: Path, directory: Path) -> Path | None:
    """Put `staging` where `directory` is; returns where the old contents went, if anywhere."""
    if not directory.exists():
        os.rename(staging, directory)
        fsync_dir(directory.parent)
        return None
    if not any(directory.iterdir()):
        os.rmdir(directory)
        os.rename(staging, directory)
        fsync_dir(directory.parent)
        return None
    lock = DirectoryLock(directory)
    lock.acquire()  # refuses while the app is open there
    try:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        previous = directory.with_name(f"{directory.name}.before-restore-{stamp}")
        counter = 1
        while previous.exists():
            counter += 1
            previous = directory.with_name(f"{directory.name}.before-restore-{stamp}-{counter}")
        if _exchange(staging, directory):
            os.rename(staging, previous)  # staging now holds the old contents
        else:
            os.rename(directory, previous)
            try:
                os.rename(staging, directory)
            except OSError:
                os.rename(previous, directory)
                raise
        fsync_dir(directory.parent)
        return previous
    finally:
        lock.release()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE). False where the
    system cannot; the caller then renames twice."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))

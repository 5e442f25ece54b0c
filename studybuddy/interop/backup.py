"""A zip of the whole data directory, and putting one back.

The backup is taken while holding the directory lock, so no answer can be half-written into
it. Restoring never overwrites anything without --force, and even then the old directory is
kept beside the new one.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from studybuddy.srs.journal import JOURNAL_NAME
from studybuddy.store.database import DB_NAME
from studybuddy.store.errors import StoreError
from studybuddy.store.lock import LOCK_NAME, DirectoryLock

MARKERS = {DB_NAME, JOURNAL_NAME}


def backup(directory: Path, target: Path) -> int:
    """Write every file of the data directory into `target`; returns the number of files."""
    if not directory.is_dir():
        raise StoreError(f"there is no data directory at {directory}")
    lock = DirectoryLock(directory)
    lock.acquire()
    try:
        tmp = target.with_name(f".{target.name}.tmp")
        count = 0
        try:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(directory.rglob("*")):
                    relative = path.relative_to(directory)
                    if path.is_file() and path.name != LOCK_NAME and not path.name.endswith(".tmp"):
                        archive.write(path, relative.as_posix())
                        count += 1
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)  # no half-written zip left beside the target
            raise
        return count
    finally:
        lock.release()


def restore(archive_path: Path, directory: Path, force: bool = False) -> Path | None:
    """Unpack a backup into `directory`. Returns where the previous contents were moved, if any."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as err:
        raise StoreError(f"{archive_path} is not a readable zip file ({err})") from None
    with archive:
        names = archive.namelist()
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts:
                raise StoreError(f"{archive_path} holds an unsafe path {name!r}; nothing was restored")
        if not MARKERS.intersection(names):
            raise StoreError(f"{archive_path} is not a StudyBuddy backup (no {DB_NAME} or {JOURNAL_NAME} in it)")
        if bad := archive.testzip():
            raise StoreError(f"{archive_path} is damaged ({bad} fails its checksum); nothing was restored")
        moved = None
        if directory.exists() and any(directory.iterdir()):
            if not force:
                raise StoreError(
                    f"{directory} is not empty; restore into an empty directory, or pass --force "
                    "(the current contents are then kept beside it)"
                )
            lock = DirectoryLock(directory)
            lock.acquire()  # refuses while the app is open there
            lock.release()
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            moved = directory.with_name(f"{directory.name}.before-restore-{stamp}")
            shutil.move(str(directory), str(moved))
        directory.mkdir(parents=True, exist_ok=True)
        archive.extractall(directory)
        return moved

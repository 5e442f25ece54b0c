"""One writer per data directory, enforced with an OS file lock.

flock is released by the kernel when its holder dies, so a lock left by a killed process
is never mistaken for a live one: the next start simply takes it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from studybuddy.datadir import LOCK_NAME
from studybuddy.store.errors import StoreError, StoreLocked, StoreReadOnly

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]



class DirectoryLock:
    def __init__(self, directory: Path):
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreReadOnly(f"the data directory {self.path.parent} is read-only ({err.strerror})") from err
            raise StoreError(f"cannot create the lock file {self.path}: {err.strerror}") from err
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read_pid(fd)
                os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise StoreLocked(
                    f"another StudyBuddy{who} is already using the data directory "
                    f"{self.path.parent}; close it first, or pass --data-dir to use another one"
                ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as err:
            os.close(fd)
            full = err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
            why = f"the disk is full ({err.strerror})" if full else err.strerror
            raise StoreError(f"cannot write the lock file {self.path}: {why}") from err
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing drops the flock


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None

"""Rolling daily backups of the user's data: one zip per day, the last seven kept.

Taken when the app closes (its data then known good and nothing else writing), so a
database that later becomes unreadable can be restored from the newest good copy (the
app offers it; see Store.restore_backup).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

from studybuddy.datadir import BACKUP_DIR, DB_NAME, STATE_FILES, atomic_write

KEEP = 7


def backup_path(directory: Path, day: date) -> Path:
    return directory / BACKUP_DIR / f"studybuddy-{day.isoformat()}.zip"


def daily_backup(directory: Path, today: date) -> Path | None:
    """Write today's backup unless it exists; prune to the newest KEEP. Returns the new file."""
    target = backup_path(directory, today)
    if target.exists() or not (directory / DB_NAME).exists():
        return None
    target.parent.mkdir(exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in STATE_FILES:
            if (directory / name).exists():
                archive.write(directory / name, name)
    atomic_write(target, buffer.getvalue())
    for old in sorted(target.parent.glob("studybuddy-*.zip"))[:-KEEP]:
        old.unlink()
    return target


def newest_good_backup(directory: Path, db_name: str = DB_NAME) -> tuple[str, bytes] | None:
    """The day and database bytes of the newest backup whose copy parses, if any."""
    for archive_path in sorted((directory / BACKUP_DIR).glob("studybuddy-*.zip"), reverse=True):
        try:
            with zipfile.ZipFile(archive_path) as archive:
                blob = archive.read(db_name)
            if not isinstance(json.loads(blob), dict):
                continue
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            continue
        return archive_path.stem.removeprefix("studybuddy-"), blob
    return None

"""Rolling daily backups of the user's data: one zip per day, the last seven kept.

Taken when the app closes (its data then known good and nothing else writing), so a
database that later becomes unreadable can be restored from the newest good copy.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

from studybuddy.store.atomic import atomic_write

BACKUP_DIR = "backups"
KEEP = 7
FILES = ("studybuddy.json", "schedule.json", "reviews.jsonl")


def backup_path(directory: Path, day: date) -> Path:
    return directory / BACKUP_DIR / f"studybuddy-{day.isoformat()}.zip"


def daily_backup(directory: Path, today: date) -> Path | None:
    """Write today's backup unless it exists; prune to the newest KEEP. Returns the new file."""
    target = backup_path(directory, today)
    if target.exists() or not (directory / FILES[0]).exists():
        return None
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            if (directory / name).exists():
                archive.write(directory / name, name)
    tmp.replace(target)
    for old in sorted(target.parent.glob("studybuddy-*.zip"))[:-KEEP]:
        old.unlink()
    return target


def restore_newest_good(directory: Path, db_name: str) -> str | None:
    """Put back the database from the newest backup whose copy parses. Returns its date."""
    for archive_path in sorted((directory / BACKUP_DIR).glob("studybuddy-*.zip"), reverse=True):
        try:
            with zipfile.ZipFile(archive_path) as archive:
                blob = archive.read(db_name)
            if not isinstance(json.loads(blob), dict):
                continue
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            continue
        atomic_write(directory / db_name, blob)
        return archive_path.stem.removeprefix("studybuddy-")
    return None

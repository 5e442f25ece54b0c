"""The settings, read straight from the database file: no TinyDB, no lock, no repairs.

For `studybuddy due`, which runs in a shell prompt and must not pay for opening the store.
Whatever is odd about the file (missing, damaged, locked by the app) yields None, and the
caller opens the store properly, which says what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

from studybuddy.settings import Settings
from studybuddy.store.layout import DB_NAME, SETTINGS_ID


def peek_settings(directory: Path) -> Settings | None:
    try:
        data = json.loads((directory / DB_NAME).read_bytes())
        raw = data.get("settings", {}).get(str(SETTINGS_ID))
    except (OSError, ValueError, AttributeError):
        return None
    settings, problems = Settings.from_dict(raw)
    return None if problems else settings

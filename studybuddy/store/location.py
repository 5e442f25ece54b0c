"""Where the user's data lives: --data-dir, then $STUDYBUDDY_HOME, then the platform's data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "STUDYBUDDY_HOME"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when needed: it is the slowest of the three to import

    return platformdirs.user_data_path("studybuddy")

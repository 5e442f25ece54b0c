"""What happens to a bug: the user reads one sentence, the traceback goes to a file.

A learner should never face a screen of Python; a maintainer needs the whole traceback.
Both the app (an exception in any handler) and the CLI (one before or after the app) come
here. Their work is already on disk by then: answers and ticks are saved as they are made.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from studybuddy import __version__

KEEP = 20


def write_crash_report(log_dir: Path | None, error: BaseException | str) -> Path | None:
    """Write the traceback (or the app's rendered report) into the data directory's log
    folder (DataDir.logs), and only there: a report elsewhere is one the user never finds,
    on a disk they did not choose.

    Returns the file, or None when it could not be written.
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    body = "".join(
        [
            f"StudyBuddy {__version__}, Python {platform.python_version()} on {platform.platform()}\n",
            f"argv: {sys.argv!r}\n\n",
            *(traceback.format_exception(error) if isinstance(error, BaseException) else [error]),
        ]
    )
    if log_dir is None:
        return None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        target = log_dir / f"studybuddy-crash-{stamp}.txt"
        target.write_text(body, encoding="utf-8")
        for old in sorted(log_dir.glob("studybuddy-crash-*.txt"))[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return target


def crash_message(error: BaseException | str, report: Path | None) -> str:
    """`error` is the exception, or its one-line summary when only the app's report is left."""
    where = f"The details are in {report}; please attach that file to a bug report." if report else ""
    if isinstance(error, str):
        summary = error
    else:
        summary = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return (
        f"studybuddy: StudyBuddy stopped after an unexpected error ({summary}). "
        f"Everything you did before it was saved. {where}"
    ).rstrip()

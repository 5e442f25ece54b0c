"""Shared by the attack tests: the real command in a subprocess, and a data directory with history."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

TRACEBACK = "Traceback (most recent call last)"


def studybuddy(data: Path, *args: str, env: dict | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """`python -m studybuddy --data-dir DATA ARGS`, as a user would type it."""
    return subprocess.run(
        [sys.executable, "-m", "studybuddy", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **kw,
    )


def assert_one_clean_line(proc: subprocess.CompletedProcess) -> str:
    """A failure the user can act on: non-zero, one line, no traceback, no crash report."""
    assert proc.returncode != 0, proc
    assert TRACEBACK not in proc.stderr, proc.stderr
    assert "unexpected error" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("studybuddy: error: "), lines[0]
    return lines[0]


def answer_cards(data: Path, slugs: list[str], start: datetime | None = None) -> None:
    """Really answer cards through the data layer, as the app does, with a snapshot."""
    from studybuddy.content import load_content
    from studybuddy.srs.study import Study
    from studybuddy.store import Store

    now = [start or datetime.now(timezone.utc) - timedelta(days=3)]
    with Store.open(data) as store:
        study = Study.open(load_content(), data, store.settings(), clock=lambda: now[0])
        for slug in slugs:
            study.collection.answer(slug, 3, 5000)
            now[0] += timedelta(minutes=2)
        study.collection.save()
        study.collection.close()


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` with its bytes (the lock file's pid aside)."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != "studybuddy.lock"
    }

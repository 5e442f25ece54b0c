"""Run the real app on a pseudo-terminal, press keys, and SIGKILL it at random moments.

What the screen acknowledged is read from the terminal output itself: the review screen's
"done this session N" and the browser header's "K/180 finished". After each kill the data
directory must hold at least that much, exactly once, parse cleanly, replay exactly, and
the app must start again.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")
DONE_SESSION = re.compile(r"done this session (\d+)")
FINISHED = re.compile(r"(\d+)/180 finished")


@dataclass
class Run:
    output: str
    acked_reviews: int
    acked_done: int
    started: bool


def _read_some(fd: int, into: bytearray, wait: float) -> bool | None:
    """Append what the terminal has written: True if something came, None if nothing did
    within `wait`, False once the terminal is closed."""
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return None
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    into += chunk
    return True


def run_and_kill(data_dir: Path, args: list[str], keys: list[bytes], kill_after: float, key_gap: float = 0.05) -> Run:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "STUDYBUDDY_HOME": str(data_dir), "COLUMNS": "100", "LINES": "32"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "studybuddy", *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True,
    )
    os.close(slave)
    raw = bytearray()
    deadline = time.monotonic() + kill_after
    started = False
    pending = list(keys)
    next_key = None
    try:
        while time.monotonic() < deadline:
            if _read_some(master, raw, 0.01) is False:
                break
            if not started and b"StudyBuddy" in raw:
                started, next_key = True, time.monotonic() + 0.3
            if started and pending and time.monotonic() >= next_key:
                os.write(master, pending.pop(0))
                next_key = time.monotonic() + key_gap
        # Anything already written to the terminal counts as seen before the kill.
        proc.send_signal(signal.SIGKILL)
        while _read_some(master, raw, 0.05):
            pass
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    text = ANSI.sub(b"", bytes(raw)).decode("utf-8", "replace")
    # The last value drawn is what the screen acknowledged when the process died.
    reviews = ([0] + [int(m) for m in DONE_SESSION.findall(text)])[-1]
    done = ([0] + [int(m) for m in FINISHED.findall(text)])[-1]
    return Run(text, reviews, done, started)


def session_keys(
    rng: random.Random, review: bool, section_steps: int = 1, items: int = 12, already_done: int = 0
) -> list[bytes]:
    if review:
        keys = []
        for _ in range(rng.randint(3, 25)):
            keys += [b" ", rng.choice([b"1", b"2", b"3", b"3", b"3", b"4"])]
        return keys
    # Down the tree to a section not ticked before, over to its items, and tick them in
    # order, never more than the section holds: every change goes from todo to done, so the
    # count only ever grows.
    keys = [b"j"] * section_steps + [b"\t"] + [b"j"] * already_done
    for _ in range(min(items - already_done, rng.randint(2, 12))):
        keys += [b" ", b"j"]
    return keys

"""Run the real app on a pseudo-terminal, press keys, and SIGKILL it at random moments.

What the screen acknowledged is read from the terminal output itself: the review screen's
"done this session N" and the browser header's "K/N finished (P%)". After each kill the data
directory must hold at least that much, exactly once, parse cleanly, replay exactly, and
the app must start again.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.terminal import Terminal

DONE_SESSION = re.compile(r"done this session (\d+)")
# The header's count ("3/185 finished (2%)"), not a section's ("2/5 finished · 1 done").
FINISHED = re.compile(r"(\d+)/\d+ finished \(")


@dataclass
class Run:
    output: str
    acked_reviews: int
    acked_done: int
    started: bool


def run_and_kill(data_dir: Path, args: list[str], keys: list[bytes], kill_after: float, key_gap: float = 0.05) -> Run:
    deadline = time.monotonic() + kill_after
    started = False
    pending = list(keys)
    next_key = 0.0
    with Terminal(data_dir, args) as term:
        while time.monotonic() < deadline:
            if term.read(0.01) is False:
                break
            if not started and b"StudyBuddy" in term.raw:
                started, next_key = True, time.monotonic() + 0.3
            if started and pending and time.monotonic() >= next_key:
                term.press(pending.pop(0), gap=0)
                next_key = time.monotonic() + key_gap
        term.kill()
        text = term.text
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

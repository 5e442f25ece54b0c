"""A program in a real terminal: a pty of a given size, its output read into a screen grid.

The startup and memory benches run StudyBuddy and the bare app exactly as a user does (the
program's own `main`, a real terminal driver, no test harness), and watch the grid pyte
keeps of what the terminal shows: a frame counts once its text is on that grid. Peak RSS is
the process's own high-water mark (VmHWM in /proc/PID/status), read while it runs, so it is
the measured program's alone, whatever this process holds.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable

from common import PYTHON, scratch

# The header's due counts, as the browser writes them in its sub-title.
DUE_COUNTS = re.compile(r"· (\d+ due, \d+ new|no cards due)")
# The stats screen's retention card, filled: "Young   93.2% of 1234" (or "none yet").
STATS_FILLED = re.compile(r"(Young|Mature)\s+(\d+\.\d%|none yet)")


class Terminal:
    def __init__(self, argv: list[str], *, size: tuple[int, int] = (80, 24), cwd: str | None = None):
        import pyte  # here, so a machine without it fails these benches with a clear line, not the run

        columns, rows = size
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", PYTHONPYCACHEPREFIX=str(scratch("pycache")))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches as an installed app has them
        env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd or str(scratch("cwd")), env=env, start_new_session=True
        )
        os.close(slave)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, seen: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds from the start of the process to the first grid on which `seen` holds."""
        deadline = time.perf_counter() + timeout
        while True:
            if seen(self.text()):
                return time.perf_counter() - self.started
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"not on screen after {timeout:.0f}s; the screen shows:\n{self.text()}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # the program ended: its pty is gone
                    data = b""
                if not data:
                    raise RuntimeError(f"the program ended (exit {self.proc.wait()}); the screen shows:\n{self.text()}")
                self.stream.feed(data)

    def wait_exit(self, timeout: float = 120.0) -> int:
        """Read the terminal until the program has ended; its exit status."""
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the program did not end after {timeout:.0f}s; the screen shows:\n{self.text()}")
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.stream.feed(os.read(self.master, 65536))
                except OSError:
                    pass
        return self.proc.wait()

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def peak_rss(self) -> int:
        """Bytes: the process's peak resident set so far."""
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc (this bench needs Linux)")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def studybuddy_argv(data_dir, *args: str) -> list[str]:
    return [PYTHON, "-m", "studybuddy", "--data-dir", str(data_dir), *args]


def shows_due_counts(text: str) -> bool:
    return bool(DUE_COUNTS.search(text))


def shows_stats(text: str) -> bool:
    return bool(STATS_FILLED.search(text))


def ordinary_session(data_dir) -> None:
    """Start the app, look at the stats, quit: what the app leaves after a session (snapshot,
    due index, per-day totals, the day's backup) is then there, as for a real user."""
    terminal = Terminal(studybuddy_argv(data_dir), size=(120, 32))
    try:
        terminal.wait_for(shows_due_counts, timeout=180)
        terminal.press(b"s")
        terminal.wait_for(shows_stats, timeout=180)
        terminal.press(b"q")
        if terminal.wait_exit() != 0:
            raise RuntimeError(f"the app ended with an error; the screen shows:\n{terminal.text()}")
    finally:
        terminal.close()

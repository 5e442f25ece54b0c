"""The real `studybuddy` process on a pseudo-terminal: what a user at a terminal sees.

Used by the crash harness (press keys, SIGKILL at a random moment) and by the bad-file
tests (start, read the screen, answer a question, quit). The screen is read from the
terminal output itself, with the escape sequences stripped.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")
COLUMNS, LINES = 100, 32


class Terminal:
    """`python -m studybuddy ARGS` (or `python -c CODE`) on a 100x32 pseudo-terminal."""

    def __init__(
        self,
        data_dir: Path,
        args: Sequence[str] = (),
        *,
        code: str | None = None,
        preexec_fn: Callable[[], None] | None = None,
        wrap: Sequence[str] = (),
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "STUDYBUDDY_HOME": str(data_dir), "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
        command = [sys.executable, "-c", code, *args] if code is not None else [sys.executable, "-m", "studybuddy", *args]
        self.proc = subprocess.Popen(
            [*wrap, *command],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True, preexec_fn=preexec_fn,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()
        self.closed = False

    @property
    def text(self) -> str:
        return ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    def read(self, wait: float) -> bool | None:
        """Take what the terminal has written: True if something came, None if nothing did
        within `wait`, False once the terminal is closed."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.raw += chunk
        return True

    def wait_for(self, needle: str, timeout: float = 20.0, since: int = 0) -> None:
        """Until `needle` is on screen (in the output after character `since`)."""
        deadline = time.monotonic() + timeout
        while needle not in self.text[since:]:
            if time.monotonic() > deadline or self.read(0.05) is False and needle not in self.text[since:]:
                raise AssertionError(f"{needle!r} never appeared; the terminal showed:\n{self.text[-3000:]}")

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> None:
        """Until the screen has stopped changing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.read(quiet) is not None:
            pass

    def mark(self) -> int:
        return len(self.text)

    def press(self, *keys: bytes, gap: float = 0.15) -> None:
        for key in keys:
            os.write(self.master, key)
            self.settle(gap, timeout=gap * 10)

    def wait_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
        while self.read(0.05):
            pass
        code = self.proc.poll()
        if code is None:
            raise AssertionError(f"the app did not exit; the terminal showed:\n{self.text[-3000:]}")
        return code

    def kill(self) -> None:
        """SIGKILL; anything already written to the terminal counts as seen before it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        while self.read(0.05):
            pass

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

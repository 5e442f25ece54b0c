"""The real `studybuddy` process on a pseudo-terminal, read as a user reads it: a screen grid.

What the app writes is fed to a terminal emulator (pyte), and tests wait for states of its
screen (a predicate over the rows) with a generous timeout instead of sleeping, so a slow
or busy machine only makes them slower.

Textual draws each frame between the "synchronized output" markers once the terminal says
it supports them; we say so, and the screen is updated one whole frame at a time, so a
half-drawn frame is never taken for a state. A frame the app had not finished when it was
killed was never shown, so it never counts.
"""

from __future__ import annotations

import copy
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

import pyte

COLUMNS, LINES = 100, 32
TIMEOUT = 90.0  # generous: a busy two-CPU machine can take many seconds to start the app

FRAME_START = b"\x1b[?2026h"
FRAME_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"  # DECRPM: known to the terminal, currently off
# Sequences pyte misreads as text (the kitty keyboard protocol's push and pop).
UNKNOWN_TO_PYTE = re.compile(rb"\x1b\[[<>=][0-9;]*u")
# An escape sequence cut off at the end of what was read so far: wait for its end.
INCOMPLETE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]*)?\Z")
# An operating-system command: title, clipboard, hyperlink... pyte reads only one digit of
# its number (OSC 22 became a title), so they are taken out here and kept in `commands`.
# As in xterm, BEL or ST ends one, and so does any other escape sequence starting.
OSC = re.compile(rb"\x1b\]([0-9]*);?([^\x07\x1b]*)(?:\x07|\x1b\\|(?=\x1b[^\\]))")
TITLE_COMMANDS = {b"0", b"2"}

NOTE_EDGE = "▌"  # the left edge Textual draws for a notification

Predicate = Callable[["Terminal"], bool]


def notes_of(rows: list[str]) -> list[str]:
    notes, lines, column = [], [], -1
    for row in [*rows, ""]:
        edge = row.rfind(NOTE_EDGE)
        line = row[edge + 1 :].strip() if edge != -1 else ""
        if edge == -1 or edge != column or not line:
            if lines:
                notes.append(" ".join(lines))
            lines = []
        column = edge
        if line:
            lines.append(line)
    return notes


def _says_all(note: str, needles: Sequence[str]) -> bool:
    note = "".join(note.split())
    return all("".join(needle.split()) in note for needle in needles)


class Screen(pyte.Screen):
    """pyte's screen plus the alternate screen (1049) and a count of whole-screen erases."""

    ALT_SCREEN = 1049

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.erases = 0
        self._main: tuple[dict[int, dict], pyte.screens.Cursor] | None = None

    def set_mode(self, *modes: int, **kwargs) -> None:
        if kwargs.get("private") and self.ALT_SCREEN in modes and self._main is None:
            self._main = ({y: dict(row) for y, row in self.buffer.items()}, copy.copy(self.cursor))
            self.buffer.clear()
            self.dirty.update(range(self.lines))
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs) -> None:
        if kwargs.get("private") and self.ALT_SCREEN in modes and self._main is not None:
            rows, self.cursor = self._main
            self._main = None
            self.buffer.clear()
            for y, row in rows.items():
                self.buffer[y].update(row)
            self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)

    def erase_in_display(self, how: int = 0, *args, **kwargs) -> None:
        if how in (2, 3):
            self.erases += 1
        super().erase_in_display(how, *args, **kwargs)


class Terminal:
    """`python -m studybuddy ARGS` (or `python -c CODE`) on a pseudo-terminal, 100x32 unless told."""

    def __init__(
        self,
        data_dir: Path,
        args: Sequence[str] = (),
        *,
        code: str | None = None,
        preexec_fn: Callable[[], None] | None = None,
        wrap: Sequence[str] = (),
        size: tuple[int, int] = (COLUMNS, LINES),
    ) -> None:
        columns, lines = size
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "STUDYBUDDY_HOME": str(data_dir),
            "COLUMNS": str(columns),
            "LINES": str(lines),
        }
        command = [sys.executable, "-c", code, *args] if code is not None else [sys.executable, "-m", "studybuddy", *args]
        self.proc = subprocess.Popen(
            [*wrap, *command],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True, preexec_fn=preexec_fn,
        )
        os.close(slave)
        self.master = master
        self.screen = Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()  # every byte the app wrote, for checks of what reached the terminal
        self.frames: list[str] = []  # each whole frame shown, in order
        self.commands: list[tuple[str, bytes]] = []  # (number, text) of each OSC, in order
        self.title = ""
        self._pending = bytearray()
        self._answered_sync = False
        self.closed = False

    # -- what is on screen -----------------------------------------------------------------

    @property
    def rows(self) -> list[str]:
        return [row.rstrip() for row in self.screen.display]

    @property
    def text(self) -> str:
        """The screen now, row by row."""
        return "\n".join(self.rows)

    @property
    def unwrapped(self) -> str:
        """The screen with soft-wrapped rows (filled to the last column) joined again, as a
        user reads a long path that the terminal wrapped."""
        out = []
        for row in self.screen.display:
            out.append(row if row[-1:] != " " else row.rstrip() + "\n")
        return "".join(out)

    def says(self, sentence: str) -> bool:
        """Whether the screen, read as prose, says `sentence`: rows that the terminal wrapped
        are joined again and runs of spaces count as one, so a long path wrapping anywhere
        (even at a space) does not matter."""
        return " ".join(sentence.split()) in " ".join(self.unwrapped.split())

    def notes(self) -> list[str]:
        """The text of each notification on screen, its lines joined by spaces, so a test
        reads what it says however a long path made it wrap."""
        return notes_of(self.rows)

    def shows_note(self, *needles: str) -> bool:
        """Whether a notification says all of `needles`. Spaces are ignored: a long path in
        a notification is folded anywhere, and nothing tells a fold from a space."""
        return any(_says_all(note, needles) for note in self.notes())

    def ever_noted(self, *needles: str) -> bool:
        """Whether any whole frame so far had a notification saying all of `needles`."""
        return any(_says_all(note, needles) for frame in self.frames for note in notes_of(frame.split("\n")))

    def shows(self, *needles: str) -> bool:
        screen = self.text
        return all(needle in screen for needle in needles)

    def ever_showed(self, needle: str) -> bool:
        """Whether any whole frame so far had `needle` on it (for what must never appear)."""
        return any(needle in frame for frame in self.frames)

    # -- reading ---------------------------------------------------------------------------

    def read(self, wait: float) -> bool | None:
        """Take what the app has written: True if something came, None if nothing did
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
            if not self._pending.startswith(FRAME_START):  # an unfinished frame was never shown
                self._show(bytes(self._pending))
            self._pending.clear()
            return False
        self._take(chunk)
        return True

    def _take(self, chunk: bytes) -> None:
        self.raw += chunk
        if not self._answered_sync and SYNC_QUERY in self.raw:
            # Answer as a modern terminal does, so Textual draws in whole frames.
            os.write(self.master, SYNC_SUPPORTED)
            self._answered_sync = True
        self._pending += chunk
        while self._pending:
            start = self._pending.find(FRAME_START)
            if start == 0:
                end = self._pending.find(FRAME_END)
                if end == -1:
                    return  # the frame is still being drawn: not on screen yet
                cut = end + len(FRAME_END)
            elif start > 0:
                cut = start
            else:
                tail = INCOMPLETE.search(self._pending)
                cut = tail.start() if tail else len(self._pending)
                if cut == 0:
                    return
            self._show(bytes(self._pending[:cut]))
            del self._pending[:cut]

    def _show(self, data: bytes) -> None:
        for command in OSC.finditer(data):
            number, text = command.groups()
            self.commands.append((number.decode(), text))
            if number in TITLE_COMMANDS:
                self.title = text.decode("utf-8", "replace")
        self._stream.feed(UNKNOWN_TO_PYTE.sub(b"", OSC.sub(b"", data)))
        screen = self.text
        if not self.frames or self.frames[-1] != screen:
            self.frames.append(screen)

    # -- waiting on states -----------------------------------------------------------------

    def wait_until(self, state: Predicate, what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not state(self):
            if time.monotonic() > deadline or self.read(0.05) is False and not state(self):
                raise AssertionError(f"the screen never showed {what}; it shows:\n{self.text}")

    def wait_for(self, *needles: str, timeout: float = TIMEOUT) -> None:
        """Until every one of `needles` is on the screen at once."""
        self.wait_until(lambda t: t.shows(*needles), " and ".join(map(repr, needles)), timeout)

    def wait_for_note(self, *needles: str, timeout: float = TIMEOUT) -> None:
        """Until one notification says all of `needles`."""
        self.wait_until(lambda t: t.shows_note(*needles), f"a notification with {needles!r}", timeout)

    def wait_while(self, *needles: str, timeout: float = TIMEOUT) -> None:
        """Until none of `needles` is on the screen."""
        self.wait_until(lambda t: not any(t.shows(n) for n in needles), f"none of {needles!r}", timeout)

    def press(self, *keys: bytes) -> None:
        for key in keys:
            os.write(self.master, key)

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
        while self.read(0.05):
            pass
        code = self.proc.poll()
        if code is None:
            raise AssertionError(f"the app did not exit; the screen shows:\n{self.text}")
        return code

    def kill(self) -> None:
        """SIGKILL; every whole frame already written counts as seen before it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
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

"""Text from files is data, never terminal control.

A guide, a deck, an Anki export, the journal or the settings may hold C0/C1 control
characters (ESC starts the sequences that retitle a terminal, wipe it or set the clipboard).
Newline and tab are text; every other control character is refused where content is
checked, stripped where a foreign file is imported, and escaped wherever a message quotes
what a file said. Standard library only.
"""

from __future__ import annotations

import re

# C0 (but tab and newline), DEL and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def first_control(text: str) -> str | None:
    """The first forbidden control character in `text`, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)


def printable(text: str) -> str:
    """`text` with every forbidden control character shown as an escape, e.g. \\x1b."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def describe(char: str) -> str:
    return f"control character U+{ord(char):04X}"

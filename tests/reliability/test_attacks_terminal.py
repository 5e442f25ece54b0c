"""Hostile content met by the real app on a terminal: no escape sequence from data reaches it.

A guide and a deck in the user's content folder carry, in double-quoted YAML (where `\\e` is
ESC), a window-title change (OSC 0 and OSC 2, ended by BEL or by ESC \\), a screen wipe
(CSI 2 J) and a clipboard write (OSC 52), in every field the screens show. The app runs
on a pseudo-terminal read through a terminal emulator: the title must never change, no
clipboard or title command may be sent, the screen must never be wiped, and the app must
name the bad file (the loader refuses control characters with file and line).
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pytest

from studybuddy.content import ContentError, load_content
from tests.helpers.screens import browser_shown
from tests.helpers.terminal import Terminal

SET_TITLE = r"\e]0;PWNED\a"
SET_TITLE_ST = r"\e]2;PWNED\e\\"
WIPE = r"\e[2J"
CLIPBOARD = r"\e]52;c;cm0gLXJmIH4K\a"  # base64 of "rm -rf ~"

GUIDE = rf"""
id: poisoned
title: "Poisoned guide {SET_TITLE} end {WIPE}"
source: https://example.org/
summary: "Poisoned summary {CLIPBOARD} end"
sections:
  - id: poisoned-section
    title: "Poisoned section {SET_TITLE_ST} end"
    summary: "Section summary {WIPE} end"
    items:
      - id: poisoned-item
        title: "Harmless item"
        url: https://example.org/x
        kind: article
        note: "Item note {SET_TITLE} {CLIPBOARD} end"
"""

DECK = rf"""
id: poisoned-deck
title: "Poisoned deck {SET_TITLE}"
cards:
  - id: poisoned-card
    term: "Poisoned term {CLIPBOARD} end"
    definition: "Poisoned definition {WIPE} {SET_TITLE_ST} end"
    sections: [poisoned-section]
"""

TERMINAL_COMMANDS = {"0", "1", "2", "52"}  # titles and the clipboard: never from StudyBuddy


def write_poisoned_content(root: Path, *, poisoned: bool = True) -> tuple[Path, Path]:
    guide, deck = root / "guides" / "poisoned.yaml", root / "decks" / "poisoned.yaml"
    for path, text in ((guide, GUIDE), (deck, DECK)):
        if not poisoned:
            for sequence in (SET_TITLE, SET_TITLE_ST, WIPE, CLIPBOARD):
                text = text.replace(sequence, "")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return guide, deck


def _loader_refuses_control_characters() -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        write_poisoned_content(root / "clean", poisoned=False)
        load_content([root / "clean"], bundled=False)  # the files are otherwise good
        write_poisoned_content(root / "poisoned")
        try:
            load_content([root / "poisoned"], bundled=False)
        except ContentError:
            return True
        return False


LOADER_REFUSES = _loader_refuses_control_characters()


def assert_terminal_untouched(term: Terminal) -> None:
    sent = [(number, text) for number, text in term.commands if number in TERMINAL_COMMANDS]
    assert not sent, f"content sent terminal commands: {sent}"
    assert term.title == "", term.title
    assert term.screen.erases == 0, "the screen was wiped"
    assert not term.ever_showed("PWNED") and not term.ever_showed("cm0gLXJmIH4K")


# Until the loader refuses control characters (issue 13, point 2, being done beside this),
# the poisoned content loads and, as on main today, drives the terminal: that is the
# expected failure. Once the loader refuses them the mark lifts by itself and the test
# must pass as written; strict, so a pass while the loader still accepts them is reported.
@pytest.mark.xfail(not LOADER_REFUSES, strict=True, reason="control characters from content reach the terminal (issue 13.2)")
def test_escape_sequences_in_a_guide_and_a_deck_never_reach_the_terminal(data_dir):
    guide, _ = write_poisoned_content(data_dir / "content")
    with Terminal(data_dir) as term:
        term.wait_until(lambda t: t.closed or browser_shown(t), "the browser or an exit")
        assert_terminal_untouched(term)
        if not LOADER_REFUSES:
            # Bring every poisoned field on screen (the tree, the section and its item, the
            # card's front and back), checking after each: a wiped screen is redrawn only
            # in part, so the next state might never show.
            steps = [(b"/", "Filter"), (b"Poisoned section\r", "Harmless item"), (b"t", "done this session 0"), (b" ", "Poisoned definition")]
            for keys, state in steps:
                term.press(keys)
                term.wait_for(state)
                assert_terminal_untouched(term)
        # The bad file is named with its line: at start (exit 1), or in a notification
        # while the rest of the content keeps working.
        named = f"{guide.name}:"
        if not term.closed:
            term.wait_until(lambda t: t.closed or t.ever_noted(named), f"a notification naming {guide.name}")
        if term.closed:
            assert term.wait_exit() == 1
            assert term.says(str(guide) + ":")
        else:
            assert not term.ever_showed("Poisoned")
            term.press(b"q")
            assert term.wait_exit() == 0
        assert_terminal_untouched(term)

"""Hostile content met by the real app on a terminal: no escape sequence from data reaches it.

A guide and a deck in the user's content folder carry, in double-quoted YAML (where `\\e` is
ESC), a window-title change (OSC 0 and OSC 2, ended by BEL or by ESC \\), a screen wipe
(CSI 2 J) and a clipboard write (OSC 52), in every field the screens show. The app runs
on a pseudo-terminal read through a terminal emulator: the title must never change, no
clipboard or title command may be sent, the screen must never be wiped, and the app must
name the bad files (the loader refuses control characters with file and line) while the
rest of the content keeps working.
"""

from __future__ import annotations

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


def assert_terminal_untouched(term: Terminal) -> None:
    sent = [(number, text) for number, text in term.commands if number in TERMINAL_COMMANDS]
    assert not sent, f"content sent terminal commands: {sent}"
    assert term.title == "", term.title
    assert term.screen.erases == 0, "the screen was wiped"
    assert not term.ever_showed("PWNED") and not term.ever_showed("cm0gLXJmIH4K")


def test_the_files_are_bad_only_for_their_escape_sequences(tmp_path):
    write_poisoned_content(tmp_path / "clean", poisoned=False)
    load_content([tmp_path / "clean"], bundled=False)
    write_poisoned_content(tmp_path / "poisoned")
    with pytest.raises(ContentError) as refused:
        load_content([tmp_path / "poisoned"], bundled=False)
    assert all("control character" in p.message and p.line for p in refused.value.problems)


def test_escape_sequences_in_a_guide_and_a_deck_never_reach_the_terminal(data_dir):
    write_poisoned_content(data_dir / "content")
    with Terminal(data_dir) as term:
        # The app starts with the rest of the content and says why a file was left out.
        # (One notification per file, naming it and its first problem; `check` names every
        # file and line: test_the_files_are_bad_...)
        term.wait_until(browser_shown, "the browser")
        refused = "holds a control character U+001B"
        term.wait_until(lambda t: t.ever_noted(refused), f"a notification saying it {refused}")
        assert not term.ever_showed("Poisoned")
        assert_terminal_untouched(term)
        term.press(b"q")
        assert term.wait_exit() == 0
    assert_terminal_untouched(term)

"""Moving around the real app on a terminal by what its screens show."""

from __future__ import annotations

import re

from studybuddy.content.model import Section
from tests.helpers.terminal import Terminal

PANE_EDGE = "▕"  # between the guide tree and the detail pane
# The browser header's count for the first guide ("3/185 finished (2%)"), not a section's
# ("2/5 finished · 1 done").
GUIDE_FINISHED = re.compile(r"(\d+)/\d+ finished \(")


def browser_shown(term: Terminal) -> bool:
    return GUIDE_FINISHED.search(term.text) is not None


def detail_shows(term: Terminal, section: Section) -> bool:
    """The detail pane shows `section` with its first item (the list is filled)."""
    panes = [row.split(PANE_EDGE, 1)[-1].strip() for row in term.rows]
    title, first = section.title[:40], section.items[0].title[:40]
    return any(p.startswith(title) for p in panes) and any(first in p for p in panes)


def go_to_items(term: Terminal, section: Section, steps: int) -> None:
    """From the top of the collapsed tree, `steps` sections down to `section`, then into its
    item list; each key waits for the screen to show what the previous one did."""
    term.press(b"j" * steps)
    term.wait_until(lambda t: detail_shows(t, section), f"the section {section.title!r}")
    term.press(b"\t")
    term.wait_for("space Done")  # the item list has the keys

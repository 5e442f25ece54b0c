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
    """The detail pane is showing `section` (its items may be below the fold)."""
    title = section.title[:40]
    return any(row.split(PANE_EDGE, 1)[-1].strip().startswith(title) for row in term.rows)


def go_to_items(term: Terminal, section: Section, steps: int) -> None:
    """From the top of the collapsed tree, `steps` sections down to `section`, then into its
    item list; each key waits for the screen to show what the previous one did."""
    term.press(b"j" * steps)
    term.wait_until(lambda t: detail_shows(t, section), f"the section {section.title!r}")
    term.press(b"\t")
    term.wait_for("space Done")  # the item list, filled, has the focus and its keys

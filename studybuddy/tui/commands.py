"""The command palette's search over everything: sections, checklist items and flashcards.

Ranked as a person would: an exact name, then one that starts with the query, then one with
a word that starts with it, then one that contains it, and last a fuzzy match, which for
queries of four letters or more must fall within one word (so "theme" does not find "The
Data Scientific Method" letter by letter). A card whose term or Chinese matches is listed
before the resources that mention it. Choosing a hit jumps there: a section or item opens in
the browser, a card opens its preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from studybuddy.humanize import shorten

if TYPE_CHECKING:
    from collections.abc import Callable

    from studybuddy.tui.app import StudyBuddyApp

EXACT, PREFIX, WORD_START, SUBSTRING, FUZZY = 5, 4, 3, 2, 1
# Within a tier: cards, then sections, then items.
KIND_ORDER = {"Card": 0.3, "Command": 0.25, "Section": 0.2, "Item": 0.1}
HELP_WIDTH = 80
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Entry:
    kind: str
    names: tuple[str, ...]  # what is matched: a card's term and its Chinese, a title
    label: str
    help: str
    command: Callable[[], object]


def _fuzzy_in_word(query: str, word: str) -> list[int] | None:
    """Positions of `query`'s letters in order within `word`, or None."""
    positions, start = [], 0
    for char in query:
        found = word.find(char, start)
        if found < 0:
            return None
        positions.append(found)
        start = found + 1
    return positions


def rank(query: str, name: str) -> tuple[int, list[int]]:
    """(tier, matched character offsets in `name`) of `query` against one name; tier 0 is no match."""
    q, n = query.casefold(), name.casefold()
    if not q:
        return 0, []
    if n == q:
        return EXACT, list(range(len(n)))
    if n.startswith(q):
        return PREFIX, list(range(len(q)))
    words = [(m.start(), m.group()) for m in WORD.finditer(n)]
    for start, word in words:
        if word.startswith(q):
            return WORD_START, list(range(start, start + len(q)))
    at = n.find(q)
    if at >= 0:
        return SUBSTRING, list(range(at, at + len(q)))
    if len(q) >= 4:
        for start, word in words:
            positions = _fuzzy_in_word(q, word)
            if positions is not None:
                return FUZZY, [start + p for p in positions]
    elif " " not in q:
        positions = _fuzzy_in_word(q, n)  # short queries: initials across the name ("ml")
        if positions is not None:
            return FUZZY, positions
    return 0, []


def score(query: str, entry: Entry) -> tuple[float, int, list[int]]:
    """(score, index of the matched name, offsets), score 0 for no match."""
    best = (0.0, 0, [])
    for index, name in enumerate(entry.names):
        tier, positions = rank(query, name)
        if tier:
            # Shorter names first within a tier and kind: "Overfitting" before "Overfitting in practice".
            value = tier + KIND_ORDER[entry.kind] + 0.05 / (1 + len(name))
            if value > best[0]:
                best = (value, index, positions)
    return best


def highlighted(entry: Entry, index: int, positions: list[int]) -> Content:
    """The entry's label with the matched characters of its matched name in bold."""
    name = entry.names[index]
    offset = entry.label.find(name)
    label = Content(entry.label)
    if offset < 0:
        return label
    for p in positions:
        label = label.stylize("bold $text-accent underline", offset + p, offset + p + 1)
    return label


class ContentCommands(Provider):
    @property
    def _studybuddy(self) -> StudyBuddyApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        content = self._studybuddy.content
        app = self._studybuddy
        entries: list[Entry] = []
        for card in content.cards.values():
            names = (card.term, card.zh) if card.zh else (card.term,)
            label = f"Card: {card.term}" + (f" ({card.zh})" if card.zh else "")
            first = " ".join(card.definition.split(". ")[0].split())
            entries.append(Entry("Card", names, label, shorten(first, HELP_WIDTH), partial(app.preview_card, card.id)))
        for section in content.sections.values():
            guide = content.guide_by_id(section.guide_id)
            names = (section.title, section.original_title) if section.original_title else (section.title,)
            entries.append(
                Entry("Section", names, f"Section: {section.title}", shorten(f"in {guide.title}", HELP_WIDTH), partial(app.open_node, section.id))
            )
        for item in content.items.values():
            section = content.sections[item.section_id]
            entries.append(
                Entry(
                    "Item", (item.title,), f"Item: {item.title}", shorten(f"{item.kind} · in {section.title}", HELP_WIDTH),
                    partial(app.open_node, section.id, item.id),
                )
            )
        entries += [Entry("Command", (title,), title, help_text, command) for title, help_text, command in self.commands()]
        self._entries = entries

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """StudyBuddy's own commands: listed when the palette opens, and found by name."""
        app = self._studybuddy
        return [
            ("Review today's cards", "Open the review screen", app.start_review),
            ("Show progress stats", "Calendar, streak, forecast, retention", app.action_stats),
            ("Settings", "Daily limits, desired retention, day start, theme", app.action_settings),
            ("Keys", "Every key of the current screen", app.action_help),
        ]

    def ranked(self, query: str) -> list[tuple[float, Entry, int, list[int]]]:
        """Every entry that matches, best first, each label once."""
        found = []
        for entry in self._entries:
            value, index, positions = score(query.strip(), entry)
            if value:
                found.append((value, entry, index, positions))
        found.sort(key=lambda hit: -hit[0])
        seen: set[str] = set()
        unique = []
        for hit in found:
            if hit[1].label not in seen:
                seen.add(hit[1].label)
                unique.append(hit)
        return unique

    async def search(self, query: str) -> Hits:
        for value, entry, index, positions in self.ranked(query):
            yield Hit(value, highlighted(entry, index, positions), entry.command, text=entry.label, help=entry.help)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for title, help_text, command in self.commands():
            yield DiscoveryHit(title, command, help=help_text)

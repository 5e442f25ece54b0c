"""The command palette's search over everything: sections, checklist items and flashcards.

Choosing a hit jumps there: a section or item opens in the browser, a card opens its
preview. Textual's fuzzy matcher scores the hits, so "bkprop" finds Backpropagation and
"过拟合" finds Overfitting.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from studybuddy.tui.app import StudyBuddyApp


class ContentCommands(Provider):
    @property
    def _studybuddy(self) -> StudyBuddyApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        content = self._studybuddy.content
        entries: list[tuple[str, str, object]] = []
        for section in content.sections.values():
            guide = content.guide_by_id(section.guide_id)
            entries.append((f"Section: {section.title}", f"in {guide.title}", partial(self._studybuddy.open_node, section.id)))
        for item in content.items.values():
            section = content.sections[item.section_id]
            entries.append(
                (f"Item: {item.title}", f"{item.kind} · in {section.title}", partial(self._studybuddy.open_node, section.id, item.id))
            )
        for card in content.cards.values():
            label = f"Card: {card.term}" + (f" ({card.zh})" if card.zh else "")
            first = card.definition.split(". ")[0].replace("\n", " ")
            entries.append((label, first[:90], partial(self._studybuddy.preview_card, card.id)))
        self._entries = entries

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._entries:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        app = self._studybuddy
        yield DiscoveryHit("Review today's cards", app.start_review, help="Open the review screen")
        yield DiscoveryHit("Show progress stats", app.action_stats, help="Calendar, streak, forecast, retention")
        yield DiscoveryHit("Settings", app.action_settings, help="Daily limits, desired retention, day start, theme")
        yield DiscoveryHit("Keys", app.action_help, help="Every key of the current screen")

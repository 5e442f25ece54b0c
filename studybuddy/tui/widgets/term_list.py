"""The terms of a section: a short focusable list under its items, enter opens a card's preview.

Every term is reachable: the list scrolls, and when it is cut a "+N more" line says how
many are below.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from studybuddy.content import Term
from studybuddy.tui.widgets.item_list import up_down


class TermList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Preview", id="terms.preview", tooltip="Open the term's card: definition, schedule, study it now"),
        *up_down("terms", "term"),
    ]

    @dataclass
    class PreviewRequested(Message):
        """The user wants to see a card (its definition, schedule and "study now")."""

        card_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.terms: list[Term] = []

    def show_terms(self, terms: list[Term]) -> None:
        self.terms = list(terms)
        self.set_options(
            Option(Content.assemble(term.term, Content.styled(f"  {term.zh}", "$text-muted") if term.zh else ""), id=term.id)
            for term in terms
        )
        if terms:
            self.highlighted = 0

    def hidden_count(self) -> int:
        """How many terms are below the visible rows (one row each)."""
        rows = self.scrollable_content_region.height
        if not rows:
            return 0
        return max(0, len(self.terms) - int(self.scroll_offset.y) - rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.PreviewRequested(event.option.id))

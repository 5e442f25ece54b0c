"""A card's definition and schedule, opened from the command palette, with "study it now"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from studybuddy.content import Term
from studybuddy.humanize import plural
from studybuddy.srs.study import Study
from studybuddy.tui import markdown_lite
from studybuddy.tui.widgets.key_bar import KeyBar


class CardPreview(ModalScreen[bool]):
    """Dismissed with True when the user wants to study the card now."""

    AUTO_FOCUS = ""  # nothing: the keys belong to the dialog, see on_mount
    BINDINGS = [
        Binding("escape", "close", "Close", id="preview.close", tooltip="Close the preview"),
        Binding("enter", "study", "Study now", key_display="enter", id="preview.study", tooltip="Review this card now"),
    ]

    def __init__(self, card: Term, study: Study) -> None:
        super().__init__()
        self.card = card
        self.study = study

    def compose(self) -> ComposeResult:
        card = self.card
        yield KeyBar()
        with Vertical(id="preview-dialog"):
            yield Static(card.term + (f"  ·  {card.zh}" if card.zh else ""), id="preview-term")
            yield Static(markdown_lite.render(card.definition), id="preview-definition")
            if card.example:
                yield Static("Example: " + " ".join(card.example.split()), id="preview-example")
            yield Static(self._schedule_text(), id="preview-schedule")
            with Horizontal(id="preview-buttons"):
                yield Button("Study now", id="preview-study", variant="primary", compact=True)
                yield Button("Close", id="preview-close", compact=True)

    def _schedule_text(self) -> str:
        collection = self.study.collection
        record = collection.records.get(self.card.id)
        if record is None:
            return "New card · not reviewed yet"
        now = self.study.clock()
        card = record.card
        retrievability = collection.scheduler.get_card_retrievability(card, now)
        due = card.due.astimezone()
        return (
            f"State           {record.state}\n"
            f"Due             {due:%a %d %b %Y %H:%M}" + (" (due now)" if card.due <= now else "") + "\n"
            f"Stability       {card.stability:.1f} {'day' if round(card.stability, 1) == 1 else 'days'}\n"
            f"Retrievability  {retrievability:.0%} now\n"
            f"Reviews         {record.reps} ({plural(record.lapses, 'lapse')})"
        )

    def on_mount(self) -> None:
        # The keys belong to the dialog (enter studies, escape closes, as its footer says);
        # a focused button would take enter for itself. Clicks still work.
        for button in self.query(Button):
            button.can_focus = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "preview-study")

    def action_study(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)

"""The question asked when the database could not be read and a daily backup can replace it.

Asked rather than done: the backup may be days old, and the user may prefer to start fresh
(or to recover the kept file by hand). Either way nothing is deleted.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from studybuddy.store import RestoreOffer
from studybuddy.tui.widgets.key_bar import KeyBar


class RestoreBackupDialog(ModalScreen[bool]):
    """Dismissed with True to restore the backup, False to keep the fresh database."""

    AUTO_FOCUS = ""  # nothing: the keys belong to the dialog, see on_mount
    BINDINGS = [
        Binding("enter", "restore", "Restore", key_display="enter", id="restore.yes", tooltip="Put back the checklist and settings from the backup"),
        Binding("escape", "fresh", "Start fresh", id="restore.no", tooltip="Keep the fresh database; the backups and the unreadable file stay on disk"),
    ]

    def __init__(self, offer: RestoreOffer, database: str) -> None:
        super().__init__()
        self.offer = offer
        self.database = database

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical(id="restore-dialog"):
            yield Static("Your progress file could not be read", id="restore-title")
            yield Static(
                f"{self.database} could not be read ({self.offer.problem}). It was kept as "
                f"{self.offer.kept_as}, so nothing in it is lost.\n\n"
                f"The daily backup of {self.offer.backup_day} holds your checklist and settings "
                "as they were then. Your flashcard reviews are kept in a separate log and are "
                "not affected either way.",
                id="restore-body",
            )
            with Horizontal(id="restore-buttons"):
                yield Button(f"Restore the backup of {self.offer.backup_day}", id="restore-yes", variant="primary", compact=True)
                yield Button("Start fresh", id="restore-no", compact=True)

    def on_mount(self) -> None:
        # The keys belong to the dialog (enter restores, escape starts fresh, as its footer
        # says); a focused button would take enter for itself. Clicks still work.
        for button in self.query(Button):
            button.can_focus = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore-yes")

    def action_restore(self) -> None:
        self.dismiss(True)

    def action_fresh(self) -> None:
        self.dismiss(False)

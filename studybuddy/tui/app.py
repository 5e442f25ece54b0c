"""The StudyBuddy application: wires the content and the open store to the screens."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from studybuddy.content import Content
from studybuddy.store import Store
from studybuddy.tui.screens.browser import BrowserScreen


class StudyBuddyApp(App):
    CSS_PATH = "studybuddy.tcss"
    TITLE = "StudyBuddy"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit StudyBuddy; your progress is already saved"),
    ]

    def __init__(self, content: Content, store: Store) -> None:
        super().__init__()
        self.content = content
        self.store = store

    def get_default_screen(self) -> Screen:
        return BrowserScreen(self.content, self.store)

    def on_mount(self) -> None:
        for warning in self.store.warnings:
            self.notify(warning, title="Database recovered", severity="warning", timeout=15)

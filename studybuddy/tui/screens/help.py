"""`?`: every key of the screen underneath, grouped by where it works.

Built from the bindings themselves (app, screen and each focusable widget), so it can never
fall out of date with what the keys really do.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Friendlier group names than class names; anything else is shown by its class name.
GROUP_NAMES = {
    "GuideTree": "Section tree",
    "ItemList": "Checklist items",
    "BrowserScreen": "Guides",
    "ReviewScreen": "Review",
    "StatsScreen": "Stats",
    "StudyBuddyApp": "Everywhere",
    "OptionList": "Lists",
}
HIDDEN_GROUPS = {"Input", "Button", "Markdown", "MarkdownViewer", "VerticalScroll", "Footer", "Header"}
# Plain scrolling that every scrollable widget inherits; listing it for each one is noise.
SCROLL_ACTIONS = {
    "scroll_left", "scroll_right", "scroll_up", "scroll_down", "scroll_home", "scroll_end",
    "page_left", "page_right", "page_up", "page_down",
}


def key_label(app, binding: Binding) -> str:
    return binding.key_display or app.get_key_display(binding)


def binding_groups(screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, description)]) for the app, the screen and its focusable widgets."""
    app = screen.app
    owners = [app, screen, *[w for w in screen.query("*") if w.focusable and type(w).__name__ not in HIDDEN_GROUPS]]
    groups: dict[str, dict[str, list[str]]] = {}
    for owner in owners:
        name = GROUP_NAMES.get(type(owner).__name__, type(owner).__name__)
        for bindings in owner._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.system or binding.action in SCROLL_ACTIONS:
                    continue
                rows = groups.setdefault(name, {})
                rows.setdefault(binding.description, [])
                label = key_label(app, binding)
                if label not in rows[binding.description]:
                    rows[binding.description].append(label)
    return [(name, [(" ".join(keys), desc) for desc, keys in rows.items()]) for name, rows in groups.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Close the key list"),
        Binding("question_mark", "close", "Close", show=False, id="help.close2", tooltip="Close the key list"),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]], title: str) -> None:
        super().__init__()
        self.groups = groups
        self.title_text = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(f"Keys · {self.title_text}", id="help-title")
            for name, rows in self.groups:
                width = max((len(k) for k, _ in rows), default=0) + 2
                lines = "\n".join(f"[b $text-accent]{escape(keys):<{width}}[/]{escape(desc)}" for keys, desc in rows)
                yield Static(f"[b]{name}[/b]\n{lines}", classes="help-group")
            yield Static("[$text-muted]escape or ? closes · ctrl+p searches everything[/]")

    def action_close(self) -> None:
        self.dismiss(None)

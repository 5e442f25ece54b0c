"""`?`: this app's keys for the screen underneath, grouped by purpose, each with its binding id.

Built from the BINDINGS of StudyBuddy's own classes (the app, the screen and the widgets on
it), so it lists only keys that work here and can never fall out of date with them. Textual's
inherited keys (focus cycling, copying) are left out: they are not ours to promise. Keys the
user remapped in keymap.toml are shown as remapped; the id is what keymap.toml names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from studybuddy.tui.widgets.key_bar import KeyBar

# Groups by purpose, named after the class that owns the keys.
GROUP_NAMES = {
    "StudyBuddyApp": "Everywhere",
    "BrowserScreen": "Guides",
    "GuideTree": "Section tree",
    "ItemList": "Checklist items",
    "TermList": "Terms of the section",
    "ReviewScreen": "Review",
    "StatsScreen": "Stats",
}

Row = tuple[str, str, str]  # keys, description, binding ids


def own_bindings(owner: DOMNode) -> list[Binding]:
    """The bindings StudyBuddy declares for `owner`'s class and its StudyBuddy base classes."""
    found: list[Binding] = []
    for cls in type(owner).__mro__:
        if not cls.__module__.startswith("studybuddy"):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.description and binding.id:
                found.append(binding)
    return found


def binding_groups(screen: Screen, keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[Row]]]:
    """(group, [(keys, description, ids)]) for the app, the screen and its widgets."""
    app = screen.app
    keymap = keymap if keymap is not None else getattr(app, "user_keymap", {})
    owners: list[DOMNode] = [app, screen, *[w for w in screen.query("*") if w.focusable]]
    groups: dict[str, dict[str, tuple[list[str], list[str]]]] = {}
    for owner in owners:
        name = GROUP_NAMES.get(type(owner).__name__)
        if name is None:
            continue
        for binding in own_bindings(owner):
            _, action, parameters = parse_action(binding.action)
            if owner.check_action(action, parameters) is False:
                continue  # does not apply here now (no filter to clear): not listed as working
            key = keymap.get(binding.id or "", binding.key)
            label = binding.key_display or app.get_key_display(replace(binding, key=key))
            keys, ids = groups.setdefault(name, {}).setdefault(binding.description, ([], []))
            if label not in keys:
                keys.append(label)
            if binding.id not in ids:
                ids.append(binding.id or "")
    return [
        (name, [(" ".join(keys), desc, ", ".join(ids)) for desc, (keys, ids) in rows.items()])
        for name, rows in groups.items()
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Close the key list"),
        Binding("question_mark", "close", "Close", show=False, id="help.close2", tooltip="Close the key list"),
    ]

    def __init__(self, groups: list[tuple[str, list[Row]]], title: str) -> None:
        super().__init__()
        self.groups = groups
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with VerticalScroll(id="help-dialog"):
            yield Static(f"Keys · {self.title_text}", id="help-title")
            for name, rows in self.groups:
                width = max((len(k) for k, _, _ in rows), default=0) + 2
                text = max((len(d) for _, d, _ in rows), default=0) + 2
                lines = "\n".join(
                    f"[b $text-accent]{escape(keys):<{width}}[/]{escape(desc):<{text}}[$text-muted]{escape(ids)}[/]"
                    for keys, desc, ids in rows
                )
                yield Static(f"[b]{name}[/b]\n{lines}", classes="help-group")
            yield Static(
                "[$text-muted]escape or ? closes · ctrl+p searches everything · "
                "keymap.toml in your data directory changes a key by its id[/]",
                id="help-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)

"""The checklist of one section: a fast list of items with their state, kind and note."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from studybuddy.content import Item
from studybuddy.roadmap import ItemState
from studybuddy.tui.markers import MARKER_STYLES, MARKERS

MARKER_META = Style.from_meta({"marker": True})


def up_down(prefix: str, noun: str) -> list[Binding]:
    """j and k beside the arrows, for a list or tree whose binding ids start with `prefix`."""
    return [
        Binding("j", "cursor_down", "Down", show=False, id=f"{prefix}.down", tooltip=f"Next {noun}"),
        Binding("k", "cursor_up", "Up", show=False, id=f"{prefix}.up", tooltip=f"Previous {noun}"),
    ]


def item_prompt(item: Item, state: str) -> Content:
    # Marked so that a click on it can be told from a click on the title.
    marker = Content.styled(MARKERS[state], MARKER_STYLES[state]).stylize(MARKER_META)
    title = Content(item.title)
    if state == ItemState.SKIPPED:
        title = title.stylize("strike $text-muted")
    detail = Content.styled(f"\n    {item.kind} · {item.note}", "$text-muted")
    return Content.assemble(marker, " ", title, detail)


class ItemList(OptionList):
    """Items of the section shown in the detail pane. State changes go up as messages."""

    BINDINGS = [
        Binding("space", "mark('done')", "Done", id="item.done", tooltip="Mark the item done, or back to todo"),
        Binding("w", "mark('in_progress')", "In progress", id="item.in_progress", tooltip="Mark the item in progress, or back to todo"),
        Binding("x", "mark('skipped')", "Skip", id="item.skipped", tooltip="Skip the item, or back to todo"),
        Binding("o", "open_link", "Open", id="item.open", tooltip="Open the item's link in your browser (enter does too)"),
        Binding("y", "copy_link", "Copy link", id="item.copy", tooltip="Copy the item's link to the clipboard"),
        *up_down("item", "item"),
    ]

    @dataclass
    class StateRequested(Message):
        """The user asked to toggle an item towards `target`."""

        item: Item
        target: ItemState

    @dataclass
    class LinkRequested(Message):
        """The user asked to open (or copy) an item's link."""

        item: Item
        copy: bool

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: list[Item] = []
        self._available: tuple[bool, bool] | None = None

    def show_items(self, items: list[Item], states: dict[str, str]) -> None:
        self._items = list(items)
        self.set_options(
            Option(item_prompt(item, states.get(item.id, ItemState.TODO)), id=item.id) for item in items
        )
        if items:
            self.highlighted = 0

    def update_item(self, item: Item, state: str) -> None:
        self.replace_option_prompt(item.id, item_prompt(item, state))

    @property
    def current_item(self) -> Item | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._items):
            return None
        return self._items[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "open_link", "copy_link"):
            item = self.current_item
            if item is None:
                return None
            if action == "copy_link" and not item.url:
                return None  # "o" stays: on an item without a link it says so
        return True

    def action_mark(self, target: str) -> None:
        if (item := self.current_item) is not None:
            self.post_message(self.StateRequested(item, ItemState(target)))

    def action_open_link(self) -> None:
        if (item := self.current_item) is not None:
            self.post_message(self.LinkRequested(item, copy=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on an item opens its link (or says it has none), as "o" does.
        event.stop()
        self.action_open_link()

    def action_copy_link(self) -> None:
        if (item := self.current_item) is not None and item.url:
            self.post_message(self.LinkRequested(item, copy=True))

    @dataclass
    class CycleRequested(Message):
        """A click on an item's state marker: move it to the next state."""

        item: Item

    def on_click(self, event: events.Click) -> None:
        # A click on the marker cycles the state; anywhere else it just highlights, as usual.
        # Runs before OptionList's own click handling, which prevent_default skips.
        index = event.style.meta.get("option")
        if index is not None and event.style.meta.get("marker"):
            event.prevent_default()
            event.stop()
            self.highlighted = index
            self.post_message(self.CycleRequested(self._items[index]))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._sync_bindings()

    def on_focus(self) -> None:
        self._sync_bindings()

    def _sync_bindings(self) -> None:
        # The footer's dimmed keys depend on the highlighted item, but only show while the
        # list has focus. Re-rendering the footer costs more than the rest of a move, so it
        # happens only when what is available really changes.
        item = self.current_item
        available = (item is not None, bool(item and item.url)) if self.has_focus else None
        if available != self._available:
            self._available = available
            if available is not None:
                self.refresh_bindings()

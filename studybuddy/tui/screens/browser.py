"""The main screen: the guide tree beside the detail pane, and the roadmap checklist."""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, Static, Tree

from studybuddy.content import Guide, Item, Library, Section
from studybuddy.humanize import plural, shorten
from studybuddy.roadmap import ItemState, progress_of
from studybuddy.store import Store, StoreWriteError
from studybuddy.tui.widgets.guide_tree import GuideTree
from studybuddy.tui.widgets.item_list import ItemList
from studybuddy.tui.widgets.key_bar import KeyBar
from studybuddy.tui.widgets.section_detail import SectionDetail
from studybuddy.tui.widgets.term_list import TermList

# Saving where the user is on every keypress would put disk writes on the navigation path.
SAVE_POSITION_DELAY = 1.0
WELCOME = (
    "[b]Welcome to StudyBuddy.[/b] On the left are the guides' sections; on the right, the one you "
    "are on, with its resources and terms. Three things to do: tick off resources "
    "([b]tab[/b], then [b]space[/b]), review today's flashcards ([b]r[/b]), and see your progress "
    "([b]s[/b]). [b]?[/b] lists every key.  [@click=screen.dismiss_welcome][u]Close[/u][/] (escape)"
)
# Below this many columns the tree hides by itself, so the detail pane stays readable.
NARROW = 70
# The tree's width: its longest label, within these limits.
SIDEBAR_MIN, SIDEBAR_MAX, SIDEBAR_SHARE = 28, 64, 0.42
# The header's icon, "StudyBuddy — " and the space Textual keeps on both sides of the title.
HEADER_CHROME = 32


def header_text(guide: str, progress: str, due: str, width: int) -> str:
    """The guide, its progress and the due count, fitted to the header: the count of cards
    due is what brings people back, so the guide's title is shortened first, then dropped."""
    room = width - HEADER_CHROME
    tail = " · ".join(part for part in (progress, due) if part)
    full = f"{guide} · {tail}"
    if len(full) <= room:
        return full
    if room - len(tail) - 3 >= 8:
        return f"{shorten(guide, room - len(tail) - 3)} · {tail}"
    short = " · ".join(part for part in (progress.split(" (")[0], due) if part)
    return short if len(short) <= room else due


class BrowserScreen(Screen):
    HELP_TITLE = "Guides"
    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane", id="browser.switch", tooltip="Move between the section tree, the items and the terms"),
        Binding("r", "review", "Review", id="browser.review", tooltip="Review today's due flashcards"),
        Binding("t", "study_section", "Study terms", id="browser.terms", tooltip="Study this section's terms now, past the daily new-card limit"),
        Binding("s", "app.stats", "Stats", id="browser.stats", tooltip="Your progress: calendar, streak, forecast, retention, roadmap"),
        Binding("slash", "filter", "Filter", id="browser.filter", tooltip="Show only sections whose title, summary or items match"),
        Binding("escape", "clear_filter", "Clear filter", id="browser.clear_filter", tooltip="Show every section again"),
        # Escape also closes the first-run welcome: tried after the filter's, when that has nothing to do.
        Binding("escape", "dismiss_welcome", "Close welcome", id="browser.welcome", tooltip="Close the welcome; it is not shown again"),
        Binding("n", "next_match", "Next match", id="browser.next_match", tooltip="The next section the filter matched"),
        Binding("N", "next_match(False)", "Previous", id="browser.previous_match", tooltip="The previous section the filter matched"),
        Binding("ctrl+b", "toggle_tree", "Tree", id="browser.toggle_tree", tooltip="Hide or show the section tree; the detail pane takes the width"),
    ]

    @dataclass
    class StudyRequested(Message):
        """The user wants to review: everything due (section None) or a section's terms."""

        section: Section | None

    def __init__(self, content: Library, store: Store) -> None:
        super().__init__()
        self.content = content
        self.store = store
        self.due_text = ""
        self._save_timer: Timer | None = None
        self.current: Guide | Section | None = None
        # Whether "Study terms" and "Switch pane" have something to act on here.
        self._available: tuple[bool, bool] | None = None
        self.tree_choice: bool | None = None  # ctrl+b's choice; None follows the width

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(WELCOME, id="welcome")
        with Horizontal(id="browser"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="filter sections…", id="filter")
                yield Static(id="filter-status")
                yield GuideTree(self.content, id="tree")
            yield SectionDetail(self.content, id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#welcome").display = self.store.ui_get("welcomed") is not True and not self.store.readonly
        self.query_one("#filter").display = False
        self.query_one("#filter-status").display = False
        tree = self.query_one(GuideTree)
        tree.refresh_progress(self.store.states)
        last = self.store.ui_get("last_section")
        start = self._node_for(last) or self.content.guides[0]
        self.show_node(start)  # at once, even if the tree needs a refresh to move its cursor
        tree.select_id(start.id)
        tree.focus()
        self.watch(self.app, "due", self.show_due)

    def _node_for(self, node_id: object) -> Guide | Section | None:
        if not isinstance(node_id, str):
            return None
        if node_id in self.content.sections:
            return self.content.sections[node_id]
        return next((g for g in self.content.guides if g.id == node_id), None)

    def on_unmount(self) -> None:
        self._save_position()

    # -- navigation --------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        node = event.node.data
        if node is None or node is self.current or not event.control.is_shown(event.node):
            return
        self.show_node(node)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_POSITION_DELAY, self._save_position)

    def show_node(self, node: Guide | Section) -> None:
        self.current = node
        self.query_one(GuideTree).tooltip = node.title  # in full, where the label is cut short
        self.query_one(SectionDetail).show(node, self.store.states)
        self._show_guide_progress(node)
        # Re-rendering the footer costs more than the rest of a move: only when a key's
        # availability really changed.
        # From the content, not the widgets: querying them costs a millisecond a move.
        panes = isinstance(node, Section) and (bool(node.items), bool(self.content.cards_by_section.get(node.id)))
        available = (self._has_terms(node), panes)
        if available != self._available:
            self._available = available
            self.refresh_bindings()

    def _has_terms(self, node: Guide | Section | None) -> bool:
        return isinstance(node, Section) and bool(self.content.cards_under(node.id))

    @on(Tree.NodeSelected, "#tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        # Enter on a section without subsections goes straight to its items.
        node = event.node.data
        if isinstance(node, Section) and not node.sections and node.items:
            self.query_one(ItemList).focus()

    def _panes(self) -> list[Widget]:
        """The tree, the items and the terms, those shown, in tab order."""
        panes: list[Widget] = [self.query_one(GuideTree)] if self.query_one("#sidebar").display else []
        return panes + [w for w in (self.query_one(ItemList), self.query_one(TermList)) if w.display]

    def action_switch_pane(self) -> None:
        panes = self._panes()
        if len(panes) < 2:
            return
        here = next((i for i, pane in enumerate(panes) if pane.has_focus), -1)
        panes[(here + 1) % len(panes)].focus()

    def _save_position(self) -> None:
        if self.current is None:
            return
        try:
            self.store.ui_set(last_section=self.current.id)
        except StoreWriteError:
            pass  # where the cursor was is a convenience, not the user's work

    def _show_guide_progress(self, node: Guide | Section) -> None:
        guide = node if isinstance(node, Guide) else self.content.guide_by_id(node.guide_id)
        progress = progress_of(guide.all_item_ids, self.store.states)
        self.sub_title = header_text(
            guide.title, f"{progress.finished}/{progress.total} finished ({progress.fraction:.0%})", self.due_text, self.app.size.width
        )

    def on_resize(self) -> None:
        if self.current is not None:
            self._show_guide_progress(self.current)
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """The tree as wide as its longest label within limits; hidden on a narrow terminal
        unless the user asked for it with ctrl+b."""
        width = self.app.size.width
        sidebar = self.query_one("#sidebar")
        if self.tree_choice is None:
            shown = width >= NARROW
            if sidebar.display != shown:
                sidebar.display = shown
                if not shown and self.query_one(GuideTree).has_focus:
                    self.query_one(ItemList).focus()
        wanted = self.query_one(GuideTree).widest_label() + 6  # a spare cell, padding, scrollbar, border
        sidebar.styles.width = max(SIDEBAR_MIN, min(wanted, SIDEBAR_MAX, int(width * SIDEBAR_SHARE)))

    def reload_states(self) -> None:
        """Show the store's checklist afresh, after it was replaced (a backup restored)."""
        self.query_one(GuideTree).refresh_progress(self.store.states)
        if self.current is not None:
            self.show_node(self.current)

    def show_due(self, counts: tuple[int, int] | None) -> None:
        """Called down by the app whenever its due counts change (None: not known yet)."""
        if counts is None:
            self.due_text = ""
        else:
            due, new = counts
            self.due_text = f"{due} due, {new} new" if due or new else "no cards due"
        if self.current is not None:
            self._show_guide_progress(self.current)

    def go_to(self, node_id: str, item_id: str | None = None, focus: bool = True) -> None:
        node = self._node_for(node_id)
        if node is None:
            return
        self.show_node(node)
        self.query_one(GuideTree).select_id(node_id)
        if item_id is not None and focus and isinstance(node, Section):
            items = self.query_one(ItemList)
            index = next((i for i, item in enumerate(node.items) if item.id == item_id), None)
            if index is not None:
                items.highlighted = index
                items.focus()

    # -- flashcards --------------------------------------------------------------------

    def action_review(self) -> None:
        self.post_message(self.StudyRequested(None))

    def action_study_section(self) -> None:
        if isinstance(self.current, Section) and self._has_terms(self.current):
            self.post_message(self.StudyRequested(self.current))

    # -- filter and layout --------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#sidebar").display = True
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        tree = self.query_one(GuideTree)
        if event.value.strip() == tree.filter_text:
            return  # already applied (clearing the field applies "" itself)
        matches = tree.apply_filter(event.value)
        self._show_filter_status(matches)
        if tree.first_match is not None:
            self.go_to(tree.first_match, focus=False)  # the detail pane follows the match
        elif tree.filter_text:
            self.current = None
            self.query_one(SectionDetail).show_no_match(tree.filter_text)
        else:
            tree.cursor_line = 0
        self.refresh_bindings()

    def _show_filter_status(self, matches: int) -> None:
        status = self.query_one("#filter-status", Static)
        text = self.query_one(GuideTree).filter_text
        status.display = bool(text)
        if text:
            status.update(
                f"{plural(matches, 'section')} {'matches' if matches == 1 else 'match'}"
                + (" · n/N next/previous" if matches > 1 else "")
            )

    def action_dismiss_welcome(self) -> None:
        welcome = self.query_one("#welcome")
        if not welcome.display:
            return
        welcome.display = False
        self.refresh_bindings()
        try:
            self.store.ui_set(welcomed=True)
        except StoreWriteError:
            pass  # shown once more next time: a greeting, not the user's work

    def action_next_match(self, forward: bool = True) -> None:
        tree = self.query_one(GuideTree)
        target = tree.step_match(self.current.id if self.current is not None else None, forward)
        if target is not None:
            self.go_to(target)
            tree.focus()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        tree = self.query_one(GuideTree)
        tree.focus()
        if tree.first_match is not None:  # enter goes to the first section that matched
            self.go_to(tree.first_match)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        tree = self.query_one(GuideTree)
        was = self.current
        if field.value:
            field.value = ""
            tree.apply_filter("")
        field.display = False
        self._show_filter_status(0)
        tree.focus()
        if was is not None:
            tree.select_id(was.id)
        self.refresh_bindings()

    def action_toggle_tree(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = self.tree_choice = not sidebar.display
        if not sidebar.display:
            self.query_one(ItemList).focus()
        else:
            self.query_one(GuideTree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_welcome":
            return True if self.query_one("#welcome").display else False
        if action == "next_match":
            return True if len(self.query_one(GuideTree).matches) > 1 else False
        if action == "clear_filter":
            field = self.query_one("#filter", Input)
            return True if field.display or field.value else False
        if action == "switch_pane":
            return True if len(self._panes()) > 1 else None  # nothing here to move to
        if action == "study_section":
            return True if self._has_terms(self.current) else None
        return True

    # -- the checklist -----------------------------------------------------------------

    @dataclass
    class ItemChanged(Message):
        """An item's state is on disk; everything showing it redraws from the store."""

        item: Item

    @on(ItemList.CycleRequested)
    def _cycle_requested(self, event: ItemList.CycleRequested) -> None:
        self._set_state(event.item, self.store.item_state(event.item.id).cycled())

    @on(ItemList.StateRequested)
    def _state_requested(self, event: ItemList.StateRequested) -> None:
        self._set_state(event.item, self.store.item_state(event.item.id).toggled(event.target))

    def _set_state(self, item: Item, new_state: ItemState) -> None:
        try:
            self.store.set_item_state(item.id, new_state)
        except StoreWriteError as err:
            # Nothing changes on screen: it would claim a change that is not on disk.
            self.notify(str(err), title="Not saved", severity="error", timeout=10)
            return
        self.post_message(self.ItemChanged(item))

    @on(ItemChanged)
    def _item_changed(self, event: ItemChanged) -> None:
        item, states = event.item, self.store.states
        self.query_one(ItemList).update_item(item, states.get(item.id, ItemState.TODO))
        section = self.content.sections[item.section_id]
        changed = [section.id, *(s.id for s in self.content.ancestors(section.id)), section.guide_id]
        self.query_one(GuideTree).refresh_progress(states, changed)
        self.query_one(SectionDetail).refresh_progress(states)
        if self.current is not None:
            self._show_guide_progress(self.current)

    @on(ItemList.LinkRequested)
    def _link_requested(self, event: ItemList.LinkRequested) -> None:
        url = event.item.url
        if not url:
            self.notify(f"“{event.item.title}” has no link: {event.item.note or 'it is done away from the screen'}", title="No link", timeout=5)
            return
        if event.copy:
            self.app.copy_to_clipboard(url)
            self.notify(url, title="Link copied")
        elif webbrowser.open(url, new=2):
            self.notify(url, title="Opening in your browser")
        else:
            # No browser on this machine (an SSH session, a container): the link is still useful.
            self.app.copy_to_clipboard(url)
            self.notify(f"{url}\nThe link is copied; paste it into a browser.", title="No browser could be started", severity="warning", timeout=10)

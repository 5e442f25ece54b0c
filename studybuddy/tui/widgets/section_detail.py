"""The right-hand pane: the highlighted guide or section, its summary, progress and items."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from studybuddy.content import Guide, Library, Section
from studybuddy.humanize import plural
from studybuddy.roadmap import Progress, progress_of
from studybuddy.tui import markdown_lite
from studybuddy.tui.widgets.item_list import ItemList
from studybuddy.tui.widgets.term_list import TermList


def progress_words(progress: Progress) -> str:
    if not progress.total:
        return "no checklist items"
    parts = [f"{progress.finished}/{progress.total} finished"]
    if progress.done:
        parts.append(f"{progress.done} done")
    if progress.in_progress:
        parts.append(f"{progress.in_progress} in progress")
    if progress.skipped:
        parts.append(f"{progress.skipped} skipped")
    return " · ".join(parts)


class SectionDetail(Vertical):
    """Shows one node; the screen calls `show` and `refresh_progress` (method calls go down)."""

    def __init__(self, content: Library, **kwargs) -> None:
        super().__init__(**kwargs)
        self._library = content
        self.node: Guide | Section | None = None
        self._summary_text: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-crumbs")
        with Horizontal(id="detail-progress-row"):
            yield ProgressBar(id="detail-progress", show_eta=False, show_percentage=True)
            yield Label(id="detail-progress-words")
        with VerticalScroll(id="detail-summary-scroll", can_focus=False):
            yield Static(id="detail-summary")
        yield Static("Resources", id="items-heading", classes="pane-heading")
        yield ItemList(id="items")
        yield Static(id="terms-heading", classes="pane-heading")
        yield TermList(id="terms")
        yield Static(id="terms-more")

    def show_no_match(self, text: str) -> None:
        """What a filter that matches nothing leaves: said here too, not a stale section."""
        self.node = None
        self._summary_text = None
        self.query_one("#detail-title", Static).update(f"No section matches “{text}”")
        self.query_one("#detail-crumbs", Static).update("Try fewer letters or another word; escape shows every section again.")
        for selector in ("#detail-progress-row", "#detail-summary-scroll", "#items-heading", "#items", "#terms-heading", "#terms", "#terms-more"):
            self.query_one(selector).display = False

    def show(self, node: Guide | Section, states: Mapping[str, str]) -> None:
        self.node = node
        for selector in ("#detail-progress-row", "#detail-summary-scroll"):
            if not (widget := self.query_one(selector)).display:
                widget.display = True  # after a filter that matched nothing
        self.query_one("#detail-title", Static).update(node.title)
        crumbs = self.query_one("#detail-crumbs", Static)
        items = self.query_one(ItemList)
        if isinstance(node, Guide):
            sections = sum(1 for s in self._library.sections.values() if s.guide_id == node.id)
            crumbs.update(f"Guide · {plural(sections, 'section')} · {plural(len(node.all_item_ids), 'resource')} · {node.source}")
            items.show_items([], states)
        else:
            guide = self._library.guide_by_id(node.guide_id)
            trail = " › ".join([guide.title, *(s.title for s in self._library.ancestors(node.id))])
            # The heading in the source guide's own language is not a step of the path.
            crumbs.update(trail + (f"\nOriginal title: {node.original_title}" if node.original_title else ""))
            items.show_items(node.items, states)
        # `display` rather than a class on the pane: a class change restyles the whole pane,
        # which cost more than the rest of a move in the tree.
        # A section made only of subsections has no "Resources" heading over an empty list.
        has_items = isinstance(node, Section) and bool(node.items)
        self.query_one("#items-heading").display = items.display = has_items
        summary = node.summary
        if summary != self._summary_text:
            self._summary_text = summary
            self.query_one("#detail-summary", Static).update(markdown_lite.render(summary))
            self.query_one("#detail-summary-scroll").scroll_home(animate=False)
        self._show_terms(node)
        self.refresh_progress(states)

    def _show_terms(self, node: Guide | Section) -> None:
        cards = self._library.cards_by_section.get(node.id, []) if isinstance(node, Section) else []
        terms = self.query_one(TermList)
        if not cards and not terms.display:
            return  # most sections have no terms: nothing to hide again on the way through
        heading = self.query_one("#terms-heading", Static)
        if cards:
            heading.update(f"Terms · {len(cards)}  [$text-muted]enter on one opens its card[/]")
            terms.show_terms(cards)
        heading.display = terms.display = bool(cards)
        self.call_after_refresh(self.show_more)

    def show_more(self) -> None:
        """"+N more" under the terms while some are below the visible rows."""
        terms = self.query_one(TermList)
        hidden = terms.hidden_count() if terms.display else 0
        more = self.query_one("#terms-more", Static)
        more.update(f"+{hidden} more · tab to the list and scroll" if hidden else "")
        more.display = bool(hidden)

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "terms":
            self.show_more()

    def refresh_progress(self, states: Mapping[str, str]) -> None:
        if self.node is None:
            return
        progress = progress_of(self.node.all_item_ids, states)
        bar = self.query_one("#detail-progress", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.finished)
        bar.display = progress.total > 0
        self.query_one("#detail-progress-words", Label).update(progress_words(progress))

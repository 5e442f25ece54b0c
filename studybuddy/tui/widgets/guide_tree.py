"""The left-hand tree: guides and their nested sections, each labelled with its progress."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from studybuddy.content import Library, Guide, Section
from studybuddy.roadmap import Progress, progress_of
from studybuddy.tui.widgets.item_list import up_down

Node = Guide | Section


def progress_label(title: str, progress: Progress, width: int | None = None) -> Text:
    """`Title  3/11`, the title shortened with an ellipsis so the count always shows."""
    count = Text()
    if progress.total:
        done = progress.finished == progress.total
        count.append(f"  {progress.finished}/{progress.total}", style="bold" if done else "dim")
        if done:
            count.append(" ✓", style="bold")
    label = Text(title, no_wrap=True, overflow="ellipsis")
    if width is not None and label.cell_len + count.cell_len > width:
        label.truncate(max(width - count.cell_len, 4), overflow="ellipsis")
    label.append_text(count)
    return label


def _depth(node: TreeNode) -> int:
    """Guides are depth 1, their sections 2, and so on (the hidden root is 0)."""
    depth, parent = 0, node.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


class GuideTree(Tree[Node]):
    # A note section (a signpost with no study material) is drawn in this style.
    COMPONENT_CLASSES = {"guide-tree--note"}

    BINDINGS = [
        # Textual's own keys for these, declared again so that help lists them and
        # keymap.toml can change them by id.
        Binding("enter", "select_cursor", "Open section", key_display="enter", show=False, id="tree.open", tooltip="Open or close a section; on one without subsections, go to its items"),
        Binding("space", "toggle_node", "Expand / collapse", show=False, id="tree.toggle", tooltip="Open or close a section"),
        *up_down("tree", "section"),
    ]

    def __init__(self, content: Library, **kwargs) -> None:
        super().__init__("Guides", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._library = content
        self._node_by_id: dict[str, TreeNode[Node]] = {}
        self._states: Mapping[str, str] | None = None
        self.filter_text = ""
        self.matches: list[str] = []  # section ids the filter matched, in reading order
        self._rebuild_nodes(None)

    def _rebuild_nodes(self, keep: set[str] | None) -> None:
        """(Re)build the nodes; with `keep`, only those ids, fully expanded."""
        self.clear()
        self._node_by_id = {}
        for guide in self._library.guides:
            if keep is not None and guide.id not in keep:
                continue
            node = self.root.add(guide.title, data=guide, expand=True)
            self._node_by_id[guide.id] = node
            self._add_sections(node, guide.sections, keep)

    def _add_sections(self, parent: TreeNode[Node], sections: list[Section], keep: set[str] | None) -> None:
        for section in sections:
            if keep is not None and section.id not in keep:
                continue
            children = [s for s in section.sections if keep is None or s.id in keep]
            if children:
                node = parent.add(section.title, data=section, expand=keep is not None)
                self._add_sections(node, section.sections, keep)
            else:
                node = parent.add_leaf(section.title, data=section)
            self._node_by_id[section.id] = node

    @property
    def first_match(self) -> str | None:
        return self.matches[0] if self.matches else None

    def apply_filter(self, text: str) -> int:
        """Show only sections whose title, summary or items match (with their parents).
        Returns how many sections match; an empty text shows everything again."""
        self.filter_text = text = text.strip()
        self.cursor_line = -1  # the old line number means nothing in the new tree
        self.matches = []
        if not text:
            self._rebuild_nodes(None)
            matches = len(self._library.sections)
        else:
            needle = text.casefold()
            keep: set[str] = set()
            for section in self._library.sections.values():
                haystack = " ".join(
                    [section.title, section.summary, *(f"{i.title} {i.note}" for i in section.items)]
                ).casefold()
                if needle in haystack:
                    self.matches.append(section.id)
                    keep.add(section.id)
                    keep.add(section.guide_id)
                    keep.update(s.id for s in self._library.ancestors(section.id))
            self._rebuild_nodes(keep)
            matches = len(self.matches)
            if not matches:
                # Said in the tree itself, where the user is looking, not in a passing toast.
                self.root.add_leaf(Text.assemble(("No section matches", "bold"), f" “{text}”"))
                self.root.add_leaf(Text("escape shows them all", style="dim"))
        if self._states is not None:
            self.refresh_progress(self._states)
        return matches

    def is_shown(self, node: TreeNode[Node]) -> bool:
        """False for a node of a tree since rebuilt by the filter (its events may still arrive)."""
        return node.data is not None and self._node_by_id.get(node.data.id) is node

    def step_match(self, current: str | None, forward: bool = True) -> str | None:
        """The next (or previous) matching section after `current`, wrapping around."""
        if not self.matches:
            return None
        if current not in self.matches:
            return self.matches[0 if forward else -1]
        index = self.matches.index(current) + (1 if forward else -1)
        return self.matches[index % len(self.matches)]

    def refresh_progress(self, states: Mapping[str, str], ids: list[str] | None = None) -> None:
        """Relabel the given guide/section ids (all of them when None)."""
        self._states = states
        width = self.scrollable_content_region.width or None
        for node_id in ids if ids is not None else list(self._node_by_id):
            node = self._node_by_id[node_id]
            data = node.data
            assert data is not None
            room = None
            if width:
                # Each level indents by guide_depth cells; a node with children also has its icon.
                room = width - self.guide_depth * (_depth(node) - 1) - (2 if node.allow_expand else 0) - 1
            title = f"✎ {data.title}" if isinstance(data, Guide) and data.user else data.title
            label = progress_label(title, progress_of(data.all_item_ids, states), room)
            if isinstance(data, Section) and data.note:
                label.stylize(self._note_style())
            if self.filter_text:
                self._mark_match(label, node_id)
            node.set_label(label)

    def _mark_match(self, label: Text, node_id: str) -> None:
        """Under a filter: the matched words lit up; sections shown only as parents dimmed."""
        if node_id not in self.matches:
            label.stylize("dim")
            return
        needle = self.filter_text.casefold()
        at = label.plain.casefold().find(needle)
        if at >= 0:
            label.stylize("reverse", at, at + len(needle))
        else:
            label.stylize("underline", 0, len(label.plain.split("  ")[0]))  # matched in its text

    def widest_label(self) -> int:
        """Cells needed to show every guide and section label in full, with its count."""
        widest = 0
        for node in self._node_by_id.values():
            data = node.data
            assert data is not None
            progress = progress_of(data.all_item_ids, self._states or {})
            label = progress_label(data.title, progress)
            indent = self.guide_depth * (_depth(node) - 1) + (2 if node.allow_expand else 0)
            widest = max(widest, indent + label.cell_len + (2 if isinstance(data, Guide) and data.user else 0))
        return widest

    def _note_style(self) -> Style:
        # The full style, for its colour: $text-muted is translucent, and only the full
        # style blends it over the tree's background. Its background is left out so the
        # cursor line still shows.
        full = self.get_component_rich_style("guide-tree--note")
        return Style(color=full.color, italic=full.italic, dim=full.dim)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme changes what $text-muted is: redraw the note labels in it.
        if self._states is not None:
            notes = [i for i, node in self._node_by_id.items() if isinstance(node.data, Section) and node.data.note]
            self.refresh_progress(self._states, notes)

    def on_resize(self) -> None:
        if self._states is not None:
            self.refresh_progress(self._states)

    def select_id(self, node_id: str) -> bool:
        """Move the cursor to a guide or section, expanding its parents. False if unknown."""
        node = self._node_by_id.get(node_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # A node has no line number until the tree has laid out its (newly expanded) lines;
        # lay them out now so the cursor lands at once, not a frame later.
        self.last_line  # noqa: B018 - reading it builds the line cache
        self.move_cursor(node, animate=False)
        return True

"""The left-hand tree: guides and their nested sections, each labelled with its progress."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from studybuddy.content import Content, Guide, Section
from studybuddy.roadmap import Progress, progress_of

Node = Guide | Section


def progress_label(title: str, progress: Progress) -> Text:
    label = Text(title)
    if progress.total:
        done = progress.finished == progress.total
        label.append(f"  {progress.finished}/{progress.total}", style="bold" if done else "dim")
        if done:
            label.append(" ✓", style="bold")
    return label


class GuideTree(Tree[Node]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down", tooltip="Next section"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up", tooltip="Previous section"),
    ]

    def __init__(self, content: Content, **kwargs) -> None:
        super().__init__("Guides", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._content = content
        self._node_by_id: dict[str, TreeNode[Node]] = {}
        for guide in content.guides:
            node = self.root.add(guide.title, data=guide, expand=True)
            self._node_by_id[guide.id] = node
            self._add_sections(node, guide.sections)

    def _add_sections(self, parent: TreeNode[Node], sections: list[Section]) -> None:
        for section in sections:
            if section.sections:
                node = parent.add(section.title, data=section, expand=False)
                self._add_sections(node, section.sections)
            else:
                node = parent.add_leaf(section.title, data=section)
            self._node_by_id[section.id] = node

    def refresh_progress(self, states: Mapping[str, str], ids: list[str] | None = None) -> None:
        """Relabel the given guide/section ids (all of them when None)."""
        for node_id in ids if ids is not None else list(self._node_by_id):
            node = self._node_by_id[node_id]
            data = node.data
            assert data is not None
            node.set_label(progress_label(data.title, progress_of(data.all_item_ids, states)))

    def select_id(self, node_id: str) -> bool:
        """Move the cursor to a guide or section, expanding its parents. False if unknown."""
        node = self._node_by_id.get(node_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # A node has no line number until the tree has laid out its (newly expanded) lines.
        self.call_after_refresh(self.move_cursor, node, animate=False)
        return True

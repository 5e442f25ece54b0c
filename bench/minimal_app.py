"""The bare app, the yardstick of the start and memory benches: the smallest Textual app
with the widgets StudyBuddy's first screen has (Header, Footer, a 50-node Tree and a short
Markdown pane).

Whatever Textual itself costs to start on a machine shows up here, so StudyBuddy is judged
by its ratio to this app in the same run rather than by absolute times.

    python bench/minimal_app.py          (the start and memory benches run it in a pty)
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Markdown, Tree

MARKDOWN = """\
# Minimal app

A short **Markdown** pane beside a tree of fifty nodes.

- one
- two
"""

BRANCHES = 5
LEAVES = 9  # 5 branches + 45 leaves = 50 nodes


class MinimalApp(App):
    TITLE = "Minimal"
    CSS = """
    Horizontal { height: 1fr; }
    Tree { width: 36; }
    Markdown { width: 1fr; }
    """
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[None] = Tree("Nodes")
            tree.show_root = False
            for branch in range(BRANCHES):
                node = tree.root.add(f"Node {branch + 1}", expand=True)
                for leaf in range(LEAVES):
                    node.add_leaf(f"Leaf {branch + 1}.{leaf + 1}")
            yield tree
            yield Markdown(MARKDOWN)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()


if __name__ == "__main__":
    MinimalApp().run()

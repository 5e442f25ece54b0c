"""Navigation: a move in the section tree, against the floor any Textual app of this shape pays.

StudyBuddy runs headless (App.run_test) at 80x24 on a copy of a generated year of use (so
the tree shows progress on every guide and section, and sections have terms: the generated
deck's cards are attached to them). The floor is a bare Textual app with the same tree (the
same nodes and labels, copied from StudyBuddy's) in a sidebar of the same width, a Header
and a Footer, and one `Static` beside it updated on every highlight with the node's title,
summary, resources and terms: the least an app can do to show the same thing.

In both, every node is expanded and the whole tree is walked down and back up with one
`down`/`up` key at a time, posted as the terminal driver posts it (see keys.py); a move is
timed until the detail shows the new node and the screen has refreshed. The two apps
alternate, round by round. For every section its p95 over all its moves is compared with
the floor's p95 over all of its moves; the worst section is the figure.

Target: the worst section's p95 at most 1.5 times the floor's p95.
"""

from __future__ import annotations

import asyncio
import gc
import time

from common import Result, Workspace, median, p95
from keys import key_event

SIZE = (80, 24)
# A held-down key repeats about every 30 ms; a pause keeps the moves apart like key presses.
PAUSE = 0.02
TARGET = 1.5


def floor_app_class():
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, Header, Static, Tree

    class FloorApp(App):
        """The bare app: the same tree, and a Static showing the highlighted node."""

        CSS = """
        #sidebar { width: 38%; min-width: 28; max-width: 60; height: 1fr; }
        #tree { height: 1fr; padding: 0 1; overflow-x: hidden; }
        #detail { width: 1fr; height: 1fr; padding: 0 1; }
        """

        def __init__(self, shape, describe):
            super().__init__()
            self.shape = shape  # [(label, data, [children...]), ...] of the real tree
            self.describe = describe
            self.shown = None

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                tree: Tree = Tree("Guides", id="tree")
                tree.show_root = False
                self._add(tree.root, self.shape)
                with Vertical(id="sidebar"):
                    yield tree
                with VerticalScroll(id="detail"):
                    yield Static(id="text")
            yield Footer()

        def _add(self, parent, shape) -> None:
            for label, data, children in shape:
                if children:
                    self._add(parent.add(label, data=data, expand=True), children)
                else:
                    parent.add_leaf(label, data=data)

        def on_mount(self) -> None:
            self.query_one(Tree).focus()

        def on_tree_node_highlighted(self, event) -> None:
            node = event.node.data
            if node is not None:
                self.query_one("#text", Static).update(self.describe(node))
                self.shown = node

    return FloorApp


def shape_of(node) -> list:
    return [(child.label.copy(), child.data, shape_of(child)) for child in node.children]


def describer(content):
    from rich.markup import escape

    def describe(node) -> str:
        lines = [f"[b]{escape(node.title)}[/b]", "", escape(node.summary), ""]
        lines += [f"• {escape(item.title)}" for item in getattr(node, "items", [])]
        terms = content.cards_by_section.get(node.id, [])
        if terms:
            lines += ["", "Terms: " + escape(", ".join(term.term for term in terms[:12]))]
        return "\n".join(lines)

    return describe


async def walk(app, tree, shown, passes: int) -> list[tuple[object, float]]:
    """Down to the end of the expanded tree and back up, `passes` times: (node, seconds) a move."""
    loop = asyncio.get_running_loop()
    tree.root.expand_all()
    tree.move_cursor_to_line(0)
    await asyncio.sleep(0.1)
    lines = tree.last_line + 1
    nodes = [tree.get_node_at_line(line).data for line in range(lines)]
    order = list(range(1, lines)) + list(range(lines - 2, -1, -1))
    moves = []
    for _ in range(passes):
        for step, line in enumerate(order):
            key, node = ("down" if step < lines - 1 else "up"), nodes[line]
            t0 = time.perf_counter()
            app.post_message(key_event(app, key, None))
            while shown() is not node:
                if time.perf_counter() - t0 > 10:
                    raise RuntimeError(f"{key} did not reach {node.title!r}")
                await asyncio.sleep(0)
            refreshed = loop.create_future()
            app.call_after_refresh(lambda f=refreshed: f.done() or f.set_result(time.perf_counter()))
            moves.append((node, await refreshed - t0))
            await asyncio.sleep(PAUSE)
    return moves


async def studybuddy_round(data_dir, passes: int, keep: dict) -> list[tuple[object, float]]:
    from studybuddy.content.cache import load_content_cached
    from studybuddy.datadir import DataDir
    from studybuddy.srs.study import Study
    from studybuddy.store import Store
    from studybuddy.tui.app import StudyBuddyApp

    content = load_content_cached([data_dir / "content"], DataDir.at(data_dir).cache)
    store = Store.open(data_dir)

    def open_study() -> Study:
        study = Study.open(content, data_dir, store.settings(), readonly=True)
        gc.freeze()  # as the CLI does once the schedules are loaded (cli/study.py)
        return study

    app = StudyBuddyApp(content, store, open_study)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            tree, pane = app.screen.query_one("#tree"), app.screen.query_one("#detail")
            tree.root.expand_all()
            await pilot.pause()
            keep.setdefault("shape", shape_of(tree.root))
            keep.setdefault("content", content)
            return await walk(app, tree, lambda: pane.node, passes)
    finally:
        if app.opened_study is not None:
            app.opened_study.collection.close()
        store.close()


async def floor_round(keep: dict, passes: int) -> list[tuple[object, float]]:
    app = floor_app_class()(keep["shape"], describer(keep["content"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await walk(app, app.query_one("#tree"), lambda: app.shown, passes)


def run(ws: Workspace) -> list[Result]:
    rounds, passes = (2, 1) if ws.quick else (4, 2)
    data_dir = ws.copy(10_000, 50_000, "navigation")
    keep: dict = {}
    ours: list[tuple[object, float]] = []
    floor: list[tuple[object, float]] = []
    for _ in range(rounds):
        ours += asyncio.run(studybuddy_round(data_dir, passes, keep))
        floor += asyncio.run(floor_round(keep, passes))
    floor_p95 = p95([s for _, s in floor])
    # By id, not by object: every round loads the content afresh.
    by_node: dict[tuple[str, str], list[float]] = {}
    titles: dict[tuple[str, str], str] = {}
    for node, seconds in ours:
        key = (type(node).__name__, node.id)
        by_node.setdefault(key, []).append(seconds)
        titles[key] = node.title
    worst = max(by_node, key=lambda key: p95(by_node[key]))
    worst_p95 = p95(by_node[worst])
    over = sum(1 for values in by_node.values() if p95(values) > TARGET * floor_p95)
    ms = [s * 1000 for _, s in ours]
    return [
        Result(
            "navigation: StudyBuddy, every move", median(ms), "ms",
            note=f"median; p95 {p95(ms):.1f} ms, {len(ours)} moves over {len(by_node)} nodes, {SIZE[0]}x{SIZE[1]}",
        ),
        Result("navigation: floor app, every move", median([s * 1000 for _, s in floor]), "ms", note=f"median; p95 {floor_p95 * 1000:.1f} ms"),
        Result(
            "navigation: worst section's p95 / floor p95", worst_p95 / floor_p95, "x", target=TARGET,
            note=f"{titles[worst][:40]}: {worst_p95 * 1000:.1f} ms; {over} of {len(by_node)} nodes over target",
        ),
    ]

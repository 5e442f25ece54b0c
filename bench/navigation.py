"""Navigation: a key press in the tree to the detail pane fully showing the new section.

Runs the real app headless (App.run_test) on the bundled guides with an empty data
directory, expands every section and walks the whole tree down and back up, one `down`/`up`
key at a time. The key is posted to the app as the terminal driver would post it (Pilot.press
adds its own settling waits, far longer than the move; see keys.py), and the clock stops at the first
refresh after which the painted frame's detail pane shows the new node: its title, the
start of its summary and, when it has any, its first item. Checking the painted frame rather
than the widgets keeps the measurement honest if the app ever defers part of the update.

Target: p95 under 50 ms, over every section of both guides.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import Result, median, p95
from keys import key_event

SIZE = (100, 32)
# A held-down key repeats about every 30 ms; a pause keeps the moves apart like key presses.
PAUSE = 0.02
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass
class Move:
    node: object  # the content Guide or Section moved to
    seconds: float
    first_visit: bool


def words(text: str, count: int) -> str:
    """The first `count` words of a Markdown text as they read on screen."""
    plain = LINK.sub(r"\1", text)
    plain = re.sub(r"[*_`]", "", plain)
    return " ".join(plain.split()[:count])


def flat(text: str) -> str:
    return " ".join(text.split())


def pane_text(app, pane) -> str:
    """The painted text of one widget's region of the screen, lines joined."""
    region = pane.region
    strips = app.screen._compositor.render_strips()
    lines = [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]
    return flat(" ".join(lines))


def shows(app, pane, node) -> bool:
    text = pane_text(app, pane)
    wanted = [flat(node.title), words(node.summary, 4)]
    items = getattr(node, "items", None)
    if items:
        wanted.append(flat(items[0].title)[:20])
    return all(part in text for part in wanted)


async def move(app, pane, key: str, node) -> float:
    """Seconds from `key` entering the app until a painted frame shows `node` in the pane."""
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    app.post_message(key_event(app, key, None))
    deadline = t0 + 10
    while getattr(pane, "node", node) is not node:  # the cheap sign first, then the frame
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{key} did not reach {node.title!r}")
        await asyncio.sleep(0)
    while True:
        refreshed = loop.create_future()
        app.call_after_refresh(lambda f=refreshed: f.done() or f.set_result(time.perf_counter()))
        painted = await refreshed
        if shows(app, pane, node):
            return painted - t0
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the detail pane never showed {node.title!r}: {pane_text(app, pane)[:300]}")


async def walk(passes: int) -> tuple[list[Move], list]:
    from studybuddy.content import load_content
    from studybuddy.srs.study import Study
    from studybuddy.store import Store
    from studybuddy.tui.app import StudyBuddyApp

    moves: list[Move] = []
    with tempfile.TemporaryDirectory() as tmp:
        content = load_content()
        store = Store.open(Path(tmp))
        study = Study.open(content, Path(tmp), store.settings())
        app = StudyBuddyApp(content, store, study)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                tree, pane = app.screen.query_one("#tree"), app.screen.query_one("#detail")
                tree.root.expand_all()
                tree.move_cursor_to_line(0)
                await pilot.pause()
                lines = tree.last_line + 1
                nodes = [tree.get_node_at_line(line).data for line in range(lines)]
                seen = {id(nodes[0])}
                order = list(range(1, lines)) + list(range(lines - 2, -1, -1))
                for _ in range(passes):
                    for step, line in enumerate(order):
                        key = "down" if step < lines - 1 else "up"
                        node = nodes[line]
                        seconds = await move(app, pane, key, node)
                        moves.append(Move(node, seconds, id(node) not in seen))
                        seen.add(id(node))
                        await asyncio.sleep(PAUSE)
        finally:
            study.collection.close()
            store.close()
    return moves, nodes


def run(quick: bool) -> list[Result]:
    passes = 1 if quick else 3
    moves, nodes = asyncio.run(walk(passes))
    sections = sum(1 for node in nodes if hasattr(node, "guide_id"))
    ms = [m.seconds * 1000 for m in moves]
    by_node: dict[int, list[float]] = {}
    for m in moves:
        by_node.setdefault(id(m.node), []).append(m.seconds * 1000)
    slowest = max(moves, key=lambda m: median(by_node[id(m.node)]))
    worst = max(moves, key=lambda m: m.seconds)
    first = [m.seconds * 1000 for m in moves if m.first_visit]
    return [
        Result("navigation: moves timed", len(moves), note=f"{sections} sections and {len(nodes) - sections} guides, {passes}x down and up, at {SIZE[0]}x{SIZE[1]}"),
        Result("navigation: median", median(ms), "ms"),
        Result("navigation: p95, first visit of each node (cold caches)", p95(first), "ms"),
        Result("navigation: slowest node by median", median(by_node[id(slowest.node)]), "ms", note=slowest.node.title),
        Result("navigation: slowest single move", worst.seconds * 1000, "ms", note=worst.node.title),
        Result("navigation: p95, every section of both guides", p95(ms), "ms", target=50, strict=True),
    ]

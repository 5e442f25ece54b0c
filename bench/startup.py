"""Start: from starting the process to its first useful frame, in a real terminal.

Each program runs as its user starts it (`python -m studybuddy --data-dir D`, and the bare
app `python bench/minimal_app.py`) in a pty, and the clock stops when the terminal's grid
(pyte) first shows the frame: for StudyBuddy the guide browser with the header's due counts
drawn ("· N due, M new" or "· no cards due"), for the bare app its tree and footer. The
process is then killed, so every start finds the data directory in the same state.

The data directories are generated years of use (history.py) at 10,000 and 50,000 cards.
Warm: as after an ordinary session (content cache and due index made by the last run).
Cold: the content cache removed before each start, as after an upgrade or a cleaned cache.
Starts are interleaved (bare, warm, cold, ...) so a change in the machine's speed reaches all
of them alike, after one untimed start of each.

The terminal is 120x32: at 80x24 the header cuts the sub-title before the due counts.

Target: every median at most 1.3 times the bare app's median.
"""

from __future__ import annotations

import shutil

from common import BENCH, PYTHON, Result, Workspace, median
from terminal import Terminal, shows_due_counts, studybuddy_argv

SIZE = (120, 32)
TARGET = 1.3


def bare_app_shown(text: str) -> bool:
    return "Node 1" in text and "Leaf 1.1" in text and "Quit" in text


def first_frame(argv: list[str], seen, before=None) -> float:
    if before is not None:
        before()
    terminal = Terminal(argv, size=SIZE)
    try:
        return terminal.wait_for(seen, timeout=120)
    finally:
        terminal.close()


def run(ws: Workspace) -> list[Result]:
    runs = 3 if ws.quick else 9
    sizes = [(10_000, 50_000)] if ws.quick else [(10_000, 50_000), (50_000, 200_000)]
    variants = {"bare Textual app": ([PYTHON, str(BENCH / "minimal_app.py")], bare_app_shown, None)}
    for cards, reviews in sizes:
        data_dir = ws.history(cards, reviews)
        label = f"{cards // 1000}k cards"
        from studybuddy.datadir import DataDir

        cache = DataDir.at(data_dir).cache
        variants[f"warm, {label}"] = (studybuddy_argv(data_dir), shows_due_counts, None)
        variants[f"cold (no content cache), {label}"] = (
            studybuddy_argv(data_dir), shows_due_counts, lambda cache=cache: shutil.rmtree(cache, ignore_errors=True)
        )
    names = list(variants)
    for name in names:  # untimed: bytecode and OS caches, as for any ordinary start
        first_frame(*variants[name])
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(first_frame(*variants[name]))
    bare = median(times[names[0]])
    results = [Result(f"start: {names[0]}, first frame", bare * 1000, "ms", note=f"{runs} runs, {SIZE[0]}x{SIZE[1]} pty")]
    for name in names[1:]:
        value = median(times[name])
        results.append(Result(
            f"start: {name} / bare app", value / bare, "x", target=TARGET,
            note=f"{value * 1000:.0f} ms to the due counts, range {min(times[name]) * 1000:.0f}-{max(times[name]) * 1000:.0f}",
        ))
    return results

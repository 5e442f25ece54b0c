"""Memory: peak RSS with the stats screen open, against the bare app's.

StudyBuddy runs as its user starts it, in a real terminal (see terminal.py), on a generated
year of use; once the browser shows the due counts, `s` opens the stats screen, and once the
screen shows its true-retention figures (computed from the whole history) the process's peak
RSS (VmHWM) is read. The bare app's (bench/minimal_app.py) is read at its first frame: it is
what any Textual app of this shape costs. Each figure is the median of its runs.

Targets: at most 1.5 times the bare app at 10,000 cards, at most 2 times at 50,000.
"""

from __future__ import annotations

from common import BENCH, PYTHON, Result, Workspace, median
from startup import SIZE, bare_app_shown
from terminal import Terminal, shows_due_counts, shows_stats, studybuddy_argv


def peak(argv: list[str], steps) -> int:
    terminal = Terminal(argv, size=SIZE)
    try:
        for keys, seen in steps:
            if keys:
                terminal.press(keys)
            terminal.wait_for(seen, timeout=180)
        return terminal.peak_rss()
    finally:
        terminal.close()


def run(ws: Workspace) -> list[Result]:
    runs = 1 if ws.quick else 3
    bare = median([peak([PYTHON, str(BENCH / "minimal_app.py")], [(b"", bare_app_shown)]) for _ in range(runs + 1)])
    results = [Result("memory: bare Textual app, peak RSS at first frame", bare / 2**20, "MiB")]
    sizes = [((10_000, 50_000), 1.5)] if ws.quick else [((10_000, 50_000), 1.5), ((50_000, 200_000), 2.0)]
    for (cards, reviews), target in sizes:
        data_dir = ws.history(cards, reviews)
        steps = [(b"", shows_due_counts), (b"s", shows_stats)]
        value = median([peak(studybuddy_argv(data_dir), steps) for _ in range(runs)])
        results.append(Result(
            f"memory: stats open, {cards // 1000}k cards / bare app", value / bare, "x", target=target,
            note=f"{value / 2**20:.1f} MiB, {reviews:,} reviews",
        ))
    return results

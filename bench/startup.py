"""Startup: whole processes from start to the first frame of the browser, then exit.

StudyBuddy is started as its user starts it (`python -m studybuddy --data-dir D`) and the
minimal app (bench/minimal_app.py) beside it, both through bench/launch.py, which makes them
headless and ends them at their first frame; the three are run interleaved. StudyBuddy's
frame must show the first guide, and its tree must hold both. Reported: median wall time
and first-frame time of each, peak RSS of each, and the ratios of medians.

The data directories: one empty (no progress, no reviews), and one holding 10,000 cards (a
deck of the user's own in <data dir>/content/decks/) and 50,000 reviews. An untimed warm-up
start comes first, as a user's first start of the day, so the timed starts are ordinary
ones (the day's backup and any caches the app keeps already made); the very first start in
an empty directory is reported on its own.

Also here, since it is a share of startup: how long each start spends on YAML (importing
PyYAML and parsing, timed inside the started process by launch.py), and what one full
parse of the content costs when nothing is cached.

Targets: at most 1.15 times the minimal app with the empty data directory, 1.30 with 10,000
cards and 50,000 reviews; YAML at most 10% of startup.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from common import (
    BENCH,
    PYTHON,
    ProcessRun,
    Result,
    Workspace,
    alternate,
    median,
    run_process,
)

MINIMAL = "minimal app"
EMPTY = "studybuddy, empty data dir"
BIG = "studybuddy, 10k cards / 50k reviews"
# At 80x24 the tree shows the start of the first guide; both guides must be in the tree.
TITLE_PREFIX = 16


def minimal_argv() -> list[str]:
    return [PYTHON, str(BENCH / "launch.py"), "--expect", "Node 1", "--expect-tree", "Node 5", "--script", str(BENCH / "minimal_app.py")]


def studybuddy_argv(*args: str, reviews: int = 0) -> list[str]:
    """`python -m studybuddy ARGS` through the launcher, checked to paint the guide browser."""
    from studybuddy.content import load_content

    titles = [guide.title[:TITLE_PREFIX] for guide in load_content().guides]
    argv = [PYTHON, str(BENCH / "launch.py"), "--expect", titles[0]]
    for title in titles:
        argv += ["--expect-tree", title]
    if reviews:
        argv += ["--reviews", str(reviews)]
    return [*argv, "--module", "studybuddy", "--", *args]


def launched(runs: list[ProcessRun], what: str) -> list[dict]:
    """The launcher's reports, after checking that every run painted what it had to."""
    reports = [run.report for run in runs]
    for report in reports:
        if not report.get("frame_ok"):
            raise RuntimeError(f"{what}: the first frame was not the expected one: {json.dumps(report)}")
    return reports


def mib(runs: list[ProcessRun]) -> float:
    return median([run.max_rss for run in runs]) / 2**20


def content_parse_seconds(directories: list[Path], repeats: int) -> float:
    """Median seconds of one uncached `load_content` (YAML parsed and validated), in-process."""
    from studybuddy.content import load_content

    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        load_content(directories)
        times.append(time.perf_counter() - t0)
    return median(times)


def run(ws: Workspace) -> list[Result]:
    runs = 5 if ws.quick else 12
    variants = {
        MINIMAL: minimal_argv(),
        EMPTY: studybuddy_argv("--data-dir", str(ws.empty("startup"))),
        BIG: studybuddy_argv("--data-dir", str(ws.history(10_000, 50_000))),
    }
    measured = alternate(variants, runs)
    wall = {name: median([r.wall for r in runs_]) for name, runs_ in measured.items()}
    results = []
    for name, runs_ in measured.items():
        reports = launched(runs_, name)
        frame = median([report["first_frame"] - run_.started for report, run_ in zip(reports, runs_, strict=True)])
        results.append(Result(f"startup: {name}", wall[name] * 1000, "ms", note=f"first frame at {frame * 1000:.0f} ms, {len(runs_)} runs"))
        results.append(Result(f"startup: {name}, peak RSS", mib(runs_), "MiB"))
    results.append(Result("startup ratio: empty data dir / minimal app", wall[EMPTY] / wall[MINIMAL], "x", target=1.15))
    results.append(Result("startup ratio: 10k cards / 50k reviews / minimal app", wall[BIG] / wall[MINIMAL], "x", target=1.30))
    if not ws.quick:
        fresh = [run_process(studybuddy_argv("--data-dir", str(ws.empty(f"first-{i}")))).check("first start") for i in range(5)]
        yaml_ms = median([report["yaml_seconds"] for report in launched(fresh, "first start")]) * 1000
        first = median([r.wall for r in fresh])
        results.append(Result(
            "startup: very first start (new empty dir each time)", first * 1000, "ms",
            note=f"{first / wall[MINIMAL]:.2f}x the minimal app, YAML {yaml_ms:.0f} ms, 5 runs",
        ))
    for name in (EMPTY, BIG):
        reports = launched(measured[name], name)
        yaml_s = median([report["yaml_seconds"] for report in reports])
        calls = max(report["yaml_calls"] for report in reports)
        results.append(Result(
            f"content load: YAML share of start, {name.removeprefix('studybuddy, ')}", yaml_s / wall[name] * 100, "%",
            target=10, note=f"{yaml_s * 1000:.1f} ms: import and {calls} parse calls" if yaml_s else "PyYAML not even imported",
        ))
    repeats = 3 if ws.quick else 7
    for label, directories in (("bundled", []), ("+ 10k-card deck", [ws.history(10_000, 50_000) / "content"])):
        parse = content_parse_seconds(directories, repeats)
        results.append(Result(f"content load: one uncached parse, {label}", parse * 1000, "ms", note="what a start would pay if it parsed"))
    return results

"""Memory: the app's peak RSS after a review session of 100 cards.

The real app (`python -m studybuddy --data-dir D`, through bench/launch.py, headless) opens
today's review with `r` and answers 100 cards (space to reveal, then a grade, mostly Good),
goes back to the guides and exits; the peak RSS is the whole process's, from wait4. The
minimal app's peak (to its first frame) is the yardstick. Each session runs on a fresh copy
of the collection, after one ordinary start on it, so every run answers the same cards and
none of them pays for a first start (parsing the deck's YAML, for one).

Target: at most 1.5 times the minimal app's peak at 10,000 cards (50,000 reviews). The
50,000-card collection (250,000 reviews) is reported beside it, in the full run only.
"""

from __future__ import annotations

import shutil

from common import Result, Workspace, median, run_process
from startup import minimal_argv, studybuddy_argv

REVIEWS = 100


def session_peak(ws: Workspace, cards: int, reviews: int, runs: int) -> float:
    """Median peak RSS (bytes) of `runs` sessions of REVIEWS answers, each on a fresh copy."""
    source, session = ws.history(cards, reviews), ws.root / f"memory-{cards}"
    peaks = []
    for _ in range(runs):
        shutil.rmtree(session, ignore_errors=True)
        shutil.copytree(source, session)
        # One ordinary start first (what the app keeps between starts may depend on where the
        # directory is), so the session is a usual start of the app, not its first.
        run_process(studybuddy_argv("--data-dir", str(session))).check("warm-up start")
        run = run_process(studybuddy_argv("--data-dir", str(session), reviews=REVIEWS)).check("review session")
        report = run.report
        if report.get("error") or report.get("reviews") != REVIEWS:
            raise RuntimeError(f"the review session at {cards:,} cards did not finish: {report}")
        peaks.append(run.max_rss)
    return median(peaks)


def run(ws: Workspace) -> list[Result]:
    runs = 1 if ws.quick else 3
    minimal = median([run_process(minimal_argv()).check("minimal app").max_rss for _ in range(3)])
    sizes = [(10_000, 50_000)] if ws.quick else [(10_000, 50_000), (50_000, 250_000)]
    results = [Result("memory: minimal app, peak RSS at first frame", minimal / 2**20, "MiB")]
    for cards, reviews in sizes:
        peak = session_peak(ws, cards, reviews, runs)
        label = f"{cards // 1000}k cards / {reviews // 1000}k reviews"
        results.append(Result(f"memory: after {REVIEWS} reviews, {label}", peak / 2**20, "MiB"))
        results.append(Result(
            f"memory ratio: {cards // 1000}k cards / minimal app", peak / minimal, "x",
            target=1.5 if cards == 10_000 else None,
        ))
    return results

"""Stats and replay: what a long history costs.

stats: `python -m studybuddy stats --json --data-dir D`, the whole process, on two generated
years of use with the same 50,000-card deck: one with 1,000 reviews (a new user of a big
deck), one with 200,000 (a heavy year, with a backlog), each as after an ordinary session
of the app in which the user looked at the stats screen (so the per-day totals the app
keeps are there, as they are for a user). Same deck, same content cache, interleaved runs, so
the ratio of medians is what the number of reviews ever made costs. Target: at most 1.5.
Printed beside it, without a target: the same without the per-day totals (the first
`stats` after an upgrade).

replay: the whole journal of the 200,000-review year replayed through
studybuddy.srs.collection.replay (what opening without a snapshot, or changing the desired
retention, does), against calling plain fsrs `Scheduler.review_card` (same parameters,
learning steps and fuzzing) for the same effective reviews, card by card: the floor any
replay has to pay. The journal is read once, outside both timings. Alternated, best of a
few runs of each (the machine's noise only ever adds time). Target: at most 1.3.

The quick run uses 10,000 cards and 50,000 reviews in place of 50,000 and 200,000.
"""

from __future__ import annotations

import time

from common import PYTHON, Result, Workspace, alternate, median, run_process

FEW = 1_000


def sizes(ws: Workspace) -> tuple[int, int]:
    """(cards, reviews) of the long history; the short one has the same deck."""
    return (10_000, 50_000) if ws.quick else (50_000, 200_000)


def stats_argv(data_dir) -> list[str]:
    return [PYTHON, "-m", "studybuddy", "stats", "--json", "--data-dir", str(data_dir)]


def run_stats(ws: Workspace) -> list[Result]:
    cards, many = sizes(ws)
    runs = 3 if ws.quick else 9
    few_dir, many_dir = ws.history(cards, FEW), ws.history(cards, many)
    measured = alternate({"few": stats_argv(few_dir), "many": stats_argv(many_dir)}, runs)
    few, lots = median([r.wall for r in measured["few"]]), median([r.wall for r in measured["many"]])
    label = f"{many // 1000}k reviews" + (" (quick)" if ws.quick else "")
    results = [Result(
        f"stats --json: {label} / 1k reviews", lots / few, "x", target=1.5,
        note=f"median {lots * 1000:.0f} ms vs {few * 1000:.0f} ms, {cards:,} cards, {runs} runs each",
    )]
    # For reading: the first `stats` after an upgrade, before anything kept per-day totals.
    from studybuddy.datadir import STATS_DAYS_NAME

    bare = ws.copy(cards, many, "stats-no-totals")
    (bare / STATS_DAYS_NAME).unlink(missing_ok=True)
    first = run_process(stats_argv(bare)).check("stats --json").wall
    results.append(Result(
        f"stats --json: {label}, no per-day totals yet / 1k reviews", first / few, "x",
        note=f"{first * 1000:.0f} ms, one run: the first stats after an upgrade",
    ))
    return results


def run_replay(ws: Workspace) -> list[Result]:
    from fsrs import Card, Rating, Scheduler

    from studybuddy.srs.collection import effective_reviews, replay
    from studybuddy.srs.ids import fsrs_id
    from studybuddy.srs.journal import JOURNAL_NAME, Journal
    from studybuddy.srs.scheduling import LEARNING_STEPS, RELEARNING_STEPS, make_scheduler, new_card

    data_dir = ws.history(*sizes(ws))
    events = Journal(data_dir / JOURNAL_NAME, readonly=True).read().events
    reviews = effective_reviews(events)
    ids = {r.card: fsrs_id(r.card) for r in reviews}
    ratings = [(r.card, Rating(r.rating), r.at) for r in reviews]

    def studybuddy() -> float:
        scheduler = make_scheduler()
        t0 = time.perf_counter()
        replay(scheduler, events)
        return time.perf_counter() - t0

    def plain_fsrs() -> float:
        scheduler = Scheduler(desired_retention=0.9, learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=True)
        cards: dict[str, Card] = {}
        t0 = time.perf_counter()
        for slug, rating, at in ratings:
            card = cards.get(slug)
            cards[slug], _ = scheduler.review_card(card if card is not None else new_card(ids[slug]), rating, at)
        return time.perf_counter() - t0

    rounds = 2 if ws.quick else 4
    ours, floor = [], []
    for _ in range(rounds):
        ours.append(studybuddy())
        floor.append(plain_fsrs())
    return [Result(
        f"replay: {len(reviews) // 1000}k reviews / plain fsrs review_card", min(ours) / min(floor), "x", target=1.3,
        note=f"{min(ours) * 1000:.0f} ms vs {min(floor) * 1000:.0f} ms ({min(ours) / len(reviews) * 1e6:.1f} vs "
        f"{min(floor) / len(reviews) * 1e6:.1f} µs a review), best of {rounds}",
    )]

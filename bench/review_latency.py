"""Review latency: keypress to the next card on screen, with the answer durable.

Runs the real app headless on generated collections of 100, 10,000 and 50,000 cards (every
card reviewed once, all due), answering cards with the journal fsync'd, and alternately the
same app with persistence switched off. Prints the ratio of medians and the p95s.

Targets: durable/off median ratio <= 1.25 at every size, and p95 at 50,000 cards no more
than 1.25 times the p95 at 100 cards (bench/run.py --quick, which skips 50,000, holds the
largest size it runs to the same target).

    python bench/review_latency.py [--sizes 100,10000,50000] [--answers 60] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import Result, build, ensure_importable, p95
from keys import keypress

ensure_importable()

from studybuddy.content import load_content  # noqa: E402
from studybuddy.srs.study import Study  # noqa: E402
from studybuddy.store import Store  # noqa: E402

TARGET = 1.25


class NullJournal:
    """Persistence switched off: answers are accepted and forgotten."""

    def __init__(self, real):
        self._real = real

    def append(self, event) -> None:
        pass

    def size(self) -> int:
        return 0

    def close(self) -> None:
        self._real.close()


async def measure(content, data_dir: Path, answers: int, durable: bool) -> list[float]:
    from studybuddy.tui.app import StudyBuddyApp

    store = Store.open(data_dir)
    study = Study.open(content, data_dir, store.settings())
    gc.freeze()  # as the CLI does once the schedules are loaded (cli/study.py)
    if not durable:
        study.collection.journal = NullJournal(study.collection.journal)
    app = StudyBuddyApp(content, store, study, start_in_review=True)
    times: list[float] = []
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            for _ in range(answers):
                screen = app.screen
                # Reveal the same way (untimed): Pilot.press adds seconds of settling per key.
                await keypress(app, "space", " ", lambda s=screen: s.revealed)
                await asyncio.sleep(0.02)
                answered = len(screen.session.tally.history)
                times.append(await keypress(app, "3", "3", lambda s=screen, n=answered: len(s.session.tally.history) > n))
    finally:
        study.collection.journal.close()
        store.close()
    return times


def run(sizes: list[int], answers: int, rounds: int, *, stand_in: bool = False) -> list[Result]:
    """The results at each size. With `stand_in`, the largest size run stands in for 50,000
    in the growth target (the quick mode's reduced sizes)."""
    measured: dict[int, tuple[list[float], list[float]]] = {}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            base = Path(tmp) / f"n{size}"
            t0 = time.perf_counter()
            content_dir, data_dir = build(size, base)
            content = load_content([content_dir], bundled=False)
            built = time.perf_counter() - t0
            durable, off = [], []
            for round_ in range(rounds):
                for mode in (True, False) if round_ % 2 == 0 else (False, True):
                    work = base / f"run-{round_}-{mode}"
                    shutil.copytree(data_dir, work)
                    (durable if mode else off).extend(asyncio.run(measure(content, work, answers, mode)))
            measured[size] = (durable, off)
            note = (
                f"durable median {statistics.median(durable) * 1000:.2f} ms p95 {p95(durable) * 1000:.2f} ms, "
                f"off median {statistics.median(off) * 1000:.2f} ms p95 {p95(off) * 1000:.2f} ms, setup {built:.1f}s"
            )
            ratio = statistics.median(durable) / statistics.median(off)
            results.append(Result(f"review latency: durable / off, {size:,} cards", ratio, "x", target=TARGET, note=note))
    largest = max(sizes)
    if 100 in measured and (largest == 50_000 or (stand_in and largest > 100)):
        growth = p95(measured[largest][0]) / p95(measured[100][0])
        label = f"review latency: p95 at {largest:,} / p95 at 100 cards"
        if largest != 50_000:
            label += " (for 50,000)"
        results.append(Result(label, growth, "x", target=TARGET))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,10000,50000")
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results = run([int(s) for s in args.sizes.split(",")], args.answers, args.rounds)
    for result in results:
        print(result.line(quick=False), flush=True)
    return 0 if all(r.passes() for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

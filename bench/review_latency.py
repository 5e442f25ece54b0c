"""Review latency: keypress to the next card on screen, with the answer durable.

Runs the real app headless on generated collections of 100, 10,000 and 50,000 cards (every
card reviewed once, all due), answering cards with the journal fsync'd, and alternately the
same app with persistence switched off. Prints the ratio of medians and the p95s.

Targets: durable/off median ratio <= 1.25 at every size, and p95 at 50,000 cards no more
than 1.25 times the p95 at 100 cards.

    python bench/review_latency.py [--sizes 100,10000,50000] [--answers 60] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studybuddy.content import load_content  # noqa: E402
from studybuddy.settings import Settings  # noqa: E402
from studybuddy.srs.collection import Collection  # noqa: E402
from studybuddy.srs.journal import JOURNAL_NAME  # noqa: E402
from studybuddy.srs.scheduling import make_scheduler  # noqa: E402
from studybuddy.srs.study import Study  # noqa: E402
from studybuddy.store import Store  # noqa: E402

GUIDE = """id: bench
title: Bench guide
source: https://example.org/
summary: A generated guide.
sections:
  - id: bench-section
    title: Bench section
    summary: Generated. For benchmarks.
"""


def build(size: int, root: Path) -> tuple[Path, Path]:
    """A content dir with `size` cards and a data dir where every card was reviewed once:
    nine in ten graduated to review (Easy), one in ten still learning (Good), all due now."""
    content_dir, data_dir = root / "content", root / "data"
    (content_dir / "guides").mkdir(parents=True)
    (content_dir / "decks").mkdir(parents=True)
    (content_dir / "guides" / "bench.yaml").write_text(GUIDE)
    lines = ["id: bench-deck", "title: Bench deck", "cards:"]
    for i in range(size):
        lines += [f"  - id: card-{i}", f"    term: Term number {i}", f"    definition: Definition of term {i}, short."]
    (content_dir / "decks" / "bench.yaml").write_text("\n".join(lines) + "\n")
    data_dir.mkdir()
    start = datetime.now(timezone.utc) - timedelta(days=90)
    with open(data_dir / JOURNAL_NAME, "w") as journal:
        for i in range(size):
            at = start + timedelta(seconds=i * 60)
            event = {"seq": i + 1, "op": "review", "card": f"card-{i}", "rating": 3 if i % 10 == 0 else 4, "at": at.isoformat(), "ms": 3000, "was": "new"}
            journal.write(json.dumps(event, separators=(",", ":")) + "\n")
    collection = Collection.open(data_dir, make_scheduler())
    collection.save()
    collection.close()
    with Store.open(data_dir) as store:
        store.save_settings(Settings(new_per_day=0, reviews_per_day=99_999))
    return content_dir, data_dir


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


async def keypress_to_screen(app, key: str, changed) -> float:
    """Seconds from a key event entering the app to the refreshed screen showing its effect.

    Pilot.press adds its own settling waits (around 100 ms), so the key is posted directly
    and the clock stops at the first refresh after the change is made.
    """
    from textual import events

    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    app.post_message(events.Key(key, key))
    deadline = t0 + 10
    while not changed():
        if time.perf_counter() > deadline:
            raise RuntimeError("the next card did not appear")
        await asyncio.sleep(0)
    refreshed = loop.create_future()
    app.call_after_refresh(lambda: refreshed.done() or refreshed.set_result(None))
    await refreshed
    return time.perf_counter() - t0


async def measure(content, data_dir: Path, answers: int, durable: bool) -> list[float]:
    from studybuddy.tui.app import StudyBuddyApp

    store = Store.open(data_dir)
    study = Study.open(content, data_dir, store.settings())
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
                await keypress_to_screen(app, "space", lambda s=screen: s.revealed)
                await asyncio.sleep(0.02)
                answered = len(screen.tally.history)
                times.append(
                    await keypress_to_screen(app, "3", lambda s=screen, n=answered: len(s.tally.history) > n)
                )
    finally:
        study.collection.journal.close()
        store.close()
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,10000,50000")
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            base = Path(tmp) / f"n{size}"
            t0 = time.perf_counter()
            content_dir, data_dir = build(size, base)
            content = load_content([content_dir], bundled=False)
            built = time.perf_counter() - t0
            durable, off = [], []
            for round_ in range(args.rounds):
                for mode in (True, False) if round_ % 2 == 0 else (False, True):
                    work = base / f"run-{round_}-{mode}"
                    shutil.copytree(data_dir, work)
                    (durable if mode else off).extend(asyncio.run(measure(content, work, args.answers, mode)))
            results[size] = (durable, off)
            ratio = statistics.median(durable) / statistics.median(off)
            print(
                f"{size:>6} cards: durable median {statistics.median(durable) * 1000:6.2f} ms p95 {p95(durable) * 1000:6.2f} ms | "
                f"off median {statistics.median(off) * 1000:6.2f} ms p95 {p95(off) * 1000:6.2f} ms | "
                f"ratio {ratio:.2f} {'PASS' if ratio <= 1.25 else 'FAIL'} (target <= 1.25)  [setup {built:.1f}s]",
                flush=True,
            )
    ok = all(statistics.median(d) / statistics.median(o) <= 1.25 for d, o in results.values())
    if 100 in results and 50000 in results:
        growth = p95(results[50000][0]) / p95(results[100][0])
        print(f"p95 at 50,000 / p95 at 100: {growth:.2f} {'PASS' if growth <= 1.25 else 'FAIL'} (target <= 1.25)")
        ok = ok and growth <= 1.25
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The review screen at any size: undo, leaving, and answering while a snapshot is written.

The real app (StudyBuddyApp with its ReviewScreen) runs headless under App.run_test on a
copy of a generated year of use (history.py), opened by Study.open with a fake clock 30
days ahead, so thousands of cards are due at the large size and the review never runs dry
(and with the daily review limit raised for the same reason). Keys are posted as the
terminal driver posts them and each is timed from entering the app to the first refresh
after its effect (see keys.py); revealing the answer is untimed.

- undo: answer a card (Good), then `u`, timed until the session's tally is one answer
  shorter and the screen refreshed. Median at 50,000 cards over median at 100.
- leave: answer a card, then `escape`, timed until the browser is back and refreshed (the
  snapshot the screen then writes runs in a worker: it is waited for, untimed, before the
  review is opened again with `r`). Median at 50,000 over median at 100.
- answer during a snapshot, at 50,000 cards: answer a card, start
  `ReviewScreen.save_snapshot` (the screen's own call, a worker thread), and time answers
  while that worker has not finished; the same number of answers is timed with no snapshot
  being written. p95 with the snapshot over p95 without.

Sizes alternate (100, large, 100, large) so a change in the machine's speed reaches both.
The quick run uses 10,000 cards in place of 50,000 and fewer rounds.

Targets: undo and leave at most 1.25 times the 100-card figure; answer p95 during a
snapshot at most 1.25 times without.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from datetime import datetime, timedelta, timezone

from common import Result, Workspace, median, p95
from keys import keypress

TARGET = 1.25
SMALL = (100, 1_000)


def snapshot_running(app) -> bool:
    return any(worker.group == "snapshot" and not worker.is_finished for worker in app.workers)


class Driver:
    """The few moves the benches make on the review screen."""

    def __init__(self, app):
        self.app = app

    @property
    def screen(self):
        return self.app.screen

    async def reveal(self) -> None:
        screen = self.screen
        if not screen.revealed:  # space on a revealed card would answer it
            await keypress(self.app, "space", " ", lambda: screen.revealed)

    async def answer(self) -> float:
        screen = self.screen
        before = screen.session.tally.answers
        return await keypress(self.app, "3", "3", lambda: screen.session.tally.answers > before)

    async def undo(self) -> float:
        screen = self.screen
        before = screen.session.tally.answers
        return await keypress(self.app, "u", "u", lambda: screen.session.tally.answers < before)

    async def leave(self) -> float:
        from studybuddy.tui.screens.review import ReviewScreen

        return await keypress(self.app, "escape", None, lambda: not isinstance(self.app.screen, ReviewScreen))

    async def enter(self) -> None:
        from studybuddy.tui.screens.review import ReviewScreen

        await keypress(self.app, "r", "r", lambda: isinstance(self.app.screen, ReviewScreen))


async def session(data_dir, work) -> dict[str, list[float]]:
    """Open the app on `data_dir` in today's review and run `work(driver, times)`."""
    from studybuddy.content.cache import load_content_cached
    from studybuddy.datadir import DataDir
    from studybuddy.srs.study import Study
    from studybuddy.store import Store
    from studybuddy.tui.app import StudyBuddyApp
    from studybuddy.tui.screens.review import ReviewScreen

    content = load_content_cached([data_dir / "content"], DataDir.at(data_dir).cache)
    store = Store.open(data_dir)
    store.save_settings(dataclasses.replace(store.settings(), reviews_per_day=9999))
    offset = timedelta(days=30)
    study = Study.open(content, data_dir, store.settings(), clock=lambda: datetime.now(timezone.utc) + offset)
    gc.freeze()  # as the CLI does once the schedules are loaded (cli/study.py)
    app = StudyBuddyApp(content, store, study, start_in_review=True)
    times: dict[str, list[float]] = {}
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            if not isinstance(app.screen, ReviewScreen) or app.screen.session.card is None:
                raise RuntimeError(f"the review did not open with a card to answer (screen: {type(app.screen).__name__})")
            await work(Driver(app), times)
            await app.workers.wait_for_complete()
    finally:
        study.collection.close()
        store.close()
    return times


def undo_and_leave(rounds: int):
    async def work(driver: Driver, times: dict[str, list[float]]) -> None:
        for _ in range(rounds):
            await driver.reveal()
            await driver.answer()
            await asyncio.sleep(0.02)
            times.setdefault("undo", []).append(await driver.undo())
        for _ in range(max(3, rounds // 2)):
            await driver.reveal()
            await driver.answer()
            await asyncio.sleep(0.02)
            times.setdefault("leave", []).append(await driver.leave())
            await driver.app.workers.wait_for_complete()
            await driver.enter()

    return work


def answers_around_snapshots(count: int):
    async def work(driver: Driver, times: dict[str, list[float]]) -> None:
        during, without = times.setdefault("during", []), times.setdefault("without", [])
        snapshots = 0
        while len(during) < count and snapshots < count * 3:
            await driver.reveal()
            await driver.answer()  # the snapshot then has something to write
            driver.screen.save_snapshot()
            snapshots += 1
            while len(during) < count and snapshot_running(driver.app):
                await driver.reveal()
                if not snapshot_running(driver.app):
                    break
                during.append(await driver.answer())
            await driver.app.workers.wait_for_complete()
        times["snapshots"] = [snapshots]
        while len(without) < max(count, 1):
            await driver.reveal()
            if snapshot_running(driver.app):  # the screen's own idle snapshot: not this figure
                await driver.app.workers.wait_for_complete()
                continue
            without.append(await driver.answer())

    return work


def run(ws: Workspace) -> list[Result]:
    large = (10_000, 50_000) if ws.quick else (50_000, 200_000)
    rounds = 8 if ws.quick else 20
    label = f"{large[0]:,} cards" + (" (quick)" if ws.quick else "")
    measured: dict[tuple[int, int], dict[str, list[float]]] = {SMALL: {}, large: {}}
    for round_ in range(2):
        for size in (SMALL, large):
            data_dir = ws.copy(*size, f"review-{round_}")
            for key, values in asyncio.run(session(data_dir, undo_and_leave(rounds // 2))).items():
                measured[size].setdefault(key, []).extend(values)
    results = []
    for key, what in (("undo", "undo keypress"), ("leave", "leaving the review")):
        small_ms, large_ms = median(measured[SMALL][key]) * 1000, median(measured[large][key]) * 1000
        results.append(Result(
            f"review: {what}, {label} / 100 cards", large_ms / small_ms, "x", target=TARGET,
            note=f"median {large_ms:.1f} ms vs {small_ms:.1f} ms, p95 {p95(measured[large][key]) * 1000:.1f} vs "
            f"{p95(measured[SMALL][key]) * 1000:.1f} ms, {len(measured[large][key])} each",
        ))
    count = 15 if ws.quick else 40
    times = asyncio.run(session(ws.copy(*large, "snapshot"), answers_around_snapshots(count)))
    during, without = times["during"], times["without"]
    if not during:
        # Saves append only the changed cards now: each was over before the next key.
        results.append(Result(
            f"review: no answer waited behind a snapshot, {label}", True,
            note=f"{times['snapshots'][0]} snapshots each finished before an answer could be pressed",
        ))
        return results
    results.append(Result(
        f"review: answer p95 during a snapshot / without, {label}", p95(during) / p95(without), "x", target=TARGET,
        note=f"p95 {p95(during) * 1000:.1f} vs {p95(without) * 1000:.1f} ms, medians {median(during) * 1000:.1f} vs "
        f"{median(without) * 1000:.1f} ms, {len(during)} answers during {times['snapshots'][0]} snapshots",
    ))
    return results

"""Regenerate the README's screenshots (SVG) into docs/ from the real app.

    python scripts/screenshots.py

It builds a throwaway data directory with a few simulated days of study, then drives the
app headless and saves the browser, review and stats screens with App.save_screenshot.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studybuddy.content import load_content  # noqa: E402
from studybuddy.srs.study import Study  # noqa: E402
from studybuddy.store import Store  # noqa: E402
from studybuddy.tui.app import StudyBuddyApp  # noqa: E402

DOCS = ROOT / "docs"
SIZE = (100, 32)  # the size the README's pictures are taken at; snapshot tests cover 80x24 too


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def simulate(data_dir: Path, clock: Clock, days: int = 24) -> None:
    """Study every day for a few weeks, ticking off resources on the way."""
    rng = random.Random(7)
    content = load_content()
    with Store.open(data_dir) as store:
        items = list(content.items)
        for item in items[:18]:
            store.set_item_state(item, rng.choice(["done", "done", "done", "skipped"]))
        for item in items[18:24]:
            store.set_item_state(item, "in_progress")
        for _ in range(days):
            study = Study.open(content, data_dir, store.settings(), clock=clock)
            queue = study.queue()
            while (nxt := queue.next()) is not None:
                record = study.collection.answer(nxt.slug, rng.choice([1, 3, 3, 3, 3, 4]), rng.randint(3000, 14000))
                queue.answered(nxt.slug, record)
                clock.now += timedelta(minutes=11 if nxt.early else 0, seconds=25)
            study.collection.save()
            study.collection.close()
            clock.now += timedelta(days=1, minutes=-rng.randint(0, 90))


async def shoot(data_dir: Path, clock: Clock) -> None:
    content = load_content()
    store = Store.open(data_dir)
    store.ui_set(welcomed=True)  # the pictures show the app as it is used, past the first-run welcome
    study = Study.open(content, data_dir, store.settings(), clock=clock)
    app = StudyBuddyApp(content, store, study)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.go_to("local-installation")
            await pilot.pause(0.3)
            app.save_screenshot("browser.svg", str(DOCS))
            await pilot.press("r")
            await pilot.press("space")
            await pilot.pause(0.3)
            app.save_screenshot("review.svg", str(DOCS))
            await pilot.press("escape", "s")
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            app.save_screenshot("stats.svg", str(DOCS))
    finally:
        study.collection.close()
        store.close()


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(datetime.now(timezone.utc).replace(hour=8, minute=0) - timedelta(days=24))
        simulate(Path(tmp), clock)
        asyncio.run(shoot(Path(tmp), clock))
    for name in ("browser", "review", "stats"):
        print(DOCS / f"{name}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())

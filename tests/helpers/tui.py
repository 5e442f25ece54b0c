"""Shared set-up for Pilot tests: a real app on a temporary data directory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import Static

from studybuddy.content import Library, load_content
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.study import Study
from studybuddy.store import Store
from studybuddy.tui.app import StudyBuddyApp
from tests.helpers.clock import FakeClock
from tests.helpers.content import MINI

ZONE = ZoneInfo("Europe/Berlin")


class Session:
    """A store, study state and app over one data directory, closed like the CLI closes them."""

    def __init__(self, data_dir: Path, clock: FakeClock, content: Library | None = None, review: bool = False):
        self.store = Store.open(data_dir)
        content = content or load_content([MINI], bundled=False)
        settings = self.store.settings()
        self.study = Study.open(content, data_dir, settings, clock=clock, day=StudyDay(settings.rollover_hour, ZONE))
        self.app = StudyBuddyApp(content, self.store, self.study, start_in_review=review)

    def close(self) -> None:
        self.study.collection.save()
        self.study.collection.close()
        self.store.close()


def text(app: StudyBuddyApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def seed(data_dir: Path, clock: FakeClock) -> None:
    """Three study days through the real data layer: both mini cards, Easy then Good."""
    s = Session(data_dir, clock)
    s.store.set_item_state("install-python", "done")
    s.store.set_item_state("colab", "in_progress")
    for round_, rating in enumerate((4, 3, 3)):
        if round_:
            clock.now = max(r.due for r in s.study.collection.records.values()) + timedelta(hours=1)
        queue = s.study.queue()
        while (nxt := queue.next()) is not None and not nxt.early:
            queue.answered(nxt.slug, s.study.collection.answer(nxt.slug, rating, 4000))
    s.close()


def notifications(app: StudyBuddyApp, monkeypatch) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows from now on; they still show."""
    said: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message, *, title="", **kwargs):
        said.append((title, str(message)))
        return shown(message, title=title, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return said

"""Shared set-up for Pilot tests: a real app on a temporary data directory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import Static

from studybuddy.content import Library, load_content
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.study import Study
from studybuddy.store import Store
from studybuddy.tui.app import StudyBuddyApp
from tests.conftest import MINI

ZONE = ZoneInfo("Europe/Berlin")


class FakeClock:
    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)


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


def notifications(app: StudyBuddyApp, monkeypatch) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows from now on; they still show."""
    said: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message, *, title="", **kwargs):
        said.append((title, str(message)))
        return shown(message, title=title, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return said

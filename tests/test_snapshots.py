"""What the screens look like, compared against committed SVG snapshots.

Regenerate after an intended change with: pytest tests/test_snapshots.py --snapshot-update
Everything that varies between runs (the clock, the time zone, answer timings) is fixed.
"""

from __future__ import annotations

import time

import pytest

from studybuddy.content import load_content
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, seed

BIG = (100, 32)
SMALL = (80, 24)


@pytest.fixture(autouse=True)
def _fixed_world(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    ticks = iter(range(0, 10**9, 7))  # every answer "takes" a few seconds
    monkeypatch.setattr("studybuddy.srs.session.monotonic", lambda: float(next(ticks)))
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def real(data_dir):
    """The real guides and deck, with a little progress ticked off."""
    sessions = []

    def make(review: bool = False) -> Session:
        s = Session(data_dir, FakeClock(), load_content(), review=review)
        for item, state in [("futurecoder", "done"), ("whirlwind-tour-of-python", "in_progress")]:
            if item in s.app.content.items:
                s.store.set_item_state(item, state)
        sessions.append(s)
        return s

    yield make
    for s in sessions:
        s.close()


async def settle(pilot) -> None:
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the picture flicker
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["100x32", "80x24"])
def test_browser(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=settle)


def test_section_with_mixed_item_states(snap_compare, real):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("down", "down", "down", "space", "down")  # into Tools you'll need
        await pilot.press("tab", "space", "j", "w", "j", "x", "j")
        await settle(pilot)

    assert snap_compare(real().app, terminal_size=BIG, run_before=run_before)


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["100x32", "80x24"])
def test_review_front(snap_compare, real, size):
    assert snap_compare(real(review=True).app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [BIG, SMALL], ids=["100x32", "80x24"])
def test_review_back(snap_compare, real, size):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("space")
        await settle(pilot)

    assert snap_compare(real(review=True).app, terminal_size=size, run_before=run_before)


def test_session_summary(snap_compare, data_dir):
    s = Session(data_dir, FakeClock(), review=True)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("space", "3", "space", "1", "space", "4")
        s.study.clock.advance(minutes=30)
        await pilot.press("space", "3", "space", "3")
        await settle(pilot)

    assert snap_compare(s.app, terminal_size=BIG, run_before=run_before)
    s.close()


def test_stats_with_seeded_data(snap_compare, data_dir):
    clock = FakeClock()
    seed(data_dir, clock)
    s = Session(data_dir, clock)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(s.app, terminal_size=BIG, run_before=run_before)
    s.close()


def test_help_screen(snap_compare, real):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(real().app, terminal_size=BIG, run_before=run_before)


def test_settings_screen(snap_compare, real):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(real().app, terminal_size=BIG, run_before=run_before)

"""What the screens look like, compared against committed SVG snapshots.

Regenerate after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
Everything that varies between runs (the clock, the time zone, answer timings) is fixed.
"""

from __future__ import annotations

import time

import pytest

from studybuddy.content import load_content
from studybuddy.settings import Settings
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, seed

# 80x24 is the design size; 100x32 is the README's; 160x50 a big terminal.
SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 50)], ids=["80x24", "100x32", "160x50"])


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

    def make(review: bool = False, welcomed: bool = True) -> Session:
        s = Session(data_dir, FakeClock(), load_content(), review=review)
        if welcomed:
            s.store.ui_set(welcomed=True)
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


def pressing(*keys: str):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@SIZES
def test_browser(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=settle)


@SIZES
def test_first_run_welcome(snap_compare, real, size):
    assert snap_compare(real(welcomed=False).app, terminal_size=size, run_before=settle)


@SIZES
def test_section_with_mixed_item_states(snap_compare, real, size):
    keys = ("down", "down", "down", "space", "down", "tab", "space", "j", "w", "j", "x", "j")  # into Tools you'll need
    assert snap_compare(real().app, terminal_size=size, run_before=pressing(*keys))


@SIZES
def test_filter_with_matches(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=pressing("slash", *"pandas", "enter", "n"))


@SIZES
def test_filter_without_a_match(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=pressing("slash", *"qqqz"))


@SIZES
def test_review_front(snap_compare, real, size):
    assert snap_compare(real(review=True).app, terminal_size=size, run_before=settle)


@SIZES
def test_review_back(snap_compare, real, size):
    assert snap_compare(real(review=True).app, terminal_size=size, run_before=pressing("space"))


@SIZES
def test_session_summary(snap_compare, data_dir, size):
    s = Session(data_dir, FakeClock(), review=True)
    s.store.ui_set(welcomed=True)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("space", "3", "space", "1", "space", "4")
        s.study.clock.advance(minutes=30)
        await pilot.press("space", "3", "space", "3")
        await settle(pilot)

    assert snap_compare(s.app, terminal_size=size, run_before=run_before)
    s.close()


@SIZES
def test_nothing_to_review(snap_compare, data_dir, size):
    s = Session(data_dir, FakeClock())
    s.store.ui_set(welcomed=True)
    s.store.save_settings(Settings(new_per_day=0))
    s.close()
    s = Session(data_dir, FakeClock(), review=True)
    assert snap_compare(s.app, terminal_size=size, run_before=settle)
    s.close()


@SIZES
def test_stats_with_seeded_data(snap_compare, data_dir, size):
    clock = FakeClock()
    seed(data_dir, clock)
    s = Session(data_dir, clock)
    s.store.ui_set(welcomed=True)
    assert snap_compare(s.app, terminal_size=size, run_before=pressing("s"))
    s.close()


@SIZES
def test_stats_before_any_review(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=pressing("s"))


@SIZES
def test_help_screen(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=pressing("down", "down", "tab", "question_mark"))


@SIZES
def test_settings_screen(snap_compare, real, size):
    assert snap_compare(real().app, terminal_size=size, run_before=pressing("comma"))


@SIZES
def test_card_preview(snap_compare, real, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.preview_card("overfitting")
        await settle(pilot)

    assert snap_compare(real().app, terminal_size=size, run_before=run_before)


@SIZES
def test_restore_backup_dialog(snap_compare, real, size):
    from studybuddy.store.database import RestoreOffer
    from studybuddy.tui.screens.restore_backup import RestoreBackupDialog

    async def run_before(pilot):
        await pilot.pause()
        offer = RestoreOffer("its table 'checklist' has the wrong shape", "studybuddy.json.corrupt-20260110T090000Z", "2026-01-09")
        pilot.app.push_screen(RestoreBackupDialog(offer, "/home/you/.local/share/studybuddy/studybuddy.json"))
        await settle(pilot)

    assert snap_compare(real().app, terminal_size=size, run_before=run_before)

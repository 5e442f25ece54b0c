"""Pilot tests of "Optimize my memory model" and "Reset to default parameters" in Settings."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Button

from tests.helpers.learner import START, Learner, slow_learner
from studybuddy.srs.collection import replay
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler
from studybuddy.tui.screens.optimize import OptimizeScreen
from studybuddy.tui.screens.settings import SettingsScreen
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, text


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_optimize_asks_then_adopts_and_reset_goes_back_to_the_defaults(data_dir):
    Learner(slow_learner(), seed=7).study(data_dir, 365).close()
    events = Journal(data_dir / JOURNAL_NAME, readonly=True).read(0).events
    s = Session(data_dir, FakeClock(START + timedelta(days=366)))
    try:
        async with s.app.run_test(size=(100, 40)) as pilot:
            await pilot.press("comma")
            assert isinstance(s.app.screen, SettingsScreen)
            assert "FSRS's defaults" in str(s.app.screen.query_one("#settings-optimize", Button).tooltip)
            assert s.app.screen.query_one("#settings-reset-model", Button).disabled
            await pilot.click("#settings-optimize")
            assert isinstance(s.app.screen, OptimizeScreen)
            await settle(pilot)
            figures = text(s.app, "#optimize-figures")
            assert "Default" in figures and "In use (default)" in figures and "Fitted" in figures
            assert "Adopt them?" in text(s.app, "#optimize-question")
            fitted = s.app.screen.result
            # Nothing changes before the user says yes.
            assert s.store.settings().memory_model is None
            await pilot.click("#optimize-adopt")
            await settle(pilot)
            model = s.store.settings().memory_model
            assert model is not None and model.parameters == fitted.parameters
            assert tuple(s.study.collection.scheduler.parameters) == model.parameters
            assert schedules_of(s.study.collection.records) == schedules_of(replay(make_scheduler(0.9, model.parameters), events))

            await pilot.press("comma")
            assert f"fitted on {model.fitted_on}" in str(s.app.screen.query_one("#settings-reset-model", Button).tooltip)
            await pilot.click("#settings-reset-model")
            await settle(pilot)
            assert s.store.settings().memory_model is None
            assert tuple(s.study.collection.scheduler.parameters) == tuple(make_scheduler().parameters)
            assert schedules_of(s.study.collection.records) == schedules_of(replay(make_scheduler(0.9), events))
    finally:
        s.close()


def schedules_of(records) -> dict:
    return {slug: r.card.due for slug, r in records.items()}


async def test_a_short_history_says_how_many_more_reviews_are_needed(data_dir):
    Learner(slow_learner()).study(data_dir, 10, cards=5, new_per_day=5).close()
    s = Session(data_dir, FakeClock(START + timedelta(days=11)))
    try:
        async with s.app.run_test(size=(100, 40)) as pilot:
            await pilot.press("comma")
            await pilot.click("#settings-optimize")
            await settle(pilot)
            assert "more are needed" in text(s.app, "#optimize-progress")
            assert s.app.screen.query_one("#optimize-adopt", Button).disabled
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(s.app.screen, SettingsScreen)
    finally:
        s.close()

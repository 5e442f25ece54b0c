"""Pilot tests of the stats screen, on a data directory seeded by really answering cards."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList, Sparkline

from studybuddy.tui.screens.browser import BrowserScreen
from studybuddy.tui.screens.review import ReviewScreen
from studybuddy.tui.screens.stats import StatsScreen
from studybuddy.tui.widgets.heatmap import Heatmap
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, seed, text



async def test_stats_screen_shows_figures_from_a_seeded_directory(data_dir):
    clock = FakeClock()
    seed(data_dir, clock)
    s = Session(data_dir, clock)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(s.app.screen, StatsScreen)
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        today = text(s.app, "#stats-today")
        assert "Reviews    2" in today and "Streak     1 d" in today
        cards = text(s.app, "#stats-cards")
        assert "New         0" in cards and "Mature      2" in cards
        # Round two fell outside the 30-day window; round three answered two mature cards.
        retention = text(s.app, "#stats-retention")
        assert "Young   none yet" in retention and "Mature  100.0% of 2" in retention
        heatmap = s.app.screen.query_one(Heatmap)
        assert sum(heatmap.counts.values()) == 6
        assert len(s.app.screen.query_one(Sparkline).data) == 31
        # The memory model in force, scored on the reviews of earlier days, and a year's workload.
        memory = text(s.app, "#stats-memory")
        assert "FSRS default parameters; log loss 0." in memory and "last 4 reviews" in memory
        workload = text(s.app, "#stats-workload").splitlines()
        assert workload[0].startswith("now       0.90") and workload[1].startswith("suggested")
        # One block per two weeks, between the edges, on one scale for both lines.
        assert [len(line.partition("▕")[2]) for line in workload] == [28, 28]
        roadmap = text(s.app, "#stats-roadmap")
        assert "Alpha Guide" in roadmap and "1/4" in roadmap
        assert not s.app.screen.query_one("#stats-empty").display
        # Next up: enter opens the item in the browser.
        options = s.app.screen.query_one("#stats-next", OptionList)
        assert [o.id for o in options.options] == ["getting-started/first-notebook", "theory/domingos"]
        # Enter works at once, as the title says: the first item is highlighted and focused.
        assert options.highlighted == 0 and options.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(s.app.screen, BrowserScreen)
        assert text(s.app, "#detail-title") == "Theory"
    s.close()


async def test_no_reviews_yet_says_how_to_start(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        assert s.app.screen.query_one("#stats-empty").display
        assert "No reviews yet" in text(s.app, "#stats-empty")
        assert not s.app.screen.query_one("#stats-calendar-box").display
        await pilot.press("escape")
        assert isinstance(s.app.screen, BrowserScreen)
    s.close()


async def test_s_from_the_review_summary(data_dir):
    s = Session(data_dir, FakeClock(), review=True)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # not during a review
        assert isinstance(s.app.screen, ReviewScreen)
        await pilot.press("space", "4", "space", "4")
        assert s.app.screen.session.finished
        await pilot.press("s")
        assert isinstance(s.app.screen, StatsScreen)
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Reviews    2" in text(s.app, "#stats-today")
    s.close()

"""Pilot tests of the whole review flow, from the browser and from `studybuddy review`."""

from __future__ import annotations

import json

from textual.widgets import Button, Input

from studybuddy.srs.journal import JOURNAL_NAME
from studybuddy.store import StoreWriteError
from studybuddy.tui.screens.browser import BrowserScreen
from studybuddy.tui.screens.review import ReviewScreen
from studybuddy.tui.screens.settings import SettingsScreen
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, notifications, text


def journal(data_dir) -> list[dict]:
    path = data_dir / JOURNAL_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_review_from_the_browser_front_back_answer_and_summary(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert isinstance(s.app.screen, ReviewScreen)
        assert text(s.app, "#review-counts").startswith("New 2   Learning 0   Review 0")
        assert text(s.app, "#card-term") == "Overfitting"
        assert text(s.app, "#card-source") == "new card · Alpha Guide › Theory"
        assert s.app.screen.phase == "front"
        assert not s.app.screen.query_one("#card-back").display and not s.app.screen.query_one("#answer-bar").display
        await pilot.press("3")  # grades do nothing before the answer is shown
        assert journal(data_dir) == []
        await pilot.press("space")
        assert s.app.screen.phase == "back"
        assert s.app.screen.query_one("#card-back").display and s.app.screen.query_one("#answer-bar").display
        await pilot.pause()
        assert "fails on new data" in text(s.app, "#card-definition")
        assert text(s.app, "#card-zh") == "中文: 过拟合"
        assert text(s.app, "#card-sections") == "Appears in: Theory"
        labels = [str(b.label) for b in s.app.screen.query(Button)]
        assert labels[:3] == ["1 Again · 1m", "2 Hard · 6m", "3 Good · 10m"]
        assert labels[3].startswith("4 Easy · ") and labels[3].endswith("d")
        await pilot.press("3")
        [entry] = journal(data_dir)
        assert entry["card"] == "overfitting" and entry["rating"] == 3 and entry["was"] == "new"
        assert text(s.app, "#card-term") == "Notebook"
        assert text(s.app, "#review-counts").startswith("New 1   Learning 1   Review 0")
        await pilot.press("space", "space")  # reveal, then space means Good
        assert [e["card"] for e in journal(data_dir)] == ["overfitting", "notebook"]
        # Both cards are learning and due in 10 minutes: one is shown early.
        assert text(s.app, "#card-source").startswith("learning · shown early")
        s.study.clock.advance(hours=1)
        await pilot.press("space", "4", "space", "4")
        assert s.app.screen.phase == "done"
        assert s.app.screen.query_one("#review-summary").display and not s.app.screen.query_one("#card").display
        summary = text(s.app, "#review-summary")
        assert "Session complete" in summary and "Cards studied   2" in summary and "Answers given   4" in summary and "Again rate      0%" in summary
        await pilot.press("escape")
        assert isinstance(s.app.screen, BrowserScreen)
    s.close()


async def test_undo_brings_the_card_back_with_its_schedule(data_dir):
    s = Session(data_dir, FakeClock(), review=True)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1")
        assert "overfitting" in s.study.collection.records
        await pilot.press("space", "3")
        await pilot.press("u")
        assert text(s.app, "#card-term") == "Notebook"
        assert not s.app.screen.phase == "back"
        assert "notebook" not in s.study.collection.records
        await pilot.press("ctrl+z")
        assert text(s.app, "#card-term") == "Overfitting"
        assert s.study.collection.records == {}
        assert text(s.app, "#review-counts").startswith("New 2   Learning 0")
        assert [e["op"] for e in journal(data_dir)] == ["review", "review", "undo", "undo"]
        assert s.app.screen.check_action("undo", ()) is None
    s.close()


async def test_answers_survive_a_restart(data_dir):
    clock = FakeClock()
    s = Session(data_dir, clock, review=True)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "1", "q")
    s.close()
    s = Session(data_dir, clock, review=True)
    assert s.study.collection.records["overfitting"].state == "review"
    assert s.study.collection.records["notebook"].state == "learning"
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert text(s.app, "#review-counts").startswith("New 0   Learning 1   Review 0")
    s.close()


async def test_g_opens_the_cards_section_in_the_browser(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("r", "g")
        await pilot.pause()
        assert isinstance(s.app.screen, BrowserScreen)
        assert text(s.app, "#detail-title") == "Theory"
    s.close()


async def test_t_studies_the_highlighted_sections_terms_past_the_new_limit(data_dir):
    s = Session(data_dir, FakeClock())
    s.store.save_settings(s.study.settings.__class__(new_per_day=0))
    s.study.settings = s.store.settings()
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert s.app.screen.check_action("study_section", ()) is None  # a guide has no terms of its own
        await pilot.press("down", "space", "down")  # Getting started, expand, Cloud options
        assert text(s.app, "#detail-title") == "Cloud options"
        await pilot.press("t")
        assert isinstance(s.app.screen, ReviewScreen)
        assert text(s.app, "#card-term") == "Notebook"
        assert text(s.app, "#review-counts").startswith("New 1   Learning 0")
    s.close()


async def test_a_failed_save_keeps_the_answer_on_screen(data_dir, monkeypatch):
    s = Session(data_dir, FakeClock(), review=True)

    def disk_full(event):
        raise StoreWriteError("could not save to reviews.jsonl: No space left on device")

    said = notifications(s.app, monkeypatch)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(s.study.collection.journal, "append", disk_full)
        await pilot.press("space", "3")
        assert text(s.app, "#card-term") == "Overfitting"
        assert s.app.screen.phase == "back"
        assert any("No space left" in message for _, message in said)
        monkeypatch.undo()
        await pilot.press("3")
        assert text(s.app, "#card-term") == "Notebook"
    s.close()
    assert [e["card"] for e in journal(data_dir)] == ["overfitting"]


async def test_settings_are_validated_and_saved(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        assert isinstance(s.app.screen, SettingsScreen)
        field = s.app.screen.query_one("#setting-desired_retention", Input)
        field.value = "0.99"
        await pilot.pause()
        assert text(s.app, "#setting-help-desired_retention") == "Desired retention must be from 0.70 to 0.97, not 0.99"
        await pilot.press("ctrl+s")
        assert isinstance(s.app.screen, SettingsScreen)  # refused
        field.value = "0.85"
        s.app.screen.query_one("#setting-new_per_day", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(s.app.screen, BrowserScreen)
        await s.app.workers.wait_for_complete()
        await pilot.pause()
    assert s.store.settings().desired_retention == 0.85 and s.store.settings().new_per_day == 1
    assert s.study.settings.new_per_day == 1 and s.study.collection.scheduler.desired_retention == 0.85
    s.close()


async def test_answer_buttons_can_be_clicked(data_dir):
    s = Session(data_dir, FakeClock(), review=True)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.click("#answer-4")
        await pilot.pause()
        assert [(e["card"], e["rating"]) for e in journal(data_dir)] == [("overfitting", 4)]
        assert text(s.app, "#card-term") == "Notebook"
    s.close()


async def test_a_new_retention_reschedules_in_a_worker_and_no_answer_is_lost(data_dir, monkeypatch):
    import threading

    from studybuddy.settings import Settings
    from studybuddy.srs.collection import Collection, replay
    from studybuddy.srs.scheduling import make_scheduler

    s = Session(data_dir, FakeClock(), review=True)
    release = threading.Event()
    real = Collection.replayed

    def slow(self, scheduler):
        release.wait(10)  # the replay takes its time, as at 200,000 answers
        return real(self, scheduler)

    monkeypatch.setattr(Collection, "replayed", slow)
    said = notifications(s.app, monkeypatch)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3")  # one answer under the old retention
        s.app._settings_closed(Settings(desired_retention=0.8))
        await pilot.pause()
        assert s.study.rescheduling
        await pilot.press("space", "3")  # refused while the schedules are replayed
        await pilot.pause()
        assert any("rescheduled" in message for _, message in said)
        assert len(journal(data_dir)) == 1
        release.set()
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        assert not s.study.rescheduling and s.study.collection.scheduler.desired_retention == 0.8
        await pilot.press("3")  # the card is still there: answered now
        await pilot.pause()
    assert len(journal(data_dir)) == 2
    expected = replay(make_scheduler(0.8), s.study.collection.journal.read().events)
    assert {k: v.card.to_dict() for k, v in s.study.collection.records.items()} == {
        k: v.card.to_dict() for k, v in expected.items()
    }
    s.close()

"""The review session below the screen: answers, undo, tally and snapshot jobs, no Textual."""

from __future__ import annotations

import pytest
from fsrs import Rating

from studybuddy.content import load_content
from studybuddy.settings import Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.session import ReviewSession
from studybuddy.srs.study import Study
from studybuddy.store import StoreWriteError
from tests.helpers.clock import FakeClock
from tests.helpers.content import MINI
from tests.helpers.tui import ZONE


class StepTimer:
    """A monotonic clock that moves only when told, so time per card is exact."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def study(tmp_path):
    study = Study.open(load_content([MINI], bundled=False), tmp_path, Settings(), clock=FakeClock(), day=StudyDay(4, ZONE))
    yield study
    study.collection.close()


def test_answers_are_on_disk_and_counted_per_card_and_per_answer(study):
    timer = StepTimer()
    session = ReviewSession(study, timer=timer)
    first = session.current.slug
    timer.now += 2.5
    session.answer(Rating.Again)
    assert study.collection.journal.read().events[-1].rating == 1
    # The card answered Again is learning, due in a minute: another card comes first.
    assert session.current is not None and session.current.slug != first
    study.clock.advance(minutes=5)
    while session.current is not None and not session.current.early:
        timer.now += 1
        session.answer(Rating.Good)
    summary = session.summary()
    assert summary.answers == len(study.collection.journal.read().events)
    assert summary.cards == len({e.card for e in study.collection.journal.read().events})
    assert summary.answers > summary.cards  # the Again card was answered twice
    assert summary.again_rate == pytest.approx(1 / summary.answers)
    assert summary.ms == 2500 + 1000 * (summary.answers - 1)


def test_undo_takes_back_the_last_answer_and_shows_that_card_again(study):
    session = ReviewSession(study)
    first = session.current.slug
    session.answer(Rating.Good)
    assert session.tally.answers == 1 and session.can_undo
    undone = session.undo()
    assert undone.card == first and undone.rating == Rating.Good and undone.term
    assert session.current.slug == first and session.tally.answers == 0
    assert first not in study.collection.records
    assert session.undo() is None or not session.can_undo


def test_a_failed_write_changes_nothing(study, monkeypatch):
    session = ReviewSession(study)
    shown = session.current

    def full(event):
        raise StoreWriteError("disk full")

    monkeypatch.setattr(study.collection.journal, "append", full)
    with pytest.raises(StoreWriteError):
        session.answer(Rating.Easy)
    assert session.current == shown and session.tally.answers == 0 and study.collection.records == {}


def test_snapshot_job_only_when_stale(study):
    session = ReviewSession(study)
    fresh = session.snapshot_job()  # a new collection has no snapshot yet
    if fresh is not None:
        fresh()
    assert session.snapshot_job() is None
    session.answer(Rating.Good)
    job = session.snapshot_job()
    assert job is not None
    job()
    assert session.snapshot_job() is None


def test_a_section_scope_ignores_the_new_card_limit(study):
    study.settings = Settings(new_per_day=1)
    scope = list(study.deck_order)
    session = ReviewSession(study, scope, "Terms")
    seen = set()
    while session.current is not None and not session.current.early:
        seen.add(session.current.slug)
        session.answer(Rating.Easy)
    assert seen == set(scope) and len(scope) > 1


def test_the_session_leaves_the_days_due_counts(study):
    session = ReviewSession(study)
    session.answer(Rating.Good)
    assert session.due_now() == study.due_now()
    assert ReviewSession(study, list(study.deck_order), "Terms").due_now() is None

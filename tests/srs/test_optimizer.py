"""The memory model: the journal as training items, fitting, scoring on later reviews,
adopting only what predicts better, the suggested retention, and `studybuddy optimize`."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.learner import START, STUDY_DAY, Learner, slow_learner
from studybuddy.cli import main
from studybuddy.settings import MemoryModel, Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.collection import Collection, replay
from studybuddy.srs.due_index import quick_due_counts
from studybuddy.srs.journal import JOURNAL_NAME, Journal, Review, Undo
from studybuddy.srs.optimizer import (
    MIN_SAMPLES,
    NotEnoughHistory,
    default_parameters,
    evaluate,
    optimize,
    optimize_in_child,
    splits,
    suggest_retention,
)
from studybuddy.srs.scheduling import make_scheduler
from studybuddy.srs.study import scheduler_for
from studybuddy.srs.training import history
from studybuddy.store import Store
from studybuddy.cli.optimize import run_optimize
from studybuddy.datadir import DataDir

UTC = timezone.utc
TODAY = date(2026, 1, 7)
BERLIN = ZoneInfo("Europe/Berlin")


def review(seq: int, card: str, rating: int, at: datetime) -> Review:
    return Review(seq, card, rating, at, 1000, "review")


# -- history to training items ------------------------------------------------------------


def test_items_are_each_later_day_answer_with_the_history_before_it():
    day = StudyDay(4, UTC)
    t = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    events = [
        review(1, "a", 3, t),
        review(2, "a", 1, t + timedelta(minutes=10)),  # same day: kept in the history, not predicted
        review(3, "a", 3, t + timedelta(days=2)),
        review(4, "b", 4, t + timedelta(hours=1)),
        review(5, "a", 2, t + timedelta(days=5)),
    ]
    found = history(events, day)
    assert (found.reviews, found.cards) == (5, 2)
    assert [(s.card, s.reviews) for s in found.samples] == [
        ("a", ((3, 0), (1, 0), (3, 2))),
        ("a", ((3, 0), (1, 0), (3, 2), (2, 3))),
    ]
    assert [s.recalled for s in found.samples] == [True, True]


def test_undone_answers_are_left_out():
    day = StudyDay(4, UTC)
    t = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    events = [
        review(1, "a", 3, t),
        review(2, "a", 1, t + timedelta(days=3)),
        Undo(3, 2, t + timedelta(days=3, seconds=5)),
        review(4, "a", 3, t + timedelta(days=3, seconds=9)),
    ]
    assert [s.reviews for s in history(events, day).samples] == [((3, 0), (3, 3))]


def test_delta_t_counts_local_study_days_with_the_rollover_hour():
    day = StudyDay(4, BERLIN)  # UTC+1 in winter
    late = datetime(2026, 1, 10, 22, 0, tzinfo=UTC)  # 23:00 local on the 10th
    events = [
        review(1, "a", 3, late),
        review(2, "a", 3, late + timedelta(hours=4)),  # 03:00 local on the 11th: still the 10th's study day
        review(3, "a", 3, late + timedelta(hours=6)),  # 05:00 local: the next study day
        review(4, "b", 3, datetime(2026, 1, 10, 2, 0, tzinfo=UTC)),  # 03:00 local: the 9th's study day
        review(5, "b", 3, datetime(2026, 1, 10, 4, 0, tzinfo=UTC)),  # 05:00 local: the 10th
    ]
    samples = history(events, day).samples
    assert [(s.card, s.reviews) for s in samples] == [("b", ((3, 0), (3, 1))), ("a", ((3, 0), (3, 0), (3, 1)))]


def test_time_series_splits_train_on_the_past_and_test_on_the_next_block():
    assert splits(12, folds=5) == [(2, 4), (4, 6), (6, 8), (8, 10), (10, 12)]
    assert splits(14, folds=5)[-1] == (10, 14)  # the remainder goes to the last fold


# -- a simulated learner ------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_year(tmp_path_factory):
    """A year of StudyBuddy's schedule answered by a learner slower than FSRS's defaults."""
    directory = tmp_path_factory.mktemp("slow") / "data"
    Learner(slow_learner(), seed=7).study(directory, 365).close()
    return directory


@pytest.fixture(scope="module")
def default_year(tmp_path_factory):
    """The same year answered by a learner whose memory follows FSRS's default parameters,
    then 120 more days whose answers no fit has seen."""
    directory = tmp_path_factory.mktemp("default") / "data"
    Learner(default_parameters(), seed=11).study(directory, 485, cards=300).close()
    return directory


def copy_of(directory, tmp_path):
    return shutil.copytree(directory, tmp_path / "data")


def events_of(directory):
    return Journal(directory / JOURNAL_NAME, readonly=True).read(0).events


def test_the_slow_learners_true_parameters_beat_the_defaults_on_later_reviews(slow_year):
    samples = history(events_of(slow_year), STUDY_DAY).samples
    later = samples[len(samples) * 4 // 5 :]
    true, default = evaluate(slow_learner(), later), evaluate(default_parameters(), later)
    assert true.log_loss < default.log_loss - 0.015, (true, default)


def test_fitted_parameters_beat_the_defaults_on_held_out_reviews(slow_year):
    result = optimize(events_of(slow_year), STUDY_DAY, None, TODAY)
    assert result.in_use_is_default and result.in_use == result.default
    assert result.fitted.log_loss < result.default.log_loss - 0.015, result
    assert result.fitted.rmse_bins < result.default.rmse_bins
    assert result.better
    # The fit moves towards the learner's low initial stabilities.
    assert result.parameters[0] < default_parameters()[0] and result.parameters[1] < default_parameters()[1]


def test_optimize_adopts_them_and_the_schedule_is_the_replay_under_them(slow_year, tmp_path):
    directory = copy_of(slow_year, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run_optimize(DataDir.at(directory), [], False, True, out, err) == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert report["status"] == "adopted"
    with Store.open(directory, readonly=True) as store:
        model = store.settings().memory_model
    assert model is not None and model.reviews == report["reviews"] > 3000
    assert datetime.fromisoformat(model.fitted_on).date() == model_date(model)
    assert [round(p, 4) for p in model.parameters] == report["parameters"]
    # What is on disk now is exactly the log replayed under the adopted parameters.
    scheduler = make_scheduler(0.9, model.parameters)
    col = Collection.open(directory, scheduler, clock=lambda: START + timedelta(days=366), readonly=True)
    expected = replay(scheduler, events_of(directory))
    assert {s: r.card.due for s, r in col.records.items()} == {s: r.card.due for s, r in expected.items()}
    assert col.problems == []
    # `studybuddy due`'s quick answer was left under the new model, and only under it.
    assert quick_due_counts(directory, content_key(), Settings(memory_model=model)) is not None
    assert quick_due_counts(directory, content_key(), Settings()) is None
    # A second run keeps them: the new fit does not predict better than what is in use.
    out = io.StringIO()
    assert run_optimize(DataDir.at(directory), [], False, True, out, err) == 0
    again = json.loads(out.getvalue())
    assert again["status"] == "kept" and again["in_use"]["kind"] == "fitted"



def test_stats_json_names_the_memory_model_in_force(slow_year, tmp_path, capsys):
    directory = copy_of(slow_year, tmp_path)
    assert main(["stats", "--json", "--data-dir", str(directory)]) == 0
    before = json.loads(capsys.readouterr().out)["memory_model"]
    assert before["parameters"] == "default" and before["fitted_on"] is None
    assert before["recent"]["reviews"] == 1000
    assert main(["optimize", "--data-dir", str(directory)]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", "--data-dir", str(directory)]) == 0
    after = json.loads(capsys.readouterr().out)["memory_model"]
    assert after["parameters"] == "fitted" and after["fitted_reviews"] > 3000 and after["fitted_on"]
    # Fitted on these very reviews, they predict the latest of them better than the defaults.
    assert after["recent"]["log_loss"] < before["recent"]["log_loss"]
    assert set(after) == {
        "parameters", "fitted_on", "fitted_reviews", "recent",
        "current_retention", "suggested_retention", "simulated_days", "reviews_per_day",
    }


def content_key() -> str:
    from studybuddy.content.files import content_dirs, fingerprint

    return fingerprint(content_dirs([]))


def model_date(model: MemoryModel):
    return datetime.fromisoformat(model.fitted_on).date()


def test_dry_run_changes_nothing(slow_year, tmp_path):
    directory = copy_of(slow_year, tmp_path)
    before = {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}
    out, err = io.StringIO(), io.StringIO()
    assert run_optimize(DataDir.at(directory), [], True, False, out, err) == 0
    text = out.getvalue()
    assert "Dry run" in text and "Default" in text and "In use (default)" in text and "Fitted" in text
    assert {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()} == before


def test_a_learner_who_follows_the_defaults_gets_nothing_worse(default_year, tmp_path):
    directory = copy_of(default_year, tmp_path)
    events = events_of(directory)
    cut = START + timedelta(days=365)
    year, later = [e for e in events if e.at < cut], [e for e in events if e.at >= cut]
    result = optimize(year, STUDY_DAY, None, TODAY)
    # The defaults are this learner's truth: a fit can only match them, not beat them clearly.
    assert result.fitted.log_loss > result.default.log_loss - 0.01, result
    in_force = result.parameters if result.better else default_parameters()
    # Whatever was kept predicts the 120 days no fit has seen about as well as the truth.
    unseen = [s for s in history(events, STUDY_DAY).samples if s.at >= cut]
    assert len(unseen) > 250 and later
    assert evaluate(in_force, unseen).log_loss <= evaluate(default_parameters(), unseen).log_loss + 0.005


# -- refusing short histories, JSON shape, settings ---------------------------------------


def test_below_the_minimum_it_says_how_many_more_reviews_are_needed(tmp_path, capsys):
    directory = tmp_path / "data"
    Learner(slow_learner()).study(directory, 20, cards=10, new_per_day=5).close()
    have = len(history(events_of(directory), STUDY_DAY).samples)
    assert 0 < have < MIN_SAMPLES
    with pytest.raises(NotEnoughHistory) as raised:
        optimize(events_of(directory), STUDY_DAY, None, TODAY)
    assert raised.value.have == have
    assert main(["optimize", "--data-dir", str(directory)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and f"{MIN_SAMPLES - have} more are needed" in captured.err


def test_json_has_the_three_figures_side_by_side_and_the_retention(slow_year, tmp_path, capsys):
    directory = copy_of(slow_year, tmp_path)
    assert main(["optimize", "--dry-run", "--json", "--data-dir", str(directory)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {
        "status", "reviews", "cards", "predicted_reviews", "held_out_reviews",
        "default", "in_use", "fitted", "better", "parameters", "retention",
    }
    assert report["status"] == "dry_run" and report["cards"] == 150
    for name in ("default", "in_use", "fitted"):
        assert 0 < report[name]["log_loss"] < 1 and 0 <= report[name]["rmse_bins"] < 1
    assert len(report["parameters"]) == 21
    retention = report["retention"]
    assert retention["current_retention"] == 0.9 and 0.7 <= retention["suggested_retention"] <= 0.97
    assert len(retention["reviews_per_day"]["current"]) == len(retention["reviews_per_day"]["suggested"]) == 365


def test_the_suggested_retention_costs_no_more_per_card_remembered():
    suggestion = suggest_retention(Settings(), deck_size=300)
    assert suggestion.suggested.cost_per_remembered <= suggestion.current.cost_per_remembered
    # A lower target means fewer reviews a day, and the other way round.
    low = suggest_retention(Settings(desired_retention=0.7), deck_size=300).current
    high = suggest_retention(Settings(desired_retention=0.97), deck_size=300).current
    assert low.average < high.average


def test_the_memory_model_is_kept_in_settings_and_a_damaged_one_falls_back_to_the_defaults():
    model = MemoryModel(tuple(default_parameters()), "2026-03-01", 1234)
    settings = Settings(memory_model=model)
    again, problems = Settings.from_dict(json.loads(json.dumps(settings.as_dict())))
    assert again == settings and problems == [] and again.parameters == model.parameters
    raw = settings.as_dict()
    raw["memory_model"]["parameters"] = raw["memory_model"]["parameters"][:5] + ["NaN"]
    damaged, problems = Settings.from_dict(raw)
    assert damaged.memory_model is None and "default parameters" in problems[0]
    # Numbers fsrs refuses (only a hand edit can store them) schedule with the defaults.
    wild = Settings(memory_model=MemoryModel((99.0,) * 21, "2026-03-01", 1))
    assert scheduler_for(wild).parameters == make_scheduler().parameters


def test_the_app_fits_in_a_child_process_with_the_same_result(slow_year, tmp_path):
    # The app's way (the fit holds the GIL too long for a worker thread): the same figures.
    events = events_of(slow_year)
    berlin = StudyDay(4, BERLIN)
    seen: list[str] = []
    child = optimize_in_child(slow_year / JOURNAL_NAME, berlin, slow_learner(), TODAY, seen.append)
    here = optimize(events, berlin, slow_learner(), TODAY)
    assert child.samples == here.samples and child.reviews == here.reviews and child.fitted_on == TODAY
    assert child.in_use.log_loss == pytest.approx(here.in_use.log_loss, abs=1e-6)
    assert child.fitted.log_loss == pytest.approx(here.fitted.log_loss, abs=1e-3)
    assert not child.in_use_is_default and len(child.parameters) == 21
    assert seen[0] == "Reading your reviews…" and seen[-1] == "Fitting on all your reviews…"
    # UTC as a fixed offset, and a journal too short to fit.
    with pytest.raises(NotEnoughHistory) as raised:
        optimize_in_child(tmp_path / "none.jsonl", StudyDay(4, UTC), None, TODAY)
    assert raised.value.have == 0


def test_while_the_app_holds_the_data_dir_only_a_dry_run_can_go_ahead(slow_year, tmp_path, capsys):
    directory = copy_of(slow_year, tmp_path)
    with Store.open(directory):  # as the running app holds it
        assert main(["optimize", "--data-dir", str(directory)]) == 1
        assert capsys.readouterr().err.count("\n") == 1
        assert main(["optimize", "--dry-run", "--data-dir", str(directory)]) == 0
        assert "Dry run" in capsys.readouterr().out


def test_the_memory_model_figures_are_kept_for_the_day(slow_year, tmp_path, capsys, monkeypatch):
    """The stats cost the days shown: the year-long simulations and the journal read behind
    the memory-model figures run once a day, not on every `stats`."""
    import studybuddy.stats.memory as memory

    directory = copy_of(slow_year, tmp_path)
    assert main(["stats", "--json", "--data-dir", str(directory)]) == 0
    first = json.loads(capsys.readouterr().out)["memory_model"]

    def not_again(*args, **kwargs):
        raise AssertionError("computed again within the day")

    monkeypatch.setattr(memory, "recent_fit", not_again)
    monkeypatch.setattr(memory, "suggest_retention", not_again)
    assert main(["stats", "--json", "--data-dir", str(directory)]) == 0
    assert json.loads(capsys.readouterr().out)["memory_model"] == first

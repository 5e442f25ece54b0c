"""The memory model on the stats screen and in `studybuddy stats`: which FSRS parameters
schedule the cards, how well they predicted the latest reviews, and the workload a year of
study would bring at the desired retention and at the suggested one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from studybuddy.datadir import MEMORY_FIGURES_NAME, atomic_write
from studybuddy.settings import MemoryModel
from studybuddy.srs.journal import Journal
from studybuddy.srs.optimizer import Fit, Suggestion, Workload, recent_fit, suggest_retention
from studybuddy.srs.study import Study


@dataclass(frozen=True, slots=True)
class MemoryModelFigures:
    model: MemoryModel | None  # None: FSRS's default parameters
    recent: tuple[int, Fit] | None  # (answers scored, fit) over the latest answers
    suggestion: Suggestion

    @property
    def label(self) -> str:
        if self.model is None:
            return "FSRS default parameters"
        return f"fitted on {self.model.fitted_on} to {self.model.reviews} reviews"

    def as_json(self) -> dict:
        return {
            "parameters": "default" if self.model is None else "fitted",
            "fitted_on": self.model.fitted_on if self.model else None,
            "fitted_reviews": self.model.reviews if self.model else None,
            "recent": None if self.recent is None else {"reviews": self.recent[0], **self.recent[1].as_json()},
            **self.suggestion.as_json(),
        }


def memory_model_figures(study: Study) -> MemoryModelFigures:
    """Reading the whole journal and simulating a year per candidate retention takes a
    second or so on a big collection, and the figures barely move within a day: they are
    computed once per study day (and whenever the parameters or limits change) and kept in
    `memory-model.json`, so the statistics keep costing the days shown."""
    model = study.settings.memory_model
    in_force = tuple(study.collection.scheduler.parameters)
    if model is not None and tuple(model.parameters) != in_force:
        model = None  # refused by fsrs (a hand-edited file): the defaults schedule
    settings = study.settings
    key = json.dumps([
        FORMAT, [round(p, 6) for p in in_force], settings.desired_retention, settings.new_per_day,
        settings.reviews_per_day, len(study.deck_order), study.day.day_of(study.clock()).isoformat(),
    ])
    path = study.collection.journal.path.with_name(MEMORY_FIGURES_NAME)
    kept = _read(path, key)
    if kept is not None:
        return MemoryModelFigures(model, *kept)
    events = Journal(study.collection.journal.path, readonly=True).read(0).events
    recent = recent_fit(events, study.day, in_force)
    suggestion = suggest_retention(settings, len(study.deck_order))
    try:
        atomic_write(path, json.dumps({"key": key, "recent": _fit_json(recent), "suggestion": _suggestion_json(suggestion)}).encode())
    except OSError:
        pass  # derived: computed again next time
    return MemoryModelFigures(model, recent, suggestion)


FORMAT = 1


def _fit_json(recent: tuple[int, Fit] | None) -> list | None:
    return None if recent is None else [recent[0], recent[1].log_loss, recent[1].rmse_bins]


def _suggestion_json(suggestion: Suggestion) -> list:
    return [[w.retention, w.reviews_per_day, w.cost_per_remembered] for w in (suggestion.current, suggestion.suggested)]


def _read(path: Path, key: str) -> tuple[tuple[int, Fit] | None, Suggestion] | None:
    try:
        raw = json.loads(path.read_bytes())
        if raw["key"] != key:
            return None
        recent = None if raw["recent"] is None else (int(raw["recent"][0]), Fit(float(raw["recent"][1]), float(raw["recent"][2])))
        current, suggested = (Workload(float(r), [int(n) for n in days], float(c)) for r, days, c in raw["suggestion"])
        return recent, Suggestion(current, suggested)
    except (OSError, ValueError, KeyError, TypeError):
        return None

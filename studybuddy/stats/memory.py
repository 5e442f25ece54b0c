"""The memory model on the stats screen and in `studybuddy stats`: which FSRS parameters
schedule the cards, how well they predicted the latest reviews, and the workload a year of
study would bring at the desired retention and at the suggested one."""

from __future__ import annotations

from dataclasses import dataclass

from studybuddy.settings import MemoryModel
from studybuddy.srs.journal import Journal
from studybuddy.srs.optimizer import Fit, Suggestion, recent_fit, suggest_retention
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
    """Reads the whole journal (read-only) and simulates a year per candidate retention:
    a second or so on a big collection, so callers run it off the UI thread."""
    events = Journal(study.collection.journal.path, readonly=True).read(0).events
    model = study.settings.memory_model
    in_force = tuple(study.collection.scheduler.parameters)
    if model is not None and tuple(model.parameters) != in_force:
        model = None  # refused by fsrs (a hand-edited file): the defaults schedule
    return MemoryModelFigures(
        model,
        recent_fit(events, study.day, in_force),
        suggest_retention(study.settings, len(study.deck_order)),
    )

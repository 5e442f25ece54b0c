"""The user's study settings, with their allowed ranges. Never imports textual."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# FSRS-6 has 21 parameters; the scheduler checks each against its bounds when it is built.
PARAMETER_COUNT = 21


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float
    kind: type
    label: str
    help: str

    def check(self, raw: Any) -> tuple[Any, str | None]:
        """The value converted to the setting's type, or an error saying what is allowed."""
        try:
            value = self.kind(raw) if not isinstance(raw, bool) else None
            if value is None or (self.kind is int and isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            if self.kind is int and isinstance(raw, str) and not raw.strip().lstrip("-").isdigit():
                raise ValueError
        except (TypeError, ValueError):
            return None, f"{self.label} must be a {'whole ' if self.kind is int else ''}number from {self.bounds}"
        if not self.low <= value <= self.high:
            return None, f"{self.label} must be from {self.bounds}, not {raw}"
        return value, None

    @property
    def bounds(self) -> str:
        if self.kind is int:
            return f"{int(self.low)} to {int(self.high)}"
        return f"{self.low:.2f} to {self.high:.2f}"


RANGES: dict[str, Range] = {
    "new_per_day": Range(0, 9999, int, "New cards per day", "How many unseen cards to introduce each day."),
    "reviews_per_day": Range(0, 99999, int, "Reviews per day", "The most review cards to show in one day."),
    "desired_retention": Range(
        0.70, 0.97, float, "Desired retention", "The chance of remembering a card when it comes due. Higher means more reviews."
    ),
    "rollover_hour": Range(0, 23, int, "Day starts at hour", "Local hour when a new study day begins (4 = 4 am)."),
}


@dataclass(frozen=True, slots=True)
class MemoryModel:
    """FSRS parameters fitted to the user's own reviews (see srs/optimizer.py), adopted on
    `fitted_on` from `reviews` answers. No memory model means FSRS's default parameters."""

    parameters: tuple[float, ...]
    fitted_on: str  # ISO date
    reviews: int

    @classmethod
    def from_dict(cls, raw: Any) -> MemoryModel:
        """Raises ValueError when the stored model is not one StudyBuddy could have written."""
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        params = raw.get("parameters")
        if (
            not isinstance(params, list)
            or len(params) != PARAMETER_COUNT
            or not all(isinstance(p, (int, float)) and not isinstance(p, bool) and math.isfinite(p) for p in params)
        ):
            raise ValueError(f"parameters must be {PARAMETER_COUNT} numbers")
        fitted_on, reviews = raw.get("fitted_on"), raw.get("reviews")
        if not isinstance(fitted_on, str) or len(fitted_on) != 10 or not isinstance(reviews, int) or reviews < 0:
            raise ValueError("no date or review count")
        return cls(tuple(float(p) for p in params), fitted_on, reviews)

    def as_dict(self) -> dict[str, Any]:
        return {"parameters": list(self.parameters), "fitted_on": self.fitted_on, "reviews": self.reviews}


@dataclass(frozen=True, slots=True)
class Settings:
    new_per_day: int = 10
    reviews_per_day: int = 200
    desired_retention: float = 0.90
    rollover_hour: int = 4
    memory_model: MemoryModel | None = None

    @classmethod
    def from_dict(cls, raw: Any) -> tuple[Settings, list[str]]:
        """Settings from stored data; a bad value falls back to its default, with a note why."""
        settings, problems = cls(), []
        if not isinstance(raw, dict):
            return settings, problems
        for field in fields(cls):
            if field.name == "memory_model":
                if raw.get(field.name) is not None:
                    try:
                        settings = replace(settings, memory_model=MemoryModel.from_dict(raw[field.name]))
                    except ValueError as err:
                        problems.append(f"The stored memory model could not be used ({err}); using the default parameters")
            elif field.name in raw:
                value, error = RANGES[field.name].check(raw[field.name])
                if error:
                    problems.append(f"{error}; using {getattr(settings, field.name)}")
                else:
                    settings = replace(settings, **{field.name: value})
        return settings, problems

    def as_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["memory_model"] = self.memory_model.as_dict() if self.memory_model else None
        return raw

    @property
    def parameters(self) -> tuple[float, ...] | None:
        """The FSRS parameters in force: None for FSRS's defaults."""
        return self.memory_model.parameters if self.memory_model else None

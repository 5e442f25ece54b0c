"""The user's study settings, with their allowed ranges. Never imports textual."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


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
class Settings:
    new_per_day: int = 10
    reviews_per_day: int = 200
    desired_retention: float = 0.90
    rollover_hour: int = 4

    @classmethod
    def from_dict(cls, raw: Any) -> tuple[Settings, list[str]]:
        """Settings from stored data; a bad value falls back to its default, with a note why."""
        settings, problems = cls(), []
        if not isinstance(raw, dict):
            return settings, problems
        for field in fields(cls):
            if field.name in raw:
                value, error = RANGES[field.name].check(raw[field.name])
                if error:
                    problems.append(f"{error}; using {getattr(settings, field.name)}")
                else:
                    settings = replace(settings, **{field.name: value})
        return settings, problems

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

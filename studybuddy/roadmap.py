"""Roadmap progress: item states rolled up through sections to guides. Never imports textual.

Progress counts done plus skipped over all items, as roadmap.sh does: skipping a resource
is a decision made, not work left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TODO, IN_PROGRESS, DONE, SKIPPED = "todo", "in_progress", "done", "skipped"
STATES = (TODO, IN_PROGRESS, DONE, SKIPPED)
STATE_LABELS = {TODO: "todo", IN_PROGRESS: "in progress", DONE: "done", SKIPPED: "skipped"}


def toggled(current: str, target: str) -> str:
    """Pressing a state's key sets it, and pressing it again goes back to todo."""
    return TODO if current == target else target


@dataclass(frozen=True, slots=True)
class Progress:
    todo: int = 0
    in_progress: int = 0
    done: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.todo + self.in_progress + self.done + self.skipped

    @property
    def finished(self) -> int:
        return self.done + self.skipped

    @property
    def fraction(self) -> float:
        return self.finished / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, int]:
        return {
            "todo": self.todo,
            "in_progress": self.in_progress,
            "done": self.done,
            "skipped": self.skipped,
            "total": self.total,
        }


def progress_of(item_ids: Iterable[str], states: Mapping[str, str]) -> Progress:
    counts = dict.fromkeys(STATES, 0)
    for item_id in item_ids:
        counts[states.get(item_id, TODO)] += 1
    return Progress(**counts)

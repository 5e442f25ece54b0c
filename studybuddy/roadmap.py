"""Roadmap progress: item states rolled up through sections to guides. Never imports textual.

Progress counts done plus skipped over all items, as roadmap.sh does: skipping a resource
is a decision made, not work left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class ItemState(StrEnum):
    """A roadmap item's state. The values are what the database stores."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

    def cycled(self) -> ItemState:
        """The next state in the order a mouse click on the marker steps through."""
        order = list(ItemState)
        return order[(order.index(self) + 1) % len(order)]

    def toggled(self, target: ItemState) -> ItemState:
        """Pressing a state's key sets it, and pressing it again goes back to todo."""
        return ItemState.TODO if self is target else target


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
    counts = dict.fromkeys(ItemState, 0)
    for item_id in item_ids:
        counts[states.get(item_id, ItemState.TODO)] += 1
    return Progress(**{state.value: n for state, n in counts.items()})

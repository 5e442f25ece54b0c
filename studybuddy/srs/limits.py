"""Card states and the daily limits, shared by the queue and the due index.

`studybuddy due` answers from the due index without importing FSRS, so these live apart
from the scheduler: both the queue and the index count today's room from this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from studybuddy.settings import Settings


class CardState(StrEnum):
    """A card's state as FSRS defines it, plus "new" for a card never answered."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"

    @property
    def learning(self) -> bool:
        """Learning and relearning cards come back within the day, in the same queue."""
        return self in (CardState.LEARNING, CardState.RELEARNING)


def room_today(settings: Settings, states_answered_today: Iterable[str]) -> tuple[int, int]:
    """(new cards, review cards) that may still be shown today.

    `states_answered_today` is the state each of today's answers found its card in: a card
    started today uses up new-card room, an answer to a review card uses up review room.
    Learning steps are free, as in Anki.
    """
    new = reviews = 0
    for state in states_answered_today:
        new += state == CardState.NEW
        reviews += state == CardState.REVIEW
    return max(0, settings.new_per_day - new), max(0, settings.reviews_per_day - reviews)

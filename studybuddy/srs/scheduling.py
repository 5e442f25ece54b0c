"""The FSRS scheduler, made replayable.

fsrs fuzzes long intervals with the global random generator, so replaying the same log
would give different due dates. Seeding that generator from the card and its previous
review for the length of each review_card call makes the fuzz a pure function of the
history: answering now, previewing the four buttons, and `reschedule_card` over the whole
log all agree, while intervals are still spread out as fuzz intends.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, ReviewLog, Scheduler, State

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

__all__ = ["Card", "Rating", "ReviewLog", "State", "ReplayableScheduler", "make_scheduler"]


class ReplayableScheduler(Scheduler):
    def review_card(
        self,
        card: Card,
        rating: Rating,
        review_datetime: datetime | None = None,
        review_duration: int | None = None,
    ) -> tuple[Card, ReviewLog]:
        last = card.last_review.isoformat() if card.last_review else "new"
        saved = random.getstate()
        random.seed(f"{card.card_id}:{last}")
        try:
            return super().review_card(card, rating, review_datetime, review_duration)
        finally:
            random.setstate(saved)

    @property
    def key(self) -> str:
        """Identifies everything that changes schedules; a stored schedule is valid only under it."""
        return f"fsrs6:{self.desired_retention:.4f}:{','.join(f'{p:.6g}' for p in self.parameters)}"


def make_scheduler(desired_retention: float = 0.9) -> ReplayableScheduler:
    return ReplayableScheduler(
        desired_retention=desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=True,
    )


def new_card(card_id: int) -> Card:
    # Always pass card_id: without it fsrs sleeps 1 ms to make a unique one.
    return Card(card_id=card_id, due=datetime(2000, 1, 1, tzinfo=timezone.utc))

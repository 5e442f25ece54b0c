"""The FSRS scheduler, made replayable.

fsrs fuzzes long intervals with the global random generator, so replaying the same log
would give different due dates. Here the fuzz is drawn from a hash of the card and its
previous review instead: a pure function of the history, so answering now, previewing the
four buttons and replaying the whole log all agree, while intervals are still spread out
as fuzz intends. No global random state is touched (it cost more than the review itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from hashlib import blake2b

from fsrs import Card, Rating, ReviewLog, Scheduler, State

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

__all__ = ["Card", "Rating", "ReviewLog", "State", "ReplayableScheduler", "make_scheduler"]


# fsrs's fuzz ranges (fsrs.scheduler.FUZZ_RANGES, the same as Anki's): (start, end, factor).
FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))
# Part of the schedule key: a new way of drawing the fuzz makes old snapshots rebuild.
FUZZ_VERSION = "h2"


def fuzz_draw(card_id: int, last_review: datetime | None) -> float:
    """A uniform number in [0, 1) fixed by the card and its previous review."""
    micros = round(last_review.timestamp() * 1_000_000) if last_review else -1
    seed = card_id.to_bytes(8, "big", signed=True) + micros.to_bytes(8, "big", signed=True)
    return int.from_bytes(blake2b(seed, digest_size=8).digest(), "big") / 2**64


class ReplayableScheduler(Scheduler):
    _reviewing: tuple[int, datetime | None] = (0, None)

    def review_card(
        self,
        card: Card,
        rating: Rating,
        review_datetime: datetime | None = None,
        review_duration: int | None = None,
    ) -> tuple[Card, ReviewLog]:
        # Read by _get_fuzzed_interval during this call (drawn only if fuzz applies). A
        # scheduler serves one thread at a time: a full replay in a worker builds its own.
        self._reviewing = (card.card_id, card.last_review)
        return super().review_card(card, rating, review_datetime, review_duration)

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        # fsrs's own rule, with the draw above in place of the global random().
        days = interval.days
        if days < 2.5:
            return interval
        delta = 1.0 + sum(factor * max(min(float(days), end) - start, 0.0) for start, end, factor in FUZZ_RANGES)
        low, high = max(2, round(days - delta)), min(round(days + delta), self.maximum_interval)
        low = min(low, high)
        draw = fuzz_draw(*self._reviewing)
        return timedelta(days=min(round(draw * (high - low + 1) + low), self.maximum_interval))

    @property
    def key(self) -> str:
        """Identifies everything that changes schedules; a stored schedule is valid only under it."""
        return f"fsrs6{FUZZ_VERSION}:{self.desired_retention:.4f}:{','.join(f'{p:.6g}' for p in self.parameters)}"


def make_scheduler(desired_retention: float = 0.9, parameters: Sequence[float] | None = None) -> ReplayableScheduler:
    """A scheduler under FSRS's default parameters, or under `parameters` (21, FSRS-6)."""
    extra = {} if parameters is None else {"parameters": tuple(parameters)}
    return ReplayableScheduler(
        desired_retention=desired_retention,
        **extra,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=True,
    )


def new_card(card_id: int) -> Card:
    # Always pass card_id: without it fsrs sleeps 1 ms to make a unique one.
    return Card(card_id=card_id, due=datetime(2000, 1, 1, tzinfo=timezone.utc))

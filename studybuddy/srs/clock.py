"""Time: UTC-aware instants inside, and the user's local study day with a rollover hour.

A study day runs from the rollover hour (default 4 am, as in Anki) to the same hour the next
day, in the user's local time. Local time is the system's unless a zone is injected (tests).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone, tzinfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


class StudyDay:
    def __init__(self, rollover_hour: int = 4, zone: tzinfo | None = None):
        self.rollover_hour = rollover_hour
        self.zone = zone

    def _local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone) if self.zone else instant.astimezone()

    def day_of(self, instant: datetime) -> date:
        """The study day an instant belongs to."""
        return (self._local(instant) - timedelta(hours=self.rollover_hour)).date()

    def start(self, day: date) -> datetime:
        """When a study day begins, as a UTC instant (DST-correct in the local zone)."""
        naive = datetime.combine(day, time(self.rollover_hour))
        local = naive.replace(tzinfo=self.zone) if self.zone else naive.astimezone()
        return local.astimezone(timezone.utc)

    def bounds(self, instant: datetime) -> tuple[datetime, datetime]:
        """The start of the instant's study day and the start of the next one, in UTC."""
        day = self.day_of(instant)
        return self.start(day), self.start(day + timedelta(days=1))

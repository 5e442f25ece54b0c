"""The review calendar's geometry and shading, shared by `studybuddy stats` and the heatmap.

Weeks run Monday to Sunday in columns, the current week last; a day's shade is one of five
levels, none and four steps up to the busiest day shown.
"""

from __future__ import annotations

from datetime import date, timedelta

CALENDAR_WEEKS = 26
LEVELS = 5


def first_day(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday that starts the first of `weeks` week columns ending with today's."""
    return today - timedelta(days=today.weekday() + 7 * (weeks - 1))


def day_at(today: date, weeks: int, week: int, weekday: int) -> date | None:
    """The day in column `week`, row `weekday` (0 is Monday); None for days still to come."""
    day = first_day(today, weeks) + timedelta(days=7 * week + weekday)
    return None if day > today else day


def level(count: int, peak: int) -> int:
    """0 for no answers, then 1 to 4 in equal steps up to the busiest day."""
    if count <= 0:
        return 0
    return min(LEVELS - 1, 1 + (count * (LEVELS - 1) - 1) // max(peak, 1))

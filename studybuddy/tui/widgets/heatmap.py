"""A GitHub-style calendar: answers per study day, seven rows by week columns.

Textual has no calendar heatmap; this is the one small widget the stats screen needs. Its
shades are component classes, so the stylesheet (and the theme) decides the colours.
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from studybuddy.stats.calendar import CALENDAR_WEEKS, day_at, level

WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", "Sun"]
LABEL = 4
CELL = 2


class Heatmap(Widget):
    COMPONENT_CLASSES = {"heatmap--l0", "heatmap--l1", "heatmap--l2", "heatmap--l3", "heatmap--l4", "heatmap--label"}

    def __init__(self, weeks: int = CALENDAR_WEEKS, **kwargs) -> None:
        super().__init__(**kwargs)
        self.weeks = weeks
        self.counts: dict[date, int] = {}
        self.today = date.today()

    def show(self, counts: dict[date, int], today: date) -> None:
        self.counts, self.today = counts, today
        self.refresh()

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)

    def get_content_width(self, container, viewport) -> int:
        return LABEL + CELL * self.weeks

    def get_content_height(self, container, viewport, width: int) -> int:
        return 8

    def render_line(self, y: int) -> Strip:
        label_style = self.get_component_rich_style("heatmap--label")
        # Fit the weeks to the width we were given: the newest weeks matter most.
        weeks = max(1, min(self.weeks, (self.size.width - LABEL) // CELL))
        if y == 7:
            text = "less "
            segments = [Segment(" " * LABEL + text, label_style)]
            for n in range(5):
                segments.append(Segment("■ ", self.get_component_rich_style(f"heatmap--l{n}")))
            segments.append(Segment(" more   ◆ today", label_style))
            return Strip(segments)
        segments = [Segment(f"{WEEKDAYS[y]:<{LABEL}}", label_style)]
        peak = self.peak
        for week in range(weeks):
            d = day_at(self.today, weeks, week, y)
            if d is None:
                segments.append(Segment(" " * CELL))
                continue
            style: Style = self.get_component_rich_style(f"heatmap--l{level(self.counts.get(d, 0), peak)}")
            segments.append(Segment("◆ " if d == self.today else "■ ", style))
        return Strip(segments)

"""A GitHub-style calendar: answers per study day, seven rows by week columns.

Textual has no calendar heatmap; this is the one small widget the stats screen needs. Its
shades are component classes, so the stylesheet (and the theme) decides the colours.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", "Sun"]
LABEL = 4
CELL = 2


class Heatmap(Widget):
    COMPONENT_CLASSES = {"heatmap--l0", "heatmap--l1", "heatmap--l2", "heatmap--l3", "heatmap--l4", "heatmap--label"}

    def __init__(self, weeks: int = 26, **kwargs) -> None:
        super().__init__(**kwargs)
        self.weeks = weeks
        self.counts: dict[date, int] = {}
        self.today = date.today()

    def show(self, counts: dict[date, int], today: date) -> None:
        self.counts, self.today = counts, today
        self.refresh()

    @property
    def start(self) -> date:
        return self.today - timedelta(days=self.today.weekday() + 7 * (self.weeks - 1))

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)

    def level(self, count: int) -> int:
        peak = self.peak
        if count <= 0:
            return 0
        return min(4, 1 + (count * 4 - 1) // max(peak, 1))

    def get_content_width(self, container, viewport) -> int:
        return LABEL + CELL * self.weeks

    def get_content_height(self, container, viewport, width: int) -> int:
        return 8

    def render_line(self, y: int) -> Strip:
        label_style = self.get_component_rich_style("heatmap--label")
        # Fit the weeks to the width we were given: the newest weeks matter most.
        weeks = max(1, min(self.weeks, (self.size.width - LABEL) // CELL))
        start = self.today - timedelta(days=self.today.weekday() + 7 * (weeks - 1))
        if y == 7:
            text = "less "
            segments = [Segment(" " * LABEL + text, label_style)]
            for n in range(5):
                segments.append(Segment("■ ", self.get_component_rich_style(f"heatmap--l{n}")))
            segments.append(Segment(" more   ◆ today", label_style))
            return Strip(segments)
        segments = [Segment(f"{WEEKDAYS[y]:<{LABEL}}", label_style)]
        for week in range(weeks):
            d = start + timedelta(days=7 * week + y)
            if d > self.today:
                segments.append(Segment(" " * CELL))
                continue
            style: Style = self.get_component_rich_style(f"heatmap--l{self.level(self.counts.get(d, 0))}")
            segments.append(Segment("◆ " if d == self.today else "■ ", style))
        return Strip(segments)

"""The stats screen: calendar, streak, forecast, retention, card states, time and roadmap.

The figures come from `studybuddy.stats`, the same computation `studybuddy stats` prints.
Reading the whole log can take a moment on a big collection, so it runs in a worker thread
that reports back with a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, LoadingIndicator, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from studybuddy.humanize import duration, shorten
from studybuddy.roadmap import Progress
from studybuddy.srs.study import Study
from studybuddy.stats import Figures, figures_for
from studybuddy.stats.figures import Retention
from studybuddy.stats.memory import MemoryModelFigures
from studybuddy.stats.text import workload_lines
from studybuddy.tui.widgets.heatmap import Heatmap
from studybuddy.tui.widgets.key_bar import KeyBar

BAR_WIDTH = 20


def stacked_bar(progress: Progress, width: int = BAR_WIDTH) -> Content:
    """Done, skipped, in progress and todo as one bar, coloured by the theme."""
    if not progress.total:
        return Content.styled("·" * width, "$text-muted")
    parts = [
        (progress.done, "█", "$text-success"),
        (progress.skipped, "█", "$text-muted"),
        (progress.in_progress, "▒", "$text-warning"),
    ]
    cells, used = [], 0
    for count, char, style in parts:
        n = round(count * width / progress.total)
        n = min(n, width - used)
        cells.append(Content.styled(char * n, style))
        used += n
    cells.append(Content.styled("·" * (width - used), "$text-muted"))
    return Content.assemble(*cells)


def retention_text(label: str, r: Retention, desired: float) -> str:
    if r.rate is None:
        return f"{label:<7} none yet"
    mark = "$text-success" if r.rate >= desired - 0.02 else "$text-warning"
    return f"{label:<7} [{mark}]{r.rate:.1%}[/] of {r.total}"


@dataclass(frozen=True)
class OpenItem:
    """The user opened a "next up" item: the app shows it in the browser."""

    section_id: str
    item_id: str


class StatsScreen(Screen[OpenItem | None]):
    """Dismissed with the "next up" item the user opened, if any."""

    HELP_TITLE = "Stats"

    BINDINGS = [
        Binding("escape", "close", "Back", id="stats.close", tooltip="Back to where you were"),
        Binding("s", "close", "Back", show=False, id="stats.close2", tooltip="Back to where you were"),
        Binding("r", "refresh", "Refresh", id="stats.refresh", tooltip="Recompute the figures"),
        # Before the list's own enter, so it works wherever the focus is, as the title says.
        Binding("enter", "open_next", "Open next up", key_display="enter", id="stats.open", priority=True, tooltip="Open the highlighted 'next up' item in the guides"),
    ]

    @dataclass
    class Ready(Message):
        figures: Figures

    def __init__(self, study: Study, checklist: dict[str, str]) -> None:
        super().__init__()
        self.study = study
        self.checklist = checklist
        self.figures: Figures | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="stats-loading")
        with VerticalScroll(id="stats"):
            yield Static(id="stats-empty", classes="stats-card")
            with Grid(id="stats-top"):
                yield Static(id="stats-today", classes="stats-card")
                yield Static(id="stats-cards", classes="stats-card")
                yield Static(id="stats-retention", classes="stats-card")
            with Vertical(id="stats-calendar-box", classes="stats-card"):
                yield Static("Calendar · answers per day, last 26 weeks", classes="stats-title")
                yield Heatmap(id="stats-calendar")
            with Vertical(id="stats-forecast-box", classes="stats-card"):
                yield Static("Forecast · cards due, next 30 days", classes="stats-title")
                yield Sparkline(id="stats-forecast")
                yield Static(id="stats-forecast-axis")
            with Vertical(id="stats-memory-box", classes="stats-card"):
                yield Static("Memory model", classes="stats-title")
                yield Static(id="stats-memory")
                yield Static(id="stats-workload")
            with Horizontal(id="stats-bottom"):
                with Vertical(id="stats-roadmap-box", classes="stats-card"):
                    yield Static("Roadmap", classes="stats-title")
                    yield Static(id="stats-roadmap")
                with Vertical(id="stats-next-box", classes="stats-card"):
                    yield Static("Next up · enter opens it", classes="stats-title")
                    yield OptionList(id="stats-next")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        self.query_one("#stats").display = False
        self.compute()

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        self.post_message(self.Ready(figures_for(self.study, self.checklist)))

    @on(Ready)
    def _show_figures(self, event: Ready) -> None:
        self.figures = f = event.figures
        self.query_one("#stats-loading").display = False
        self.query_one("#stats").display = True
        empty = self.query_one("#stats-empty", Static)
        empty.display = not f.has_reviews
        empty.update(
            "[b]No reviews yet.[/b] Press [b]r[/b] in the guides to review today's cards, or [b]t[/b] on a "
            "section to study its terms. Your calendar, streak, forecast and retention will appear here."
        )
        for selector in ("#stats-top", "#stats-calendar-box", "#stats-forecast-box", "#stats-memory-box"):
            self.query_one(selector).display = f.has_reviews
        if f.has_reviews:
            self._show_review_figures(f)
            if f.memory_model is not None:
                self._show_memory_model(f.memory_model)
        self._show_roadmap(f)

    def _show_review_figures(self, f: Figures) -> None:
        self.query_one("#stats-today", Static).update(
            f"[b]Today[/b]\n"
            f"Reviews    {f.reviews_today}\n"
            f"Due now    {f.due_now}\n"
            f"Streak     {f.streak_current} d\n"
            f"Best       {f.streak_longest} d\n"
            f"Time today {duration(f.time_today_ms)}\n"
            f"This week  {duration(f.time_week_ms)}\n"
            f"In all     {duration(f.time_total_ms)}"
        )
        s = f.states
        known = f"{f.average_retrievability:.0%}" if f.average_retrievability is not None else "–"
        self.query_one("#stats-cards", Static).update(
            f"[b]Cards[/b]\n"
            f"New         {s['new']}\n"
            f"Learning    {s['learning']}\n"
            f"Young       {s['young']}\n"
            f"Mature      {s['mature']}\n"
            f"Relearning  {s['relearning']}\n"
            f"Known now   {known}"
        )
        self.query_one("#stats-retention", Static).update(
            f"[b]True retention[/b]\n"
            f"{retention_text('Young', f.retention_young, f.desired_retention)}\n"
            f"{retention_text('Mature', f.retention_mature, f.desired_retention)}\n"
            f"Target  {f.desired_retention:.0%}\n"
            f"[$text-muted]last 30 days; first\nanswer of the day[/]"
        )
        self.query_one(Heatmap).show(f.calendar, f.today)
        bars = [f.overdue, f.forecast[0] - f.overdue, *f.forecast[1:]]
        self.query_one("#stats-forecast", Sparkline).data = bars
        self.query_one("#stats-forecast-axis", Static).update(
            f"[$text-error]overdue {f.overdue}[/] · today {f.forecast[0] - f.overdue} · "
            f"next 7 days {sum(f.forecast[1:8])} · busiest day {max(f.forecast)}"
        )

    def _show_memory_model(self, m: MemoryModelFigures) -> None:
        if m.recent is None:
            scored = "no reviews of earlier cards to score yet"
        else:
            count, fit = m.recent
            scored = f"log loss {fit.log_loss:.3f} on your last {count} reviews (lower predicts better)"
        self.query_one("#stats-memory", Static).update(
            f"{m.label}; {scored}\n[$text-muted]Simulated reviews a day over the next year, two weeks a block:[/]"
        )
        self.query_one("#stats-workload", Static).update(Content("\n".join(workload_lines(m))))

    def _show_roadmap(self, f: Figures) -> None:
        lines = []
        for guide in f.roadmap:
            p = guide.progress
            lines.append(Content.assemble(
                Content.styled(f"{shorten(guide.title, 27):<28}", "bold"), stacked_bar(p), f" {p.finished}/{p.total}"
            ))
            for sp in guide.sections:
                if sp.progress.total:
                    lines.append(Content.assemble(
                        f"  {shorten(sp.section.title, 25):<26}", stacked_bar(sp.progress), f" {sp.progress.finished}/{sp.progress.total}"
                    ))
        lines.append(Content.from_markup(
            "[$text-success]█ done[/]  [$text-muted]█ skipped[/]  [$text-warning]▒ in progress[/]  [$text-muted]· todo[/]"
        ))
        self.query_one("#stats-roadmap", Static).update(Content("\n").join(lines))
        options = self.query_one("#stats-next", OptionList)
        options.set_options(
            Option(Content.assemble(item.title, Content.styled(f"\n  {section.title}", "$text-muted")), id=f"{section.id}/{item.id}")
            for section, item in f.next_up
        )
        if f.next_up:
            options.highlighted = 0
            options.focus(scroll_visible=False)  # "enter opens it" holds from the start; the top stays in view
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#stats-next")
    def _open_next(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open_next(self) -> None:
        options = self.query_one("#stats-next", OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    def _open(self, option_id: str | None) -> None:
        section_id, _, item_id = (option_id or "").partition("/")
        self.dismiss(OpenItem(section_id, item_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_next":
            return self.figures is not None and self.query_one("#stats-next", OptionList).highlighted is not None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_refresh(self) -> None:
        self.compute()

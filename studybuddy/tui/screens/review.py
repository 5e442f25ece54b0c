"""The review screen: today's cards one at a time, four grades, undo, and a summary at the end.

An answer is written to the journal (fsync'd) before the next card is shown. The schedule
snapshot is written from a worker thread when the user pauses and on leaving, never on the
keypress path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fsrs import Rating
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Header, Static

from studybuddy.humanize import duration, interval
from studybuddy.srs.session import IDLE_SNAPSHOT_SECONDS, ReviewSession
from studybuddy.store import StoreWriteError
from studybuddy.tui import markdown_lite
from studybuddy.tui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class ReviewClosed:
    """How the review ended: the app decides where to go next."""

    section_id: str | None = None  # the user asked for this card's section (`g`)
    stats: bool = False  # the user asked for the stats (`s`, once the session is done)
    due: tuple[int, int] | None = None  # the day's due counts as the session leaves them


class ReviewScreen(Screen[ReviewClosed]):
    """Shows a `ReviewSession` and forwards the keys to it; ends with a `ReviewClosed`."""

    HELP_TITLE = "Review"

    BINDINGS = [
        Binding("space", "primary", "Show / Good", id="review.primary", tooltip="Show the answer; once shown, answer Good"),
        Binding("enter", "reveal", "Show answer", show=False, id="review.reveal", tooltip="Show the answer"),
        Binding("1", "answer(1)", "Again", show=False, id="review.again", tooltip="Forgot it: see it again soon"),
        Binding("2", "answer(2)", "Hard", show=False, id="review.hard", tooltip="Recalled with serious effort"),
        Binding("3", "answer(3)", "Good", show=False, id="review.good", tooltip="Recalled after a little thought"),
        Binding("4", "answer(4)", "Easy", show=False, id="review.easy", tooltip="Recalled at once"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Take back the last answer"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="review.undo2", tooltip="Take back the last answer"),
        Binding("g", "goto_section", "Go to section", id="review.goto", tooltip="Open this card's section in the browser"),
        Binding("escape", "leave", "Back", id="review.leave", tooltip="Back to the browser; your answers are saved"),
        Binding("s", "stats", "Stats", id="review.stats", tooltip="See your progress (once the session is done)"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self._footer_key: tuple | None = None
        self.session = session
        self.revealed = False
        self._idle_timer: Timer | None = None

    # Which parts show in each phase. Toggling `display` on these few widgets is cheap, where a
    # class on the screen would restyle every widget on it (tens of ms per answer).
    PHASES = {
        "front": {"#card": True, "#card-back": False, "#answer-bar": False, "#reveal-hint": True, "#review-summary": False},
        "back": {"#card": True, "#card-back": True, "#answer-bar": True, "#reveal-hint": False, "#review-summary": False},
        "done": {"#card": False, "#card-back": False, "#answer-bar": False, "#reveal-hint": False, "#review-summary": True},
    }

    phase = reactive("front", init=False)

    def watch_phase(self, phase: str) -> None:
        for selector, shown in self.PHASES[phase].items():
            widget = self.query_one(selector)
            if widget.display != shown:
                widget.display = shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-counts")
        with VerticalScroll(id="review-body"):
            with Center():
                with Vertical(id="card"):
                    yield Static(id="card-term")
                    yield Static(id="card-source")
                    with Vertical(id="card-back"):
                        yield Static(id="card-zh")
                        yield Static(id="card-definition")
                        yield Static(id="card-example")
                        yield Static(id="card-sections")
            with Center():
                yield Static(id="review-summary")
        with Horizontal(id="answer-bar"):
            for rating in Rating:
                yield Button(rating.name, id=f"answer-{rating.value}", classes=f"answer -r{rating.value}", compact=True)
        yield Static("Press space to show the answer", id="reveal-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.session.title
        for button in self.query(Button):
            button.can_focus = False  # keys belong to the screen, clicks still work
        self.watch_phase(self.phase)
        self.show_current()

    # -- showing -----------------------------------------------------------------------

    def show_current(self) -> None:
        current, card = self.session.current, self.session.card
        self.revealed = False
        self._update_counts()
        if current is None or card is None:
            self._show_summary()
            return
        self.query_one("#card-term", Static).update(card.term)
        source = self.session.source()
        label = {"new": "new card", "learning": "learning", "review": "review"}[current.kind]
        if current.early:
            label += " · shown early"
        self.query_one("#card-source", Static).update(f"{label} · {source}" if source else label)
        self.phase = "front"
        self._sync_bindings()

    def action_reveal(self) -> None:
        card = self.session.card
        if card is None or self.revealed:
            return
        self.query_one("#card-zh", Static).update(f"中文: {card.zh}" if card.zh else "")
        self.query_one("#card-zh").display = bool(card.zh)
        self.query_one("#card-definition", Static).update(markdown_lite.render(card.definition))
        example = self.query_one("#card-example", Static)
        # Examples are plain text wrapped by hand in the YAML; let the pane do the wrapping.
        example.update(f"Example: {' '.join(card.example.split())}" if card.example else "")
        example.display = bool(card.example)
        titles = [self.session.study.content.sections[s].title for s in card.sections]
        sections = self.query_one("#card-sections", Static)
        sections.update("Appears in: " + " · ".join(titles) if titles else "")
        sections.display = bool(titles)
        for rating, gap in self.session.preview().items():
            self.query_one(f"#answer-{rating.value}", Button).label = f"{rating.value} {rating.name} · {interval(gap)}"
        self.revealed = True
        self.phase = "back"
        self._sync_bindings()

    def _update_counts(self) -> None:
        counts = self.session.counts()
        self.query_one("#review-counts", Static).update(
            f"[$text-primary]New {counts.new}[/]   [$text-error]Learning {counts.learning}[/]   "
            f"[$text-success]Review {counts.review}[/]   [$text-muted]· done this session {self.session.tally.cards}[/]"
        )

    def _show_summary(self) -> None:
        self.phase = "done"
        summary = self.session.summary()
        if summary.again_rate is not None:
            text = (
                f"[b]Session complete[/b]\n\n"
                f"Cards studied   {summary.cards}\n"
                f"Answers given   {summary.answers}\n"
                f"Again rate      {summary.again_rate:.0%}\n"
                f"Time spent      {duration(summary.ms)}\n\n"
                f"{summary.next_due}"
            )
        else:
            text = (
                f"[b]Nothing to review right now[/b]\n\n{summary.next_due}\n\n"
                "New cards come a few a day (the limit is in settings, [b],[/b]). To study a "
                "section's terms now, press [b]t[/b] on it in the guides."
            )
        text += "\n\n[$text-muted]s: your stats · escape: back to the guides[/]"
        self.query_one("#review-summary", Static).update(text)
        self._sync_bindings()

    # -- answering ---------------------------------------------------------------------

    def action_primary(self) -> None:
        if self.revealed:
            self.action_answer(Rating.Good)
        else:
            self.action_reveal()

    def action_answer(self, rating: int) -> None:
        if self.session.current is None or not self.revealed:
            return
        try:
            self.session.answer(Rating(rating))
        except StoreWriteError as err:
            # The card stays on screen so the answer can be given again once there is room.
            self.notify(f"{err}. Your earlier answers are safe.", title="Answer not saved", severity="error", timeout=12)
            return
        self._schedule_snapshot()
        self.show_current()

    def action_undo(self) -> None:
        try:
            undone = self.session.undo()
        except StoreWriteError as err:
            self.notify(str(err), title="Undo not saved", severity="error", timeout=12)
            return
        if undone is None:
            return
        self.notify(f"{undone.term}: {undone.rating.name} taken back", title="Undone")
        self._schedule_snapshot()
        self.show_current()

    @on(Button.Pressed, ".answer")
    def _button_pressed(self, event: Button.Pressed) -> None:
        rating = int((event.button.id or "answer-3").rsplit("-", 1)[1])
        self.action_answer(rating)

    def action_goto_section(self) -> None:
        card = self.session.card
        if card is not None and card.sections:
            self._leave(ReviewClosed(section_id=card.sections[0]))

    def action_stats(self) -> None:
        if self.session.finished:
            self._leave(ReviewClosed(stats=True))

    def action_leave(self) -> None:
        self._leave(ReviewClosed())

    def _leave(self, result: ReviewClosed) -> None:
        self.dismiss(replace(result, due=self.session.due_now()))

    def on_unmount(self) -> None:
        # However the screen goes (a key, or the app jumping elsewhere), the snapshot follows.
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self.save_snapshot()

    def _sync_bindings(self) -> None:
        # The grade keys live on the answer buttons, not the footer, so revealing or answering
        # does not change the footer. Re-rendering it costs more than the rest of an answer:
        # only when a key it shows changes availability.
        card = self.session.card
        key = (card is None, self.session.can_undo, bool(card and card.sections))
        if key != self._footer_key:
            self._footer_key = key
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.session.card
        if action == "answer":
            return True if self.revealed and card is not None else None
        if action in ("primary", "reveal"):
            if self.session.finished:
                return False  # the summary: nothing to show or answer, so not in the footer
            return True if card is not None and not (action == "reveal" and self.revealed) else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "stats":
            return True if self.session.finished else False  # offered by the summary only
        if action == "goto_section":
            return True if card is not None and card.sections else False
        return True

    # -- durability off the keypress path ----------------------------------------------

    def _schedule_snapshot(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(IDLE_SNAPSHOT_SECONDS, self.save_snapshot)

    def save_snapshot(self) -> None:
        job = self.session.snapshot_job()
        if job is not None:
            # On the app, not this screen, so leaving the screen does not cancel it.
            self.app.run_worker(job, thread=True, group="snapshot", exit_on_error=False)

"""The review screen: today's cards one at a time, four grades, undo, and a summary at the end.

An answer is written to the journal (fsync'd) before the next card is shown. The schedule
snapshot is written from a worker thread when the user pauses and on leaving, never on the
keypress path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from time import monotonic

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Header, Static

from studybuddy.humanize import duration, interval
from studybuddy.srs.queue import DailyQueue, Next
from studybuddy.srs.study import Study
from studybuddy.store import StoreWriteError
from studybuddy.tui import markdown_lite
from studybuddy.tui.widgets.key_bar import KeyBar

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
# After this long without an answer the snapshot is brought up to date in the background.
IDLE_SNAPSHOT_SECONDS = 20.0


@dataclass
class SessionTally:
    answers: int = 0
    again: int = 0
    ms: int = 0
    history: list[tuple[int, int]] = field(default_factory=list)  # (rating, ms) per answer

    def add(self, rating: int, ms: int) -> None:
        self.history.append((rating, ms))
        self.answers += 1
        self.again += rating == 1
        self.ms += ms

    def remove_last(self) -> None:
        if self.history:
            rating, ms = self.history.pop()
            self.answers -= 1
            self.again -= rating == 1
            self.ms -= ms


class ReviewScreen(Screen[str | None]):
    """Dismissed with a section id when the user asks to see the card's section (`g`)."""

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

    def __init__(self, study: Study, scope: Iterable[str] | None = None, title: str = "Today's review") -> None:
        super().__init__()
        self._footer_key: tuple | None = None
        self.study = study
        self.queue: DailyQueue = study.queue(scope=scope, ignore_new_limit=scope is not None)
        self.session_title = title
        self.current: Next | None = None
        self.revealed = False
        self.finished = False
        self.tally = SessionTally()
        self._shown_at = monotonic()
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
            for rating, name in RATINGS.items():
                yield Button(name, id=f"answer-{rating}", classes=f"answer -r{rating}", compact=True)
        yield Static("Press space to show the answer", id="reveal-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.session_title
        for button in self.query(Button):
            button.can_focus = False  # keys belong to the screen, clicks still work
        self.watch_phase(self.phase)
        self.show_next()

    # -- showing -----------------------------------------------------------------------

    def show_next(self) -> None:
        self.current = self.queue.next()
        self.revealed = False
        self._update_counts()
        if self.current is None:
            self._show_summary()
            return
        self.finished = False
        card = self.study.content.cards[self.current.slug]
        self.query_one("#card-term", Static).update(card.term)
        source = self._source_of(card.sections)
        label = {"new": "new card", "learning": "learning", "review": "review"}[self.current.kind]
        if self.current.early:
            label += " · shown early"
        self.query_one("#card-source", Static).update(f"{label} · {source}" if source else label)
        self.phase = "front"
        self._shown_at = monotonic()
        self._sync_bindings()

    def _source_of(self, section_ids: tuple[str, ...]) -> str:
        if not section_ids:
            return ""
        section = self.study.content.sections[section_ids[0]]
        guide = self.study.content.guide_by_id(section.guide_id)
        return f"{guide.title} › {section.title}"

    def action_reveal(self) -> None:
        if self.current is None or self.revealed:
            return
        card = self.study.content.cards[self.current.slug]
        self.query_one("#card-zh", Static).update(f"中文: {card.zh}" if card.zh else "")
        self.query_one("#card-zh").display = bool(card.zh)
        self.query_one("#card-definition", Static).update(markdown_lite.render(card.definition))
        example = self.query_one("#card-example", Static)
        # Examples are plain text wrapped by hand in the YAML; let the pane do the wrapping.
        example.update(f"Example: {' '.join(card.example.split())}" if card.example else "")
        example.display = bool(card.example)
        titles = [self.study.content.sections[s].title for s in card.sections]
        sections = self.query_one("#card-sections", Static)
        sections.update("Appears in: " + " · ".join(titles) if titles else "")
        sections.display = bool(titles)
        previews = self.study.collection.preview(self.current.slug)
        for rating, name in RATINGS.items():
            self.query_one(f"#answer-{rating}", Button).label = f"{rating} {name} · {interval(previews[rating])}"
        self.revealed = True
        self.phase = "back"
        self._sync_bindings()

    def _update_counts(self) -> None:
        counts = self.queue.counts()
        self.query_one("#review-counts", Static).update(
            f"[$text-primary]New {counts.new}[/]   [$text-error]Learning {counts.learning}[/]   "
            f"[$text-success]Review {counts.review}[/]   [$text-muted]· done this session {self.tally.answers}[/]"
        )

    def _show_summary(self) -> None:
        self.finished = True
        self.phase = "done"
        tally = self.tally
        next_due = self.study.next_due_text(self.queue.next_due())
        if tally.answers:
            again = f"{tally.again / tally.answers:.0%}"
            text = (
                f"[b]Session complete[/b]\n\n"
                f"Cards done      {tally.answers}\n"
                f"Again rate      {again}\n"
                f"Time spent      {duration(tally.ms)}\n\n"
                f"{next_due}"
            )
        else:
            text = f"[b]Nothing to review right now[/b]\n\n{next_due}"
        text += "\n\n[$text-muted]s: your stats · escape: back to the guides[/]"
        self.query_one("#review-summary", Static).update(text)
        self._sync_bindings()

    # -- answering ---------------------------------------------------------------------

    def action_primary(self) -> None:
        if self.revealed:
            self.action_answer(3)
        else:
            self.action_reveal()

    def action_answer(self, rating: int) -> None:
        if self.current is None or not self.revealed:
            return
        slug = self.current.slug
        ms = int((monotonic() - self._shown_at) * 1000)
        try:
            record = self.study.collection.answer(slug, rating, ms)
        except StoreWriteError as err:
            # The card stays on screen so the answer can be given again once there is room.
            self.notify(f"{err}. Your earlier answers are safe.", title="Answer not saved", severity="error", timeout=12)
            return
        self.queue.answered(slug, record)
        self.tally.add(rating, min(ms, 60_000))
        self._schedule_snapshot()
        self.show_next()

    def action_undo(self) -> None:
        try:
            event = self.study.collection.undo()
        except StoreWriteError as err:
            self.notify(str(err), title="Undo not saved", severity="error", timeout=12)
            return
        if event is None:
            return
        self.queue.undone(event.card)
        self.tally.remove_last()
        self.notify(f"{self.study.content.cards[event.card].term if event.card in self.study.content.cards else event.card}: {RATINGS[event.rating]} taken back", title="Undone")
        self._schedule_snapshot()
        self.show_next()

    @on(Button.Pressed, ".answer")
    def _button_pressed(self, event: Button.Pressed) -> None:
        rating = int((event.button.id or "answer-3").rsplit("-", 1)[1])
        self.action_answer(rating)

    def action_goto_section(self) -> None:
        if self.current is None:
            return
        sections = self.study.content.cards[self.current.slug].sections
        if sections:
            self._leave(sections[0])

    def action_stats(self) -> None:
        if self.finished:
            self.app.action_stats()

    def action_leave(self) -> None:
        self._leave(None)

    def _leave(self, section_id: str | None) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self.save_snapshot()
        self.dismiss(section_id)

    def _sync_bindings(self) -> None:
        # The grade keys live on the answer buttons, not the footer, so revealing or answering
        # does not change the footer. Re-rendering it costs more than the rest of an answer:
        # only when a key it shows changes availability.
        sections = bool(self.current and self.study.content.cards[self.current.slug].sections)
        key = (self.current is None, self.study.collection.can_undo, self.finished, sections)
        if key != self._footer_key:
            self._footer_key = key
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return True if self.revealed and self.current is not None else None
        if action in ("primary", "reveal"):
            if self.finished:
                return False  # the summary: nothing to show or answer, so not in the footer
            return True if self.current is not None and not (action == "reveal" and self.revealed) else None
        if action == "undo":
            return True if self.study.collection.can_undo else None
        if action == "stats":
            return True if self.finished else False  # offered by the summary only
        if action == "goto_section":
            if self.current is None:
                return False
            return True if self.study.content.cards[self.current.slug].sections else False
        return True

    # -- durability off the keypress path ----------------------------------------------

    def _schedule_snapshot(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(IDLE_SNAPSHOT_SECONDS, self.save_snapshot)

    def save_snapshot(self) -> None:
        collection = self.study.collection
        if not collection.snapshot_stale or collection.readonly:
            return
        data = collection.snapshot_data()  # a cheap copy, taken here on the UI thread

        def write() -> None:
            try:
                collection.write_snapshot(data)
            except StoreWriteError:
                pass  # the journal holds every answer; the snapshot is only a shortcut

        # On the app, not this screen, so leaving the screen does not cancel it.
        self.app.run_worker(write, thread=True, group="snapshot", exit_on_error=False)

"""Optimize my memory model: fit FSRS to the user's reviews in a worker, show how well the
default, the in-use and the fitted parameters predict later reviews, and ask before adopting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from studybuddy.settings import MemoryModel
from studybuddy.srs.optimizer import NotEnoughHistory, Optimization, Progress
from studybuddy.stats.text import optimization_table


def figures_text(result: Optimization) -> str:
    return (
        f"{result.reviews} reviews of {result.cards} cards; scored on {result.held_out} later\n"
        f"reviews each fit had not seen. Lower predicts better.\n\n" + "\n".join(optimization_table(result))
    )


class OptimizeScreen(ModalScreen[MemoryModel | None]):
    """Dismissed with the fitted memory model when the user adopts it, else None."""

    # Nothing has focus while fitting, so an enter typed meanwhile cannot answer a question
    # that has not been asked yet.
    AUTO_FOCUS = None
    BINDINGS = [Binding("escape", "keep", "Keep", id="optimize.keep", tooltip="Keep the parameters in use")]

    @dataclass
    class Progressed(Message):
        text: str

    @dataclass
    class Finished(Message):
        result: Optimization | None
        problem: str | None = None

    def __init__(self, optimize: Callable[[Progress], Optimization]) -> None:
        super().__init__()
        self._optimize = optimize
        self.result: Optimization | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="optimize-dialog"):
            yield Static("Optimize my memory model", id="optimize-title")
            yield Static("Starting…", id="optimize-progress")
            yield Static(id="optimize-figures")
            yield Static(id="optimize-question")
            with Horizontal(id="optimize-buttons"):
                yield Button("Adopt", id="optimize-adopt", variant="primary", compact=True, disabled=True)
                yield Button("Keep what I have", id="optimize-keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#optimize-figures").display = False
        self.run_fit()

    @work(thread=True, exclusive=True, group="optimize", exit_on_error=False)
    def run_fit(self) -> None:
        try:
            result = self._optimize(lambda text: self.post_message(self.Progressed(text)))
        except NotEnoughHistory as err:
            self.post_message(self.Finished(None, f"{str(err)[0].upper()}{str(err)[1:]}."))
            return
        except (OSError, RuntimeError) as err:
            self.post_message(self.Finished(None, f"Could not fit your memory model: {err}"))
            return
        self.post_message(self.Finished(result))

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.query_one("#optimize-progress", Static).update(event.text)

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        progress = self.query_one("#optimize-progress", Static)
        if event.result is None:
            progress.update(event.problem or "")
            self.query_one("#optimize-keep", Button).focus()
            return
        self.result = result = event.result
        progress.display = False
        figures = self.query_one("#optimize-figures", Static)
        figures.update(figures_text(result))
        figures.display = True
        adopt = self.query_one("#optimize-adopt", Button)
        if result.better:
            question = "The fitted parameters predict your reviews better. Adopt them? Your cards are rescheduled."
            adopt.disabled = False
            adopt.focus()
        else:
            question = "The fitted parameters do not predict better than those in use: keeping them."
            self.query_one("#optimize-keep", Button).focus()
        self.query_one("#optimize-question", Static).update(question)

    @on(Button.Pressed, "#optimize-adopt")
    def action_adopt(self) -> None:
        if self.result is not None and self.result.better:
            self.dismiss(self.result.memory_model)

    @on(Button.Pressed, "#optimize-keep")
    def action_keep(self) -> None:
        self.workers.cancel_group(self, "optimize")
        self.dismiss(None)

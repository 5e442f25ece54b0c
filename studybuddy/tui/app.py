"""The StudyBuddy application: wires the content, the store and the study state to the screens."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from studybuddy.content import Library
from studybuddy.crash_report import write_crash_report
from studybuddy.datadir import LOG_DIR
from studybuddy.humanize import plural
from studybuddy.safe_text import printable
from studybuddy.settings import Settings
from studybuddy.store import Store, StoreError, StoreWriteError
from studybuddy.tui.commands import ContentCommands
from studybuddy.tui.keymap import KEYMAP_NAME, read_keymap
from studybuddy.tui.screens.browser import BrowserScreen
from studybuddy.tui.widgets.term_list import TermList

# Every screen but the browser is imported when first opened: the review and stats screens
# bring FSRS, the journal and the statistics, none of which the first frame needs.
if TYPE_CHECKING:
    from studybuddy.srs.collection import Replayed
    from studybuddy.srs.study import Study
    from studybuddy.tui.screens.review import ReviewClosed
    from studybuddy.tui.screens.stats import OpenItem


class StudyBuddyApp(App):
    # (cards due now, new cards left today), shown by the browser's header; None until known.
    due: var[tuple[int, int] | None] = var(None)

    CSS_PATH = "studybuddy.tcss"
    TITLE = "StudyBuddy"
    COMMANDS = App.COMMANDS | {ContentCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit StudyBuddy; your progress is already saved"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key of this screen"),
        Binding("ctrl+p", "command_palette", "Search", id="app.search", tooltip="Search sections, resources, cards and commands"),
        Binding("comma", "settings", "Settings", id="app.settings", tooltip="Daily limits, desired retention, when the day starts, theme"),
    ]

    def __init__(
        self, content: Library, store: Store, study: Study | Callable[[], Study], *, start_in_review: bool = False
    ) -> None:
        """`study` may be a function that opens it: it is then called when the flashcards
        are first needed (at 10,000 cards it takes longer than everything else at start-up)."""
        super().__init__()
        self.content = content
        self.store = store
        self._study, self._open_study = (None, study) if callable(study) else (study, None)
        self.start_in_review = start_in_review
        self._crash: tuple[str, Path | None] | None = None
        self._error_log = io.StringIO()
        self.error_console = Console(file=self._error_log, width=120, markup=False, highlight=False)
        self.failure: str | None = None  # a StoreError that ended the app, for the CLI to print
        self.quitting = False
        self.user_keymap: dict[str, str] = {}  # binding id -> key, from keymap.toml

    @property
    def study(self) -> Study:
        if self._study is None:
            assert self._open_study is not None
            self._study = self._open_study()
            self._report_repairs(self._study.collection.problems)
        return self._study

    def _report_repairs(self, messages: list[str]) -> None:
        for message in messages:
            self.notify(message, title="Your data was repaired", severity="warning", timeout=15)

    def refresh_due(self) -> None:
        """Bring `due` up to date.

        From the due index `studybuddy due` uses when it is current, so a session spent on
        the roadmap never loads the schedules (about 60 ms and 15 MiB at 10,000 cards);
        otherwise from the study state, opening it.
        """
        if self._study is None:
            from studybuddy.srs.due_index import quick_due_counts

            quick = quick_due_counts(self.store.directory, self.content.fingerprint, self.store.settings())
            if quick is not None:
                self.due = quick
                return
        self.due = self.study.due_now()

    @property
    def opened_study(self) -> Study | None:
        """The study state if it was opened (for the CLI's exit path), without opening it."""
        return self._study

    @property
    def crash(self) -> tuple[str, Path | None] | None:
        """(what went wrong, the crash report) after a bug ended the app, else None.

        Textual ends the app on an unhandled exception (the failing widget's message loop
        is gone, so carrying on is not safe) and prints the traceback to `error_console`.
        Ours writes into memory: the traceback goes to a file, the CLI prints one sentence.
        """
        if self.failure is not None:
            return None
        if self._crash is None:
            details = self._error_log.getvalue()
            lines = [line.strip() for line in details.splitlines() if line.strip()]
            if not lines:
                return None
            self._crash = (lines[-1], write_crash_report(self.store.directory / LOG_DIR, details))
        return self._crash

    def panic(self, *renderables) -> None:
        # A StoreError is not a bug but a data directory that cannot be used (say, the journal
        # is unreadable): it is rich-renderable, so Textual hands it here, and the CLI prints
        # its sentence.
        failure = next((r for r in renderables if isinstance(r, StoreError)), None)
        if failure is None:
            super().panic(*renderables)
            return
        self.failure = self.failure or str(failure)
        self.exit(return_code=1)

    def exit(self, *args, **kwargs) -> None:
        self.quitting = True
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after quitting ("q" then "s" in quick succession) would open screens on
        # an app that is shutting down, and those fail half-mounted.
        if self.quitting and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands only where they help: its "Keys" would duplicate ours and
        # lists Textual's keys, and "Maximize" or "Screenshot" are not what a learner looks for.
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Quit"):
                yield command

    def get_default_screen(self) -> Screen:
        return BrowserScreen(self.content, self.store)

    def _report_left_out(self) -> None:
        """One bad file of the user's never locks them out: it is left out, and named, once
        per file, so a long path or many problems never fill the screen."""
        by_file: dict[Path, list] = {}
        for problem in self.content.problems:
            by_file.setdefault(problem.path, []).append(problem)
        for path, problems in by_file.items():
            first = problems[0]
            where = f"line {first.line}: " if first.line else ""
            more = f" (and {plural(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
            self.notify(
                printable(f"{path.name}: {where}{first.message}{more}. `studybuddy check` lists them all; "
                          "fix the file, then restart StudyBuddy."),
                title="A file of yours was left out",
                severity="error",
                timeout=30,
                markup=False,  # the file's own words, never markup
            )

    def _load_keymap(self) -> None:
        path = self.store.directory / KEYMAP_NAME
        self.user_keymap, problems = read_keymap(path)
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        for problem in problems:
            self.notify(problem, title="Not all your keys apply", severity="warning", timeout=15, markup=False)
        if self.user_keymap:
            self._check_keymap_ids(path)

    @work(thread=True, group="keymap", exit_on_error=False)
    def _check_keymap_ids(self, path) -> None:
        # Knowing every id means importing every screen: off the first frame, in a thread.
        from studybuddy.tui.keymap import known_binding_ids

        keymap, problems = read_keymap(path, known_binding_ids(type(self)))
        if problems:
            self.call_from_thread(self._drop_unknown_keys, keymap, problems)

    def _drop_unknown_keys(self, keymap: dict[str, str], problems: list[str]) -> None:
        self.user_keymap = keymap
        self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="Not all your keys apply", severity="warning", timeout=15, markup=False)

    def on_mount(self) -> None:
        self._load_keymap()
        if self.store.readonly:
            self.title = "StudyBuddy (read-only)"
        self._apply_saved_theme()
        self._report_repairs(self.store.warnings)
        # After the first frame: a toast raised before the browser is shown can vanish with it.
        self.call_after_refresh(self._report_left_out)
        if self._study is not None:
            self._report_repairs(self._study.collection.problems)
        if self.store.restore_offer is not None:
            # The question comes first; a review asked for on the command line waits for it.
            from studybuddy.tui.screens.restore_backup import RestoreBackupDialog

            self.push_screen(RestoreBackupDialog(self.store.restore_offer, str(self.store.path)), self._restore_answered)
        elif self.start_in_review:
            self.start_review()
        self.call_after_refresh(self.refresh_due)

    def _apply_saved_theme(self) -> None:
        theme = self.store.ui_get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    def _restore_answered(self, restore: bool | None) -> None:
        offer = self.store.restore_offer
        if restore and offer is not None:
            try:
                day = self.store.restore_backup()
            except StoreError as err:
                self.notify(f"{err}. StudyBuddy goes on with a fresh database.", title="Not restored", severity="error", timeout=15)
            else:
                replay = self.study.apply_settings(self.store.settings())
                if replay is not None:
                    self._reschedule(replay)
                self._apply_saved_theme()
                browser = self.get_default_screen_instance()
                if browser is not None:
                    browser.reload_states()
                self.refresh_due()
                self.notify(f"Your checklist and settings are back as they were on {day}.", title="Backup restored", timeout=10)
        elif offer is not None:
            try:
                self.store.decline_restore()
            except StoreWriteError:
                pass  # asked again next time: a question, not the user's work
            self.notify(
                f"Started fresh. The unreadable file is kept as {offer.kept_as} and the daily "
                f"backups stay in {self.store.directory / 'backups'}.",
                title="Not restored",
                severity="warning",
                timeout=15,
            )
        if self.start_in_review:
            self.start_review()

    def watch_theme(self, theme: str) -> None:
        # Saved as soon as it is chosen (palette or settings), restored on the next start.
        if getattr(self, "store", None) is None:
            return  # the default theme being set while the app is constructed
        try:
            self.store.ui_set(theme=theme)
        except StoreWriteError:
            pass

    def action_help(self) -> None:
        from studybuddy.tui.screens.help import HelpScreen, binding_groups

        if isinstance(self.screen, HelpScreen):
            return
        title = getattr(self.screen, "HELP_TITLE", "This screen")
        self.push_screen(HelpScreen(binding_groups(self.screen), title))

    # -- jumping -----------------------------------------------------------------------

    def open_node(self, section_id: str, item_id: str | None = None) -> None:
        """Show a section (and an item in it) in the browser, leaving any screen above it."""
        browser = self.get_default_screen_instance()
        if browser is None:
            return
        while self.screen is not browser and len(self.screen_stack) > 1:
            self.pop_screen()  # a review saves its snapshot as it goes
        browser.go_to(section_id, item_id)

    def preview_card(self, card_id: str) -> None:
        card = self.content.cards.get(card_id)
        if card is None:
            return

        def closed(study_now: bool | None) -> None:
            if study_now:
                self.start_review([card_id], f"Studying “{card.term}”")

        from studybuddy.tui.screens.card_preview import CardPreview

        self.push_screen(CardPreview(card, self.study), closed)

    # -- reviewing ---------------------------------------------------------------------

    def start_review(self, scope: list[str] | None = None, title: str = "Today's review") -> None:
        from studybuddy.srs.session import ReviewSession
        from studybuddy.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(ReviewSession(self.study, scope, title)), self._review_closed)

    def _review_closed(self, result: ReviewClosed | None) -> None:
        if result is not None and result.due is not None:
            self.due = result.due  # building the day's queue again would walk every card
        else:
            self.refresh_due()
        browser = self.get_default_screen_instance()
        if result is None or browser is None:
            return
        if result.section_id:
            browser.go_to(result.section_id)
        elif result.stats:
            self.action_stats()

    # -- stats -------------------------------------------------------------------------

    def action_stats(self) -> None:
        from studybuddy.tui.screens.stats import StatsScreen

        if isinstance(self.screen, StatsScreen):
            return
        self.push_screen(StatsScreen(self.study, self.store.states), self._stats_closed)

    def _stats_closed(self, target: OpenItem | None) -> None:
        browser = self.get_default_screen_instance()
        if browser is not None and target is not None:
            browser.go_to(target.section_id, target.item_id or None)

    def get_default_screen_instance(self) -> BrowserScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, BrowserScreen):
                return screen
        return None

    @on(TermList.PreviewRequested)
    def _preview_requested(self, event: TermList.PreviewRequested) -> None:
        self.preview_card(event.card_id)

    @on(BrowserScreen.StudyRequested)
    def _study_requested(self, event: BrowserScreen.StudyRequested) -> None:
        section = event.section
        if section is None:
            self.start_review()
        else:
            scope = self.study.section_cards(section.id)
            if scope:
                self.start_review(scope, f"Terms of “{section.title}”")

    # -- settings ----------------------------------------------------------------------

    def action_settings(self) -> None:
        from studybuddy.tui.screens.settings import SettingsScreen

        if isinstance(self.screen, SettingsScreen):
            return
        self.push_screen(SettingsScreen(self.study.settings, self.study.optimize), self._settings_closed)

    def _settings_closed(self, settings: Settings | None) -> None:
        if settings is None or settings == self.study.settings:
            return
        try:
            self.store.save_settings(settings)
        except StoreWriteError as err:
            self.notify(str(err), title="Settings not saved", severity="error", timeout=12)
            return
        replay = self.study.apply_settings(settings)
        self.refresh_due()
        if replay is None:
            self.notify("Settings saved", timeout=3)
        else:
            self.notify("Settings saved. Rescheduling your cards under them…", timeout=4)
            self._reschedule(replay)

    @dataclass
    class Rescheduled(Message):
        replayed: Replayed

    @work(thread=True, exclusive=True, group="reschedule", exit_on_error=False)
    def _reschedule(self, replay: Callable[[], Replayed]) -> None:
        # Seconds at 200,000 answers: off the UI thread, reporting back by message.
        self.post_message(self.Rescheduled(replay()))

    @on(Rescheduled)
    def _rescheduled(self, event: Rescheduled) -> None:
        self.study.adopt(event.replayed)
        self.refresh_due()
        self.notify("Your cards are rescheduled.", timeout=3)

"""Settings: each field checked as it is typed, with its allowed range shown beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from studybuddy.settings import RANGES, MemoryModel, Settings
from studybuddy.srs.optimizer import Optimization, Progress
from studybuddy.tui.widgets.key_bar import KeyBar


class SettingsScreen(ModalScreen[Settings | None]):
    """Dismissed with the new settings when saved, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="settings.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Save these settings"),
    ]

    def __init__(self, settings: Settings, optimize: Callable[[Progress], Optimization] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._optimize = optimize
        self._original_theme: str | None = None

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical(id="settings-dialog"):
            yield Static("Settings", id="settings-title")
            for name, rng in RANGES.items():
                value = getattr(self.settings, name)
                shown = f"{value:.2f}" if isinstance(value, float) else str(value)
                with Horizontal(classes="setting-row"):
                    yield Label(rng.label, classes="setting-label")
                    yield Input(shown, id=f"setting-{name}", classes="setting-input", compact=True)
                    yield Label(rng.bounds, classes="setting-range")
                yield Static(rng.help, id=f"setting-help-{name}", classes="setting-help")
            with Horizontal(classes="setting-row"):
                yield Label("Theme", classes="setting-label")
                themes = sorted(self.app.available_themes)
                yield Select(((t, t) for t in themes), value=self.app.theme, allow_blank=False, id="setting-theme", compact=True)
            yield Static("Colours for the whole app; try them here, saved when you save.", classes="setting-help")
            # One row, so the dialog still fits 80x24; the stats screen says which model is in use.
            model = self.settings.memory_model
            in_use = f"In use: parameters fitted on {model.fitted_on} to {model.reviews} reviews" if model else "In use: FSRS's defaults"
            with Horizontal(id="settings-model-buttons"):
                yield Button("Optimize my memory model", id="settings-optimize", compact=True, disabled=self._optimize is None, tooltip=in_use)
                yield Button("Reset to default parameters", id="settings-reset-model", compact=True, disabled=model is None, tooltip=in_use)
            with Horizontal(id="settings-buttons"):
                yield Button("Save", id="settings-save", variant="primary", compact=True)
                yield Button("Cancel", id="settings-cancel", compact=True)

    def on_mount(self) -> None:
        self._original_theme = self.app.theme

    @on(Select.Changed, "#setting-theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value  # a live preview; cancel puts the old one back

    def _validate(self) -> tuple[Settings | None, dict[str, str]]:
        values, errors = {}, {}
        for name, rng in RANGES.items():
            value, error = rng.check(self.query_one(f"#setting-{name}", Input).value.strip())
            if error:
                errors[name] = error
            else:
                values[name] = value
        return (replace(self.settings, **values) if not errors else None), errors

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("setting-")
        if name not in RANGES:
            return
        _, error = RANGES[name].check(event.value.strip())
        event.input.set_class(error is not None, "-invalid")
        self.query_one(f"#setting-help-{name}", Static).update(error or RANGES[name].help)
        self.query_one(f"#setting-help-{name}").set_class(error is not None, "-error")

    @on(Input.Submitted)
    @on(Button.Pressed, "#settings-save")
    def action_save(self) -> None:
        settings, errors = self._validate()
        if settings is None:
            first = next(iter(errors))
            self.query_one(f"#setting-{first}", Input).focus()
            self.notify("\n".join(errors.values()), title="Not saved", severity="error")
            return
        self.dismiss(settings)

    @on(Button.Pressed, "#settings-optimize")
    def _open_optimize(self) -> None:
        from studybuddy.tui.screens.optimize import OptimizeScreen

        if self._optimize is not None:
            self.app.push_screen(OptimizeScreen(self._optimize), self._optimized)

    def _optimized(self, model: MemoryModel | None) -> None:
        if model is not None:
            self._close_with_model(model)

    @on(Button.Pressed, "#settings-reset-model")
    def _reset_model(self) -> None:
        self._close_with_model(None)

    def _close_with_model(self, model: MemoryModel | None) -> None:
        """A new memory model is saved at once, with the fields as typed when they are valid."""
        settings, _ = self._validate()
        self.dismiss(replace(settings or self.settings, memory_model=model))

    @on(Button.Pressed, "#settings-cancel")
    def action_cancel(self) -> None:
        if self._original_theme and self.app.theme != self._original_theme:
            self.app.theme = self._original_theme
        self.dismiss(None)

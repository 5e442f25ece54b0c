"""The footer: the keys of the active screen or dialog, the most useful first, fitted to the width.

Textual's Footer lays keys out left to right and cuts whatever passes the edge, so at 80
columns "? Keys" and "q Quit" were the first to go. Here every key has a rank: the bar
shows as many as fit in full, by rank, and `?` lists the rest. Keys that cannot act right
now (a guide has no terms to study) are dimmed; keys that do not apply are not shown.

One line of text rather than a widget per key: re-rendering it is cheap, so it can follow
every change of the bindings as they move through the tree.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Static

# Binding ids from the most to the least essential. "?" and "q" lead, so they are never the
# ones cut; they are shown last, where people look for them.
RANK = [
    "app.help",
    "app.quit",
    "help.close",
    "preview.study",
    "preview.close",
    "settings.save",
    "settings.cancel",
    "welcome.close",
    "restore.yes",
    "restore.no",
    "review.primary",
    "review.undo",
    "review.leave",
    "review.goto",
    "review.stats",
    "stats.open",
    "stats.close",
    "stats.refresh",
    "item.done",
    "item.open",
    "terms.preview",
    "browser.next_match",
    "browser.previous_match",
    "browser.clear_filter",
    "browser.welcome",
    "browser.review",
    "browser.terms",
    "browser.filter",
    "browser.stats",
    "item.in_progress",
    "item.skipped",
    "browser.switch",
    "item.copy",
    "browser.toggle_tree",
    "app.settings",
    "app.search",
]
LAST = ("app.help", "app.quit")
GAP = 2


def rank_of(binding: Binding) -> int:
    return RANK.index(binding.id) if binding.id in RANK else len(RANK)


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.show_keys()

    def _bindings_changed(self, screen) -> None:
        self.show_keys()

    def keys(self) -> list[tuple[Binding, bool]]:
        """(binding, enabled) for every key shown, one per action, ranked."""
        screen = self.screen
        dialog = isinstance(screen, ModalScreen)
        seen: dict[str, tuple[Binding, bool]] = {}
        for node, binding, enabled, _ in screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            if dialog and node is self.app:
                continue  # a dialog's bar shows the dialog's own keys only
            seen[binding.action] = (binding, enabled)
        return sorted(seen.values(), key=lambda entry: rank_of(entry[0]))

    def fitted(self, width: int) -> list[tuple[Binding, bool, str]]:
        """The keys that fit in `width` cells, by rank, then in display order."""
        chosen: list[tuple[Binding, bool, str]] = []
        used = 0
        for binding, enabled in self.keys():
            label = self.app.get_key_display(binding)
            cells = len(label) + 1 + len(binding.description) + (GAP if chosen else 0)
            if used + cells <= width:
                chosen.append((binding, enabled, label))
                used += cells
        return [c for c in chosen if c[0].id not in LAST] + [c for c in chosen if c[0].id in LAST]

    def show_keys(self) -> None:
        if not self.is_attached:
            return
        width = self.content_size.width or self.app.size.width - 2
        parts = []
        for binding, enabled, label in self.fitted(width):
            # A click presses the key. Built as a style, not markup: a user's key ("[" or
            # "'") must not be read as markup.
            click = Style.from_meta({"@click": f"app.simulate_key({binding.key.split(',')[0]!r})"})
            part = Content.assemble(Content.styled(label, "bold $text-accent"), " ", binding.description).stylize(click)
            parts.append(part if enabled else part.stylize("dim"))
        self.update(Content(" " * GAP).join(parts))

    def shown_text(self) -> str:
        """The bar as plain text (for tests and the help screen's hint)."""
        return str(self.render())

"""The footer of key bindings, updated in place when only a key's availability changes.

Textual's Footer rebuilds every key widget whenever the bindings might have changed. The
browser dims "Study terms" on sections without terms, so moving through the tree would
rebuild the footer on many moves: about 40 ms each, most of a move's budget. When the
same keys are shown in the same order, flipping their dimmed class is enough.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    def bindings_changed(self, screen: Screen) -> None:
        if not self._update_in_place(screen):
            super().bindings_changed(screen)

    def _update_in_place(self, screen: Screen) -> bool:
        if not (self._bindings_ready and self.is_attached and screen is self.screen and screen.app.app_focus):
            return False
        shown = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        # As Footer.compose: one key per action, the first binding shown for it.
        wanted: dict[str, tuple[str, str, bool]] = {}
        for _, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and binding.action not in wanted:
                wanted[binding.action] = (binding.key, binding.description, enabled)
        if [(k.action, k.key, k.description) for k in shown] != [(a, key, d) for a, (key, d, _) in wanted.items()]:
            return False
        for footer_key in shown:
            enabled = wanted[footer_key.action][2]
            if footer_key._disabled == enabled:
                footer_key._disabled = not enabled
                footer_key.set_class(not enabled, "-disabled")
        return True

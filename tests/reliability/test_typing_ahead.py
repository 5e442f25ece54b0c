"""Keys typed faster than the app draws, as a practised user types them."""

from __future__ import annotations

from tests.helpers.screens import browser_shown
from tests.helpers.terminal import Terminal


def test_keys_typed_after_quitting_are_ignored(data_dir):
    """"q" then "s" at once: the stats screen must not start mounting on an app that is
    shutting down (it failed half-mounted and ended in an "unexpected error")."""
    for _ in range(3):
        with Terminal(data_dir) as term:
            term.wait_until(browser_shown, "the browser")
            term.press(b"qs?,r")
            assert term.wait_exit() == 0
            assert not term.ever_showed("unexpected error") and not term.ever_showed("Traceback")
    assert not (data_dir / "logs").exists()

"""Keys typed faster than the app draws, as a practised user types them."""

from __future__ import annotations

from tests.reliability.terminal import Terminal


def test_keys_typed_after_quitting_are_ignored(data_dir):
    """"q" then "s" at once: the stats screen must not start mounting on an app that is
    shutting down (it failed half-mounted and ended in an "unexpected error")."""
    for _ in range(3):
        with Terminal(data_dir) as term:
            term.wait_for("finished")
            term.press(b"qs?,r", gap=0)
            assert term.wait_exit() == 0
            assert "unexpected error" not in term.text and "Traceback" not in term.text
    assert not (data_dir / "logs").exists()

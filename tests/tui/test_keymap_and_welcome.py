"""Your keys (keymap.toml) and the first-run welcome."""

from __future__ import annotations

import pytest

from studybuddy.tui.app import StudyBuddyApp
from studybuddy.tui.keymap import known_binding_ids, read_keymap, valid_key
from studybuddy.tui.screens.help import HelpScreen, binding_groups
from studybuddy.tui.screens.stats import StatsScreen
from studybuddy.tui.widgets.key_bar import KeyBar
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, notifications


@pytest.mark.parametrize("key", ["S", "ctrl+q", "question_mark", "f5", "comma", "shift+tab", "a,b", "escape", "é"])
def test_keys_textual_can_read(key):
    assert valid_key(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "ctl+q", "ctrl+nonsense", " ", "\x1b", "a,,b"])
def test_keys_it_cannot(key):
    assert not valid_key(key)


def test_problems_name_their_line(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('# mine\n"browser.stats" = "S"\n"nope.nothing" = "z"\n"app.quit" = "ctrl+nonsense"\n', encoding="utf-8")
    keymap, problems = read_keymap(path, known_binding_ids(StudyBuddyApp))
    assert keymap == {"browser.stats": "S"}
    assert problems[0].startswith(f"{path}:3: no key has the id 'nope.nothing'")
    assert problems[1].startswith(f"{path}:4: 'ctrl+nonsense' is not a key")
    path.write_text('"browser.stats" = \n', encoding="utf-8")
    keymap, problems = read_keymap(path)
    assert keymap == {} and "line 1" in problems[0]
    assert read_keymap(tmp_path / "missing.toml") == ({}, [])


def test_every_binding_has_an_id_and_ids_are_unique():
    ids = known_binding_ids(StudyBuddyApp)
    assert {"app.quit", "browser.stats", "review.again", "terms.preview", "stats.open"} <= ids


async def test_the_users_keys_apply_and_help_shows_them(data_dir, monkeypatch):
    data_dir.mkdir()
    (data_dir / "keymap.toml").write_text('"browser.stats" = "S"\n"app.quit" = "ctrl+q"\n"browser.nope" = "z"\n', encoding="utf-8")
    s = Session(data_dir, FakeClock())
    said = notifications(s.app, monkeypatch)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        assert any("keymap.toml:3: no key has the id 'browser.nope'" in message for _, message in said)
        groups = dict(binding_groups(s.app.screen))
        assert ("S", "Stats", "browser.stats") in groups["Guides"] and ("^q", "Quit", "app.quit") in groups["Everywhere"]
        shown = s.app.screen.query_one(KeyBar).shown_text()
        assert "S Stats" in shown and "^q Quit" in shown
        await pilot.press("s")
        assert not isinstance(s.app.screen, StatsScreen)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(s.app.screen, StatsScreen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(s.app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in s.app.screen.query(".help-group"))
        assert "browser.stats" in shown
        await pilot.press("escape", "ctrl+q")
    assert s.app.return_code == 0
    s.close()


async def test_the_welcome_shows_once_and_escape_closes_it(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = s.app.screen.query_one("#welcome")
        assert welcome.display and "? lists every key" in str(welcome.render())
        assert "esc Close welcome" in s.app.screen.query_one(KeyBar).shown_text()
        await pilot.press("down")  # the keys work with the welcome shown
        await pilot.press("escape")
        await pilot.pause()
        assert not welcome.display
    s.close()
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not s.app.screen.query_one("#welcome").display
    s.close()


async def test_odd_keys_in_the_keymap_are_shown_and_clickable_not_read_as_markup(data_dir):
    data_dir.mkdir()
    (data_dir / "keymap.toml").write_text('"browser.stats" = "\'"\n"browser.review" = "["\n', encoding="utf-8")
    s = Session(data_dir, FakeClock())
    s.store.ui_set(welcomed=True)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        shown = s.app.screen.query_one(KeyBar).shown_text()
        assert "' Stats" in shown and "[ Review" in shown
        offset = shown.index("' Stats")
        await pilot.click(KeyBar, offset=(offset + 2, 0))  # the bar has one cell of padding
        await pilot.pause()
        assert isinstance(s.app.screen, StatsScreen)
    s.close()

"""The user's own keys: `keymap.toml` in the data directory maps binding ids to keys.

    "browser.stats" = "S"
    "app.quit" = "ctrl+q"

Applied through Textual's `App.set_keymap`, so every binding keeps its id and only its key
changes. A line that names no binding, or a key Textual cannot read, is reported with its
line number and ignored: a typo in one line never costs the others.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from textual.keys import Keys

from studybuddy.datadir import KEYMAP_NAME

__all__ = ["KEYMAP_NAME", "known_binding_ids", "read_keymap", "valid_key"]

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = {key.value.rsplit("+", 1)[-1] for key in Keys} | {"enter", "space", "tab", "backspace", "escape"}
NAMED_KEYS |= {f"f{n}" for n in range(1, 25)}


def valid_key(keys: str) -> bool:
    """Whether Textual can read `keys`: "S", "ctrl+q", "question_mark", "f5", "a,b"."""
    for key in keys.split(","):
        *modifiers, base = key.strip().split("+")
        if not base or any(m not in MODIFIERS for m in modifiers):
            return False
        if len(base) == 1:
            if not base.isprintable() or base.isspace():
                return False
            continue
        if base in NAMED_KEYS:
            continue
        try:
            unicodedata.lookup(base.replace("_", " ").upper())  # "question_mark", "comma"
        except KeyError:
            return False
    return True


def _line_of(text: str, binding_id: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"""\s*["']?{re.escape(binding_id)}["']?\s*=""", line):
            return number
    return 0


def read_keymap(path: Path, known_ids: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """(binding id -> key, problems), each problem naming the file and line. A missing file
    is an empty keymap. With `known_ids`, ids not among them are problems too."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as err:
        return {}, [f"{path} could not be read ({err}); the usual keys apply"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return {}, [f"{path}: {err}; the usual keys apply"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, key in data.items():
        where = f"{path}:{_line_of(text, binding_id)}"
        if not isinstance(key, str) or not valid_key(key):
            problems.append(f"{where}: {key!r} is not a key (try \"S\", \"ctrl+q\" or \"f5\"); ignored")
        elif known_ids is not None and binding_id not in known_ids:
            problems.append(f"{where}: no key has the id {binding_id!r} (? lists every id); ignored")
        else:
            keymap[binding_id] = key
    return keymap, problems


def known_binding_ids(app_class: type) -> set[str]:
    """Every binding id StudyBuddy declares (the app's class is passed in: the app imports
    this module). Imports every screen: call it off the first frame."""
    from studybuddy.tui.screens import browser, card_preview, help, restore_backup, review, settings, stats
    from studybuddy.tui.widgets import guide_tree, item_list, term_list

    owners = [
        app_class, browser.BrowserScreen, card_preview.CardPreview, help.HelpScreen,
        restore_backup.RestoreBackupDialog, review.ReviewScreen, settings.SettingsScreen, stats.StatsScreen,
        guide_tree.GuideTree, item_list.ItemList, term_list.TermList,
    ]
    return {binding.id for owner in owners for binding in owner.BINDINGS if getattr(binding, "id", None)}

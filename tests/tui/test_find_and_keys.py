"""Find anything, learn the keys, make it yours: palette, filter, help, themes, tree toggle, mouse."""

from __future__ import annotations

import time

from textual.widgets import Input, OptionList, Select

from studybuddy.cli import main
from studybuddy.settings import Settings
from studybuddy.store import Store
from studybuddy.tui.screens.browser import BrowserScreen
from studybuddy.tui.screens.card_preview import CardPreview
from studybuddy.tui.screens.help import HelpScreen, binding_groups
from studybuddy.tui.screens.review import ReviewScreen
from studybuddy.tui.screens.settings import SettingsScreen
from studybuddy.tui.widgets.guide_tree import GuideTree
from studybuddy.tui.widgets.item_list import ItemList
from studybuddy.tui.widgets.key_bar import KeyBar
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, text


async def palette_pick(pilot, query: str, wanted: str) -> None:
    """Type into the command palette and choose the hit whose text starts with `wanted`."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    deadline = time.monotonic() + 30  # the palette searches in a worker: slow on a busy machine
    while True:
        await pilot.pause(0.05)
        options = pilot.app.screen.query_one(OptionList)
        texts = [str(o.prompt).splitlines()[0] for o in options.options]
        hits = [i for i, t in enumerate(texts) if t.startswith(wanted)]
        if hits:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"no hit {wanted!r} among {texts}")
    options.highlighted = hits[0]
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_finds_a_card_by_its_chinese_term_and_studies_it(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await palette_pick(pilot, "过拟合", "Card: Overfitting")
        assert isinstance(s.app.screen, CardPreview)
        assert "New card · not reviewed yet" in text(s.app, "#preview-schedule")
        await pilot.press("enter")  # study it now
        await pilot.pause()
        assert isinstance(s.app.screen, ReviewScreen)
        assert text(s.app, "#card-term") == "Overfitting"
        assert text(s.app, "#review-counts").startswith("New 1 ")
        await pilot.press("space", "4")
        assert s.study.collection.records["overfitting"].state == "review"
    s.close()


async def test_palette_preview_shows_the_schedule(data_dir):
    s = Session(data_dir, FakeClock())
    s.study.collection.answer("notebook", 4)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await palette_pick(pilot, "notebk", "Card: Notebook")
        schedule = text(s.app, "#preview-schedule")
        assert "State           review" in schedule and "Reviews         1 (0 lapses)" in schedule
        assert "Retrievability  100% now" in schedule
        await pilot.press("escape")
        assert isinstance(s.app.screen, BrowserScreen)
    s.close()


async def test_palette_jumps_to_an_item_in_its_section(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await palette_pick(pilot, "colab", "Item: Google Colab")
        assert text(s.app, "#detail-title") == "Cloud options"
        items = s.app.screen.query_one(ItemList)
        assert s.app.focused is items and items.current_item.id == "colab"
        await palette_pick(pilot, "theory", "Section: Theory")
        assert text(s.app, "#detail-title") == "Theory"
    s.close()


async def test_slash_filters_the_tree_and_escape_clears_it(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        assert len(tree._node_by_id) == 5  # the guide, its four sections (one a note)
        await pilot.press("slash", *"colab")
        assert s.app.focused is s.app.screen.query_one("#filter", Input)
        # "colab" is only in Cloud options' items: it shows with its parent and guide.
        assert set(tree._node_by_id) == {"alpha", "getting-started", "cloud"}
        await pilot.press("enter")  # straight to the first section that matched
        assert text(s.app, "#detail-title") == "Cloud options"
        assert s.app.focused is tree
        await pilot.press("escape")
        assert len(tree._node_by_id) == 5  # the guide, its four sections (one a note)
        assert not s.app.screen.query_one("#filter").display
        await pilot.pause()
        assert tree.cursor_node.data.id == "cloud"  # still where the user was
    s.close()


async def test_tab_is_dimmed_where_there_are_no_items_to_move_to(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        assert s.app.screen.active_bindings["tab"].enabled is False  # a guide has no items
        await pilot.press("tab")
        assert s.app.focused is tree
        await pilot.press("down")  # Getting started, which has items
        assert s.app.screen.active_bindings["tab"].enabled is True
        await pilot.press("tab")
        assert s.app.focused is s.app.screen.query_one(ItemList)
    s.close()


async def test_help_lists_the_keys_of_the_current_screen(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        groups = dict(binding_groups(s.app.screen))
        assert ("?", "Keys", "app.help") in groups["Everywhere"]
        assert ("r", "Review", "browser.review") in groups["Guides"]
        assert ("space", "Done", "item.done") in groups["Checklist items"]
        assert ("j", "Down", "tree.down") in groups["Section tree"]
        assert ("enter", "Open section", "tree.open") in groups["Section tree"]
        shown = [desc for rows in groups.values() for _, desc, _ in rows]
        # Only this app's keys: none of Textual's inherited ones.
        assert "Focus Previous" not in shown and "Copy selected text" not in shown and "Select" not in shown
        await pilot.press("question_mark")
        assert isinstance(s.app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in s.app.screen.query(".help-group"))
        assert "Study terms" in shown and "Copy link" in shown and "In progress" in shown
        await pilot.press("escape", "r", "question_mark")
        shown = " ".join(str(w.render()) for w in s.app.screen.query(".help-group"))
        assert "Again" in shown and "Undo" in shown and "Go to section" in shown
    s.close()


async def test_unavailable_keys_are_dimmed(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        bindings = s.app.screen.active_bindings
        assert bindings["t"].enabled is False  # a guide has no terms of its own

        def footer_key():
            [(binding, enabled, _)] = [k for k in s.app.screen.query_one(KeyBar).fitted(98) if k[0].key == "t"]
            return enabled

        assert footer_key() is False
        await pilot.press("down")
        assert s.app.screen.active_bindings["t"].enabled is True
        assert footer_key() is True
        await pilot.press("up")
        assert footer_key() is False
        await pilot.press("r")
        assert s.app.screen.active_bindings["1"].enabled is False  # before the answer is shown
        assert s.app.screen.active_bindings["u"].enabled is False  # nothing to undo yet
    s.close()


async def test_theme_choice_is_saved_and_restored(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        s.app.theme = "nord"
        await pilot.pause()
    s.close()
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert s.app.theme == "nord"
    s.close()


async def test_settings_theme_previews_and_cancel_restores(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        before = s.app.theme
        await pilot.press("comma")
        assert isinstance(s.app.screen, SettingsScreen)
        s.app.screen.query_one("#setting-theme", Select).value = "gruvbox"
        await pilot.pause()
        assert s.app.theme == "gruvbox"
        await pilot.press("escape")
        assert s.app.theme == before and s.store.ui_get("theme") == before
    s.close()


async def test_the_tree_can_be_hidden_and_the_detail_takes_the_width(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        detail = s.app.screen.query_one("#detail")
        narrow = detail.region.width
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not s.app.screen.query_one("#sidebar").display
        assert detail.region.width == 80 and narrow < 80
        assert s.app.focused is s.app.screen.query_one(ItemList)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert s.app.screen.query_one("#sidebar").display
    s.close()


async def test_clicking_an_items_marker_cycles_its_state(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        items = s.app.screen.query_one(ItemList)
        await pilot.click(ItemList, offset=(1, 2))  # the second item's marker
        assert s.store.item_state("first-notebook") == "in_progress"
        await pilot.click(ItemList, offset=(1, 2))
        assert s.store.item_state("first-notebook") == "done"
        await pilot.click(ItemList, offset=(10, 0))  # on the title: only highlights
        assert s.store.item_state("install-python") == "todo" and items.highlighted == 0
    s.close()


def test_reset_settings_keeps_progress(data_dir, capsys):
    with Store.open(data_dir) as store:
        store.save_settings(Settings(new_per_day=50))
        store.ui_set(theme="nord")
        store.set_item_state("colab", "done")
    assert main(["--reset-settings", "--data-dir", str(data_dir)]) == 0
    assert "restored to their defaults" in capsys.readouterr().out
    with Store.open(data_dir) as store:
        assert store.settings() == Settings()
        assert store.ui_get("theme") is None
        assert store.item_states() == {"colab": "done"}


async def test_the_filter_counts_highlights_steps_and_says_when_nothing_matches(data_dir):
    from studybuddy.content import load_content

    s = Session(data_dir, FakeClock(), load_content())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        await pilot.press("slash", *"pandas")
        await pilot.pause()
        matches = list(tree.matches)
        assert len(matches) > 1
        assert text(s.app, "#filter-status") == f"{len(matches)} sections match · n/N next/previous"
        # The detail pane follows the first match as the filter is typed.
        first = s.app.content.sections[matches[0]]
        assert text(s.app, "#detail-title") == first.title
        # The matched words are lit up in the tree; parents shown only for context are dimmed.
        def styles(node_id):
            return {str(span.style) for span in tree._node_by_id[node_id].label.spans}

        assert all(styles(m) & {"reverse", "underline"} for m in matches)
        assert "dim" in styles(first.guide_id)
        await pilot.press("enter", "n")
        assert text(s.app, "#detail-title") == s.app.content.sections[matches[1]].title
        await pilot.press("N", "N")
        assert text(s.app, "#detail-title") == s.app.content.sections[matches[-1]].title
        await pilot.press("escape", "slash", *"xqzv")  # matches nothing
        await pilot.pause()
        assert tree.matches == [] and text(s.app, "#filter-status") == "0 sections match"
        assert "No section matches" in str(tree.root.children[0].label)
        assert text(s.app, "#detail-title") == "No section matches “xqzv”"
        assert not s.app.screen.query_one("#items").display
        await pilot.press("escape")
        await pilot.pause()
        assert not s.app.screen.query_one("#filter-status").display
    s.close()

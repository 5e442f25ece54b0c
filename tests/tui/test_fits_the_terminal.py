"""80x24 is the design size: footers, header, tree and words fit, at 80 columns and beyond."""

from __future__ import annotations

import pytest

from studybuddy.content import load_content
from studybuddy.humanize import plural, shorten
from studybuddy.tui.widgets.guide_tree import GuideTree
from studybuddy.tui.widgets.key_bar import KeyBar
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, text


def footer(app) -> str:
    return app.screen.query_one(KeyBar).shown_text()


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 50)])
async def test_each_footer_shows_its_essential_keys_in_full(data_dir, size):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = footer(s.app)
        for key in ("r Review", "t Study terms", "/ Filter", "s Stats", "? Keys", "q Quit"):
            assert key in shown
        assert len(shown) <= size[0] - 2
        await pilot.press("down", "down", "tab")
        shown = footer(s.app)
        assert "space Done" in shown and "o Open" in shown and shown.endswith("? Keys  q Quit")
        await pilot.press("r")
        await pilot.pause()
        shown = footer(s.app)
        assert "space Show / Good" in shown and "esc Back" in shown and shown.endswith("? Keys  q Quit")
        assert "Stats" not in shown  # only once the session is done
        await pilot.press("escape", "s")
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        assert footer(s.app).startswith("enter Open next up  esc Back")
    s.close()


async def test_dialogs_show_only_their_own_keys(data_dir):
    s = Session(data_dir, FakeClock())
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        assert footer(s.app) == "^s Save  esc Cancel"
        dialog = s.app.screen.query_one("#settings-dialog")
        assert dialog.region.bottom <= 23 and dialog.region.y >= 0  # fits above the footer
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert footer(s.app) == "esc Close"
        shown = " ".join(str(w.render()) for w in s.app.screen.query(".help-group"))
        assert "Clear filter" not in shown and "Next match" not in shown  # no filter to clear or step
        await pilot.press("escape")
        s.app.preview_card("notebook")
        await pilot.pause()
        assert footer(s.app) == "enter Study now  esc Close"
        await pilot.press("escape")
        await pilot.pause()
        assert footer(s.app).endswith("? Keys  q Quit")  # the browser's own keys again
    s.close()


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_header_keeps_the_due_count(data_dir, width):
    s = Session(data_dir, FakeClock(), load_content())
    async with s.app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert s.app.screen.sub_title.endswith("0 due, 10 new")
        assert len(f"StudyBuddy — {s.app.screen.sub_title}") <= width - 18
    s.close()


async def test_the_tree_follows_the_width_and_collapses_when_narrow(data_dir):
    s = Session(data_dir, FakeClock(), load_content())
    async with s.app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        labels = [str(n.label) for n in tree.root.children[0].children]
        assert "A Few Useful Things to Know about Machine Learning  0/4" in labels  # in full
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert any(label.startswith("A Few Useful") and "…" in label for label in [str(n.label) for n in tree.root.children[0].children])
        await pilot.resize_terminal(64, 24)
        await pilot.pause()
        assert not s.app.screen.query_one("#sidebar").display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert s.app.screen.query_one("#sidebar").display  # ctrl+b still shows it
    s.close()


async def test_an_original_heading_is_not_a_step_of_the_path(data_dir):
    s = Session(data_dir, FakeClock(), load_content())
    section = next(sec for sec in s.app.content.sections.values() if sec.original_title)
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        s.app.screen.go_to(section.id)
        await pilot.pause()
        crumbs = text(s.app, "#detail-crumbs")
        assert f"Original title: {section.original_title}" in crumbs
        assert "originally" not in crumbs and f"› {section.original_title}" not in crumbs
    s.close()


def test_plurals_and_shortening():
    assert [plural(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    assert plural(1, "day") == "1 day" and plural(1, "row") == "1 row"
    assert shorten("Recommended course: Andrew Ng's Machine Learning", 25) == "Recommended course…"
    assert shorten("short", 25) == "short"


async def test_every_term_of_a_section_is_reachable_and_enter_previews_it(data_dir):
    from studybuddy.tui.screens.card_preview import CardPreview
    from studybuddy.tui.widgets.term_list import TermList

    s = Session(data_dir, FakeClock(), load_content())
    section = max(s.app.content.sections.values(), key=lambda sec: len(s.app.content.cards_by_section.get(sec.id, [])))
    cards = s.app.content.cards_by_section[section.id]
    assert len(cards) > 10
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        s.app.screen.go_to(section.id)
        await pilot.pause()
        terms = s.app.screen.query_one(TermList)
        assert [t.id for t in terms.terms] == [c.id for c in cards]
        shown = terms.scrollable_content_region.height
        assert text(s.app, "#terms-more").startswith(f"+{len(cards) - shown} more")
        while not terms.has_focus:
            await pilot.press("tab")
        await pilot.press(*["down"] * (len(cards) - 1))
        await pilot.pause()
        assert terms.highlighted == len(cards) - 1
        assert not s.app.screen.query_one("#terms-more").display  # the last one is in view
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(s.app.screen, CardPreview) and s.app.screen.card.id == cards[-1].id
    s.close()


async def test_long_titles_end_in_an_ellipsis_with_the_full_title_at_hand(data_dir):
    s = Session(data_dir, FakeClock(), load_content())
    s.store.ui_set(welcomed=True)
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        section = next(sec for sec in s.app.content.sections.values() if sec.title.startswith("Recommended course"))
        s.app.screen.go_to(section.id)
        await pilot.pause()
        label = str(tree.cursor_node.label)
        assert "…" in label and section.title not in label
        assert tree.tooltip == section.title and text(s.app, "#detail-title") == section.title
        await pilot.press("s")
        await s.app.workers.wait_for_complete()
        await pilot.pause()
        roadmap = text(s.app, "#stats-roadmap")
        line = next(line for line in roadmap.splitlines() if "Recommended course" in line)
        assert "…" in line  # cut between words, and saying so
    s.close()

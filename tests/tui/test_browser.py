"""Pilot tests of the guide browser: navigate, tick items with each key, quit, reopen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ProgressBar, Static

from studybuddy.content import load_content
from studybuddy.store import Store
from studybuddy.tui.app import StudyBuddyApp
from studybuddy.tui.widgets.guide_tree import GuideTree
from studybuddy.tui.widgets.item_list import ItemList
from studybuddy.tui.widgets.term_list import TermList
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, notifications


class _SessionStore:
    """The session's store, whose close() closes the whole session as the CLI does."""

    def __init__(self, session: Session):
        self._session = session

    def __getattr__(self, name):
        return getattr(self._session.store, name)

    def close(self) -> None:
        self._session.close()


def make_app(data_dir: Path, content=None) -> tuple[StudyBuddyApp, _SessionStore]:
    session = Session(data_dir, FakeClock(), content)
    return session.app, _SessionStore(session)


def text_of(app: StudyBuddyApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def item_lines(app: StudyBuddyApp) -> list[str]:
    items = app.screen.query_one(ItemList)
    return [str(option.prompt).splitlines()[0] for option in items.options]


def tree_label(app: StudyBuddyApp, node_id: str) -> str:
    return str(app.screen.query_one(GuideTree)._node_by_id[node_id].label)


async def test_walk_the_tree_and_see_each_section(data_dir):
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        assert text_of(app, "#detail-title") == "Alpha Guide"
        assert "0/4 finished" in app.screen.sub_title
        await pilot.press("down")
        assert text_of(app, "#detail-title") == "Getting started"
        assert text_of(app, "#detail-crumbs") == "Alpha Guide"
        await pilot.pause()
        assert text_of(app, "#detail-summary") == "Install the tools. Then try them."
        assert item_lines(app) == ["[ ] Install Python", "[ ] Write a first notebook"]
        assert [t.term for t in app.screen.query_one(TermList).terms] == ["Notebook"]
        second_line = str(app.screen.query_one(ItemList).options[0].prompt).splitlines()[1]
        assert second_line.strip() == "tool · The language everything else runs on."
        # Expand the section with the vim key for right, then walk down into the child.
        await pilot.press("space", "j")
        assert text_of(app, "#detail-title") == "Cloud options"
        assert text_of(app, "#detail-crumbs") == "Alpha Guide › Getting started"
        await pilot.press("j")
        assert text_of(app, "#detail-title") == "Theory"
        await pilot.press("k", "k")
        assert text_of(app, "#detail-title") == "Getting started"
    store.close()


async def test_each_key_marks_the_item_on_screen_and_on_disk(data_dir):
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.press("down", "tab")
        assert app.focused is app.screen.query_one(ItemList)
        await pilot.press("space")
        assert item_lines(app)[0] == "[✓] Install Python"
        assert store.item_states() == {"install-python": "done"}
        assert tree_label(app, "getting-started") == "Getting started  1/3"
        assert tree_label(app, "alpha") == "Alpha Guide  1/4"
        assert "1/4 finished (25%)" in app.screen.sub_title
        assert "1/3 finished · 1 done" in str(app.screen.query_one("#detail-progress-words").render())
        bar = app.screen.query_one("#detail-progress", ProgressBar)
        assert (bar.progress, bar.total) == (1, 3)

        await pilot.press("j", "w")
        assert item_lines(app)[1] == "[~] Write a first notebook"
        assert store.item_state("first-notebook") == "in_progress"
        assert tree_label(app, "getting-started") == "Getting started  1/3"  # in progress is not finished

        await pilot.press("x")
        assert item_lines(app)[1] == "[-] Write a first notebook"
        assert store.item_state("first-notebook") == "skipped"
        assert tree_label(app, "getting-started") == "Getting started  2/3"

        await pilot.press("x")  # the same key again goes back to todo
        assert store.item_state("first-notebook") == "todo"
        await pilot.press("k", "space")
        assert store.item_state("install-python") == "todo"
        assert tree_label(app, "alpha") == "Alpha Guide  0/4"

        await pilot.press("tab")  # to the section's terms, then round to the tree
        assert app.focused is app.screen.query_one(TermList)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one(GuideTree)
    store.close()


async def test_progress_rolls_up_from_a_child_section(data_dir):
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.press("down", "space", "down", "tab", "space")
        assert store.item_states() == {"colab": "done"}
        assert tree_label(app, "cloud") == "Cloud options  1/1 ✓"
        assert tree_label(app, "getting-started") == "Getting started  1/3"
        assert tree_label(app, "alpha") == "Alpha Guide  1/4"
    store.close()


async def test_a_note_section_is_in_the_tree_dimmed_and_counts_nothing(data_dir):
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GuideTree)
        note, theory = tree._node_by_id["about-alpha"].label, tree._node_by_id["theory"].label
        assert str(note) == "About this guide"  # no "0/0": there is nothing to count
        muted = tree.get_component_rich_style("guide-tree--note").color
        normal = tree.get_component_rich_style("tree--label").color or tree.rich_style.color
        assert muted is not None and muted != normal
        assert note.get_style_at_offset(app.console, 0).color == muted
        assert theory.get_style_at_offset(app.console, 0).color != muted
        assert tree_label(app, "alpha") == "Alpha Guide  0/4"
        app.screen.go_to("about-alpha")
        await pilot.pause()
        assert "a note to read, not a step of the roadmap" in str(app.screen.query_one("#detail-progress-words").render())
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        muted_now = tree.get_component_rich_style("guide-tree--note").color
        assert muted_now != muted  # the theme's own muted colour...
        note = tree._node_by_id["about-alpha"].label
        assert note.get_style_at_offset(app.console, 0).color == muted_now  # ...is the one drawn
    store.close()


async def test_open_and_copy_the_link(data_dir, monkeypatch):
    app, store = make_app(data_dir)
    opened, copied = [], []
    browser_works = True

    def fake_open(url, new=0):
        opened.append(url)
        return browser_works

    monkeypatch.setattr("webbrowser.open", fake_open)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: copied.append(text))
    said = notifications(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.press("down", "tab", "o", "y")
        assert opened == ["https://www.python.org/"] and copied == ["https://www.python.org/"]
        await pilot.press("enter")  # enter opens it too
        assert opened == ["https://www.python.org/"] * 2
        # A practice item without a link: "o" and enter say so; "y" is unavailable.
        await pilot.press("j", "o")
        await pilot.pause()
        assert app.screen.query_one(ItemList).check_action("copy_link", ()) is None
        assert any(title == "No link" and "has no link" in message for title, message in said)
        await pilot.press("enter", "y")
        assert opened == ["https://www.python.org/"] * 2 and copied == ["https://www.python.org/"]
        # No browser can start: it says so and copies the link instead.
        browser_works = False
        await pilot.press("k", "o")
        await pilot.pause()
        assert copied[-1] == "https://www.python.org/"
        assert any(title == "No browser could be started" for title, _ in said)
    store.close()


async def test_quit_and_reopen_restores_state_and_section(data_dir):
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.press("down", "down")
        assert text_of(app, "#detail-title") == "Theory"
        await pilot.press("tab", "space", "q")
    assert app.return_code == 0
    store.close()

    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.pause()
        assert text_of(app, "#detail-title") == "Theory"
        assert item_lines(app) == ["[✓] A Few Useful Things to Know about Machine Learning"]
        assert tree_label(app, "alpha") == "Alpha Guide  1/4"
    store.close()


async def test_reopen_on_a_section_inside_a_collapsed_parent(data_dir):
    with Store.open(data_dir) as store:
        store.ui_set(last_section="cloud")
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert text_of(app, "#detail-title") == "Cloud options"
    store.close()


async def test_a_last_section_that_no_longer_exists_falls_back_to_the_first_guide(data_dir):
    with Store.open(data_dir) as store:
        store.ui_set(last_section="deleted-section")
    app, store = make_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert text_of(app, "#detail-title") == "Alpha Guide"
    store.close()


async def test_recovered_database_is_announced(data_dir, monkeypatch):
    data_dir.mkdir()
    (data_dir / "studybuddy.json").write_text("{not json")
    app, store = make_app(data_dir)
    said = notifications(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the tree places its cursor after its first layout
        await pilot.pause()
        messages = [message for _, message in said]
        assert any("could not be read" in m for m in messages)
    store.close()


async def test_real_content_opens_and_every_section_shows(data_dir):
    content = load_content()
    app, store = make_app(data_dir, content)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [g.title for g in content.guides]
        assert text_of(app, "#detail-title") == titles[0]
        tree = app.screen.query_one(GuideTree)
        for section_id, section in content.sections.items():
            tree.select_id(section_id)
            await pilot.pause()
            assert text_of(app, "#detail-title") == section.title
            assert len(app.screen.query_one(ItemList).options) == len(section.items)
    store.close()


async def test_the_flashcards_open_after_the_guides_are_on_screen(data_dir):
    """At 10,000 cards opening the schedules outweighs the rest of start-up, so the browser
    paints first and the due count follows."""
    from studybuddy.srs.clock import StudyDay
    from studybuddy.srs.study import Study
    from tests.helpers.content import MINI
    from tests.helpers.tui import ZONE

    content = load_content([MINI], bundled=False)
    store = Store.open(data_dir)
    seen_before_opening = []

    def open_study():
        tree = app.screen.query_one(GuideTree)
        seen_before_opening.append((str(tree.root.children[0].label), app.screen.sub_title))
        return Study.open(content, data_dir, store.settings(), clock=FakeClock(), day=StudyDay(4, ZONE))

    app = StudyBuddyApp(content, store, open_study)
    assert app.opened_study is None
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        [(first_guide, subtitle)] = seen_before_opening  # opened once
        assert first_guide.startswith("Alpha Guide") and "due" not in subtitle
        assert app.opened_study is not None
        assert "2 new" in app.screen.sub_title
    app.opened_study.collection.close()
    store.close()


async def test_a_current_due_index_spares_opening_the_flashcards(tmp_path, data_dir):
    """A session spent on the roadmap never loads the schedules: the header's count comes
    from the due index the last session left (when it is still current)."""
    from studybuddy.content.cache import load_content_cached
    from studybuddy.srs.study import Study
    from tests.helpers.content import write_content

    write_content(tmp_path / "content", 5)
    content = load_content_cached([tmp_path / "content"], tmp_path / "cache")
    store = Store.open(data_dir)
    study = Study.open(content, data_dir, store.settings())
    study.collection.answer("card-00", 1)
    assert study.write_due_index()
    expected = study.due_now()
    study.collection.close()
    assert expected[0] == 0 and expected[1] > 0

    opened = []
    app = StudyBuddyApp(content, store, lambda: opened.append("opened") or Study.open(content, data_dir, store.settings()))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert f"{expected[1]} new" in app.screen.sub_title
        assert opened == [] and app.opened_study is None
        await pilot.press("r")  # the flashcards themselves are opened when asked for
        assert opened == ["opened"]
    app.opened_study.collection.close()
    store.close()


async def test_a_section_of_subsections_shows_no_empty_resources_list(data_dir):
    s = Session(data_dir, FakeClock(), load_content())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        browser = s.app.screen
        heading, items = browser.query_one("#items-heading"), browser.query_one(ItemList)
        browser.go_to("tools-youll-need")
        await pilot.pause()
        assert not s.app.content.sections["tools-youll-need"].items
        assert not heading.display and not items.display
        browser.go_to("lets-go")
        await pilot.pause()
        assert heading.display and items.display and items.option_count == 3
    s.close()

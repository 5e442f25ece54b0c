"""The content loader: good content builds, and each kind of bad content names file and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from studybuddy.content import ContentError, load_content
from tests.helpers.content import MINI


def write_guide(root: Path, body: str, name: str = "g.yaml") -> Path:
    path = root / "guides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


GOOD = """
id: g
title: G
source: https://example.org/
summary: A guide.
sections:
  - id: s1
    title: One
    summary: First.
    items:
      - id: i1
        title: Item one
        url: https://example.org/1
        kind: course
        note: A course.
"""


def problems_of(root: Path, bundled: bool = False) -> list:
    with pytest.raises(ContentError) as info:
        load_content([root], bundled=bundled)
    return info.value.problems


def test_mini_content_builds_the_tree(mini_content):
    c = mini_content
    assert [g.id for g in c.guides] == ["alpha"]
    assert c.sections["cloud"].parent_id == "getting-started"
    assert c.sections["getting-started"].all_item_ids == ("install-python", "first-notebook", "colab")
    assert c.guides[0].all_item_ids == ("install-python", "first-notebook", "colab", "domingos")
    assert c.items["first-notebook"].url is None and c.items["first-notebook"].kind == "practice"
    assert [x.id for x in c.cards_by_section["cloud"]] == ["notebook"]
    assert c.cards["overfitting"].zh == "过拟合"
    assert [s.id for s in c.ancestors("cloud")] == ["getting-started"]


def test_good_minimal_guide_loads(tmp_path):
    write_guide(tmp_path, GOOD)
    content = load_content([tmp_path], bundled=False)
    assert list(content.items) == ["i1"]


def test_unknown_key_names_file_line_and_key(tmp_path):
    path = write_guide(tmp_path, GOOD.replace("        note: A course.", "        note: A course.\n        colour: red"))
    [p] = problems_of(tmp_path)
    assert p.path == path
    assert p.line == 15
    assert "unknown key 'colour'" in p.message
    assert str(p).startswith(f"{path}:15: ")


def test_missing_field_names_the_field_and_the_item_line(tmp_path):
    write_guide(tmp_path, GOOD.replace("        note: A course.\n", ""))
    [p] = problems_of(tmp_path)
    assert p.line == 10
    assert "missing required field 'note'" in p.message


def test_duplicate_ids_across_files_name_both(tmp_path):
    write_guide(tmp_path, GOOD, "a.yaml")
    second = write_guide(
        tmp_path, GOOD.replace("id: g\n", "id: h\n").replace("id: s1", "id: s2"), "b.yaml"
    )
    [p] = problems_of(tmp_path)
    assert p.path == second and p.line == 10
    assert "duplicate item id 'i1'" in p.message
    assert "a.yaml:10" in p.message


def test_malformed_url(tmp_path):
    write_guide(tmp_path, GOOD.replace("https://example.org/1", "htps//example.org/1"))
    [p] = problems_of(tmp_path)
    assert p.line == 12
    assert "malformed URL 'htps//example.org/1'" in p.message


def test_a_url_that_does_not_even_split_is_malformed_not_a_crash(tmp_path):
    # An unclosed '[' makes urlsplit raise (found by the content fuzzer).
    write_guide(tmp_path, GOOD.replace("https://example.org/1", "https://[example.org/1"))
    [p] = problems_of(tmp_path)
    assert p.line == 12 and "malformed URL 'https://[example.org/1'" in p.message


def test_bad_yaml_reports_the_parser_line(tmp_path):
    write_guide(tmp_path, GOOD.replace("    title: One", "    title: [One"))
    [p] = problems_of(tmp_path)
    assert p.message.startswith("bad YAML")
    assert p.line in (8, 9)


def test_unknown_kind_and_bad_slug_are_both_reported(tmp_path):
    write_guide(tmp_path, GOOD.replace("kind: course", "kind: podcast").replace("id: i1", "id: Item One"))
    problems = problems_of(tmp_path)
    messages = " | ".join(p.message for p in problems)
    assert "unknown kind 'podcast'" in messages
    assert "'Item One' is not a slug" in messages
    assert {p.line for p in problems} == {10, 13}


def test_url_required_except_for_practice(tmp_path):
    write_guide(tmp_path, GOOD.replace("        url: https://example.org/1\n", ""))
    [p] = problems_of(tmp_path)
    assert "missing required field 'url'" in p.message
    write_guide(tmp_path, GOOD.replace("        url: https://example.org/1\n", "").replace("kind: course", "kind: practice"))
    assert load_content([tmp_path], bundled=False).items["i1"].url is None


def test_a_note_section_is_loaded_and_holds_no_material(tmp_path, mini_content):
    assert mini_content.sections["about-alpha"].note and not mini_content.sections["theory"].note
    assert mini_content.guides[0].all_item_ids == ("install-python", "first-notebook", "colab", "domingos")
    write_guide(tmp_path, GOOD.replace("    summary: First.\n", "    summary: First.\n    note: true\n"))
    [p] = problems_of(tmp_path)
    assert p.line == 9 and "a note section holds no items or subsections" in p.message
    write_guide(tmp_path, GOOD.replace("    summary: First.\n", "    summary: First.\n    note: yes please\n"))
    [p] = problems_of(tmp_path)
    assert p.line == 9 and "'note' must be true or false" in p.message


def test_card_naming_an_unknown_section(tmp_path):
    write_guide(tmp_path, GOOD)
    deck = tmp_path / "decks" / "d.yaml"
    deck.parent.mkdir()
    deck.write_text("id: d\ntitle: D\ncards:\n  - id: c\n    term: T\n    definition: D\n    sections: [s1, nope]\n")
    [p] = problems_of(tmp_path)
    assert p.path == deck and p.line == 7
    assert "unknown section 'nope'" in p.message


def test_top_level_not_a_mapping(tmp_path):
    write_guide(tmp_path, "- just\n- a list\n")
    [p] = problems_of(tmp_path)
    assert p.line == 1 and "must be a mapping" in p.message


def test_not_utf8(tmp_path):
    path = tmp_path / "guides" / "g.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"id: g\ntitle: \xff\xfe\n")
    [p] = problems_of(tmp_path)
    assert p.line == 2 and "UTF-8" in p.message


def test_missing_directory_is_a_problem_not_a_crash(tmp_path):
    [p] = problems_of(tmp_path / "nowhere")
    assert "does not exist" in p.message


def test_user_content_clashing_with_bundled_content(tmp_path):
    shutil.copytree(MINI, tmp_path / "copy")
    # Loading the same directory twice makes every id clash with its first definition.
    with pytest.raises(ContentError) as info:
        load_content([MINI, tmp_path / "copy"], bundled=False)
    messages = [p.message for p in info.value.problems]
    assert any("duplicate guide id 'alpha'" in m and "alpha.yaml:1" in m for m in messages)


def test_a_broken_guide_is_reported_alone_not_through_every_card(tmp_path):
    write_guide(tmp_path, GOOD.replace("    title: One", "    title: [One"))
    deck = tmp_path / "decks" / "d.yaml"
    deck.parent.mkdir()
    deck.write_text("id: d\ntitle: D\ncards:\n  - id: c\n    term: T\n    definition: D\n    sections: [s1]\n")
    [p] = problems_of(tmp_path)
    assert p.path.name == "g.yaml" and p.message.startswith("bad YAML")


def test_a_control_character_is_located(tmp_path):
    path = write_guide(tmp_path, GOOD)
    path.write_bytes(path.read_bytes().replace(b"title: One", b"title: O\x00ne"))
    [p] = problems_of(tmp_path)
    assert p.line == 7 and "not allowed" in p.message

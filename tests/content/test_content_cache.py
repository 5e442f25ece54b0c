"""The parsed-content cache: a copy that is used only while the files are unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studybuddy.content import ContentError, load_content
from studybuddy.content.cache import load_content_cached
from studybuddy.content.files import content_dirs, fingerprint
from tests.helpers.content import write_content


def cached_files(cache_dir):
    return sorted(p.name for p in cache_dir.glob("content-*.json"))


def same(a, b) -> bool:
    def shape(content):
        return (
            [(g.id, g.title, g.all_item_ids) for g in content.guides],
            {i: (x.title, x.url, x.note, x.section_id) for i, x in content.items.items()},
            {c: (x.term, x.definition, x.zh, x.example, x.sections, x.tags) for c, x in content.cards.items()},
            {s: [c.id for c in cards] for s, cards in content.cards_by_section.items()},
        )

    return shape(a) == shape(b)


def test_a_second_load_comes_from_the_cache_and_equals_a_parse(tmp_path):
    write_content(tmp_path / "content", 3)
    first = load_content_cached([tmp_path / "content"], tmp_path / "cache")
    [name] = cached_files(tmp_path / "cache")
    assert name == f"content-{first.fingerprint}.json"
    second = load_content_cached([tmp_path / "content"], tmp_path / "cache")
    assert second is not first and second.fingerprint == first.fingerprint
    assert same(second, load_content([tmp_path / "content"]))
    # One object per card, as parsed: the deck's list and the index share it.
    deck = next(d for d in second.decks if d.id == "d")
    assert deck.cards[0] is second.cards["card-00"]


def test_a_cached_start_never_imports_the_yaml_parser(tmp_path):
    write_content(tmp_path / "content", 3)
    load_content_cached([tmp_path / "content"], tmp_path / "cache")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studybuddy.content.cache import load_content_cached\n"
        f"content = load_content_cached([Path({str(tmp_path / 'content')!r})], Path({str(tmp_path / 'cache')!r}))\n"
        "print(len(content.cards), 'yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(len(load_content().cards) + 3), "False"]


def test_an_edited_added_or_removed_file_is_parsed_again(tmp_path):
    root = tmp_path / "content"
    write_content(root, 3)
    before = load_content_cached([root], tmp_path / "cache")
    deck = root / "decks" / "d.yaml"
    deck.write_text(deck.read_text().replace("Meaning 1.", "A better meaning."))
    os.utime(deck, ns=(deck.stat().st_atime_ns, deck.stat().st_mtime_ns + 1))
    after = load_content_cached([root], tmp_path / "cache")
    assert after.cards["card-01"].definition == "A better meaning."
    assert after.fingerprint != before.fingerprint
    assert cached_files(tmp_path / "cache") == [f"content-{after.fingerprint}.json"]  # the old one is gone
    (root / "decks" / "e.yaml").write_text("id: e\ntitle: E\ncards:\n  - id: extra\n    term: Extra\n    definition: One more.\n")
    assert "extra" in load_content_cached([root], tmp_path / "cache").cards
    (root / "decks" / "e.yaml").unlink()
    assert "extra" not in load_content_cached([root], tmp_path / "cache").cards


def test_a_damaged_or_foreign_cache_file_is_only_a_miss(tmp_path):
    write_content(tmp_path / "content", 3)
    key = fingerprint(content_dirs([tmp_path / "content"]))
    (tmp_path / "cache").mkdir()
    for junk in (b"", b"\x80\x05garbage", b"not json at all"):
        (tmp_path / "cache" / f"content-{key}.json").write_bytes(junk)
        content = load_content_cached([tmp_path / "content"], tmp_path / "cache")
        assert "card-02" in content.cards and content.fingerprint == key


def test_content_with_problems_is_never_cached(tmp_path):
    root = tmp_path / "content"
    write_content(root, 3)
    (root / "decks" / "d.yaml").write_text("id: d\ntitle: D\ncards:\n  - id: Not A Slug\n    term: x\n")
    for _ in range(2):  # reported every time, not remembered
        content = load_content_cached([root], tmp_path / "cache")
        assert {p.path.name for p in content.problems} == {"d.yaml"}  # the file is left out, and named
    assert not (tmp_path / "cache").exists() or cached_files(tmp_path / "cache") == []


def test_an_unwritable_cache_directory_just_means_no_cache(tmp_path):
    write_content(tmp_path / "content", 3)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the directory would go")
    assert "card-00" in load_content_cached([tmp_path / "content"], blocked).cards

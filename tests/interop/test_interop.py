"""Bring your own and take it with you: user content, Anki import/export, exports, backups."""

from __future__ import annotations

import csv
import shutil
import json
import textwrap
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from studybuddy.cli import main
from studybuddy.content import load_content
from studybuddy.interop.anki import export_deck, parse, plan_import
from studybuddy.content.markup import blocks
from studybuddy.interop.html_text import html_to_markdown, markdown_to_html
from studybuddy.srs.collection import Collection
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.scheduling import make_scheduler
from studybuddy.store import Store
from tests.helpers.content import MINI


@pytest.fixture
def my_guides(tmp_path) -> Path:
    """The test guide as a user's own content folder (its deck would clash with the bundled one)."""
    target = tmp_path / "my-content"
    shutil.copytree(MINI / "guides", target / "guides")
    return target


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def deck_cards(data_dir: Path, deck_id: str) -> list[dict]:
    return yaml.safe_load((data_dir / "content" / "decks" / f"{deck_id}.yaml").read_text())["cards"]


# -- Anki import ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, sep",
    [("Tab", "\t"), ("tab", "\t"), ("Comma", ","), ("Semicolon", ";"), ("Pipe", "|"), ("Colon", ":"), ("Space", " "), ("%", "%")],
)
def test_each_separator_form(tmp_path, header, sep):
    rows = [["Epoch", "One pass over the data"], ["Batch", "A group of examples"]]
    body = "\n".join(sep.join(f'"{c}"' if " " in c else c for c in row) for row in rows)
    path = write(tmp_path / "in.txt", f"#separator:{header}\n#html:false\n{body}\n")
    parsed = parse(path)
    assert [(n.front, n.back) for n in parsed.notes] == [tuple(r) for r in rows]
    assert parsed.problems == []


def test_html_tags_guid_columns_deck_and_a_bad_row(tmp_path):
    path = write(
        tmp_path / "export.txt",
        """
        #separator:tab
        #html:true
        #tags:anki
        #deck:Deep Learning
        #notetype:Basic
        #guid column:1
        #notetype column:2
        #tags column:5
        g1\tBasic\t<b>ReLU</b>\tmax(0, x)<br>the <i>default</i> activation &amp; cheap\tdl activations
        g2\tBasic\tDropout\t"Randomly zero units
        during training"\tdl
        g3\tBasic\t\tno front here\tdl
        g4\tBasic\tSoftmax
        """,
    )
    parsed = parse(path)
    assert parsed.deck == "Deep Learning"
    relu, dropout = parsed.notes
    assert (relu.guid, relu.front, relu.back) == ("g1", "**ReLU**", "max(0, x)\nthe *default* activation & cheap")
    assert relu.tags == ["anki", "dl", "activations"]
    assert dropout.back == "Randomly zero units\nduring training" and dropout.line == 10
    assert parsed.problems == [
        f"{path}:12: the front (term) is empty; row skipped",
        f"{path}:13: expected at least 4 fields, found 3; row skipped",
    ]


def test_columns_header_names_the_fields(tmp_path):
    path = write(tmp_path / "c.txt", "#separator:Comma\n#columns:Tags,Back,Front\nstats,Middle value,Median\n")
    [note] = parse(path).notes
    assert (note.front, note.back, note.tags) == ("Median", "Middle value", ["stats"])


def test_import_writes_a_user_deck_and_reimport_updates_instead_of_duplicating(data_dir, tmp_path, capsys):
    path = write(tmp_path / "words.txt", "#separator:tab\n#html:false\n#guid column:1\nid1\tEpoch\tOne pass\nid2\tBatch\tSome examples\n")
    assert main(["import", "anki", str(path), "--deck", "My words", "--data-dir", str(data_dir)]) == 0
    assert "2 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    cards = deck_cards(data_dir, "my-words")
    assert [(c["id"], c["term"], c["guid"]) for c in cards] == [("my-words-epoch", "Epoch", "id1"), ("my-words-batch", "Batch", "id2")]
    # Anki renamed the front of id1 and changed a back: matched by guid, updated in place.
    write(path, "#separator:tab\n#html:false\n#guid column:1\nid1\tEpochs\tOne full pass\nid2\tBatch\tSome examples\nid3\tStep\tOne update\n")
    assert main(["import", "anki", str(path), "--deck", "My words", "--data-dir", str(data_dir)]) == 0
    assert "1 new, 1 updated, 1 unchanged" in capsys.readouterr().out
    cards = deck_cards(data_dir, "my-words")
    assert [(c["id"], c["term"]) for c in cards] == [("my-words-epoch", "Epochs"), ("my-words-batch", "Batch"), ("my-words-step", "Step")]
    # Without a guid column, the front text matches.
    write(path, "#separator:tab\n#html:false\nBatch\tA group of examples\n")
    assert main(["import", "anki", str(path), "--deck", "My words", "--data-dir", str(data_dir)]) == 0
    assert "0 new, 1 updated" in capsys.readouterr().out
    assert len(deck_cards(data_dir, "my-words")) == 3
    # The deck is real content now: it loads and `check` counts it.
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert "my-words: 3 cards" in capsys.readouterr().out


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_imports(data_dir, tmp_path, capsys):
    path = write(tmp_path / "mixed.txt", "#separator:tab\nGood\tfine\nonly-one-field\n\tno front\nAlso good\tyes\n")
    assert main(["import", "anki", str(path), "--data-dir", str(data_dir)]) == 0
    captured = capsys.readouterr()
    assert f"{path}:3: expected at least 2 fields, found 1; row skipped" in captured.err
    assert f"{path}:4: the front (term) is empty; row skipped" in captured.err
    assert "2 new" in captured.out and "2 rows skipped" in captured.out
    assert [c["term"] for c in deck_cards(data_dir, "mixed")] == ["Good", "Also good"]


def test_unknown_separator_is_a_clear_error(data_dir, tmp_path, capsys):
    path = write(tmp_path / "x.txt", "#separator:Tilde\na~b\n")
    assert main(["import", "anki", str(path), "--data-dir", str(data_dir)]) == 1
    assert "unknown separator 'Tilde'" in capsys.readouterr().err


# -- Anki export and the round trip ---------------------------------------------------


def test_export_has_the_headers_anki_reads(tmp_path, capsys):
    out = tmp_path / "jargon.txt"
    assert main(["export", "anki", "jargon", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:5] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags", "#deck:ML Jargon", "#notetype:Basic"]
    rows = list(csv.reader(lines[5:], delimiter="\t"))
    assert len(rows) == len(load_content().cards)
    overfitting = next(r for r in rows if r[0] == "Overfitting")
    assert "中文: 过拟合" in overfitting[1] and "Example: " in overfitting[1]
    assert "\n" not in "".join(lines[5:6])


def test_round_trip_keeps_terms_definitions_zh_and_examples(tmp_path):
    deck = next(d for d in load_content().decks if d.id == "jargon")
    path = tmp_path / "jargon.txt"
    path.write_text(export_deck(deck), encoding="utf-8")
    parsed = parse(path)
    assert parsed.problems == []
    result = plan_import(parsed, "Round trip", tmp_path / "decks")
    assert result.added == len(deck.cards)
    back = yaml.safe_load(result.text)["cards"]
    for original, imported in zip(deck.cards, back, strict=True):
        assert imported["term"] == original.term
        # The same text, bold, links and bullets once parsed, however the Markdown is spelt.
        assert blocks(imported["definition"]) == blocks(original.definition)
        assert imported.get("zh") == original.zh
        assert imported.get("example") == (" ".join(original.example.split()) if original.example else None)
        assert imported.get("tags", []) == list(original.tags)


def test_a_link_with_parentheses_round_trips():
    url = "https://en.wikipedia.org/wiki/Bias_(statistics)"
    markdown = html_to_markdown(f'See <a href="{url}">bias</a>.')
    assert markdown == f"See [bias]({url})."
    assert markdown_to_html(markdown) == f'See <a href="{url}">bias</a>.'


def test_links_other_than_http_and_mailto_are_plain_text():
    from studybuddy.content.markup import safe_url

    for bad in ("file:///etc/passwd", "javascript:alert(1)", "https://x.org/\x1b]8;;evil\x1b\\", "data:text/html,x"):
        assert safe_url(bad) is None
        assert all(span.kind != "link" for block in blocks(f"[x]({bad})") for line in block.lines for span in line)
    assert safe_url("https://example.org/a_(b)") and safe_url("mailto:me@example.org")


def test_unknown_deck_is_named(capsys, tmp_path):
    assert main(["export", "anki", "nope", "-o", str(tmp_path / "x.txt")]) == 1
    assert "no deck with id or title 'nope' (decks: jargon ('ML Jargon'))" in capsys.readouterr().err


def test_a_deck_is_exported_by_its_title_too(capsys, tmp_path):
    by_id, by_title = tmp_path / "id.txt", tmp_path / "title.txt"
    assert main(["export", "anki", "jargon", "-o", str(by_id)]) == 0
    assert main(["export", "anki", "ml jargon", "-o", str(by_title)]) == 0
    assert by_title.read_text() == by_id.read_text()


# -- your own content -----------------------------------------------------------------


def test_user_content_from_the_data_dir_and_content_flag(data_dir, my_guides, capsys):
    assert main(["new-deck", "My NLP terms", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    deck_path = Path(out[0].removeprefix("Wrote "))
    assert out[1].startswith("Next: add your cards to it, then run `studybuddy check`")
    assert deck_path == data_dir / "content" / "decks" / "my-nlp-terms.yaml"
    assert "# Ids are how your review history is kept" in deck_path.read_text()
    assert main(["check", "--data-dir", str(data_dir), "--content", str(my_guides)]) == 0
    out = capsys.readouterr().out
    assert "3 guides" in out and "my-nlp-terms: 1 card" in out and "alpha:" in out
    content = load_content([data_dir / "content", my_guides])
    assert [g.user for g in content.guides] == [False, False, True]
    assert {d.id: d.user for d in content.decks} == {"jargon": False, "my-nlp-terms": True}
    assert main(["new-deck", "My NLP terms", "--data-dir", str(data_dir)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_an_id_clash_names_both_files(data_dir, capsys):
    write(
        data_dir / "content" / "decks" / "mine.yaml",
        "id: mine\ntitle: Mine\ncards:\n  - id: overfitting\n    term: Overfitting\n    definition: My version.\n",
    )
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{data_dir / 'content' / 'decks' / 'mine.yaml'}:4: duplicate card id 'overfitting'" in err
    assert "jargon.yaml:" in err


async def test_a_user_guide_is_marked_in_the_tree(data_dir, my_guides):
    from tests.helpers.clock import FakeClock
    from tests.helpers.tui import Session

    s = Session(data_dir, FakeClock(), load_content([my_guides]))
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one("#tree")
        assert str(tree._node_by_id["alpha"].label).startswith("✎ Alpha Guide")
        assert not str(tree._node_by_id["dive-into-ml"].label).startswith("✎")
    s.close()


# -- progress and the review log ------------------------------------------------------


def test_progress_markdown_and_json(data_dir, my_guides, capsys):
    with Store.open(data_dir) as store:
        store.set_item_state("install-python", "done")
        store.set_item_state("first-notebook", "in_progress")
        store.set_item_state("colab", "skipped")
    assert main(["export", "progress", "--data-dir", str(data_dir), "--content", str(my_guides)]) == 0
    out = capsys.readouterr().out
    assert "## Alpha Guide (2/4)" in out
    assert "### Getting started (2/3)" in out and "#### Cloud options (1/1)" in out
    assert "About this guide" not in out  # a note section is not a step of the roadmap
    assert "- [x] [Install Python](https://www.python.org/)" in out
    assert "- [ ] Write a first notebook *(in progress)*" in out
    assert "- [ ] ~~[Google Colab](https://colab.research.google.com/)~~ *(skipped)*" in out
    assert "- [ ] [A Few Useful Things to Know about Machine Learning](https://homes.cs.washington.edu/~pedrod/papers/cacm12.pdf)" in out
    assert main(["export", "progress", "--format", "json", "--data-dir", str(data_dir), "--content", str(my_guides)]) == 0
    report = json.loads(capsys.readouterr().out)
    alpha = next(g for g in report["guides"] if g["id"] == "alpha")
    assert alpha["progress"] == {"todo": 1, "in_progress": 1, "done": 1, "skipped": 1, "total": 4}
    assert [s["id"] for s in alpha["sections"]] == ["getting-started", "theory"]
    first = alpha["sections"][0]["items"][0]
    assert first["state"] == "done" and first["changed_at"].endswith("+00:00")


def test_reviews_csv_for_the_fsrs_optimizer(data_dir, tmp_path, capsys):
    t0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    now = [t0]
    data_dir.mkdir()
    col = Collection.open(data_dir, make_scheduler(), clock=lambda: now[0])
    col.answer("overfitting", 3, 4200)
    now[0] += timedelta(minutes=10)
    col.answer("overfitting", 3, 3100)
    col.answer("mlops", 1, 999)
    col.undo()  # excluded from the export
    now[0] += timedelta(days=3)
    col.answer("overfitting", 2, 8000)
    col.close()
    out = tmp_path / "reviews.csv"
    assert main(["export", "reviews", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    rows = list(csv.reader(out.read_text().splitlines()))
    assert rows[0] == ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
    oid = str(fsrs_id("overfitting"))
    ms = int(t0.timestamp() * 1000)
    assert rows[1:] == [
        [oid, str(ms), "3", "0", "4200"],
        [oid, str(ms + 600_000), "3", "1", "3100"],
        [oid, str(ms + 600_000 + 3 * 86_400_000), "2", "2", "8000"],
    ]
    ids = list(csv.reader((tmp_path / "reviews-card-ids.csv").read_text().splitlines()))
    assert ids == [["card_id", "card_slug"], [oid, "overfitting"]]


# -- backup and restore ---------------------------------------------------------------


def test_backup_and_restore_a_directory_with_state(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as store:
        store.set_item_state("colab", "done")
    col = Collection.open(data_dir, make_scheduler())
    col.answer("overfitting", 3)
    col.save()
    col.close()
    archive = tmp_path / "backup.zip"
    assert main(["backup", "-o", str(archive), "--data-dir", str(data_dir)]) == 0
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"studybuddy.json", "reviews.jsonl", "schedule.json"} <= names and "studybuddy.lock" not in names

    fresh = tmp_path / "fresh"
    assert main(["restore", str(archive), "--data-dir", str(fresh)]) == 0
    with Store.open(fresh) as store:
        assert store.item_states() == {"colab": "done"}
    assert "overfitting" in Collection.open(fresh, make_scheduler()).records

    # Not over a non-empty directory without --force; with it, the old one is kept aside.
    capsys.readouterr()
    assert main(["restore", str(archive), "--data-dir", str(data_dir)]) == 1
    assert "is not empty" in capsys.readouterr().err
    with Store.open(data_dir) as store:
        store.set_item_state("colab", "skipped")
    assert main(["restore", str(archive), "--data-dir", str(data_dir), "--force"]) == 0
    kept = [p for p in data_dir.parent.iterdir() if p.name.startswith("data.before-restore-")]
    assert len(kept) == 1
    with Store.open(kept[0]) as old, Store.open(data_dir) as new:
        assert old.item_states() == {"colab": "skipped"} and new.item_states() == {"colab": "done"}


def test_backup_refuses_while_the_app_is_open_and_restore_rejects_bad_files(data_dir, tmp_path, capsys):
    with Store.open(data_dir):
        assert main(["backup", "-o", str(tmp_path / "b.zip"), "--data-dir", str(data_dir)]) == 1
    assert "already using" in capsys.readouterr().err
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert main(["restore", str(tmp_path / "junk.zip"), "--data-dir", str(tmp_path / "new")]) == 1
    assert "not a readable zip file" in capsys.readouterr().err
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as z:
        z.writestr("../escape.txt", "x")
        z.writestr("studybuddy.json", "{}")
    assert main(["restore", str(tmp_path / "evil.zip"), "--data-dir", str(tmp_path / "new")]) == 1
    assert "unsafe path" in capsys.readouterr().err
    assert not (tmp_path / "escape.txt").exists()


def test_backup_into_a_folder_writes_a_dated_file_and_nothing_else(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as store:
        store.set_item_state("colab", "done")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", "-o", str(folder), "--data-dir", str(data_dir)]) == 0
    [made] = list(folder.iterdir())
    assert made.name.startswith("studybuddy-") and made.suffix == ".zip"
    assert f"to {made}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no stray temp file


def test_every_subcommand_help_has_a_description_and_an_example(capsys):
    import pytest

    for argv in (["review"], ["due"], ["check"], ["new-deck"], ["import", "anki"], ["export", "anki"],
                 ["export", "progress"], ["export", "reviews"], ["backup"], ["restore"], ["stats"], ["optimize"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        out = capsys.readouterr().out
        usage, description = out.split("\n\n")[:2]
        assert description.strip()[0].isupper() and description.strip().endswith("."), argv
        assert "example:\n  studybuddy " in out, argv

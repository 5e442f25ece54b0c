"""Issue 13, points 2, 6, 7 and 8: content, the journal and the command line, attacked as a
hostile user (or an unlucky one) would. Each test drives the real command, or the app
through App.run_test, and fails on the release before the fix (README: Reliability)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from studybuddy.datadir import JOURNAL_NAME
from tests.reliability.attack_helpers import TRACEBACK, answer_cards, assert_one_clean_line, studybuddy

ESC = "\x1b"


def user_deck(data: Path, text: str, name: str = "mine.yaml") -> Path:
    path = data / "content" / "decks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 2. text is data, never terminal control -----------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [("title", r'"Mine \e]0;pwned\a"'), ("definition", r'"wiped \e[2J\e[H"'), ("term", '"clip \\e]52;c;cm0gLXJmIH4=\\a"')],
)
def test_check_refuses_control_characters_with_file_and_line(tmp_path, field, value):
    data = tmp_path / "data"
    fields = {"title": "Mine", "term": "One", "definition": "The first."}
    fields[field] = value
    path = user_deck(
        data,
        f"id: mine\ntitle: {fields['title']}\ncards:\n  - id: mine-one\n    term: {fields['term']}\n    definition: {fields['definition']}\n",
    )
    proc = studybuddy(data, "check")
    assert proc.returncode == 1
    line = {"title": 2, "term": 5, "definition": 6}[field]
    assert f"{path}:{line}: '{field}' holds a control character U+001B" in proc.stderr
    assert ESC not in proc.stderr + proc.stdout


def test_no_escape_from_a_file_name_or_a_key_reaches_the_terminal(tmp_path):
    data = tmp_path / "data"
    user_deck(data, GOOD, f"x{ESC}]0;pwned\x07.yaml")
    proc = studybuddy(data, "check")
    assert proc.returncode == 0 and "card (x\\x1b]0;pwned\\x07.yaml)" in proc.stdout
    user_deck(data, GOOD.replace("mine", "keyed") + '    "\\e]0;pwned\\a": 1\n', "keyed.yaml")
    proc = studybuddy(data, "check")
    assert proc.returncode == 1 and "unknown key '\\x1b]0;pwned\\x07'" in proc.stderr
    assert ESC not in proc.stdout + proc.stderr


def test_anki_import_strips_control_characters_with_a_warning(tmp_path):
    data = tmp_path / "data"
    source = tmp_path / "shared.txt"
    source.write_text(f"#separator:tab\n#html:false\nClipboard\tset by {ESC}]52;c;cm0gLXJmIH4=\x07 a card\n", encoding="utf-8")
    proc = studybuddy(data, "import", "anki", str(source), "--deck", "Shared")
    assert proc.returncode == 0, proc.stderr
    assert f"{source}:3: removed control characters" in proc.stderr
    deck = (data / "content" / "decks" / "shared.yaml").read_text(encoding="utf-8")
    assert "\\e" not in deck and ESC not in deck and "\\a" not in deck
    assert studybuddy(data, "check").returncode == 0


# -- 6. one bad user file never locks the user out ----------------------------------------

BROKEN = "id: broken\ntitle: Broken\ncards:\n  - id: broken-one\n    term: One\n"  # no definition (line 4)
GOOD = "id: mine\ntitle: Mine\ncards:\n  - id: mine-one\n    term: One\n    definition: The first.\n"


def test_a_bad_user_deck_leaves_every_command_working_and_check_names_it(tmp_path):
    data = tmp_path / "data"
    answer_cards(data, ["machine-learning", "mine-one", "broken-one"])
    user_deck(data, GOOD)
    broken = user_deck(data, GOOD.replace("mine", "broken"), "broken.yaml")
    assert studybuddy(data, "check").returncode == 0
    broken.write_text(BROKEN, encoding="utf-8")  # the user edits it, and gets it wrong
    named = f"{broken}:4: card is missing required field 'definition'"
    for command in (["stats", "--json"], ["due"], ["export", "progress"]):
        proc = studybuddy(data, *command)
        assert proc.returncode == 0, (command, proc.stderr)
        assert named in proc.stderr
    stats = json.loads(studybuddy(data, "stats", "--json").stdout)
    assert stats  # the rest of the content is there
    check = studybuddy(data, "check")
    assert check.returncode == 1 and named in check.stderr
    # The history of its cards is kept: fixed, the deck's card comes back with its schedule.
    from studybuddy.content import load_content
    from studybuddy.srs.collection import Collection
    from studybuddy.srs.scheduling import make_scheduler

    broken.write_text(GOOD.replace("mine", "broken"), encoding="utf-8")
    assert studybuddy(data, "check").returncode == 0
    collection = Collection.open(data, make_scheduler(), readonly=True)
    assert {"broken-one", "mine-one", "machine-learning"} <= set(collection.records)
    assert "broken-one" in load_content([data / "content"]).cards


async def test_the_app_starts_without_the_bad_file_and_names_it(tmp_path, monkeypatch):
    from tests.tui_helpers import notifications

    from studybuddy.content.cache import load_content_cached
    from studybuddy.store import Store
    from studybuddy.tui.app import StudyBuddyApp

    data = tmp_path / "data"
    user_deck(data, GOOD)
    broken = user_deck(data, BROKEN, "broken.yaml")
    content = load_content_cached([data / "content"], data / "cache")  # as the CLI loads it
    assert "mine-one" in content.cards and "broken-one" not in content.cards
    from studybuddy.srs.study import Study

    with Store.open(data) as store:
        app = StudyBuddyApp(content, store, lambda: Study.open(content, data, store.settings()))
        said = notifications(app, monkeypatch)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            messages = [message for _, message in said]
            assert any(f"{broken}:4" in m for m in messages), messages


def test_an_empty_decks_directory_is_fine(tmp_path):
    data = tmp_path / "data"
    (data / "content" / "decks").mkdir(parents=True)
    for command in (["check"], ["stats"], ["due"]):
        proc = studybuddy(data, *command)
        assert proc.returncode == 0, (command, proc.stderr)


# -- 7. journal lines are validated for meaning; hostile YAML is refused --------------------


def journal_line(**fields) -> str:
    entry = {"seq": 99, "op": "review", "card": "model", "rating": 3, "at": "2026-01-02T10:00:00+00:00", "ms": 4000, "was": "new"}
    entry.update(fields)
    return json.dumps(entry)


@pytest.mark.parametrize(
    "line",
    [
        journal_line(at="2030-06-01T10:00:00+00:00"),
        journal_line(at="9999-12-31T23:59:59+00:00"),
        journal_line(at="1970-01-01T00:00:00+00:00"),
        json.dumps({"seq": 99, "op": "undo", "undoes": 1, "at": "2026-01-02T10:00:00"}),
        journal_line(op="explode"),
        journal_line(rating=7),
        journal_line(ms=-5),
        journal_line(ms=10 * 3_600_000),
        journal_line(card=f"model{ESC}]0;x"),
    ],
    ids=["2030", "year 9999", "1970", "undo without zone", "unknown kind", "rating 7", "negative time", "ten hours", "escape in id"],
)
def test_a_journal_line_that_cannot_be_true_is_set_aside_and_never_crashes(tmp_path, line):
    data = tmp_path / "data"
    answer_cards(data, ["machine-learning", "model", "training"])  # and a snapshot
    journal = data / JOURNAL_NAME
    good = journal.read_bytes()
    figures = lambda: {k: v for k, v in json.loads(studybuddy(data, "stats", "--json").stdout).items() if k in ("reviews", "cards")}  # noqa: E731
    before = figures()
    with open(journal, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    for command in (["stats"], ["due"], ["stats", "--json"]):
        proc = studybuddy(data, *command)
        assert proc.returncode == 0, (command, proc.stderr)
        assert TRACEBACK not in proc.stderr
    assert figures() == before  # the line counts for nothing
    # The app's path (the collection, writable): the line goes aside, with the repair notice.
    from studybuddy.srs.collection import Collection
    from studybuddy.srs.scheduling import make_scheduler

    collection = Collection.open(data, make_scheduler())
    assert any("set aside" in p for p in collection.problems), collection.problems
    [aside] = [p for p in data.iterdir() if ".bad-" in p.name]
    assert aside.read_text(encoding="utf-8") == line + "\n"
    assert journal.read_bytes() == good
    # The card is not pushed into the future: the next answer is stamped now.
    before = datetime.now(timezone.utc)
    record = collection.answer("model", 3)
    assert before <= record.card.last_review <= datetime.now(timezone.utc)
    assert record.due < before + timedelta(days=365)
    collection.close()


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [{','.join(['*' + chr(96 + n)] * 9)}]")
    return "id: bomb\ntitle: Bomb\ncards:\n  - id: bomb-one\n    term: One\n    definition: The first.\n" + "\n".join(lines) + "\n"


def _deep_guide(depth: int) -> str:
    out = ["id: deep", "title: Deep", "source: https://example.org/", "summary: Deep.", "sections:"]
    for level in range(depth):
        pad = "  " * (2 * level)
        out += [f"{pad}  - id: s{level}", f"{pad}    title: S{level}", f"{pad}    summary: Level {level}.", f"{pad}    sections:"]
    out[-1] = out[-1].replace("sections:", "items: []")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(
    "where, text, line, why",
    [
        ("decks/bomb.yaml", _alias_bomb(), 7, "anchors and aliases"),
        ("guides/deep.yaml", _deep_guide(200), 50, "nested more than"),
    ],
    ids=["alias bomb", "200 sections deep"],
)
def test_hostile_yaml_is_refused_with_file_and_line_quickly_and_in_little_memory(tmp_path, where, text, line, why):
    from studybuddy.content import ContentError, load_content

    data = tmp_path / "data"
    path = data / "content" / where
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    proc = studybuddy(data, "check")
    assert proc.returncode == 1 and TRACEBACK not in proc.stderr
    assert f"{path}:{line}: " in proc.stderr and why in proc.stderr
    assert studybuddy(data, "stats").returncode == 0  # and the rest works
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ContentError):
        load_content([data / "content"])
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 100 * 2**20, (elapsed, peak)


# -- 8. every command fails cleanly ----------------------------------------------------------


def test_a_closed_pipe_is_a_quiet_exit(tmp_path):
    data = tmp_path / "data"
    answer_cards(data, ["machine-learning", "model"])
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "studybuddy", "--data-dir", str(data), "stats"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        proc.stdout.close()  # `| head -1` that has already gone
        err = proc.stderr.read().decode()
        proc.wait(timeout=120)
        assert err == ""
        assert proc.returncode in (0, 141)
    assert not (data / "logs").exists()


def test_an_odd_time_zone_is_one_clear_line(tmp_path):
    for command in (["stats"], ["due"], ["review"]):
        line = assert_one_clean_line(studybuddy(tmp_path / "data", *command, env={"TZ": "UTC+24"}))
        assert "TZ='UTC+24'" in line


def _full_disk() -> None:
    # Every write to a file fails as on a full disk (EFBIG here, ENOSPC there: the same path).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_full_disk_at_start_is_one_clear_line_and_no_crash_report(tmp_path):
    data = tmp_path / "data"
    proc = studybuddy(data, stdin=subprocess.DEVNULL, preexec_fn=_full_disk)
    line = assert_one_clean_line(proc)
    assert "disk is full" in line and str(data) in line
    assert not (data / "logs").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory: the permission cannot be taken away")
def test_a_data_directory_the_user_may_not_read_is_one_clear_line(tmp_path):
    data = tmp_path / "data"
    answer_cards(data, ["model"])
    (data / "content").mkdir()
    data.chmod(0)
    try:
        for command in (["stats"], ["due"], ["check"], ["review"], ["backup", "-o", str(tmp_path / "b.zip")]):
            line = assert_one_clean_line(studybuddy(data, *command, stdin=subprocess.DEVNULL))
            assert "ermission denied" in line
    finally:
        data.chmod(0o755)


def test_a_data_directory_that_is_a_file_is_one_clear_line(tmp_path):
    data = tmp_path / "data"
    data.write_text("not a directory")
    source = tmp_path / "in.txt"
    source.write_text("A\tB\n", encoding="utf-8")
    for command in (["stats"], ["due"], ["review"], ["import", "anki", str(source)], ["new-deck", "X"]):
        assert_one_clean_line(studybuddy(data, *command, stdin=subprocess.DEVNULL))


def test_crash_reports_are_written_only_inside_the_data_directory():
    from studybuddy.crash_report import write_crash_report

    assert write_crash_report(None, RuntimeError("x")) is None
    source = (Path(__file__).resolve().parents[2] / "studybuddy" / "crash_report.py").read_text(encoding="utf-8")
    assert "tempfile" not in source and "gettempdir" not in source

"""Each bad file, and a bug, met by the real app started from the command line on a terminal.

Every case must start with a clear message and no traceback, keep whatever can be kept
and recover whatever can be recovered. The store and journal tests check the same cases
without a screen; these check what the user actually sees.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
from datetime import date

import pytest

from studybuddy.content import load_content
from studybuddy.srs.collection import Collection, effective_reviews
from studybuddy.srs.journal import JOURNAL_NAME, Journal
from studybuddy.srs.scheduling import make_scheduler
from studybuddy.store import SCHEMA_VERSION, Store
from studybuddy.store.backups import daily_backup
from studybuddy.store.database import DB_NAME
from tests.reliability.terminal import Terminal

BACKUP_DAY = date(2026, 11, 1)
# The browser header counts the first guide's items: "K/N finished".
GUIDE_ITEMS = len(load_content().guide_by_id("dive-into-ml").all_item_ids)


@pytest.fixture(scope="module")
def first_item() -> str:
    return load_content().guide_by_id("dive-into-ml").all_item_ids[0]


@pytest.fixture
def used_dir(data_dir, first_item):
    """A data directory after some use: one item done, three answers, yesterday's backup."""
    with Store.open(data_dir) as store:
        store.set_item_state(first_item, "done")
    collection = Collection.open(data_dir, make_scheduler())
    for slug in ("overfitting", "mlops", "backpropagation"):
        collection.answer(slug, 3, 4000)
    collection.save()
    collection.close()
    daily_backup(data_dir, BACKUP_DAY)
    return data_dir


def reviews_on_disk(data_dir) -> list[str]:
    return [e.card for e in effective_reviews(Journal(data_dir / JOURNAL_NAME).read().events)]


def start_and_quit(term: Terminal, *waits: str) -> int:
    for needle in ("finished", *waits):
        term.wait_for(needle)
    term.press(b"q")
    return term.wait_exit()


def aside_files(data_dir):
    return [p for p in data_dir.iterdir() if ".corrupt-" in p.name]


@pytest.mark.parametrize(
    "name, blob, problem",
    [
        ("empty", b"", "empty"),
        ("garbage", b"\x00\xff\xfegarbage\x13", "valid JSON"),
        ("wrong shape", b'{"checklist": [1, 2, 3]}', "wrong shape"),
    ],
)
def test_an_unreadable_database_without_a_backup_is_kept_aside_and_a_fresh_one_started(data_dir, name, blob, problem):
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(blob)
    with Terminal(data_dir) as term:
        assert start_and_quit(term, "Your data was repaired", problem) == 0
        assert "Traceback" not in term.text
    [aside] = aside_files(data_dir)
    assert aside.read_bytes() == blob
    with Store.open(data_dir) as store:
        assert store.item_states() == {} and store.warnings == []


def test_a_truncated_database_offers_the_backup_and_enter_restores_it(used_dir, first_item):
    blob = (used_dir / DB_NAME).read_bytes()
    (used_dir / DB_NAME).write_bytes(blob[: len(blob) // 2])
    with Terminal(used_dir) as term:
        term.wait_for("Your progress file could not be read")
        term.wait_for(f"Restore the backup of {BACKUP_DAY}")
        mark = term.mark()
        # Fresh until the user answers; the header may be drawn after the prompt.
        term.wait_for(f"0/{GUIDE_ITEMS} finished")
        term.press(b"\r")
        term.wait_for("Backup restored", since=mark)
        term.wait_for(f"1/{GUIDE_ITEMS} finished", since=mark)
        term.press(b"q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.text
    with Store.open(used_dir) as store:
        assert store.item_states() == {first_item: "done"} and store.restore_offer is None
    [aside] = aside_files(used_dir)
    assert aside.read_bytes() == blob[: len(blob) // 2]
    assert reviews_on_disk(used_dir) == ["overfitting", "mlops", "backpropagation"]


def test_garbage_offers_the_backup_and_escape_starts_fresh_keeping_everything(used_dir):
    (used_dir / DB_NAME).write_bytes(b"\x89PNG\r\n\x1a\n not a database")
    with Terminal(used_dir) as term:
        term.wait_for(f"Restore the backup of {BACKUP_DAY}")
        mark = term.mark()
        term.press(b"\x1b")
        term.wait_for("Not restored", since=mark)
        term.press(b"q")
        assert term.wait_exit() == 0
    with Store.open(used_dir) as store:
        assert store.item_states() == {} and store.restore_offer is None
    assert (used_dir / "backups" / f"studybuddy-{BACKUP_DAY}.zip").exists()
    [aside] = aside_files(used_dir)
    assert aside.read_bytes().startswith(b"\x89PNG")


def test_a_question_left_unanswered_is_asked_again(used_dir, first_item):
    (used_dir / DB_NAME).write_bytes(b"{")
    with Terminal(used_dir) as term:
        term.wait_for(f"Restore the backup of {BACKUP_DAY}")
        term.kill()  # the terminal closed while the question was up
    with Terminal(used_dir) as term:
        term.wait_for(f"Restore the backup of {BACKUP_DAY}")
        term.press(b"\r")
        term.wait_for("Backup restored")
        term.press(b"q")
        assert term.wait_exit() == 0
    with Store.open(used_dir) as store:
        assert store.item_states() == {first_item: "done"}


def test_a_newer_schema_is_refused_untouched(data_dir):
    data_dir.mkdir()
    blob = json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "checklist": {}}).encode()
    (data_dir / DB_NAME).write_bytes(blob)
    with Terminal(data_dir) as term:
        assert term.wait_exit() == 1
        assert "newer StudyBuddy" in term.text and "Traceback" not in term.text
    assert (data_dir / DB_NAME).read_bytes() == blob
    assert not aside_files(data_dir)


def test_a_damaged_journal_line_is_set_aside_reported_and_the_rest_kept(used_dir):
    path = used_dir / JOURNAL_NAME
    lines = path.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b'{"seq": 2, "op": "rev\n' + lines[2]
    path.write_bytes(damaged)
    with Terminal(used_dir) as term:
        assert start_and_quit(term, "Your data was repaired", "set aside") == 0
        assert "Traceback" not in term.text
    assert path.read_bytes().startswith(lines[0] + lines[2])  # every good line kept
    [aside] = [p for p in used_dir.iterdir() if ".bad-" in p.name]
    assert aside.read_bytes() == b'{"seq": 2, "op": "rev\n'  # the bad one kept beside it
    assert reviews_on_disk(used_dir) == ["overfitting", "backpropagation"]


def test_an_unreadable_review_log_is_named_and_left_alone(used_dir):
    (used_dir / JOURNAL_NAME).unlink()
    (used_dir / JOURNAL_NAME).mkdir()  # not a file: reading it fails as an unreadable disk would
    (used_dir / JOURNAL_NAME / "keep").write_text("untouched")
    with Terminal(used_dir) as term:
        assert term.wait_exit() == 1
        assert f"cannot read your review log {used_dir / JOURNAL_NAME}" in term.text.replace("\r\n", "")
        assert "Traceback" not in term.text
    assert (used_dir / JOURNAL_NAME / "keep").read_text() == "untouched"
    assert not (used_dir / "logs").exists()  # not a bug, so no crash report


def _read_only_wrap(directory) -> list[str]:
    """Make `directory` read-only for the app: a read-only bind mount when running as root
    (permissions do not stop root), file modes otherwise."""
    if os.geteuid() != 0:
        for path in [directory, *directory.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return []
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: no way to make a directory read-only")
    return ["unshare", "-rm", "sh", "-c", f'mount --bind -o ro "{directory}" "{directory}" && exec "$@"', "sh"]


def test_a_read_only_directory_says_so_and_runs_read_only(used_dir, first_item):
    before = {p.name: p.read_bytes() for p in used_dir.iterdir() if p.is_file()}
    with Terminal(used_dir, wrap=_read_only_wrap(used_dir)) as term:
        term.wait_for("read-only")
        term.wait_for(f"1/{GUIDE_ITEMS} finished")
        mark = term.mark()
        term.press(b"j", b"\t", b" ")  # try to tick an item
        term.wait_for("Not saved", since=mark)
        term.press(b"q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.text
    used_dir.chmod(0o755)
    assert {p.name: p.read_bytes() for p in used_dir.iterdir() if p.is_file()} == before


def test_a_full_disk_keeps_the_answer_on_screen_and_loses_nothing(used_dir):
    journal = (used_dir / JOURNAL_NAME).read_bytes()
    limit = len(journal)

    def small_disk() -> None:
        # No file may grow past the journal's present size: the next answer cannot be written.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with Terminal(used_dir, ["review"], preexec_fn=small_disk) as term:
        term.wait_for("done this session 0")
        mark = term.mark()
        term.press(b" ", b"3")
        term.wait_for("Answer not saved", since=mark)
        assert "done this session 1" not in term.text
        term.press(b"q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.text
    assert (used_dir / JOURNAL_NAME).read_bytes() == journal
    assert reviews_on_disk(used_dir) == ["overfitting", "mlops", "backpropagation"]


BUG = """
import sys
from studybuddy.cli import main
from studybuddy.tui.screens.browser import BrowserScreen

def action_filter(self):
    raise RuntimeError("injected fault")

BrowserScreen.action_filter = action_filter
sys.exit(main())
"""


def test_a_bug_ends_the_app_with_a_sentence_not_a_traceback_and_keeps_the_work(data_dir, first_item):
    with Terminal(data_dir, code=BUG) as term:
        term.wait_for(f"0/{GUIDE_ITEMS} finished")
        mark = term.mark()
        term.press(b"j", b"\t", b" ")
        term.wait_for(f"1/{GUIDE_ITEMS} finished", since=mark)
        term.press(b"/")
        assert term.wait_exit() == 1
        shown = term.text
    assert "StudyBuddy stopped after an unexpected error (RuntimeError: injected fault)" in shown
    assert "Everything you did before it was saved" in shown
    assert "Traceback" not in shown and "action_filter" not in shown
    [report] = (data_dir / "logs").glob("studybuddy-crash-*.txt")
    assert "Traceback" in report.read_text() and "injected fault" in report.read_text()
    assert str(report) in shown.replace("\r\n", "")
    with Store.open(data_dir) as store:
        assert store.item_states() == {first_item: "done"}


def test_a_bug_outside_the_app_is_a_sentence_too(data_dir, monkeypatch, capsys):
    from studybuddy import cli
    from studybuddy.cli import study

    def broken(*args):
        raise KeyError("boom")

    monkeypatch.setattr(study, "due", broken)
    assert cli.main(["due", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("studybuddy: StudyBuddy stopped after an unexpected error (KeyError: 'boom')")
    assert "Traceback" not in err
    assert len(list((data_dir / "logs").glob("studybuddy-crash-*.txt"))) == 1

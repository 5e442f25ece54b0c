"""The store: round trip, atomic writes, the directory lock, and damaged files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studybuddy.store import SCHEMA_VERSION, Store, StoreLocked, StoreTooNew, StoreWriteError
from studybuddy.store.database import DB_NAME


def test_round_trip_keeps_states_times_and_ui(data_dir):
    with Store.open(data_dir) as store:
        store.set_item_state("a", "done")
        store.set_item_state("b", "in_progress")
        store.set_item_state("a", "skipped")
        store.ui_set(last_section="s1")
    with Store.open(data_dir) as store:
        assert store.item_states() == {"a": "skipped", "b": "in_progress"}
        assert store.ui_get("last_section") == "s1"
        assert store.item_state("never-touched") == "todo"
    raw = json.loads((data_dir / DB_NAME).read_text())
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    [doc_a] = [d for d in raw["checklist"].values() if d["item"] == "a"]
    assert doc_a["state"] == "skipped" and doc_a["changed_at"].endswith("+00:00")
    assert len(raw["checklist"]) == 2  # updates replace, they do not pile up


def test_unknown_state_is_refused(data_dir):
    with Store.open(data_dir) as store, pytest.raises(ValueError):
        store.set_item_state("a", "finished")


def test_state_for_ids_not_in_content_is_kept(data_dir):
    with Store.open(data_dir) as store:
        store.set_item_state("removed-resource", "done")
    with Store.open(data_dir) as store:
        store.set_item_state("other", "done")
    with Store.open(data_dir) as store:
        assert store.item_states()["removed-resource"] == "done"


def test_failed_replace_leaves_the_old_file_whole(data_dir, monkeypatch):
    with Store.open(data_dir) as store:
        store.set_item_state("a", "done")
        before = (data_dir / DB_NAME).read_bytes()

        def crash(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", crash)
        with pytest.raises(StoreWriteError, match="No space left"):
            store.set_item_state("b", "done")
        monkeypatch.undo()
        assert (data_dir / DB_NAME).read_bytes() == before
        assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
        # The failed change is not believed in memory either.
        assert store.item_state("b") == "todo"
        store.set_item_state("c", "done")
    with Store.open(data_dir) as store:
        assert store.item_states() == {"a": "done", "c": "done"}


def test_write_goes_through_a_fsynced_temporary_file(data_dir, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append(("replace", Path(a).name, Path(b).name)), real_replace(a, b)))
    with Store.open(data_dir) as store:
        calls.clear()
        store.set_item_state("a", "done")
    assert calls[0] == "fsync"
    assert calls[1][0] == "replace" and calls[1][1].endswith(".tmp") and calls[1][2] == DB_NAME


def test_second_open_is_refused_naming_the_directory(data_dir):
    with Store.open(data_dir):
        with pytest.raises(StoreLocked) as info:
            Store.open(data_dir)
        assert str(data_dir) in str(info.value)
        assert str(os.getpid()) in str(info.value)
    with Store.open(data_dir):
        pass  # released on close


def test_lock_of_a_killed_process_is_taken_over(data_dir):
    code = (
        "import sys,time; from studybuddy.store import Store; "
        f"s=Store.open({str(data_dir)!r}); print('ready', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match=f"process {proc.pid}"):
            Store.open(data_dir)
    finally:
        proc.kill()
        proc.wait()
    with Store.open(data_dir) as store:
        store.set_item_state("a", "done")


def test_readonly_open_needs_no_lock_and_creates_nothing(data_dir):
    with Store.open(data_dir / "missing", readonly=True) as store:
        assert store.item_states() == {}
    assert not (data_dir / "missing").exists()
    with Store.open(data_dir) as writer:
        writer.set_item_state("a", "done")
        with Store.open(data_dir, readonly=True) as reader:
            assert reader.item_states() == {"a": "done"}
            with pytest.raises(StoreWriteError):
                reader.set_item_state("a", "todo")


@pytest.mark.parametrize(
    "damage, reason",
    [
        (b"", "empty"),
        (b'{"checklist": {"1": {"item": "a", "sta', "not valid JSON"),
        (bytes(range(256)) * 4, "not valid JSON"),
        (b'["a", "list"]', "not a JSON object"),
        (b'{"checklist": [1, 2, 3]}', "wrong shape"),
    ],
)
def test_unreadable_database_is_moved_aside_not_overwritten(data_dir, damage, reason):
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(damage)
    with Store.open(data_dir) as store:
        [warning] = store.warnings
        assert reason in warning and str(data_dir / DB_NAME) in warning
        store.set_item_state("a", "done")
    [aside] = [p for p in data_dir.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == damage
    assert aside.name in warning
    with Store.open(data_dir) as store:
        assert store.item_states() == {"a": "done"} and store.warnings == []


def test_newer_schema_is_refused_and_left_untouched(data_dir):
    data_dir.mkdir()
    blob = json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "checklist": {}}).encode()
    (data_dir / DB_NAME).write_bytes(blob)
    with pytest.raises(StoreTooNew, match="newer StudyBuddy"):
        Store.open(data_dir)
    assert (data_dir / DB_NAME).read_bytes() == blob
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_NAME, "studybuddy.lock"]
    # The lock was released, so the refusal did not leave the directory unusable.
    with pytest.raises(StoreTooNew):
        Store.open(data_dir)


def test_daily_backups_keep_seven_and_an_unreadable_database_offers_the_newest(data_dir):
    from datetime import date, timedelta

    from studybuddy.store.backups import daily_backup

    with Store.open(data_dir) as store:
        store.set_item_state("a", "done")
    first = date(2026, 3, 1)
    for offset in range(10):
        assert daily_backup(data_dir, first + timedelta(days=offset)) is not None
    assert daily_backup(data_dir, first + timedelta(days=9)) is None  # one a day
    kept = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert kept == [f"studybuddy-2026-03-{d:02d}.zip" for d in range(4, 11)]

    (data_dir / DB_NAME).write_bytes(b"\x00garbage")
    with Store.open(data_dir) as store:
        # Offered, not done: a fresh database until the user says so.
        assert store.item_states() == {}
        offer = store.restore_offer
        assert offer is not None and offer.backup_day == "2026-03-10"
        assert "not valid JSON" in offer.problem
        assert (data_dir / offer.kept_as).read_bytes() == b"\x00garbage"
    # Read-only (say, `studybuddy stats` while the app is open) it cannot be acted on.
    with Store.open(data_dir, readonly=True) as store:
        assert store.restore_offer is None
    # Not answered (the app was closed at the question): asked again at the next start.
    with Store.open(data_dir) as store:
        assert store.restore_offer == offer
        assert store.restore_backup() == "2026-03-10"
        assert store.item_states() == {"a": "done"} and store.restore_offer is None
        store.set_item_state("b", "skipped")  # the restored database is the live one
    with Store.open(data_dir) as store:
        assert store.item_states() == {"a": "done", "b": "skipped"} and store.restore_offer is None


def test_a_declined_restore_is_not_offered_again_and_nothing_is_deleted(data_dir):
    from datetime import date

    from studybuddy.store.backups import daily_backup

    with Store.open(data_dir) as store:
        store.set_item_state("a", "done")
    daily_backup(data_dir, date(2026, 3, 1))
    (data_dir / DB_NAME).write_text('{"checklist": [1, 2]}')
    with Store.open(data_dir) as store:
        assert "wrong shape" in store.restore_offer.problem
        store.decline_restore()
        store.set_item_state("c", "done")
    with Store.open(data_dir) as store:
        assert store.restore_offer is None and store.item_states() == {"c": "done"}
    assert (data_dir / "backups" / "studybuddy-2026-03-01.zip").exists()
    assert len([p for p in data_dir.iterdir() if ".corrupt-" in p.name]) == 1

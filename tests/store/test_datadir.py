"""The data directory's one owner: its names, the one atomic write and the one set_aside."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from studybuddy.datadir import DataDir, atomic_write, is_user_file, set_aside

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


def test_set_aside_never_replaces_an_earlier_copy_in_the_same_second(tmp_path):
    path = tmp_path / "studybuddy.json"
    kept = []
    for blob in (b"first", b"second", b"third"):
        path.write_bytes(blob)
        kept.append(set_aside(path, "corrupt", now=NOW))
    kept.append(set_aside(path, "corrupt", now=NOW, data=b"fourth"))
    assert [p.read_bytes() for p in kept] == [b"first", b"second", b"third", b"fourth"]
    assert len({p.name for p in kept}) == 4 and not path.exists()


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(b"old")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        atomic_write(path, [b"new ", b"chunks"])
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.jsonl"]


def test_only_the_users_own_files_are_theirs(tmp_path):
    for name in ("studybuddy.json", "reviews.jsonl", "schedule.json", "content/decks/my-words.yaml", "content/guides/g.yml"):
        assert is_user_file(name), name
    for name in ("cache/content-x.pickle", "logs/studybuddy-crash-x.txt", "backups/x.zip", "studybuddy.lock",
                 "due-index.json", "content/decks/../../x.yaml", "content/decks/sub/x.yaml", "content/decks/x.py"):
        assert not is_user_file(name), name
    data = DataDir.at(tmp_path)
    assert data.cache == tmp_path / "cache" and data.logs == tmp_path / "logs"

"""Issue 13, points 1, 4 and 5: backups, restores and imports, attacked as a hostile user would.

Each test drives the real command and fails on the release before the fix (see the README's
Reliability section for the table)."""

from __future__ import annotations

import io
import os
import pickle
import random
import resource
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from studybuddy.content.files import content_dirs, fingerprint
from studybuddy.datadir import DataDir
from studybuddy.store.lock import DirectoryLock
from tests.reliability.attack_helpers import answer_cards, assert_one_clean_line, studybuddy, tree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def used(tmp_path) -> Path:
    """A data directory with answers, a snapshot, a user deck, a cache, logs and a daily backup."""
    data = tmp_path / "data"
    answer_cards(data, ["machine-learning", "model", "training"])
    deck = data / "content" / "decks" / "mine.yaml"
    deck.parent.mkdir(parents=True)
    deck.write_text("id: mine\ntitle: Mine\ncards:\n  - id: mine-one\n    term: One\n    definition: The first.\n")
    assert studybuddy(data, "stats").returncode == 0  # leaves a cache behind
    (data / "logs").mkdir()
    (data / "logs" / "studybuddy-crash-x.txt").write_text("old report")
    (data / "backups").mkdir()
    (data / "backups" / "studybuddy-2026-01-01.zip").write_bytes(b"PK old")
    return data


class Payload:
    """Unpickling this runs a shell command: what a doctored cache file does on load."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def zip_of(entries: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


# -- 1. nothing executable in the data directory ---------------------------------------


def test_a_backup_holds_only_the_users_own_files(used, tmp_path):
    out = tmp_path / "backup.zip"
    proc = studybuddy(used, "backup", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    names = sorted(zipfile.ZipFile(out).namelist())
    assert names == ["content/decks/mine.yaml", "reviews.jsonl", "schedule.json", "studybuddy.json"]
    assert not any(name.endswith(".pickle") for name in names)


def test_a_doctored_backup_cannot_run_code(tmp_path):
    marker = tmp_path / "pwned"
    key = fingerprint(content_dirs([]))  # what the data directory's content fingerprint is
    doctored = tmp_path / "doctored.zip"
    doctored.write_bytes(
        zip_of(
            {
                "studybuddy.json": b'{"meta": {"1": {"schema_version": 1}}}',
                f"cache/content-{key}.pickle": pickle.dumps(Payload(marker)),
                f"cache/content-{key}.json": b'{"format": 1}',
            }
        )
    )
    data = tmp_path / "data"
    proc = studybuddy(data, "restore", str(doctored))
    assert proc.returncode == 0, proc.stderr
    assert "not your own files" in proc.stderr and "cache/content-" in proc.stderr
    assert not (data / "cache").exists()
    for command in (["stats"], ["due"], ["check"]):
        assert studybuddy(data, *command).returncode == 0
    assert not marker.exists()


def test_the_package_never_imports_a_format_that_runs_code():
    import ast

    package = Path(__file__).resolve().parents[2] / "studybuddy"
    offenders = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [(path.name, n) for n in names if n.split(".")[0] in ("pickle", "marshal", "shelve", "dill", "cloudpickle")]
    assert offenders == []


def test_the_cache_lives_in_the_platform_cache_directory(tmp_path):
    env = {
        "STUDYBUDDY_HOME": "",
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "HOME": str(tmp_path / "home"),
    }
    proc = subprocess.run([sys.executable, "-m", "studybuddy", "stats"], capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    caches = list((tmp_path / "xdg-cache").rglob("content-*"))
    assert [p.suffix for p in caches] == [".json"]
    assert not list((tmp_path / "xdg-data").rglob("cache"))


def test_a_cache_file_with_a_control_character_is_not_trusted(tmp_path):
    from studybuddy.content.cache import load_content_cached

    data = DataDir.at(tmp_path / "data")
    first = load_content_cached([], data.cache)
    [cached] = data.cache.glob("content-*.json")
    cached.write_text(cached.read_text(encoding="utf-8").replace('"ML Jargon"', '"\\u001b]0;pwned\\u0007"'), encoding="utf-8")
    again = load_content_cached([], data.cache)
    assert [d.title for d in again.decks] == [d.title for d in first.decks] == ["ML Jargon"]


# -- 4. restore is atomic and bounded ----------------------------------------------------


def test_a_zip_bomb_is_refused_and_nothing_changes(used, tmp_path):
    before = tree(used)
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zip_of({"studybuddy.json": b"{}", "reviews.jsonl": b"\n" * (300 * 2**20)}, level=1))
    assert bomb.stat().st_size < 2 * 2**20
    proc = studybuddy(used, "restore", "--force", str(bomb))
    line = assert_one_clean_line(proc)
    assert "at most 256 MB" in line and "nothing was restored" in line
    assert tree(used) == before
    assert sorted(p.name for p in used.parent.iterdir()) == ["bomb.zip", "data"]  # no half-unpacked sibling left


@pytest.mark.parametrize(
    "entries, why",
    [
        ({"studybuddy.json": b"{}", f"content/decks/{'a' * 300}.yaml": b"id: a"}, "a name of"),
        ({"studybuddy.json": b"{}", **{f"content/decks/d{i}.yaml": b"" for i in range(10_001)}}, "entries (at most"),
        ({"studybuddy.json": b"{}", "../escape.txt": b"x"}, "unsafe path"),
        ({"studybuddy.json": b"\x89PNG not a database"}, "cannot be used"),
        ({"studybuddy.json": b"{}", "reviews.jsonl": b'{"seq":1,"op":"review","card":"x","rating":3,"at":"9999-01-01T00:00:00+00:00"}\n'}, "cannot be used"),
    ],
    ids=["long name", "too many entries", "escaping path", "unreadable database", "future journal"],
)
def test_a_bad_backup_is_refused_and_the_directory_is_exactly_as_it_was(used, tmp_path, entries, why):
    before = tree(used)
    archive = tmp_path / "bad.zip"
    archive.write_bytes(zip_of(entries, level=1))
    line = assert_one_clean_line(studybuddy(used, "restore", "--force", str(archive)))
    assert why in line
    assert tree(used) == before
    assert sorted(p.name for p in used.parent.iterdir()) == ["bad.zip", "data"]


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_during_restore_changes_nothing(used, tmp_path):
    """The disk fills up half-way through unpacking (a file-size limit stands in for it)."""
    good = tmp_path / "good.zip"
    assert studybuddy(used, "backup", "-o", str(good)).returncode == 0
    big = zipfile.ZipFile(good)
    entries = {name: big.read(name) for name in big.namelist()}
    entries["content/decks/big.yaml"] = b"id: big\ntitle: Big\ncards: []\n" + b"#" * (4 * 2**20)
    archive = tmp_path / "big.zip"
    archive.write_bytes(zip_of(entries, level=1))
    before = tree(used)
    proc = studybuddy(used, "restore", "--force", str(archive), preexec_fn=_limit_file_size(2**20))
    line = assert_one_clean_line(proc)
    assert f"nothing was changed in {used}" in line
    assert tree(used) == before
    assert sorted(p.name for p in used.parent.iterdir()) == ["big.zip", "data", "good.zip"]


def test_force_keeps_the_previous_directory_and_says_where(used, tmp_path):
    archive = tmp_path / "backup.zip"
    assert studybuddy(used, "backup", "-o", str(archive)).returncode == 0
    before = tree(used)
    proc = studybuddy(used, "restore", "--force", str(archive))
    assert proc.returncode == 0, proc.stderr
    [kept_line] = [line for line in proc.stdout.splitlines() if line.startswith("The previous contents are kept in ")]
    kept = Path(kept_line.removeprefix("The previous contents are kept in "))
    assert tree(kept) == before
    assert tree(used) == {name: before[name] for name in ("content/decks/mine.yaml", "reviews.jsonl", "schedule.json", "studybuddy.json")}
    assert studybuddy(used, "stats").returncode == 0


def test_a_kill_at_any_moment_of_a_restore_leaves_one_whole_directory(used, tmp_path):
    archive = tmp_path / "backup.zip"
    # A journal big enough to take a while (3,000 answers two minutes apart, all in the past).
    answer_cards(used, [f"c{i}" for i in range(3000)], start=datetime.now(timezone.utc) - timedelta(days=10))
    assert studybuddy(used, "backup", "-o", str(archive)).returncode == 0
    assert studybuddy(tmp_path / "trial", "restore", str(archive)).returncode == 0  # a restore that goes through
    old = tree(used)
    new = {name: old[name] for name in zipfile.ZipFile(archive).namelist()}
    rng = random.Random(13)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "studybuddy", "--data-dir", str(used), "restore", "--force", str(archive)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, 0.8))  # a kill at a random moment, not a wait for a state
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert tree(used) in (old, new)
        old = tree(used)


def test_a_backup_made_by_the_previous_release_restores(tmp_path):
    data = tmp_path / "data"
    proc = studybuddy(data, "restore", str(FIXTURES / "backup-0.1.0.zip"))
    assert proc.returncode == 0, proc.stderr
    assert "not your own files" in proc.stderr  # its cache, its daily backups and the due index stay out
    assert sorted(tree(data)) == ["content/decks/old-words.yaml", "reviews.jsonl", "schedule.json", "studybuddy.json"]
    stats = studybuddy(data, "stats", "--json")
    assert stats.returncode == 0, stats.stderr


# -- 5. imports are all-or-nothing and locked ------------------------------------------


def anki_file(path: Path, rows: list[str], header: str = "#separator:tab\n#html:false\n") -> Path:
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "rows, deck, why",
    [
        (["only a front"], None, "no card could be read"),
        (["Overfit\tToo close to the training data"], "jargon", "duplicate deck id 'jargon'"),
    ],
    ids=["no cards", "a bundled deck id"],
)
def test_a_failed_import_writes_nothing_and_everything_still_works(tmp_path, rows, deck, why):
    data = tmp_path / "data"
    source = anki_file(tmp_path / "in.txt", rows)
    proc = studybuddy(data, "import", "anki", str(source), *(["--deck", deck] if deck else []))
    assert proc.returncode == 1
    assert why in proc.stderr and "nothing was written" in proc.stderr
    assert not (data / "content" / "decks").exists() or not list((data / "content" / "decks").iterdir())
    for command in (["stats"], ["due"], ["check"]):
        after = studybuddy(data, *command)
        assert after.returncode == 0, (command, after.stderr)


def test_duplicate_guids_are_reported_with_their_lines(tmp_path):
    data = tmp_path / "data"
    source = anki_file(
        tmp_path / "in.txt",
        ["Alpha\tFirst\tg1", "Beta\tSecond\tg2", "Gamma\tThird\tg1"],
        header="#separator:tab\n#html:false\n#guid column:3\n",
    )
    proc = studybuddy(data, "import", "anki", str(source), "--deck", "Greek")
    assert proc.returncode == 0, proc.stderr
    assert f"{source}:6: guid 'g1' is already used on line 4; row skipped" in proc.stderr
    assert "2 new, 0 updated, 0 unchanged, 1 row skipped" in proc.stdout


def test_two_imports_at_once_never_lose_cards(tmp_path):
    data = tmp_path / "data"
    sources = [anki_file(tmp_path / f"in{n}.txt", [f"Term {n}-{i}\tMeaning {i}" for i in range(3000)]) for n in (1, 2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "studybuddy", "--data-dir", str(data), "import", "anki", str(s), "--deck", "Shared"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in sources
    ]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    ok = [r for r in results if r[0] == 0]
    assert ok
    for code, _, err in results:
        assert code == 0 or "is already using the data directory" in err, err
    cards = yaml.safe_load((data / "content" / "decks" / "shared.yaml").read_text(encoding="utf-8"))["cards"]
    assert len(cards) == 3000 * len(ok)  # every import that said it added its cards has them on disk


def test_import_and_new_deck_take_the_data_directory_lock(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    lock = DirectoryLock(data)
    lock.acquire()  # the app is open on this directory
    try:
        for args in (["new-deck", "My words"], ["import", "anki", str(anki_file(tmp_path / "in.txt", ["A\tB"]))]):
            line = assert_one_clean_line(studybuddy(data, *args))
            assert "is already using the data directory" in line
        assert not (data / "content").exists()
    finally:
        lock.release()


def test_importing_into_a_damaged_deck_names_it_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    deck = data / "content" / "decks" / "shared.yaml"
    deck.parent.mkdir(parents=True)
    deck.write_text("id: shared\ntitle: [unclosed\n", encoding="utf-8")
    line = assert_one_clean_line(studybuddy(data, "import", "anki", str(anki_file(tmp_path / "in.txt", ["A\tB"])), "--deck", "Shared"))
    assert f"{deck}:" in line and "nothing was written" in line
    assert deck.read_text(encoding="utf-8") == "id: shared\ntitle: [unclosed\n"

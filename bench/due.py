"""`studybuddy due`: the whole process, as a shell prompt runs it, in every state a user meets.

`python -m studybuddy due --data-dir D` on generated years of use at 10,000 and 50,000 cards
(the quick run: 10,000 only), interleaved with `python -c "import tinydb"` on the same
interpreter; ratios of medians. States, each set up again before every timed run:

- index current: as after a session of the app (the last `due` left it current);
- stale, own answers: five answers made through Collection.answer (as the app makes them)
  after the index was written, the app still open (so nothing refreshed the index);
- stale, another device: five answers appended to the journal as lines of
  studybuddy.srs.journal (a synced journal from another machine);
- content edit: a small deck of the user's own (20 cards) changed after the index and the
  content cache were written: only that file has to be parsed again;
- no cache: the content cache and the due index removed (after an upgrade, or a cleaned
  cache directory); compared with a process that parses the same content once
  (`python -c "load_content(...)"`), which any uncached start has to do.

`due` must never import textual: checked with `-X importtime` in the stale state.

Targets: current, stale (own, device) and content edit at most 3 times `import tinydb`;
no cache at most 1.3 times parsing the content once.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from common import PYTHON, Result, Workspace, ensure_importable, median, run_process

ensure_importable()

from studybuddy.datadir import DUE_INDEX_NAME, DataDir  # noqa: E402

TINYDB = "python -c 'import tinydb'"
SMALL_DECK = "small.yaml"
# A state whose `due` takes longer than this (seconds) is timed fewer times.
SLOW, SLOW_RUNS = 2.0, 5


def due_argv(data_dir: Path, *python_options: str) -> list[str]:
    return [PYTHON, *python_options, "-m", "studybuddy", "due", "--data-dir", str(data_dir)]


def parse_once_argv(data_dir: Path) -> list[str]:
    code = f"from pathlib import Path; from studybuddy.content import load_content; load_content([Path({str(data_dir / 'content')!r})])"
    return [PYTHON, "-c", code]


class Saved:
    """Files of a data directory as they were, put back before each timed run."""

    def __init__(self, data_dir: Path, names: tuple[str, ...]):
        self.data_dir = data_dir
        self.kept = data_dir.parent / f"{data_dir.name}-kept"
        shutil.rmtree(self.kept, ignore_errors=True)
        self.kept.mkdir()
        self.names = names
        for name in names:
            source = data_dir / name
            if source.is_dir():
                shutil.copytree(source, self.kept / name)
            elif source.exists():
                shutil.copy2(source, self.kept / name)

    def restore(self) -> None:
        for name in self.names:
            target, source = self.data_dir / name, self.kept / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            if source.is_dir():
                shutil.copytree(source, target)
            elif source.exists():
                shutil.copy2(source, target)


def own_answers(data_dir: Path) -> None:
    from studybuddy.content.cache import load_content_cached
    from studybuddy.srs.study import Study
    from studybuddy.store import Store

    content = load_content_cached([data_dir / "content"], DataDir.at(data_dir).cache)
    with Store.open(data_dir) as store:
        study = Study.open(content, data_dir, store.settings())
        try:
            for slug in study.deck_order[:5]:
                study.collection.answer(slug, 3, 4000)
        finally:
            study.collection.close()


def other_device(data_dir: Path) -> None:
    from studybuddy.srs.journal import JOURNAL_NAME, Journal, Review, encode

    journal = Journal(data_dir / JOURNAL_NAME, readonly=True)
    last = journal.read().events[-1].seq
    now = datetime.now(timezone.utc)
    with open(data_dir / JOURNAL_NAME, "ab") as handle:
        for i in range(5):
            handle.write(encode(Review(last + 1 + i, f"card-{i}", 3, now, 4000, "review")))


def small_deck(data_dir: Path, cards: int, marker: str) -> None:
    lines = ["id: bench-small", f"title: Small deck {marker}", "cards:"]
    for i in range(cards):
        lines += [f"  - id: small-{i}", f"    term: Small term {i}", f"    definition: A short definition {marker}."]
    (data_dir / "content" / "decks" / SMALL_DECK).write_text("\n".join(lines) + "\n")


def prepare(ws: Workspace, cards: int, reviews: int) -> dict[str, tuple[list[str], object]]:
    """{state: (argv, before each run)} for one size."""
    label = f"{cards // 1000}k cards"
    states: dict[str, tuple[list[str], object]] = {}

    current = ws.copy(cards, reviews, "due-current")
    run_process(due_argv(current)).check("due")
    states[f"due, index current, {label}"] = (due_argv(current), None)

    for name, change in (("stale after own answers", own_answers), ("stale after another device's answers", other_device)):
        data_dir = ws.copy(cards, reviews, f"due-{change.__name__}")
        run_process(due_argv(data_dir)).check("due")
        change(data_dir)
        saved = Saved(data_dir, (DUE_INDEX_NAME,))
        states[f"due, {name}, {label}"] = (due_argv(data_dir), saved.restore)

    edited = ws.copy(cards, reviews, "due-edit")
    small_deck(edited, 20, "before")
    run_process(due_argv(edited)).check("due")
    saved = Saved(edited, (DUE_INDEX_NAME, DataDir.at(edited).cache.name))
    small_deck(edited, 20, "after")
    states[f"due, content edit (small deck), {label}"] = (due_argv(edited), saved.restore)

    bare = ws.copy(cards, reviews, "due-nocache")

    def no_cache(bare=bare) -> None:
        shutil.rmtree(DataDir.at(bare).cache, ignore_errors=True)
        (bare / DUE_INDEX_NAME).unlink(missing_ok=True)

    states[f"due, no cache, {label}"] = (due_argv(bare), no_cache)
    states[f"parse the content once, {label}"] = (parse_once_argv(bare), None)
    return states


def run(ws: Workspace) -> list[Result]:
    runs = 3 if ws.quick else 9
    sizes = [(10_000, 50_000)] if ws.quick else [(10_000, 50_000), (50_000, 200_000)]
    variants: dict[str, tuple[list[str], object]] = {TINYDB: ([PYTHON, "-c", "import tinydb"], None)}
    for cards, reviews in sizes:
        variants.update(prepare(ws, cards, reviews))
    leaks = []
    for name, (argv, before) in variants.items():
        if name.startswith("due, stale"):
            before()
            found = run_process([*argv[:1], "-X", "importtime", *argv[1:]]).check(name)
            if any(line.split("|")[-1].strip().split(".")[0] == "textual" for line in found.stderr.splitlines()):
                leaks.append(name)
    names = list(variants)
    walls: dict[str, list[float]] = {name: [] for name in names}
    wanted = dict.fromkeys(names, runs)
    for round_ in range(runs + 1):  # the first round is untimed: OS and bytecode caches
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            if len(walls[name]) >= wanted[name]:
                continue
            argv, before = variants[name]
            if before is not None:
                before()
            done = run_process(argv).check(name)
            if round_:
                walls[name].append(done.wall)
            elif done.wall > SLOW:
                wanted[name] = min(runs, SLOW_RUNS)  # seconds long: its noise is small beside it
    wall = {name: median(values) for name, values in walls.items()}
    results = [Result(f"due: {TINYDB}", wall[TINYDB] * 1000, "ms", note=f"{runs} runs (states over {SLOW:g} s: {min(runs, SLOW_RUNS)})")]
    for name in names[1:]:
        if name.startswith("parse"):
            continue
        if "no cache" in name:
            parse = name.replace("due, no cache", "parse the content once")
            results.append(Result(
                f"{name} / parse once", wall[name] / wall[parse], "x", target=1.3,
                note=f"{wall[name] * 1000:.0f} ms vs {wall[parse] * 1000:.0f} ms",
            ))
        else:
            results.append(Result(f"{name} / tinydb", wall[name] / wall[TINYDB], "x", target=3.0, note=f"{wall[name] * 1000:.0f} ms"))
    results.append(Result("due never imports textual", not leaks, note="; ".join(leaks) if leaks else "-X importtime, stale states"))
    return results

"""`studybuddy due`: the whole process, as a shell prompt runs it.

`python -m studybuddy due --data-dir D` at 100 and at 10,000 cards, each with 50,000 reviews,
interleaved with `python -c pass` and `python -c "import tinydb"` on the same interpreter;
ratios of medians. The timed runs follow a start of the app and an untimed `due` on each
directory, as a prompt runs it many times a day.

`due` must never import textual: checked with `-X importtime` on each directory after a
start of the app, and on a copy holding only the user's own files (content, journal,
snapshot, database), without whatever the app keeps beside them, so `due` takes its
slowest path.

Target: at most 3 times `python -c "import tinydb"` at 10,000 cards.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from common import PYTHON, Result, Workspace, alternate, median, run_process
from startup import studybuddy_argv

PASS, TINYDB = "python -c pass", "python -c 'import tinydb'"
SMALL, BIG = "studybuddy due, 100 cards / 50k reviews", "studybuddy due, 10k cards / 50k reviews"
USER_FILES = ("content", "reviews.jsonl", "schedule.json", "studybuddy.json")


def due_argv(data_dir: Path, *python_options: str) -> list[str]:
    return [PYTHON, *python_options, "-m", "studybuddy", "due", "--data-dir", str(data_dir)]


def imported(data_dir: Path) -> set[str]:
    """Every module `due` imports on this directory (from -X importtime)."""
    run = run_process(due_argv(data_dir, "-X", "importtime")).check("studybuddy due")
    return {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def user_files_only(data_dir: Path, target: Path) -> Path:
    target.mkdir()
    for name in USER_FILES:
        source = data_dir / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def run(ws: Workspace) -> list[Result]:
    runs = 5 if ws.quick else 15
    small, big = ws.history(100, 50_000), ws.history(10_000, 50_000)
    leaks = []
    for label, data_dir in (("100 cards", small), ("10k cards", big)):
        run_process(studybuddy_argv("--data-dir", str(data_dir))).check("a start of the app")
        bare = user_files_only(data_dir, ws.root / f"due-bare-{data_dir.name}")
        for state, directory in (("user files only", bare), ("after a start of the app", data_dir)):
            if any(module == "textual" or module.startswith("textual.") for module in imported(directory)):
                leaks.append(f"{label}, {state}")
    variants = {
        PASS: [PYTHON, "-c", "pass"],
        TINYDB: [PYTHON, "-c", "import tinydb"],
        SMALL: due_argv(small),
        BIG: due_argv(big),
    }
    measured = alternate(variants, runs)
    wall = {name: median([r.wall for r in rs]) for name, rs in measured.items()}
    printed = measured[BIG][0].stdout.strip()
    results = [Result(f"due: {name}", seconds * 1000, "ms", note=f"{len(measured[name])} runs") for name, seconds in wall.items()]
    results += [
        Result("due ratio: 100 cards / python -c pass", wall[SMALL] / wall[PASS], "x"),
        Result("due ratio: 10k cards / python -c pass", wall[BIG] / wall[PASS], "x"),
        Result("due ratio: 100 cards / import tinydb", wall[SMALL] / wall[TINYDB], "x"),
        Result("due ratio: 10k cards / import tinydb", wall[BIG] / wall[TINYDB], "x", target=3.0, note=f"prints {printed!r}"),
        Result("due never imports textual", not leaks, note="imported: " + "; ".join(leaks) if leaks else "-X importtime: both sizes, both states"),
    ]
    return results

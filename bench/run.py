"""Every StudyBuddy benchmark in one go: each figure, and each target of issue 14 with PASS or FAIL.

    python bench/run.py            the full suite; exit status 0 only if every target passes
    python bench/run.py --quick    smaller sizes and fewer runs, for CI: fails only when a
                                   figure is more than 1.5 times over its target
    python bench/run.py --only stats,replay

Benches, in the issue's order: stats and replay (stats.py), undo, leaving and answering
during a snapshot (review.py), start in a real terminal (startup.py), navigation against a
floor app (navigation.py), `studybuddy due` in every state (due.py) and memory with the
stats screen open (memory.py). Every target is a ratio of two figures measured in the same
run, because absolute times differ between machines. The data directories they use are
generated once per run, in a temporary directory, by history.py (see bench/README.md).
A bench that cannot run prints one FAIL line with the reason, and the others still run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from common import CI_TOLERANCE, Result, Workspace, ensure_importable

ensure_importable()

import due  # noqa: E402
import memory  # noqa: E402
import navigation  # noqa: E402
import optimize  # noqa: E402
import review  # noqa: E402
import startup  # noqa: E402
import stats  # noqa: E402

BENCHES: dict[str, Callable[[Workspace], list[Result]]] = {
    "stats": stats.run_stats,
    "replay": stats.run_replay,
    "review": review.run,
    "startup": startup.run,
    "navigation": navigation.run,
    "due": due.run,
    "memory": memory.run,
    "optimize": optimize.run,
}


def failure(error: BaseException) -> str:
    """One line: what went wrong and where in the benches (a traceback would bury the table)."""
    where = next(
        (f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(traceback.extract_tb(error.__traceback__))
         if Path(frame.filename).parent == Path(__file__).parent),
        "?",
    )
    message = " ".join(str(error).split())
    return f"{type(error).__name__} at {where}: {message[:400]}"


def header(quick: bool) -> str:
    import textual

    import studybuddy

    where = Path(studybuddy.__file__).parent
    return (
        f"StudyBuddy benchmarks ({'quick: CI fails only beyond ' + str(CI_TOLERANCE) + 'x a target' if quick else 'full'})\n"
        f"  studybuddy {studybuddy.__version__} from {where}, textual {textual.__version__}, "
        f"Python {sys.version.split()[0]} ({sys.executable}), {os.cpu_count()} CPUs"
    )


# Targets of issue 14 that main does not meet yet. The quick (CI) run prints them as OPEN
# and fails only on the others, so a regression of a target that is met still breaks the
# build while the open ones are worked on. Take a name out as soon as its target passes.
OPEN = ("start: cold", "due, stale", "due, content edit", "memory: stats open")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the reduced suite CI runs")
    parser.add_argument("--only", help=f"comma-separated benches to run, of: {', '.join(BENCHES)}")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(BENCHES)
    unknown = set(chosen) - set(BENCHES)
    if unknown:
        parser.error(f"unknown bench(es): {', '.join(sorted(unknown))}")
    print(header(args.quick), flush=True)
    started = time.perf_counter()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="studybuddy-bench-") as tmp:
        ws = Workspace(Path(tmp), args.quick)
        for name in chosen:
            print(f"\n{name}", flush=True)
            t0 = time.perf_counter()
            try:
                found = BENCHES[name](ws)
            except Exception as error:  # one broken bench must not hide the others' figures
                found = [Result(f"{name}: the bench could not run", False, note=failure(error))]
            for result in found:
                print(result.line(args.quick), flush=True)
            print(f"  ({name}: {time.perf_counter() - t0:.0f}s)", flush=True)
            results.extend(found)
    checks = [r for r in results if r.is_check]
    failed = [r for r in checks if not r.passes()]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} targets pass ({time.perf_counter() - started:.0f}s)")
    if args.quick:
        beyond = [r for r in checks if not r.passes(CI_TOLERANCE)]
        still_open = [r for r in beyond if r.name.startswith(OPEN)]
        beyond = [r for r in beyond if r not in still_open]
        for result in still_open:
            print(f"  OPEN (issue 14, not enforced yet): {result.name}")
        for result in beyond:
            print(f"  CI FAIL: {result.name}")
        print(f"CI: {'FAIL' if beyond else 'PASS'} ({len(beyond)} beyond {CI_TOLERANCE}x a target)")
        return 1 if beyond else 0
    for result in failed:
        print(f"  FAIL: {result.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

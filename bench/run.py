"""Every StudyBuddy benchmark in one go: each figure, and each target with PASS or FAIL.

    python bench/run.py            the full suite; exit status 0 only if every target passes
    python bench/run.py --quick    fewer runs and smaller sizes, for CI: fails only when a
                                   figure is more than 1.5 times over its target
    python bench/run.py --only startup,due

Benches, in the issue's order: startup (bench/startup.py, with the content load share),
navigation (navigation.py), `studybuddy due` (due.py), review latency (review_latency.py)
and memory (memory.py). Targets are ratios within one run, or latency bounds, because
absolute times differ between machines. The collections they need are generated once, in a
temporary directory, by common.py.
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
import review_latency  # noqa: E402
import startup  # noqa: E402


def review(ws: Workspace) -> list[Result]:
    if ws.quick:
        return review_latency.run([100, 10_000], answers=40, rounds=2, stand_in=True)
    return review_latency.run([100, 10_000, 50_000], answers=60, rounds=2)


BENCHES: dict[str, Callable[[Workspace], list[Result]]] = {
    "startup": startup.run,
    "navigation": lambda ws: navigation.run(ws.quick),
    "due": due.run,
    "review": review,
    "memory": memory.run,
}


def header(quick: bool) -> str:
    import textual

    import studybuddy

    where = Path(studybuddy.__file__).parent
    return (
        f"StudyBuddy benchmarks ({'quick: CI fails only beyond ' + str(CI_TOLERANCE) + 'x a target' if quick else 'full'})\n"
        f"  studybuddy {studybuddy.__version__} from {where}, textual {textual.__version__}, "
        f"Python {sys.version.split()[0]} ({sys.executable}), {os.cpu_count()} CPUs"
    )


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
                traceback.print_exc()
                found = [Result(f"{name}: the bench itself failed", False, note=f"{type(error).__name__}: {error}")]
            for result in found:
                print(result.line(args.quick), flush=True)
            print(f"  ({name}: {time.perf_counter() - t0:.0f}s)", flush=True)
            results.extend(found)
    checks = [r for r in results if r.is_check]
    failed = [r for r in checks if not r.passes()]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} targets pass ({time.perf_counter() - started:.0f}s)")
    if args.quick:
        beyond = [r for r in checks if not r.passes(CI_TOLERANCE)]
        for result in beyond:
            print(f"  CI FAIL: {result.name}")
        print(f"CI: {'FAIL' if beyond else 'PASS'} ({len(beyond)} beyond {CI_TOLERANCE}x a target)")
        return 1 if beyond else 0
    for result in failed:
        print(f"  FAIL: {result.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

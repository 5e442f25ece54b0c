"""What the benches share: generated data directories, whole-process timing, percentiles, results.

Times differ between machines, so every target is a ratio of two figures measured in one
run, and each bench reports `Result`s that `run.py` prints with PASS or FAIL.
In the quick (CI) mode a result fails only beyond 1.5 times its target, so noise on a
shared runner does not break the build while a real regression still does.

Only the standard library is imported here at module level; studybuddy is imported where it
is needed, after `ensure_importable`, so the benches measure whatever `studybuddy` the
interpreter has installed (the repository itself is only a fallback).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
# Quick (CI) mode fails only when a figure is more than this many times over its target.
CI_TOLERANCE = 1.5


def ensure_importable() -> None:
    """Use the installed studybuddy; a plain checkout without an install falls back to the
    repository, for this process and the processes the benches start."""
    import importlib.util

    if importlib.util.find_spec("studybuddy") is None:
        sys.path.append(str(ROOT))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))


# -- results -----------------------------------------------------------------------------


@dataclass
class Result:
    """One printed figure. With a target it is a check: value <= target (or < when strict);
    a boolean value is a check that must simply hold (no tolerance)."""

    name: str
    value: float | bool
    unit: str = ""
    target: float | None = None
    strict: bool = False
    note: str = ""

    @property
    def is_check(self) -> bool:
        return self.target is not None or isinstance(self.value, bool)

    def passes(self, tolerance: float = 1.0) -> bool:
        if isinstance(self.value, bool):
            return self.value
        if self.target is None:
            return True
        bound = self.target * tolerance
        return self.value < bound if self.strict else self.value <= bound

    def line(self, quick: bool) -> str:
        if isinstance(self.value, bool):
            shown = "yes" if self.value else "no"
        elif isinstance(self.value, int):
            shown = str(self.value)
        else:
            shown = f"{self.value:.2f}{self.unit}" if self.unit in ("x", "") else f"{self.value:.1f} {self.unit}"
        text = f"  {self.name:<66} {shown:>8}"
        if self.is_check:
            if isinstance(self.value, bool):
                text += "   target: yes"
            else:
                text += f"   target {'<' if self.strict else '<='} {_number(self.target, self.unit)}"
            text += f"  {'PASS' if self.passes() else 'FAIL'}"
            if quick and not isinstance(self.value, bool):
                bound = self.target * CI_TOLERANCE
                text += f"  (CI fails above {_number(bound, self.unit)}: {'ok' if self.passes(CI_TOLERANCE) else 'FAIL'})"
        if self.note:
            text += f"   [{self.note}]"
        return text


def _number(value: float, unit: str) -> str:
    return f"{value:.2f}{unit}" if unit in ("x", "") else f"{value:g} {unit}"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile by rank (the value at round(q% of the way through the sorted list))."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def p95(values: list[float]) -> float:
    return percentile(values, 95)


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- whole processes ---------------------------------------------------------------------


@dataclass
class ProcessRun:
    started: float  # time.monotonic() just before the process was started
    wall: float  # seconds from start to reaped
    max_rss: int  # bytes: the child's peak resident set
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> ProcessRun:
        if self.returncode != 0:
            raise RuntimeError(f"{what} exited with {self.returncode}:\n{self.stdout[-2000:]}\n{self.stderr[-2000:]}")
        return self


def run_process(argv: list[str], *, cwd: Path | None = None, timeout: float = 300.0) -> ProcessRun:
    """Run a process to its end, timing it and taking its peak RSS from wait4's rusage.

    The working directory defaults to a neutral temporary one, so `python -m studybuddy` finds
    the installed package and not the checkout's.
    """
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        job = {"argv": argv, "cwd": str(cwd or scratch("cwd")), "timeout": timeout, "out": out.name, "err": err.name}
        done = _Spawner.get().run(job)
        return ProcessRun(
            done["started"], done["wall"], done["maxrss_kib"] * 1024, done["returncode"],
            Path(out.name).read_text(errors="replace"), Path(err.name).read_text(errors="replace"),
        )


class _Spawner:
    """A small process that starts the measured ones.

    Linux counts the memory a process had before exec in its peak RSS (ru_maxrss), and a
    child starts as a copy of its parent: started from this process, which holds generated
    collections and a running app, every child would report this process's size. Children
    of a fresh interpreter that does nothing else start from about 10 MiB instead.

    The children get bytecode caches as an installed app has them, even where they are
    switched off (PYTHONDONTWRITEBYTECODE) or cannot be written next to the sources (an
    editable install): they are kept in a directory of our own (PYTHONPYCACHEPREFIX) and
    filled by the warm-up runs. Otherwise every start would compile the app from source.
    """

    CODE = """
import json, os, subprocess, sys, threading, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["out"], "wb") as out, open(job["err"], "wb") as err:
        started, t0 = time.monotonic(), time.perf_counter()
        proc = subprocess.Popen(job["argv"], cwd=job["cwd"], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        watchdog = threading.Timer(job["timeout"], proc.kill)
        watchdog.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    done = {"started": started, "wall": wall, "maxrss_kib": usage.ru_maxrss, "returncode": proc.returncode}
    print(json.dumps(done), flush=True)
"""
    _instance: _Spawner | None = None

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(scratch("pycache")))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.proc = subprocess.Popen(
            [PYTHON, "-c", self.CODE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )

    @classmethod
    def get(cls) -> _Spawner:
        if cls._instance is None:
            cls._instance = cls()
            atexit.register(cls._instance.close)
        return cls._instance

    def run(self, job: dict) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


_SCRATCH: Path | None = None


def scratch(name: str) -> Path:
    """A directory of the benches' own, removed at exit."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = Path(tempfile.mkdtemp(prefix="studybuddy-bench-"))
        atexit.register(shutil.rmtree, _SCRATCH, True)
    path = _SCRATCH / name
    path.mkdir(exist_ok=True)
    return path


def alternate(variants: dict[str, list[str]], runs: int, warmup: int = 1) -> dict[str, list[ProcessRun]]:
    """Run each variant `runs` times, interleaved (A B C, B C A, ...) so drift in the machine's
    speed reaches all of them alike. Untimed warm-up runs first fill the OS caches."""
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            run_process(variants[name]).check(name)
    results: dict[str, list[ProcessRun]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(run_process(variants[name]).check(name))
    return results


# -- generated data directories ---------------------------------------------------------


@dataclass
class Workspace:
    """Generated data directories, built once per run (in its temporary directory) and shared
    by the benches. A bench that changes a directory works on a `copy`."""

    root: Path
    quick: bool
    _built: dict[tuple[int, int], Path] = field(default_factory=dict)

    def history(self, cards: int, reviews: int) -> Path:
        """A data directory with a year of simulated study: `cards` cards, `reviews` answers
        (see history.py), after one ordinary session of the app (terminal.ordinary_session)."""
        from history import generate

        key = (cards, reviews)
        if key not in self._built:
            data_dir = self.root / f"data-{cards}-{reviews}"
            made = generate(data_dir, cards, reviews)
            from terminal import ordinary_session

            ordinary_session(data_dir)
            print(f"  (generated {made.describe()} in {made.seconds:.1f}s)", flush=True)
            self._built[key] = data_dir
        return self._built[key]

    def copy(self, cards: int, reviews: int, name: str) -> Path:
        """A fresh copy of a generated data directory, for a bench that changes it."""
        target = self.root / f"{name}-{cards}-{reviews}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.history(cards, reviews), target)
        return target

    def empty(self, name: str) -> Path:
        path = self.root / f"empty-{name}"
        path.mkdir(parents=True, exist_ok=True)
        return path


def fake_clock(at: datetime):
    """A clock for Study.open: always `at` (an aware UTC datetime)."""
    return lambda: at


def in_days(days: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(days=days)

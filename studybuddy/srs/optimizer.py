"""Fit FSRS to the user's own reviews, check the fit on reviews it never saw, and suggest a
desired retention (fsrs-rs, the Rust FSRS that Anki uses, through fsrs-rs-python).

How well a set of parameters predicts is measured as fsrs-rs measures it: on each answer
given on a later day than the card's previous one, the predicted chance of recall against
what happened, as log loss (lower is better) and RMSE over bins of similar predictions.
The three sets (FSRS's defaults, those in use, freshly fitted ones) are compared on the
same time-series splits: the answers in time order are cut into folds, the parameters are
fitted on everything before a fold and all three are scored on the fold. Scoring later
answers only is what makes the fitted figure honest: it never predicts what it was fitted on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, timezone, tzinfo
from pathlib import Path

from studybuddy.settings import RANGES, MemoryModel, Settings
from studybuddy.srs.clock import StudyDay
from studybuddy.srs.journal import Review, Undo
from studybuddy.srs.training import History, Sample, fsrs_items, history

# Answers to predict (reviews on a later day than the card's previous one) needed to fit.
# Fewer, and the fitted parameters mostly echo noise; Anki asks for a few hundred too.
MIN_SAMPLES = 400
SPLITS = 5
# The answers scored for "recent" figures (stats screen): the last ones given.
RECENT_SAMPLES = 1000
# Adopt only what predicts better by more than rounding noise.
MIN_GAIN = 0.0005
SIMULATION_DAYS = 365
SIMULATION_SEED = 42

Progress = Callable[[str], None]


class NotEnoughHistory(Exception):
    def __init__(self, have: int, need: int = MIN_SAMPLES):
        self.have, self.need = have, need
        super().__init__(
            f"not enough reviews to fit your memory model yet: {need - have} more are needed "
            f"({have} of {need} reviews of cards seen on an earlier day)"
        )


@dataclass(frozen=True, slots=True)
class Fit:
    """How well one set of parameters predicted the held-out answers."""

    log_loss: float
    rmse_bins: float

    def as_json(self) -> dict[str, float]:
        return {"log_loss": round(self.log_loss, 4), "rmse_bins": round(self.rmse_bins, 4)}


@dataclass(frozen=True, slots=True)
class Optimization:
    reviews: int  # effective answers in the journal
    cards: int
    samples: int  # answers that were predicted
    held_out: int  # answers scored in the splits
    default: Fit
    in_use: Fit
    fitted: Fit
    parameters: tuple[float, ...]  # fitted on the whole history
    in_use_is_default: bool
    fitted_on: date

    @property
    def better(self) -> bool:
        """The fitted parameters predict better than those in use, by more than noise."""
        return self.fitted.log_loss < self.in_use.log_loss - MIN_GAIN

    @property
    def memory_model(self) -> MemoryModel:
        """The fitted parameters as settings keep them, once adopted."""
        return MemoryModel(self.parameters, self.fitted_on.isoformat(), self.reviews)

    def as_json(self) -> dict:
        return {
            "reviews": self.reviews,
            "cards": self.cards,
            "predicted_reviews": self.samples,
            "held_out_reviews": self.held_out,
            "default": self.default.as_json(),
            "in_use": {**self.in_use.as_json(), "kind": "default" if self.in_use_is_default else "fitted"},
            "fitted": self.fitted.as_json(),
            "better": self.better,
            "parameters": [round(p, 4) for p in self.parameters],
        }


def default_parameters() -> tuple[float, ...]:
    from fsrs_rs_python import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def _fit(samples: Sequence[Sample]) -> tuple[float, ...]:
    from fsrs_rs_python import FSRS

    fitted = FSRS(list(default_parameters())).compute_parameters(fsrs_items(samples))
    # fsrs-rs keeps to the bounds the Python scheduler checks, bar float32 rounding.
    return _within_scheduler_bounds(fitted)


def _within_scheduler_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return tuple(
        min(max(float(p), low), high) for p, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)
    )


def evaluate(parameters: Sequence[float], samples: Sequence[Sample]) -> Fit:
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(fsrs_items(samples))
    return Fit(result.log_loss, result.rmse_bins)


def _weighted(fits: list[tuple[int, Fit]]) -> Fit:
    total = sum(n for n, _ in fits)
    return Fit(sum(n * f.log_loss for n, f in fits) / total, sum(n * f.rmse_bins for n, f in fits) / total)


def splits(count: int, folds: int = SPLITS) -> list[tuple[int, int]]:
    """(train end, test end) per fold over `count` answers in time order, as scikit-learn's
    TimeSeriesSplit cuts them: each fold is tested on the block right after its training."""
    size = count // (folds + 1)
    return [(size * i, count if i == folds else size * (i + 1)) for i in range(1, folds + 1)]


def optimize(
    events: Iterable[Review | Undo],
    day: StudyDay,
    in_use: Sequence[float] | None,
    today: date,
    progress: Progress = lambda _: None,
) -> Optimization:
    """Fit, and score defaults, `in_use` (None: the defaults) and the fit on held-out answers.
    Raises NotEnoughHistory below MIN_SAMPLES. Changes nothing: adopting is the caller's."""
    progress("Reading your reviews…")
    found: History = history(events, day)
    samples = found.samples
    if len(samples) < MIN_SAMPLES:
        raise NotEnoughHistory(len(samples))
    defaults = default_parameters()
    current = tuple(in_use) if in_use is not None else defaults
    scored: dict[str, list[tuple[int, Fit]]] = {"default": [], "in_use": [], "fitted": []}
    for index, (train_end, test_end) in enumerate(splits(len(samples)), 1):
        progress(f"Checking on later reviews: split {index} of {SPLITS}…")
        train, test = samples[:train_end], samples[train_end:test_end]
        fitted = _fit(train)
        for name, parameters in (("default", defaults), ("in_use", current), ("fitted", fitted)):
            same_as_default = name == "in_use" and current == defaults
            scored[name].append((len(test), scored["default"][-1][1] if same_as_default else evaluate(parameters, test)))
    progress("Fitting on all your reviews…")
    final = _fit(samples)
    return Optimization(
        reviews=found.reviews,
        cards=found.cards,
        samples=len(samples),
        held_out=sum(n for n, _ in scored["fitted"]),
        default=_weighted(scored["default"]),
        in_use=_weighted(scored["in_use"]),
        fitted=_weighted(scored["fitted"]),
        parameters=final,
        in_use_is_default=in_use is None,
        fitted_on=today,
    )


def recent_fit(events: Iterable[Review | Undo], day: StudyDay, parameters: Sequence[float] | None) -> tuple[int, Fit] | None:
    """How the parameters in use predicted the last RECENT_SAMPLES answers (None: no answers yet)."""
    samples = history(events, day).samples[-RECENT_SAMPLES:]
    if not samples:
        return None
    return len(samples), evaluate(parameters if parameters is not None else default_parameters(), samples)


# -- a suggested retention ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Workload:
    retention: float
    reviews_per_day: list[int]  # simulated, one per day for SIMULATION_DAYS
    cost_per_remembered: float  # seconds of study per card remembered at the end

    @property
    def average(self) -> float:
        return sum(self.reviews_per_day) / len(self.reviews_per_day)


@dataclass(frozen=True, slots=True)
class Suggestion:
    current: Workload
    suggested: Workload

    @staticmethod
    def by_period(workload: Workload, days: int = 14) -> list[float]:
        """Average reviews a day over each `days` of the simulated year."""
        per_day = workload.reviews_per_day
        return [sum(per_day[i : i + days]) / len(per_day[i : i + days]) for i in range(0, len(per_day), days)]

    def as_json(self) -> dict:
        return {
            "current_retention": round(self.current.retention, 2),
            "suggested_retention": round(self.suggested.retention, 2),
            "simulated_days": SIMULATION_DAYS,
            "reviews_per_day": {"current": self.current.reviews_per_day, "suggested": self.suggested.reviews_per_day},
        }


def _simulate(parameters: Sequence[float], retention: float, settings: Settings, deck_size: int) -> Workload:
    from fsrs_rs_python import default_simulator_config, simulate

    config = default_simulator_config()
    config.deck_size = max(1, deck_size)
    config.learn_span = SIMULATION_DAYS
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    result = simulate(list(parameters), retention, config, SIMULATION_SEED)
    remembered = max(result.memorized_cnt_per_day[-1], 1.0)
    return Workload(retention, list(result.review_cnt_per_day), sum(result.cost_per_day) / remembered)


def suggest_retention(settings: Settings, deck_size: int, step: float = 0.01) -> Suggestion:
    """The desired retention, within the settings' range, that costs the least study time per
    card remembered after a year of the user's daily limits, simulated with the parameters
    in use (fsrs-rs's simulator, with its default answer times and ratings)."""
    parameters = settings.parameters or default_parameters()
    rng = RANGES["desired_retention"]
    count = round((rng.high - rng.low) / step)
    candidates = [round(rng.low + i * step, 2) for i in range(count + 1)]
    best = min((_simulate(parameters, r, settings, deck_size) for r in candidates), key=lambda w: w.cost_per_remembered)
    return Suggestion(_simulate(parameters, settings.desired_retention, settings, deck_size), best)


# -- in a child process -----------------------------------------------------------------------
# Fitting tens of thousands of reviews holds the GIL for up to a second at a time (fsrs-rs
# reading its items, the garbage collector over the history), which a worker thread cannot
# hide from the UI. The app runs the fit in a child process that reads the journal itself and
# answers in JSON lines: `progress` lines, then one `result` or `short` line.


def _zone_arg(zone: tzinfo | None) -> list[str]:
    if zone is None:
        return []  # the child inherits the local zone with the environment
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return ["--zone", key]
    offset = zone.utcoffset(None)
    return ["--offset", str(int(offset.total_seconds()))] if offset is not None else []


def _wire(result: Optimization) -> dict:
    fits = {name: [getattr(result, name).log_loss, getattr(result, name).rmse_bins] for name in ("default", "in_use", "fitted")}
    return {
        "reviews": result.reviews, "cards": result.cards, "samples": result.samples, "held_out": result.held_out,
        **fits, "parameters": list(result.parameters), "in_use_is_default": result.in_use_is_default,
        "fitted_on": result.fitted_on.isoformat(),
    }


def _unwire(raw: dict) -> Optimization:
    return Optimization(
        reviews=int(raw["reviews"]), cards=int(raw["cards"]), samples=int(raw["samples"]), held_out=int(raw["held_out"]),
        default=Fit(*map(float, raw["default"])), in_use=Fit(*map(float, raw["in_use"])), fitted=Fit(*map(float, raw["fitted"])),
        parameters=tuple(float(p) for p in raw["parameters"]), in_use_is_default=bool(raw["in_use_is_default"]),
        fitted_on=date.fromisoformat(raw["fitted_on"]),
    )


def optimize_in_child(
    journal: Path, day: StudyDay, in_use: Sequence[float] | None, today: date, progress: Progress = lambda _: None
) -> Optimization:
    """`optimize` over the journal at `journal`, run by another Python process."""
    command = [sys.executable, "-m", "studybuddy.srs.optimizer", str(journal), str(day.rollover_hour), today.isoformat()]
    command += _zone_arg(day.zone)
    if in_use is not None:
        command += ["--parameters", json.dumps(list(in_use))]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8") as child:
        assert child.stdout is not None and child.stderr is not None
        outcome: Optimization | NotEnoughHistory | None = None
        for line in child.stdout:
            kind, _, rest = line.rstrip("\n").partition("\t")
            if kind == "progress":
                progress(rest)
            elif kind == "result":
                outcome = _unwire(json.loads(rest))
            elif kind == "short":
                outcome = NotEnoughHistory(int(rest))
        problem = child.stderr.read().strip().splitlines()
    if isinstance(outcome, NotEnoughHistory):
        raise outcome
    if outcome is None:
        raise RuntimeError(f"the fit stopped: {problem[-1] if problem else f'exit status {child.returncode}'}")
    return outcome


def _child_main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m studybuddy.srs.optimizer")
    parser.add_argument("journal", type=Path)
    parser.add_argument("rollover", type=int)
    parser.add_argument("today", type=date.fromisoformat)
    parser.add_argument("--zone")
    parser.add_argument("--offset", type=int)
    parser.add_argument("--parameters", type=json.loads)
    args = parser.parse_args(argv)
    zone: tzinfo | None = None
    if args.zone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(args.zone)
    elif args.offset is not None:
        zone = timezone(timedelta(seconds=args.offset))
    from studybuddy.srs.journal import Journal

    def say(kind: str, text: str) -> None:
        print(f"{kind}\t{text}", flush=True)

    events = Journal(args.journal, readonly=True).read(0).events
    try:
        result = optimize(events, StudyDay(args.rollover, zone), args.parameters, args.today, lambda text: say("progress", text))
    except NotEnoughHistory as err:
        say("short", str(err.have))
        return 0
    say("result", json.dumps(_wire(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1:]))

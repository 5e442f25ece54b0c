"""`studybuddy optimize`: fit the memory model to the user's reviews, adopt it when it
predicts better than the parameters in use, and suggest a desired retention."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from studybuddy.cli.common import content_dirs
from studybuddy.datadir import DataDir
from studybuddy.settings import Settings


def optimize(args: argparse.Namespace, data: DataDir) -> int:
    return run_optimize(data, content_dirs(args, data), args.dry_run, args.json, sys.stdout, sys.stderr)


def run_optimize(data: DataDir, content_dirs: Sequence[Path], dry_run: bool, as_json: bool, out: TextIO, err: TextIO) -> int:
    from studybuddy.content import ContentError
    from studybuddy.content.cache import load_content_cached
    from studybuddy.srs.clock import StudyDay, system_clock
    from studybuddy.srs.journal import Journal
    from studybuddy.srs.optimizer import NotEnoughHistory, optimize, suggest_retention
    from studybuddy.store import Store, StoreError

    def fail(message: str) -> int:
        print(f"studybuddy: error: {message}", file=err)
        return 1

    try:
        content = load_content_cached(list(content_dirs), data.cache)
    except ContentError as error:
        return fail(f"{len(error.problems)} problem(s) in the content; `studybuddy check` lists them")
    try:
        with Store.open(data.root, readonly=dry_run) as store:
            settings = store.settings()
            day = StudyDay(settings.rollover_hour)
            events = Journal(data.journal, readonly=True).read(0).events
            try:
                result = optimize(events, day, settings.parameters, day.day_of(system_clock()))
            except NotEnoughHistory as error:
                return fail(str(error))
            adopt = result.better and not dry_run
            if adopt:
                settings = replace(settings, memory_model=result.memory_model)
                store.save_settings(settings)
                _reschedule(content, data.root, settings)
    except StoreError as error:
        return fail(str(error))
    suggestion = suggest_retention(settings, len(content.cards))
    status = "adopted" if adopt else ("dry_run" if dry_run and result.better else "kept")
    if as_json:
        print(json.dumps({"status": status, **result.as_json(), "retention": suggestion.as_json()}, indent=2), file=out)
    else:
        print(_text(result, suggestion, status), file=out)
    return 0


def _reschedule(content, data_dir: Path, settings: Settings) -> None:
    """Replay the log under the adopted parameters now, so the next start is quick."""
    from studybuddy.srs.study import Study

    study = Study.open(content, data_dir, settings)  # the snapshot's key no longer matches: full replay
    try:
        study.collection.save()
        study.write_due_index()
    finally:
        study.collection.close()


def _text(result, suggestion, status: str) -> str:
    from studybuddy.stats.text import optimization_table

    lines = [
        f"Fitted to {result.reviews} reviews of {result.cards} cards; scored on {result.held_out} later reviews it was not fitted on.",
        "",
        *optimization_table(result),
        "",
    ]
    lines.append(
        {
            "adopted": "Adopted: the fitted parameters predict your reviews better; your cards were rescheduled.",
            "dry_run": "Dry run: the fitted parameters predict better, but nothing was changed.",
            "kept": "Kept the parameters in use: the fitted ones do not predict your reviews better.",
        }[status]
    )
    now, best = suggestion.current, suggestion.suggested
    lines.append(
        f"Desired retention {now.retention:.2f}: about {now.average:.0f} reviews a day over the next year (simulated). "
        f"Suggested: {best.retention:.2f}, about {best.average:.0f} a day, the least study time per card remembered."
    )
    return "\n".join(lines)

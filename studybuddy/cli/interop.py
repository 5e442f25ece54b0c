"""The commands that move things in and out: new-deck, import, export, backup and restore.

Whatever they write into the data directory, they write holding its lock (the app, or a
second import, cannot interleave), all-or-nothing (through datadir.atomic_write), and
only after the result has been checked by the same loader the app uses.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from studybuddy.cli.common import load_library
from studybuddy.cli.errors import CliError, say
from studybuddy.datadir import DataDir, atomic_write
from studybuddy.humanize import plural


@contextmanager
def _locked(data: DataDir):
    from studybuddy.store.lock import DirectoryLock

    data.root.mkdir(parents=True, exist_ok=True)
    lock = DirectoryLock(data.root)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _check_new_deck(data: DataDir, path: Path, text: str) -> None:
    """Load the content as it would be with `text` at `path`, and refuse when that file
    would not load: a deck id or card id taken by the bundled or another deck, a bad field."""
    from studybuddy.content import load_content

    with tempfile.TemporaryDirectory(prefix="studybuddy-check-") as scratch:
        trial = Path(scratch) / "content"
        if data.content.is_dir():
            shutil.copytree(data.content, trial)
        target = trial / path.relative_to(data.content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        library = load_content([trial], skip_bad_user_files=True)
        mine = [p for p in library.problems if p.path == target]
        if mine:
            for problem in mine:
                say(str(problem).replace(str(target), str(path), 1))
            raise CliError(f"{path} would not load with the rest of your content (see above); nothing was written")


def new_deck(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.user_content import starter_deck

    path, text = starter_deck(data, args.name)
    with _locked(data):
        if path.exists():
            raise CliError(f"{path} already exists; pick another name or edit that file")
        _check_new_deck(data, path, text)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    print(f"Wrote {path}")
    print("Next: add your cards to it, then run `studybuddy check` to validate it; they appear in the review from the next start.")
    return 0


def import_anki(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.anki import AnkiFileError, parse, plan_import

    try:
        parsed = parse(args.file)
    except AnkiFileError as err:
        raise CliError(str(err)) from None
    for warning in parsed.warnings:
        say(warning)
    for problem in parsed.problems:
        say(problem)
    with _locked(data):  # read, merge and write as one step: two imports cannot both add
        try:
            plan = plan_import(parsed, args.deck or parsed.deck or args.file.stem, data.user_decks)
        except AnkiFileError as err:
            raise CliError(str(err)) from None
        if not plan.cards:
            raise CliError(f"no card could be read from {args.file}; nothing was written")
        _check_new_deck(data, plan.path, plan.text)
        plan.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(plan.path, plan.text.encode("utf-8"))
    skipped = len(parsed.problems)
    print(
        f"Imported {args.file} into {plan.path}: {plan.added} new, {plan.updated} updated, "
        f"{plan.unchanged} unchanged" + (f", {plural(skipped, 'row')} skipped" if skipped else "")
    )
    return 0


def export_anki(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.anki import export_deck

    content = load_library(args, data, cached=False)
    wanted = args.deck.strip().casefold()
    deck = next((d for d in content.decks if wanted in (d.id.casefold(), d.title.strip().casefold())), None)
    if deck is None:
        known = ", ".join(f"{d.id} ({d.title!r})" for d in content.decks)
        raise CliError(f"no deck with id or title {args.deck!r} (decks: {known})")
    atomic_write(args.output, export_deck(deck).encode("utf-8"))
    print(f"Wrote {plural(len(deck.cards), 'card')} to {args.output}")
    return 0


def export_progress(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.exports import progress_json, progress_markdown
    from studybuddy.store import Store

    content = load_library(args, data, cached=False)
    with Store.open(data.root, readonly=True) as store:
        states = store.item_states()
        changed = store.item_changes()
    text = progress_markdown(content, states) if args.format == "markdown" else progress_json(content, states, changed)
    if args.output:
        atomic_write(args.output, text.encode("utf-8"))
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def export_reviews(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.exports import reviews_csv
    from studybuddy.srs.collection import effective_reviews
    from studybuddy.srs.journal import Journal

    reviews = effective_reviews(Journal(data.journal, readonly=True).read().events)
    log, ids = reviews_csv(reviews)
    atomic_write(args.output, log.encode("utf-8"))
    id_path = args.output.with_name(f"{args.output.stem}-card-ids.csv")
    atomic_write(id_path, ids.encode("utf-8"))
    print(f"Wrote {plural(len(reviews), 'review')} to {args.output} and the card ids to {id_path}")
    return 0


def backup(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.backup import backup as write_backup

    target = args.output
    if target.is_dir():  # a folder: a dated file inside it
        target = target / f"studybuddy-{datetime.now().astimezone():%Y-%m-%d-%H%M%S}.zip"
    count = write_backup(data, target)
    print(f"Backed up {plural(count, 'file')} from {data.root} to {target}")
    return 0


def restore(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.interop.backup import restore as restore_backup

    outcome = restore_backup(args.file, data, force=args.force)
    for note in outcome.notes:
        say(note)
    print(f"Restored {plural(outcome.count, 'file')} from {args.file} into {data.root}")
    if outcome.previous:
        print(f"The previous contents are kept in {outcome.previous}")
    return 0

"""The `studybuddy` subcommands that move things in and out: new-deck, import, export,
backup and restore. Kept apart from cli.py so the everyday commands stay small."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from studybuddy.humanize import plural


def _fail(message: str) -> int:
    print(f"studybuddy: error: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, data_dir: str | None, content_dirs: list[Path]) -> int:
    from studybuddy.store import StoreError, resolve_data_dir

    directory = resolve_data_dir(data_dir)
    try:
        if args.command == "new-deck":
            return _new_deck(directory, args.name)
        if args.command == "import":
            return _import_anki(directory, args.file, args.deck)
        if args.command == "export":
            return _export(args, directory, content_dirs)
        if args.command == "backup":
            from studybuddy.interop.backup import backup

            target = args.output
            if target.is_dir():  # a folder: a dated file inside it
                target = target / f"studybuddy-{datetime.now().astimezone():%Y-%m-%d-%H%M%S}.zip"
            count = backup(directory, target)
            print(f"Backed up {plural(count, 'file')} from {directory} to {target}")
            return 0
        if args.command == "restore":
            from studybuddy.interop.backup import restore

            moved = restore(args.file, directory, force=args.force)
            print(f"Restored {args.file} into {directory}")
            if moved:
                print(f"The previous contents are kept in {moved}")
            return 0
    except StoreError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"{getattr(err, 'filename', '') or ''}: {err.strerror or err}".lstrip(": "))
    raise AssertionError(args.command)


def _new_deck(directory: Path, name: str) -> int:
    from studybuddy.interop.user_content import new_deck

    try:
        path = new_deck(directory, name)
    except FileExistsError as err:
        return _fail(str(err))
    print(f"Wrote {path}")
    print(f"Next: add your cards to it, then run `studybuddy check` to validate it; they appear in the review from the next start.")
    return 0


def _import_anki(directory: Path, file: Path, deck: str | None) -> int:
    from studybuddy.content import ContentError, load_content
    from studybuddy.interop.anki import AnkiFileError, import_notes, parse
    from studybuddy.interop.user_content import user_content_dir

    try:
        parsed = parse(file)
    except AnkiFileError as err:
        return _fail(str(err))
    name = deck or parsed.deck or file.stem
    result = import_notes(parsed, name, user_content_dir(directory) / "decks")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(
        f"Imported {file} into {result.path}: {result.added} new, {result.updated} updated, "
        f"{result.unchanged} unchanged" + (f", {plural(len(result.problems), 'row')} skipped" if result.problems else "")
    )
    try:
        load_content([user_content_dir(directory)])
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return _fail("the imported deck clashes with other content; fix the ids above")
    return 0 if result.added + result.updated + result.unchanged else 1


def _export(args: argparse.Namespace, directory: Path, content_dirs: list[Path]) -> int:
    from studybuddy.cli import _load
    from studybuddy.store import Store

    content = _load(content_dirs)
    if content is None:
        return 1
    if args.what == "anki":
        from studybuddy.interop.anki import export_deck

        wanted = args.deck.strip().casefold()
        deck = next((d for d in content.decks if wanted in (d.id.casefold(), d.title.strip().casefold())), None)
        if deck is None:
            known = ", ".join(f"{d.id} ({d.title!r})" for d in content.decks)
            return _fail(f"no deck with id or title {args.deck!r} (decks: {known})")
        args.output.write_text(export_deck(deck), encoding="utf-8")
        print(f"Wrote {plural(len(deck.cards), 'card')} to {args.output}")
        return 0
    if args.what == "progress":
        from studybuddy.interop.exports import progress_json, progress_markdown

        with Store.open(directory, readonly=True) as store:
            states = store.item_states()
            changed = store.item_changes()
        text = progress_markdown(content, states) if args.format == "markdown" else progress_json(content, states, changed)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
            print(f"Wrote {args.output}")
        else:
            sys.stdout.write(text)
        return 0
    if args.what == "reviews":
        from studybuddy.interop.exports import reviews_csv
        from studybuddy.srs.collection import effective_reviews
        from studybuddy.srs.journal import JOURNAL_NAME, Journal

        reviews = effective_reviews(Journal(directory / JOURNAL_NAME, readonly=True).read().events)
        log, ids = reviews_csv(reviews)
        args.output.write_text(log, encoding="utf-8")
        id_path = args.output.with_name(f"{args.output.stem}-card-ids.csv")
        id_path.write_text(ids, encoding="utf-8")
        print(f"Wrote {plural(len(reviews), 'review')} to {args.output} and the card ids to {id_path}")
        return 0
    raise AssertionError(args.what)

"""The `studybuddy` command. Subcommands that print (check, stats) never import textual."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from studybuddy import __version__


def _parser() -> argparse.ArgumentParser:
    # The shared options are accepted before or after the subcommand; SUPPRESS keeps a
    # subcommand's unset option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where your progress is kept (default: $STUDYBUDDY_HOME or the platform's data directory)",
    )
    common.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="extra content directory with guides/ and decks/ (repeatable)",
    )
    parser = argparse.ArgumentParser(
        prog="studybuddy",
        description="A terminal study companion for learning machine learning.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"studybuddy {__version__}")
    parser.add_argument(
        "--reset-settings",
        action="store_true",
        help="restore the default settings (your progress and reviews are not touched), then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("review", parents=[common], help="start straight in today's flashcard review")
    sub.add_parser("due", parents=[common], help="print how many cards are due, e.g. for a shell prompt")
    sub.add_parser("check", parents=[common], help="validate the content (bundled and yours) and print what it holds")
    new_deck = sub.add_parser("new-deck", parents=[common], help="write a commented starter deck into your content folder")
    new_deck.add_argument("name", help="the deck's title, e.g. 'My NLP terms'")
    imp = sub.add_parser("import", parents=[common], help="import cards from another tool")
    imp_sub = imp.add_subparsers(dest="source", metavar="SOURCE", required=True)
    anki_in = imp_sub.add_parser("anki", parents=[common], help="Anki 'Notes in Plain Text' (.txt) export")
    anki_in.add_argument("file", type=Path, help="the exported .txt file")
    anki_in.add_argument("--deck", help="deck name (default: the file's #deck: header, else its name)")
    exp = sub.add_parser("export", parents=[common], help="export cards, progress or the review log")
    exp_sub = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    anki_out = exp_sub.add_parser("anki", parents=[common], help="a deck as an Anki text file")
    anki_out.add_argument("deck", help="deck id, e.g. jargon")
    anki_out.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    progress = exp_sub.add_parser("progress", parents=[common], help="the roadmap as a Markdown checklist (or JSON)")
    progress.add_argument("--format", choices=["markdown", "json"], default="markdown")
    progress.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    reviews = exp_sub.add_parser("reviews", parents=[common], help="the review log as CSV for the FSRS optimizer")
    reviews.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write (ids go beside it)")
    backup = sub.add_parser("backup", parents=[common], help="zip the whole data directory")
    backup.add_argument("-o", "--output", type=Path, required=True, help="zip file to write")
    restore = sub.add_parser("restore", parents=[common], help="restore a backup zip into the data directory")
    restore.add_argument("file", type=Path, help="a zip made by `studybuddy backup`")
    restore.add_argument("--force", action="store_true", help="restore over a non-empty directory (its contents are kept aside)")
    stats = sub.add_parser("stats", parents=[common], help="print your progress")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    optimize = sub.add_parser("optimize", parents=[common], help="fit the memory model (FSRS parameters) to your reviews")
    optimize.add_argument("--dry-run", action="store_true", help="fit and compare, but change nothing")
    optimize.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    content_dirs = _content_dirs(data_dir, [Path(d) for d in getattr(args, "content", None) or []])
    try:
        if args.reset_settings:
            return _reset_settings(data_dir)
        if args.command == "check":
            return _check(content_dirs)
        if args.command == "stats":
            return _stats(data_dir, content_dirs, args.json)
        if args.command == "optimize":
            from studybuddy.optimize_command import run_optimize
            from studybuddy.store import resolve_data_dir

            return run_optimize(resolve_data_dir(data_dir), content_dirs, args.dry_run, args.json, sys.stdout, sys.stderr)
        if args.command == "due":
            return _due(data_dir, content_dirs)
        if args.command in ("new-deck", "import", "export", "backup", "restore"):
            from studybuddy import cli_interop

            return cli_interop.run(args, data_dir, content_dirs)
        return _run_app(data_dir, content_dirs, start_in_review=args.command == "review")
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one sentence here, the traceback in a file
        from studybuddy.crash_report import crash_message, write_crash_report
        from studybuddy.store import resolve_data_dir

        print(crash_message(error, write_crash_report(resolve_data_dir(data_dir), error)), file=sys.stderr)
        return 1


def _content_dirs(data_dir: str | None, extra: list[Path]) -> list[Path]:
    """The user's content folder (when it exists) and each --content, after the bundled content."""
    from studybuddy.store import resolve_data_dir

    mine = resolve_data_dir(data_dir) / "content"
    return ([mine] if mine.is_dir() else []) + extra


def _cache_dir(data_dir: str | None) -> Path:
    from studybuddy.store import resolve_data_dir

    return resolve_data_dir(data_dir) / "cache"


def _fail(message: str) -> int:
    print(f"studybuddy: error: {message}", file=sys.stderr)
    return 1


def _load(content_dirs: list[Path], cache_dir: Path | None = None):
    """The content (bundled and the user's), or None after printing its problems. With a
    cache directory, the parsed content is kept there between starts (see content/cache.py)."""
    from studybuddy.content import ContentError
    from studybuddy.content.cache import load_content_cached

    try:
        return load_content_cached(content_dirs, cache_dir)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"studybuddy: {len(err.problems)} problem(s) in the content", file=sys.stderr)
        return None


def _check(content_dirs: list[Path]) -> int:
    content = _load(content_dirs)  # what the files say now, nothing remembered
    if content is None:
        return 1
    print(
        f"ok: {len(content.guides)} guides, {len(content.sections)} sections, "
        f"{len(content.items)} items, {len(content.cards)} cards"
    )
    for guide in content.guides:
        count = sum(1 for s in content.sections.values() if s.guide_id == guide.id)
        print(f"  {guide.id}: {count} sections, {len(guide.all_item_ids)} items ({guide.path.name})")
    for deck in content.decks:
        print(f"  {deck.id}: {len(deck.cards)} cards ({deck.path.name})")
    return 0


def _open_readonly(data_dir: str | None, content_dirs: list[Path]):
    """Content, settings and study state, read without locking (the app may be open)."""
    from studybuddy.srs.study import Study
    from studybuddy.store import Store, StoreError, resolve_data_dir

    content = _load(content_dirs, _cache_dir(data_dir))
    if content is None:
        return None
    directory = resolve_data_dir(data_dir)
    try:
        with Store.open(directory, readonly=True) as store:
            states, settings = store.item_states(), store.settings()
        study = Study.open(content, directory, settings, readonly=True)
    except StoreError as err:
        _fail(str(err))
        return None
    return content, states, study


def _reset_settings(data_dir: str | None) -> int:
    from studybuddy.store import Store, StoreError, resolve_data_dir

    try:
        with Store.open(resolve_data_dir(data_dir)) as store:
            store.reset_settings()
            store.ui_set(theme=None)
            print(f"Settings restored to their defaults in {store.directory}")
    except StoreError as err:
        return _fail(str(err))
    return 0


def _due(data_dir: str | None, content_dirs: list[Path]) -> int:
    # Run by shell prompts: answered from the due index when it is current, which needs
    # neither FSRS nor YAML nor TinyDB. Otherwise the full path, which refreshes the index.
    from studybuddy.content.files import content_dirs as with_bundled
    from studybuddy.content.files import fingerprint
    from studybuddy.srs.due_index import quick_due_counts
    from studybuddy.store.location import resolve_data_dir
    from studybuddy.store.peek import peek_settings

    directory = resolve_data_dir(data_dir)
    settings = peek_settings(directory)
    counts = settings and quick_due_counts(directory, fingerprint(with_bundled(content_dirs)), settings)
    if not counts:
        opened = _open_readonly(data_dir, content_dirs)
        if opened is None:
            return 1
        study = opened[2]
        counts = study.due_now()
        study.write_due_index()
    print(f"{counts[0]} due · {counts[1]} new")
    return 0


def _stats(data_dir: str | None, content_dirs: list[Path], as_json: bool) -> int:
    from studybuddy.stats import figures_for
    from studybuddy.stats.text import render

    opened = _open_readonly(data_dir, content_dirs)
    if opened is None:
        return 1
    _, states, study = opened
    figures = figures_for(study, states)
    print(json.dumps(figures.as_json(), indent=2) if as_json else render(figures))
    return 0


def _run_app(data_dir: str | None, content_dirs: list[Path], start_in_review: bool = False) -> int:
    from studybuddy.store import Store, StoreError, resolve_data_dir

    content = _load(content_dirs, _cache_dir(data_dir))
    if content is None:
        return 1
    from studybuddy.store import StoreReadOnly

    directory = resolve_data_dir(data_dir)
    try:
        try:
            store = Store.open(directory)
        except StoreReadOnly as err:
            # Still useful for reading and reviewing; every change is refused with a message.
            store = Store.open(directory, readonly=True)
            store.warnings.insert(0, f"{str(err)[0].upper()}{str(err)[1:]}. StudyBuddy is running read-only: nothing you change will be saved.")
    except StoreError as err:
        return _fail(str(err))
    app = None
    try:
        from studybuddy.tui.app import StudyBuddyApp

        def open_study():
            from studybuddy.srs.study import Study

            return Study.open(content, store.directory, store.settings(), readonly=store.readonly)

        app = StudyBuddyApp(content=content, store=store, study=open_study, start_in_review=start_in_review)
        app.run()
        if app.failure is not None:
            return _fail(app.failure)
        if app.crash is not None:
            from studybuddy.crash_report import crash_message

            print(crash_message(*app.crash), file=sys.stderr)
        return app.return_code or 0
    finally:
        _close_session(store, app.opened_study if app is not None else None)


def _close_session(store, study) -> None:
    """After the app: snapshot, due index and the day's backup, then let go of the directory."""
    from studybuddy.srs.clock import StudyDay, system_clock
    from studybuddy.store import StoreError
    from studybuddy.store.backups import daily_backup

    try:
        if study is not None:  # None when the app ended before the flashcards were needed
            study.collection.save()  # the journal already has every answer; this makes the next start quick
            study.write_due_index()
        # While a restore is still on offer, today's backup would be of the fresh, empty
        # database and would become the "newest good" one.
        if store.restore_offer is None and not store.readonly:
            day = study.day if study is not None else StudyDay(store.settings().rollover_hour)
            daily_backup(store.directory, day.day_of(system_clock()))
    except (StoreError, OSError):
        pass  # a missed snapshot or backup costs time next start, never data
    finally:
        if study is not None:
            study.collection.close()
        store.close()

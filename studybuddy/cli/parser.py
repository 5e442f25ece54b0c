"""The one argument parser. Each subcommand names its handler with set_defaults."""

from __future__ import annotations

import argparse
from pathlib import Path

from studybuddy import __version__
from studybuddy.cli import interop, study


def build_parser() -> argparse.ArgumentParser:
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
        dest="handler",
        action="store_const",
        const=study.reset_settings,
        help="restore the default settings (your progress and reviews are not touched), then exit",
    )
    parser.set_defaults(handler=study.run_app, start_in_review=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler, help: str, parent=sub) -> argparse.ArgumentParser:
        made = parent.add_parser(name, parents=[common], help=help)
        made.set_defaults(handler=handler)
        return made

    command("review", study.run_app, "start straight in today's flashcard review").set_defaults(start_in_review=True)
    command("due", study.due, "print how many cards are due, e.g. for a shell prompt")
    command("check", study.check, "validate the content (bundled and yours) and print what it holds")
    new_deck = command("new-deck", interop.new_deck, "write a commented starter deck into your content folder")
    new_deck.add_argument("name", help="the deck's title, e.g. 'My NLP terms'")
    imp = sub.add_parser("import", parents=[common], help="import cards from another tool")
    imp_sub = imp.add_subparsers(dest="source", metavar="SOURCE", required=True)
    anki_in = command("anki", interop.import_anki, "Anki 'Notes in Plain Text' (.txt) export", imp_sub)
    anki_in.add_argument("file", type=Path, help="the exported .txt file")
    anki_in.add_argument("--deck", help="deck name (default: the file's #deck: header, else its name)")
    exp = sub.add_parser("export", parents=[common], help="export cards, progress or the review log")
    exp_sub = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    anki_out = command("anki", interop.export_anki, "a deck as an Anki text file", exp_sub)
    anki_out.add_argument("deck", help="deck id, e.g. jargon")
    anki_out.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    progress = command("progress", interop.export_progress, "the roadmap as a Markdown checklist (or JSON)", exp_sub)
    progress.add_argument("--format", choices=["markdown", "json"], default="markdown")
    progress.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    reviews = command("reviews", interop.export_reviews, "the review log as CSV for the FSRS optimizer", exp_sub)
    reviews.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write (ids go beside it)")
    backup = command("backup", interop.backup, "zip your own files (progress, review log, your decks and guides)")
    backup.add_argument("-o", "--output", type=Path, required=True, help="zip file to write")
    restore = command("restore", interop.restore, "restore a backup zip into the data directory")
    restore.add_argument("file", type=Path, help="a zip made by `studybuddy backup`")
    restore.add_argument("--force", action="store_true", help="restore over a non-empty directory (its contents are kept beside it)")
    stats = command("stats", study.stats, "print your progress")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    return parser

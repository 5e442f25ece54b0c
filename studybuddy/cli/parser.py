"""The one argument parser. Each subcommand names its handler with set_defaults."""

from __future__ import annotations

import argparse
from pathlib import Path

from studybuddy import __version__
from studybuddy.cli import interop, optimize, study


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

    def command(name: str, handler, help: str, example: str, parent=sub) -> argparse.ArgumentParser:
        """A subcommand whose own --help says what it does and shows an example."""
        made = parent.add_parser(
            name,
            parents=[common],
            help=help,
            description=f"{help[0].upper()}{help[1:]}.",
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if handler is not None:
            made.set_defaults(handler=handler)
        return made

    command("review", study.run_app, "start straight in today's flashcard review", "studybuddy review").set_defaults(start_in_review=True)
    command("due", study.due, "print how many cards are due, e.g. for a shell prompt", "studybuddy due")
    command("check", study.check, "validate the content (bundled and yours) and print what it holds", "studybuddy check --content ~/my-guides")
    new_deck = command("new-deck", interop.new_deck, "write a commented starter deck into your content folder", "studybuddy new-deck 'My NLP terms'")
    new_deck.add_argument("name", help="the deck's title, e.g. 'My NLP terms'")
    imp = command("import", None, "import cards from another tool", "studybuddy import anki ~/Downloads/notes.txt")
    imp_sub = imp.add_subparsers(dest="source", metavar="SOURCE", required=True)
    anki_in = command("anki", interop.import_anki, "import an Anki 'Notes in Plain Text' (.txt) export", "studybuddy import anki notes.txt --deck 'ML words'", imp_sub)
    anki_in.add_argument("file", type=Path, help="the exported .txt file")
    anki_in.add_argument("--deck", help="deck name (default: the file's #deck: header, else its name)")
    exp = command("export", None, "export cards, progress or the review log", "studybuddy export progress -o progress.md")
    exp_sub = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    anki_out = command("anki", interop.export_anki, "write a deck as an Anki text file", "studybuddy export anki 'ML jargon' -o jargon.txt", exp_sub)
    anki_out.add_argument("deck", help="the deck's id or title, e.g. jargon or 'ML jargon'")
    anki_out.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    progress = command("progress", interop.export_progress, "write the roadmap as a Markdown checklist (or JSON)", "studybuddy export progress --format json -o progress.json", exp_sub)
    progress.add_argument("--format", choices=["markdown", "json"], default="markdown")
    progress.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    reviews = command("reviews", interop.export_reviews, "write the review log as CSV for the FSRS optimizer", "studybuddy export reviews -o reviews.csv", exp_sub)
    reviews.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write (ids go beside it)")
    backup = command("backup", interop.backup, "zip your own files (progress, review log, your decks and guides)", "studybuddy backup -o ~/backups")
    backup.add_argument("-o", "--output", type=Path, required=True, help="zip file to write, or a folder for a dated one")
    restore = command("restore", interop.restore, "restore a backup zip into the data directory", "studybuddy restore ~/backups/studybuddy-2026-12-04-093000.zip")
    restore.add_argument("file", type=Path, help="a zip made by `studybuddy backup`")
    restore.add_argument("--force", action="store_true", help="restore over a non-empty directory (its contents are kept beside it)")
    stats = command("stats", study.stats, "print your progress", "studybuddy stats --json")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    fit = command("optimize", optimize.optimize, "fit the memory model (FSRS parameters) to your reviews", "studybuddy optimize --dry-run")
    fit.add_argument("--dry-run", action="store_true", help="fit and compare, but change nothing")
    fit.add_argument("--json", action="store_true", help="machine-readable output")
    return parser

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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("check", parents=[common], help="validate the content and print what it holds")
    stats = sub.add_parser("stats", parents=[common], help="print your progress")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    content_dirs = [Path(d) for d in getattr(args, "content", None) or []]
    try:
        if args.command == "check":
            return _check(content_dirs)
        if args.command == "stats":
            return _stats(data_dir, content_dirs, args.json)
        return _run_app(data_dir, content_dirs)
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"studybuddy: error: {message}", file=sys.stderr)
    return 1


def _load(content_dirs: list[Path]):
    from studybuddy.content import ContentError, load_content

    try:
        return load_content(content_dirs)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"studybuddy: {len(err.problems)} problem(s) in the content", file=sys.stderr)
        return None


def _check(content_dirs: list[Path]) -> int:
    content = _load(content_dirs)
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


def _stats(data_dir: str | None, content_dirs: list[Path], as_json: bool) -> int:
    from studybuddy.roadmap import progress_of
    from studybuddy.store import Store, StoreError, resolve_data_dir

    content = _load(content_dirs)
    if content is None:
        return 1
    try:
        with Store.open(resolve_data_dir(data_dir), readonly=True) as store:
            states = store.item_states()
    except StoreError as err:
        return _fail(str(err))
    overall = progress_of(content.items, states)
    if as_json:
        report = {
            "checklist": overall.as_dict(),
            "roadmap": [
                {"guide": g.id, **progress_of(g.all_item_ids, states).as_dict()} for g in content.guides
            ],
        }
        print(json.dumps(report, indent=2))
        return 0
    print(f"Roadmap: {overall.finished}/{overall.total} finished ({overall.fraction:.0%})")
    for guide in content.guides:
        p = progress_of(guide.all_item_ids, states)
        print(
            f"  {guide.title}: {p.finished}/{p.total}  "
            f"(done {p.done}, in progress {p.in_progress}, skipped {p.skipped}, todo {p.todo})"
        )
    return 0


def _run_app(data_dir: str | None, content_dirs: list[Path]) -> int:
    from studybuddy.store import Store, StoreError, resolve_data_dir

    content = _load(content_dirs)
    if content is None:
        return 1
    try:
        store = Store.open(resolve_data_dir(data_dir))
    except StoreError as err:
        return _fail(str(err))
    try:
        from studybuddy.tui.app import StudyBuddyApp

        app = StudyBuddyApp(content=content, store=store)
        app.run()
        return app.return_code or 0
    finally:
        store.close()

"""The everyday commands: the app itself, due, stats, check and --reset-settings."""

from __future__ import annotations

import argparse
import json

from studybuddy.cli.common import content_dirs, load_library, raise_problems
from studybuddy.cli.errors import CliError, say
from studybuddy.datadir import DataDir
from studybuddy.humanize import plural
from studybuddy.safe_text import printable


def check(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.content import ContentError, load_content

    try:
        content = load_content(content_dirs(args, data))  # what the files say now, nothing remembered
    except ContentError as err:
        raise_problems(err.problems, "in the content")
    print(
        f"ok: {plural(len(content.guides), 'guide')}, {plural(len(content.sections), 'section')}, "
        f"{plural(len(content.items), 'item')}, {plural(len(content.cards), 'card')}"
    )
    for guide in content.guides:
        count = sum(1 for s in content.sections.values() if s.guide_id == guide.id)
        print(f"  {guide.id}: {plural(count, 'section')}, {plural(len(guide.all_item_ids), 'item')} ({printable(guide.path.name)})")
    for deck in content.decks:
        print(f"  {deck.id}: {plural(len(deck.cards), 'card')} ({printable(deck.path.name)})")
    return 0


def _open_readonly(args: argparse.Namespace, data: DataDir):
    """Content, item states and study state, read without locking (the app may be open)."""
    from studybuddy.srs.study import Study
    from studybuddy.store import Store

    content = load_library(args, data)
    with Store.open(data.root, readonly=True) as store:
        states, settings = store.item_states(), store.settings()
    return content, states, Study.open(content, data.root, settings, readonly=True)


def reset_settings(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.store import Store

    with Store.open(data.root) as store:
        store.reset_settings()
        store.ui_set(theme=None)
        print(f"Settings restored to their defaults in {store.directory}")
    return 0


def due(args: argparse.Namespace, data: DataDir) -> int:
    # Run by shell prompts: answered from the due index when it is current, which needs
    # neither FSRS nor YAML nor TinyDB. Otherwise the full path, which refreshes the index.
    from studybuddy.content.files import content_dirs as with_bundled
    from studybuddy.content.files import fingerprint
    from studybuddy.srs.due_index import quick_due_counts
    from studybuddy.store.peek import peek_settings

    settings = peek_settings(data.root)
    counts = settings and quick_due_counts(data.root, fingerprint(with_bundled(content_dirs(args, data))), settings)
    if not counts:
        study = _open_readonly(args, data)[2]
        counts = study.due_now()
        study.write_due_index()
    print(f"{counts[0]} due · {counts[1]} new")
    return 0


def stats(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.stats import figures_for
    from studybuddy.stats.text import render

    _, states, study = _open_readonly(args, data)
    figures = figures_for(study, states)
    print(json.dumps(figures.as_json(), indent=2) if args.json else render(figures))
    return 0


def run_app(args: argparse.Namespace, data: DataDir) -> int:
    from studybuddy.store import Store, StoreReadOnly

    content = load_library(args, data)
    try:
        store = Store.open(data.root)
    except StoreReadOnly as err:
        # Still useful for reading and reviewing; every change is refused with a message.
        store = Store.open(data.root, readonly=True)
        store.warnings.insert(0, f"{str(err)[0].upper()}{str(err)[1:]}. StudyBuddy is running read-only: nothing you change will be saved.")
    app = None
    try:
        from studybuddy.tui.app import StudyBuddyApp

        def open_study():
            import gc

            from studybuddy.srs.study import Study

            study = Study.open(content, data.root, store.settings(), readonly=store.readonly)
            # Schedules live as long as the app; freezing them keeps the cyclic GC from
            # rescanning tens of thousands of objects in the middle of a keypress.
            gc.freeze()
            return study

        app = StudyBuddyApp(content=content, store=store, study=open_study, start_in_review=args.start_in_review)
        app.run()
        if app.failure is not None:
            raise CliError(app.failure)
        if app.crash is not None:
            from studybuddy.crash_report import crash_message

            say(crash_message(*app.crash))
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

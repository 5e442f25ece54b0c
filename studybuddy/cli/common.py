"""What several commands share: the content directories and loading the content."""

from __future__ import annotations

import argparse
from pathlib import Path

from studybuddy.cli.errors import CliError, say
from studybuddy.datadir import DataDir


def content_dirs(args: argparse.Namespace, data: DataDir) -> list[Path]:
    """The user's content folder (when it exists) and each --content, after the bundled content."""
    extra = [Path(d) for d in getattr(args, "content", None) or []]
    return ([data.content] if data.content.is_dir() else []) + extra


def load_library(args: argparse.Namespace, data: DataDir, *, cached: bool = True):
    """The content, bundled and the user's. A user file with problems is left out, and
    named on stderr; problems in the bundled content end the command."""
    from studybuddy.content import ContentError
    from studybuddy.content.cache import load_content_cached

    try:
        library = load_content_cached(content_dirs(args, data), data.cache if cached else None)
    except ContentError as err:
        raise_problems(err.problems, "in the content")
    for problem in library.problems:
        say(f"studybuddy: left out: {problem}")
    return library


def raise_problems(problems, where: str):
    for problem in problems:
        say(str(problem))
    raise CliError(f"{len(problems)} problem(s) {where}")

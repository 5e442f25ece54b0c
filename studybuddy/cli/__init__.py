"""The `studybuddy` command: one parser, one way to fail.

Every subcommand is a handler set on its parser (see parser.py) and runs through
`errors.run`, which turns whatever goes wrong into one line naming the file and the
value, and a non-zero exit; a closed pipe into a quiet exit; and only a real bug into a
crash report, inside the data directory. The commands that print (check, stats, due)
never import textual, and `due` not even the data layer's heavy modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from studybuddy.cli.errors import run
from studybuddy.cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)


__all__ = ["main"]

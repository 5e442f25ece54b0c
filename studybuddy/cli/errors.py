"""The one path every command's outcome takes to the terminal.

Bad input is not a bug: it gets one line saying which file, which line and which value,
and exit status 1. A closed pipe (`studybuddy stats | head -1`) is a quiet exit, as with
other Unix tools. Only an unexpected exception writes a crash report, and only inside the
data directory: the user's data directory is the one place they know to look.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from datetime import datetime

from studybuddy.datadir import DataDir
from studybuddy.safe_text import printable
from studybuddy.store.errors import StoreError

PIPE_CLOSED = 141  # what a shell reports for a tool ended by SIGPIPE


class CliError(Exception):
    """Something the user can fix; its text is the whole message."""


def say(text: str) -> None:
    """A line for the user on stderr; nothing from a file can drive the terminal."""
    print(printable(text), file=sys.stderr)


def fail(message: str) -> int:
    say(f"studybuddy: error: {message}")
    return 1


def os_error_text(err: OSError) -> str:
    where = err.filename or ""
    if err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        why = f"the disk is full or the file too large ({err.strerror})"
    else:
        why = err.strerror or str(err)
    return f"{where}: {why}" if where else why


def _check_time_zone() -> None:
    # An odd TZ (TZ=UTC+24) makes every local-time conversion raise; say so once, up front.
    try:
        datetime.now().astimezone()
    except (ValueError, OverflowError, OSError) as err:
        raise CliError(
            f"the time zone TZ={os.environ.get('TZ', '')!r} cannot be used ({err}); unset TZ or set it to a zone such as Europe/Paris"
        ) from None


def run(args: argparse.Namespace) -> int:
    data: DataDir | None = None
    try:
        data = DataDir.resolve(getattr(args, "data_dir", None))
        if data.root.exists() and not data.root.is_dir():
            raise CliError(f"the data directory {data.root} is a file; pass --data-dir to use another one")
        _check_time_zone()
        code = args.handler(args, data)
        sys.stdout.flush()  # a closed pipe shows here, inside the handling
        return code
    except BrokenPipeError:
        # Point stdout at nothing, so the interpreter's own flush at exit stays quiet too.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return PIPE_CLOSED
    except KeyboardInterrupt:
        return 130
    except (CliError, StoreError) as err:
        return fail(str(err))
    except OSError as err:
        return fail(os_error_text(err))
    except Exception as error:
        return crashed(error, data)


def crashed(error: BaseException, data: DataDir | None) -> int:
    """A bug: one sentence here, the traceback in a file in the data directory."""
    from studybuddy.crash_report import crash_message, write_crash_report

    say(crash_message(error, write_crash_report(data.logs if data else None, error)))
    return 1

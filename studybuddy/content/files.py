"""Which files make up the content, and a fingerprint that changes when any of them does.

Standard library only: `studybuddy due` uses the fingerprint to trust its cached counts
without importing the YAML parser, and the parsed-content cache is keyed by it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from studybuddy import __version__


def bundled_content_dir() -> Path:
    """The content shipped with StudyBuddy: inside the wheel, or the checkout's `content/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_content"
    if installed.is_dir():
        return installed
    return package.parent / "content"


def content_dirs(directories: Sequence[Path] | None = None, *, bundled: bool = True) -> list[Path]:
    return ([bundled_content_dir()] if bundled else []) + [Path(d) for d in directories or ()]


def content_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """Guide and deck files of one content directory, in a stable order."""
    guides = sorted((directory / "guides").glob("*.yaml")) + sorted((directory / "guides").glob("*.yml"))
    decks = sorted((directory / "decks").glob("*.yaml")) + sorted((directory / "decks").glob("*.yml"))
    return guides, decks


def fingerprint(dirs: Sequence[Path]) -> str:
    """Changes when a content file is added, removed, renamed or rewritten, or StudyBuddy is
    upgraded (its loader may read the same file differently)."""
    digest = hashlib.blake2b(f"{__version__}\n{_loader_stamp()}".encode(), digest_size=16)
    for directory in dirs:
        digest.update(f"\0{directory}".encode())
        if not directory.is_dir():
            continue
        for group in content_files(directory):
            for path in group:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                digest.update(f"\n{path}\t{stat.st_mtime_ns}\t{stat.st_size}".encode())
    return digest.hexdigest()


def _loader_stamp() -> str:
    # Between releases (a checkout being worked on) the loader's own files change too.
    here = Path(__file__).parent
    stamps = []
    for name in ("loader.py", "model.py", "yaml_source.py"):
        try:
            stamps.append(str(os.stat(here / name).st_mtime_ns))
        except OSError:
            stamps.append("-")
    return ",".join(stamps)

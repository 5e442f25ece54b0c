"""Content: the guides and decks as validated, immutable objects. Never imports textual.

Every name is imported on first use, so `studybuddy due`, which only needs the content
files' fingerprint (content/files.py), pays neither for the YAML parser nor the model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studybuddy.content.files import bundled_content_dir
    from studybuddy.content.loader import load_content
    from studybuddy.content.model import (
        ITEM_KINDS,
        Term,
        Library,
        ContentError,
        Deck,
        Guide,
        Item,
        Problem,
        Section,
    )

_HOME = {
    "ITEM_KINDS": "model",
    "Term": "model",
    "Library": "model",
    "ContentError": "model",
    "Deck": "model",
    "Guide": "model",
    "Item": "model",
    "Problem": "model",
    "Section": "model",
    "bundled_content_dir": "files",
    "load_content": "loader",
}
__all__ = [
    "ITEM_KINDS",
    "Term",
    "Library",
    "ContentError",
    "Deck",
    "Guide",
    "Item",
    "Problem",
    "Section",
    "bundled_content_dir",
    "load_content",
]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value  # later lookups skip this function
    return value

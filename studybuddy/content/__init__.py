"""Content: the guides and decks as validated, immutable objects. Never imports textual."""

from studybuddy.content.model import (
    ITEM_KINDS,
    Card,
    Content,
    ContentError,
    Deck,
    Guide,
    Item,
    Problem,
    Section,
)
from studybuddy.content.loader import bundled_content_dir, load_content

__all__ = [
    "ITEM_KINDS",
    "Card",
    "Content",
    "ContentError",
    "Deck",
    "Guide",
    "Item",
    "Problem",
    "Section",
    "bundled_content_dir",
    "load_content",
]

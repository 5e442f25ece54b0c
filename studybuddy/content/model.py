"""The content's shape: guides of nested sections holding checklist items, and flashcard decks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studybuddy.safe_text import printable

ITEM_KINDS = (
    "course",
    "book",
    "video",
    "article",
    "paper",
    "notebook",
    "tool",
    "community",
    "dataset",
    "newsletter",
    "cheatsheet",
    "practice",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, located for a human to fix."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        # Shown on a terminal and in the app: whatever the file said is escaped, never obeyed.
        return printable(f"{where}: {self.message}")


class ContentError(Exception):
    """Content that cannot be used; carries every problem found, each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def path(self) -> Path:
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        return self.problems[0].line


@dataclass(slots=True, eq=False)
class Item:
    id: str
    title: str
    kind: str
    note: str
    url: str | None
    section_id: str


@dataclass(slots=True, eq=False)
class Section:
    id: str
    title: str
    summary: str
    guide_id: str
    parent_id: str | None
    original_title: str | None = None
    # A heading kept for the reader's orientation that holds no study material: shown
    # (dimmed) in the tree, never counted in progress nor offered as a roadmap step.
    note: bool = False
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # Every item id in this section and all sections below it, in reading order.
    all_item_ids: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)
class Guide:
    id: str
    title: str
    summary: str
    source: str
    path: Path
    author: str | None = None
    license: str | None = None
    sections: list[Section] = field(default_factory=list)
    all_item_ids: tuple[str, ...] = ()
    user: bool = False  # from the user's own content, not shipped with StudyBuddy


@dataclass(slots=True, eq=False)
class Term:
    id: str
    term: str
    definition: str
    deck_id: str
    zh: str | None = None
    example: str | None = None
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)
class Deck:
    id: str
    title: str
    path: Path
    description: str | None = None
    cards: list[Term] = field(default_factory=list)
    user: bool = False


@dataclass(slots=True, eq=False)
class Library:
    """Everything loaded, with indexes by id. Built once at start-up, read-only after."""

    guides: list[Guide]
    decks: list[Deck]
    sections: dict[str, Section]
    items: dict[str, Item]
    cards: dict[str, Term]
    # Cards that name a section, so the detail pane can list a section's terms cheaply.
    cards_by_section: dict[str, list[Term]]
    # The content files' fingerprint when known (set by the cache): keys the due index.
    fingerprint: str = ""
    # The user's files that were left out because something in them is wrong (each with
    # file and line): the rest of the content works, and the user is told.
    problems: list[Problem] = field(default_factory=list)

    def guide_by_id(self, guide_id: str) -> Guide:
        for guide in self.guides:
            if guide.id == guide_id:
                return guide
        raise KeyError(guide_id)

    def cards_under(self, section_id: str) -> set[str]:
        """Ids of the cards that name a section or any section below it."""
        # From the section index, so the cost follows the section, not the deck: the
        # browser asks on every move.
        found: set[str] = set()
        stack = [self.sections[section_id]]
        while stack:
            section = stack.pop()
            found.update(card.id for card in self.cards_by_section.get(section.id, ()))
            stack.extend(section.sections)
        return found

    def ancestors(self, section_id: str) -> list[Section]:
        """The section's parents, outermost first, not including the section itself."""
        chain: list[Section] = []
        parent = self.sections[section_id].parent_id
        while parent is not None:
            chain.append(self.sections[parent])
            parent = self.sections[parent].parent_id
        chain.reverse()
        return chain

"""Validate guide and deck files against the schema and build a `Content`.

Every problem is collected (not just the first) and reported with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from studybuddy.content.files import bundled_content_dir, content_dirs, content_files
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
from studybuddy.content.yaml_source import FileCheck, KeyPath, read_yaml
from studybuddy.safe_text import describe, first_control

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

GUIDE_KEYS = {"id", "title", "source", "author", "license", "summary", "sections"}
GUIDE_REQUIRED = ("id", "title", "source", "summary", "sections")
SECTION_KEYS = {"id", "title", "original_title", "summary", "note", "items", "sections"}
SECTION_REQUIRED = ("id", "title", "summary")
ITEM_KEYS = {"id", "title", "url", "kind", "note"}
ITEM_REQUIRED = ("id", "title", "kind", "note")
DECK_KEYS = {"id", "title", "description", "cards"}
DECK_REQUIRED = ("id", "title", "cards")
CARD_KEYS = {"id", "term", "zh", "definition", "example", "sections", "tags", "guid"}
CARD_REQUIRED = ("id", "term", "definition")


def _check_mapping(
    check: FileCheck,
    value: Any,
    keypath: KeyPath,
    what: str,
    allowed: set[str],
    required: Iterable[str],
) -> bool:
    if not isinstance(value, dict):
        check.add(keypath, f"{what} must be a mapping of keys, got {_kind_of(value)}")
        return False
    for key in value:
        if key not in allowed:
            shown = key if isinstance(key, str) else repr(key)
            check.add(
                keypath + (str(key),),
                f"unknown key '{shown}' in {what} (allowed: {', '.join(sorted(allowed))})",
            )
    ok = True
    for key in required:
        if key not in value or value[key] is None:
            check.add(keypath, f"{what} is missing required field '{key}'")
            ok = False
    return ok


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _text(check: FileCheck, data: dict, key: str, keypath: KeyPath, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # a bare number as a title is harmless
    if not isinstance(value, str):
        check.add(keypath + (key,), f"'{key}' must be text, got {_kind_of(value)}")
        return None
    if not _plain_text(check, value, keypath + (key,), f"'{key}'"):
        return None
    if required and not value.strip():
        check.add(keypath + (key,), f"'{key}' is empty")
        return None
    return value.strip()


def _plain_text(check: FileCheck, value: str, keypath: KeyPath, what: str) -> bool:
    char = first_control(value)
    if char is not None:
        check.add(keypath, f"{what} holds a {describe(char)}; only text, newlines and tabs are allowed")
        return False
    return True


def _slug(check: FileCheck, data: dict, keypath: KeyPath) -> str | None:
    value = data.get("id")
    if value is None:
        return None
    if not isinstance(value, str) or not SLUG.match(value):
        check.add(
            keypath + ("id",),
            f"id {value!r} is not a slug (lowercase letters, digits and '-')",
        )
        return None
    return value


def _url(check: FileCheck, data: dict, keypath: KeyPath, key: str = "url") -> str | None:
    value = _text(check, data, key, keypath)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        check.add(keypath + (key,), f"malformed URL {value!r} (need http:// or https:// and a host)")
        return None
    return value


class _Builder:
    """Validates file by file and assembles the indexes, tracking where each id came from."""

    def __init__(self) -> None:
        self.guides: list[Guide] = []
        self.decks: list[Deck] = []
        self.sections: dict[str, Section] = {}
        self.items: dict[str, Item] = {}
        self.cards: dict[str, Term] = {}
        self.origins: dict[tuple[str, str], tuple[FileCheck, KeyPath]] = {}
        self.checks: list[FileCheck] = []
        self.early: list[Problem] = []
        # Term section references, checked once every guide is in.
        self.card_refs: list[tuple[FileCheck, KeyPath, str]] = []

    def claim(self, namespace: str, ident: str, check: FileCheck, keypath: KeyPath) -> bool:
        first = self.origins.get((namespace, ident))
        if first is None:
            self.origins[(namespace, ident)] = (check, keypath)
            return True
        first_check, first_path = first
        where = str(first_check.path)
        line = first_check.line_of(first_path)
        if line:
            where += f":{line}"
        check.add(keypath + ("id",), f"duplicate {namespace} id '{ident}' (first defined at {where})")
        return False

    def guide(self, path: Path, user: bool = False) -> None:
        data, check, problems = read_yaml(path)
        self.checks.append(check)
        if problems:
            self.early.extend(problems)
            return
        if not _check_mapping(check, data, (), "guide", GUIDE_KEYS, GUIDE_REQUIRED):
            return
        gid = _slug(check, data, ())
        title = _text(check, data, "title", ())
        summary = _text(check, data, "summary", ())
        source = _url(check, data, (), key="source")
        author = _text(check, data, "author", (), required=False)
        license_ = _text(check, data, "license", (), required=False)
        if gid and not self.claim("guide", gid, check, ()):
            gid = None
        guide = Guide(
            id=gid or "?",
            title=title or "?",
            summary=summary or "",
            source=source or "",
            path=path,
            author=author,
            license=license_,
            user=user,
        )
        sections = data.get("sections")
        if not isinstance(sections, list) or not sections:
            check.add(("sections",), "'sections' must be a non-empty list")
            return
        guide.sections = self.section_list(check, sections, ("sections",), guide.id, None)
        guide.all_item_ids = tuple(i for s in guide.sections for i in s.all_item_ids)
        if gid:
            self.guides.append(guide)

    def section_list(
        self, check: FileCheck, raw: list, keypath: KeyPath, guide_id: str, parent_id: str | None
    ) -> list[Section]:
        out = []
        for index, data in enumerate(raw):
            section = self.section(check, data, keypath + (index,), guide_id, parent_id)
            if section is not None:
                out.append(section)
        return out

    def section(
        self, check: FileCheck, data: Any, keypath: KeyPath, guide_id: str, parent_id: str | None
    ) -> Section | None:
        if not _check_mapping(check, data, keypath, "section", SECTION_KEYS, SECTION_REQUIRED):
            return None
        sid = _slug(check, data, keypath)
        title = _text(check, data, "title", keypath)
        summary = _text(check, data, "summary", keypath)
        original = _text(check, data, "original_title", keypath, required=False)
        note = data.get("note", False)
        if not isinstance(note, bool):
            check.add(keypath + ("note",), f"'note' must be true or false, got {_kind_of(note)}")
            note = False
        elif note and (data.get("items") or data.get("sections")):
            # A note is a signpost: material under it would vanish from progress and the roadmap.
            check.add(keypath + ("note",), "a note section holds no items or subsections")
        if sid is None or not self.claim("section", sid, check, keypath):
            return None
        section = Section(
            id=sid,
            title=title or sid,
            summary=summary or "",
            guide_id=guide_id,
            parent_id=parent_id,
            original_title=original,
            note=note,
        )
        self.sections[sid] = section
        items = data.get("items")
        if items is not None:
            if not isinstance(items, list):
                check.add(keypath + ("items",), f"'items' must be a list, got {_kind_of(items)}")
            else:
                for index, raw in enumerate(items):
                    item = self.item(check, raw, keypath + ("items", index), sid)
                    if item is not None:
                        section.items.append(item)
        children = data.get("sections")
        if children is not None:
            if not isinstance(children, list):
                check.add(keypath + ("sections",), f"'sections' must be a list, got {_kind_of(children)}")
            else:
                section.sections = self.section_list(check, children, keypath + ("sections",), guide_id, sid)
        section.all_item_ids = tuple(i.id for i in section.items) + tuple(
            i for child in section.sections for i in child.all_item_ids
        )
        return section

    def item(self, check: FileCheck, data: Any, keypath: KeyPath, section_id: str) -> Item | None:
        if not _check_mapping(check, data, keypath, "item", ITEM_KEYS, ITEM_REQUIRED):
            return None
        iid = _slug(check, data, keypath)
        title = _text(check, data, "title", keypath)
        note = _text(check, data, "note", keypath)
        kind = data.get("kind")
        if kind not in ITEM_KINDS:
            check.add(keypath + ("kind",), f"unknown kind {kind!r} (one of: {', '.join(ITEM_KINDS)})")
            kind = None
        url = _url(check, data, keypath) if "url" in data else None
        if url is None and "url" not in data and kind not in (None, "practice"):
            check.add(keypath, "item is missing required field 'url' (only practice items may omit it)")
        if iid is None or not self.claim("item", iid, check, keypath):
            return None
        if title is None or note is None or kind is None:
            return None
        item = Item(id=iid, title=title, kind=kind, note=note, url=url, section_id=section_id)
        self.items[iid] = item
        return item

    def deck(self, path: Path, user: bool = False) -> None:
        data, check, problems = read_yaml(path)
        self.checks.append(check)
        if problems:
            self.early.extend(problems)
            return
        if not _check_mapping(check, data, (), "deck", DECK_KEYS, DECK_REQUIRED):
            return
        did = _slug(check, data, ())
        title = _text(check, data, "title", ())
        description = _text(check, data, "description", (), required=False)
        if did and not self.claim("deck", did, check, ()):
            did = None
        deck = Deck(id=did or "?", title=title or "?", path=path, description=description, user=user)
        cards = data.get("cards")
        if not isinstance(cards, list) or not cards:
            check.add(("cards",), "'cards' must be a non-empty list")
            return
        for index, raw in enumerate(cards):
            card = self.card(check, raw, ("cards", index), deck.id)
            if card is not None:
                deck.cards.append(card)
        if did:
            self.decks.append(deck)

    def card(self, check: FileCheck, data: Any, keypath: KeyPath, deck_id: str) -> Term | None:
        if not _check_mapping(check, data, keypath, "card", CARD_KEYS, CARD_REQUIRED):
            return None
        cid = _slug(check, data, keypath)
        term = _text(check, data, "term", keypath)
        definition = _text(check, data, "definition", keypath)
        zh = _text(check, data, "zh", keypath, required=False)
        example = _text(check, data, "example", keypath, required=False)
        sections = self.slug_list(check, data, "sections", keypath)
        tags = self.slug_list(check, data, "tags", keypath, slugs=False)
        for index, sid in enumerate(sections):
            self.card_refs.append((check, keypath + ("sections", index), sid))
        if cid is None or not self.claim("card", cid, check, keypath):
            return None
        if term is None or definition is None:
            return None
        card = Term(
            id=cid,
            term=term,
            definition=definition,
            deck_id=deck_id,
            zh=zh,
            example=example,
            sections=tuple(sections),
            tags=tuple(tags),
        )
        self.cards[cid] = card
        return card

    @staticmethod
    def slug_list(check: FileCheck, data: dict, key: str, keypath: KeyPath, slugs: bool = True) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            check.add(keypath + (key,), f"'{key}' must be a list, got {_kind_of(value)}")
            return []
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or (slugs and not SLUG.match(entry)):
                check.add(keypath + (key, index), f"'{key}' entry {entry!r} is not a valid id")
            elif _plain_text(check, entry, keypath + (key, index), f"'{key}' entry"):
                out.append(entry)
        return out

    def finish(self) -> Library:
        # When a guide file is broken its sections are unknown, and every card pointing at
        # them would be reported too: report the guide's own problems only.
        guides_ok = not any(
            c.issues for c in self.checks if c.path.parent.name == "guides"
        ) and not any(p.path.parent.name == "guides" for p in self.early)
        for check, keypath, sid in self.card_refs if guides_ok else ():
            if sid not in self.sections:
                check.add(keypath, f"card names unknown section '{sid}'")
        problems = list(self.early)
        for check in self.checks:
            problems.extend(check.problems())
        if problems:
            raise ContentError(problems)
        by_section: dict[str, list[Term]] = {}
        for deck in self.decks:
            for card in deck.cards:
                for sid in card.sections:
                    by_section.setdefault(sid, []).append(card)
        return Library(
            guides=self.guides,
            decks=self.decks,
            sections=self.sections,
            items=self.items,
            cards=self.cards,
            cards_by_section=by_section,
        )


def load_content(
    directories: Sequence[Path] | None = None, *, bundled: bool = True, skip_bad_user_files: bool = False
) -> Library:
    """Load and validate the bundled content (unless bundled=False) plus extra directories.

    Raises ContentError listing every problem (file, line, message) when anything is wrong.
    With skip_bad_user_files, a file of the user's own that has problems is left out
    instead (and so is anything that needed it), and its problems are in the result's
    `problems`: one bad file must not lock the user out of everything else. Problems in
    the bundled content still raise.
    """
    shipped = bundled_content_dir()
    dirs = content_dirs(directories, bundled=bundled)
    user_dirs = [d for d in dirs if bundled and d != shipped]
    left_out: list[Problem] = []
    skipped: set[Path] = set()
    while True:
        try:
            library = _load_once(dirs, user_dirs, skipped)
        except ContentError as err:
            if not skip_bad_user_files:
                raise
            mine = [p for p in err.problems if any(p.path == d or d in p.path.parents for d in user_dirs)]
            if len(mine) < len(err.problems):
                raise ContentError([p for p in err.problems if p not in mine] + mine) from None
            skipped.update(p.path for p in mine)
            left_out.extend(mine)
            continue
        library.problems = left_out
        return library


def _load_once(dirs: list[Path], user_dirs: list[Path], skipped: set[Path]) -> Library:
    builder = _Builder()
    all_decks: list[tuple[Path, bool]] = []
    for directory in dirs:
        if directory in skipped:
            continue
        # Extra directories are the user's own, unless they are the whole content (tests, tools).
        user = directory in user_dirs
        if not directory.is_dir():
            builder.early.append(Problem(directory, None, "content directory does not exist"))
            continue
        guides, decks = content_files(directory)
        if not guides and not decks and not any((directory / sub).is_dir() for sub in ("guides", "decks")):
            # An empty guides/ or decks/ folder is fine: the user has not added anything yet.
            builder.early.append(
                Problem(directory, None, "no content found (expected guides/*.yaml or decks/*.yaml)")
            )
        for path in guides:
            if path not in skipped:
                builder.guide(path, user)
        all_decks.extend((path, user) for path in decks if path not in skipped)
    # Decks after all guides, so a card may point at a section in any guide.
    for path, user in all_decks:
        builder.deck(path, user)
    return builder.finish()

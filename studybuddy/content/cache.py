"""Parsed content kept between starts, keyed by the content files' fingerprint.

Parsing and validating the YAML costs about 25 ms for the bundled guides and 330 ms for a
10,000-card deck; reading this cache costs a fraction of that. The cache is plain JSON,
never a format that can run code (a cache file may come from anywhere: a shared disk, a
doctored backup), and it is validated on load: any problem reading it means parsing the
YAML again. Content with problems is never cached (so its messages are shown on every
start until it is fixed). It lives in the platform's cache directory (see datadir.py),
never in a backup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studybuddy.content.files import content_dirs, fingerprint
from studybuddy.content.model import Deck, Guide, Item, Library, Section, Term
from studybuddy.datadir import atomic_write

PREFIX = "content-"
SUFFIX = ".json"
FORMAT = 1
# A control character means the file was not written by us (validated content holds none).
# json.loads refuses raw C0 characters itself; these find the rest: escaped ones (not after
# an escaped backslash) and raw C1. Each runs only when a quick byte search says it might hit.
_ESCAPED_CONTROL = re.compile(rb"(?<!\\)(?:\\\\)*\\(?:u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F]|[bfr])")
_C1 = re.compile("[\x80-\x9f]")


def _foreign(blob: bytes) -> bool:
    if b"\x7f" in blob:
        return True
    if any(mark in blob for mark in (b"\\u00", b"\\b", b"\\f", b"\\r")) and _ESCAPED_CONTROL.search(blob):
        return True
    return b"\xc2" in blob and _C1.search(blob.decode("utf-8")) is not None  # U+0080-U+009F start with 0xC2


def load_content_cached(directories: Sequence[Path] | None, cache_dir: Path | None) -> Library:
    """As `load_content(directories)`, from the cache when the files are unchanged."""
    if cache_dir is None:
        return _parse(directories)
    key = fingerprint(content_dirs(directories))
    path = cache_dir / f"{PREFIX}{key}{SUFFIX}"
    try:
        blob = path.read_bytes()
        if not _foreign(blob):
            return from_plain(json.loads(blob), key)
    except Exception:  # a damaged or foreign cache is just a miss: parse the YAML instead
        pass
    content = _parse(directories)
    if content.problems:
        return content  # a user file was left out: say so on every start until it is fixed
    content.fingerprint = key  # taken before parsing: a file changed meanwhile makes it stale, not wrong
    _store(cache_dir, path, content)
    return content


def _parse(directories: Sequence[Path] | None) -> Library:
    # Imported here, on a miss only: a start from the cache never loads PyYAML.
    from studybuddy.content.loader import load_content

    return load_content(directories, skip_bad_user_files=True)


def _store(cache_dir: Path, path: Path, content: Library) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        blob = json.dumps(to_plain(content), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(path, blob, durable=False)  # losing a cache file costs one slower start
        for old in [*cache_dir.glob(f"{PREFIX}*{SUFFIX}"), *cache_dir.glob(f"{PREFIX}*.pickle")]:
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk, or no directory: run without the cache
        pass


# -- plain data ---------------------------------------------------------------------------


def to_plain(content: Library) -> dict[str, Any]:
    def section(s: Section) -> list:
        items = [[i.id, i.title, i.kind, i.note, i.url] for i in s.items]
        return [s.id, s.title, s.summary, s.original_title, items, [section(c) for c in s.sections]]

    return {
        "format": FORMAT,
        "key": content.fingerprint,
        "guides": [
            [g.id, g.title, g.summary, g.source, str(g.path), g.author, g.license, g.user, [section(s) for s in g.sections]]
            for g in content.guides
        ],
        "decks": [
            [
                d.id,
                d.title,
                str(d.path),
                d.description,
                d.user,
                [[c.id, c.term, c.definition, c.zh, c.example, list(c.sections), list(c.tags)] for c in d.cards],
            ]
            for d in content.decks
        ],
    }


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("not text")
    return value


def _opt(value: Any) -> str | None:
    return None if value is None else _str(value)


def _strs(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("not a list")
    if value and set(map(type, value)) != {str}:  # checked in C: this runs for every card
        raise ValueError("not a list of text")
    return tuple(value)


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueError("not true/false")
    return value


def from_plain(raw: Any, key: str) -> Library:
    """The Library a cache file describes; ValueError (or another error) when it is not one."""
    if type(raw) is not dict or raw.get("format") != FORMAT or raw.get("key") != key:
        raise ValueError("another format or key")
    sections: dict[str, Section] = {}
    items: dict[str, Item] = {}
    cards: dict[str, Term] = {}
    by_section: dict[str, list[Term]] = {}

    def section(row: Any, guide_id: str, parent_id: str | None) -> Section:
        sid, title, summary, original, raw_items, children = row
        made = Section(_str(sid), _str(title), _str(summary), guide_id, parent_id, _opt(original))
        if made.id in sections:
            raise ValueError("duplicate section")
        sections[made.id] = made
        for iid, ititle, kind, note, url in raw_items:
            item = Item(_str(iid), _str(ititle), _str(kind), _str(note), _opt(url), made.id)
            items[item.id] = made.items.append(item) or item
        made.sections = [section(child, guide_id, made.id) for child in children]
        made.all_item_ids = tuple(i.id for i in made.items) + tuple(i for c in made.sections for i in c.all_item_ids)
        return made

    guides = []
    for gid, title, summary, source, path, author, license_, user, raw_sections in raw["guides"]:
        guide = Guide(_str(gid), _str(title), _str(summary), _str(source), Path(_str(path)), _opt(author), _opt(license_), user=_bool(user))
        guide.sections = [section(row, guide.id, None) for row in raw_sections]
        guide.all_item_ids = tuple(i for s in guide.sections for i in s.all_item_ids)
        guides.append(guide)
    decks = []
    for did, title, path, description, user, raw_cards in raw["decks"]:
        deck = Deck(_str(did), _str(title), Path(_str(path)), _opt(description), user=_bool(user))
        for cid, term, definition, zh, example, card_sections, tags in raw_cards:
            # Inline checks, not helper calls: this loop runs once per card at every start.
            if (
                type(cid) is not str
                or type(term) is not str
                or type(definition) is not str
                or (zh is not None and type(zh) is not str)
                or (example is not None and type(example) is not str)
            ):
                raise ValueError("a card field is not text")
            card = Term(cid, term, definition, deck.id, zh, example, _strs(card_sections) if card_sections else (), _strs(tags) if tags else ())
            deck.cards.append(card)
            cards[card.id] = card
            for sid in card.sections:
                if sid not in sections:
                    raise ValueError("unknown section")
                by_section.setdefault(sid, []).append(card)
        decks.append(deck)
    return Library(guides, decks, sections, items, cards, by_section, fingerprint=key)

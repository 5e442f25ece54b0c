"""Anki's "Notes in Plain Text" files: read them into a user deck, and write decks out.

The header lines are those Anki writes and reads (https://docs.ankiweb.net/importing/text-files.html):
`#separator:`, `#html:`, `#columns:`, `#deck:`, `#notetype:`, `#tags:` and the
`#guid column:`, `#notetype column:`, `#deck column:` and `#tags column:` forms (1-based).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studybuddy.content import Term, Deck
from studybuddy.interop.html_text import html_to_markdown, markdown_to_html
from studybuddy.safe_text import CONTROL, strip_control

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
SPECIAL_COLUMNS = ("guid", "notetype", "deck", "tags")
# Marks where the exported back's extras (zh, example) begin, so re-import can unfold them.
EXTRA_MARK = '<hr id="studybuddy-extra">'


class AnkiFileError(Exception):
    """The file cannot be read as an Anki text export at all."""


@dataclass
class Note:
    line: int
    front: str
    back: str
    tags: list[str]
    guid: str | None = None
    zh: str | None = None
    example: str | None = None


@dataclass
class ParsedFile:
    notes: list[Note] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows skipped, each with its line
    warnings: list[str] = field(default_factory=list)  # rows imported with something removed
    deck: str | None = None
    notetype: str | None = None


def slugify(text: str, fallback: str = "card") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60].strip("-") or fallback


def _separator(value: str) -> str:
    key = value.strip()
    if key.casefold() in SEPARATORS:
        return SEPARATORS[key.casefold()]
    if len(value) == 1:
        return value
    raise AnkiFileError(f"unknown separator {value!r} (Tab, Comma, Semicolon, Pipe, Colon, Space or one character)")


def _truthy(value: str) -> bool:
    return value.strip().casefold() in ("true", "yes", "1")


def _field_text(raw: str, is_html: bool) -> str:
    return html_to_markdown(raw) if is_html else raw.strip()


def parse(path: Path) -> ParsedFile:
    """Read the file; bad rows become problems (with line numbers), the rest notes."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnkiFileError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise AnkiFileError(f"{path}: {err.strerror}") from None
    lines = text.splitlines(keepends=True)
    cleaned = []
    for number, line in enumerate(lines, start=1):
        body = line.rstrip("\r\n")
        if CONTROL.search(body):
            # Text is data: an ESC from a shared deck must never reach the terminal.
            cleaned.append(f"{path}:{number}: removed control characters (such as ESC) from this line")
            line = strip_control(body) + line[len(body) :]
        lines[number - 1] = line
    headers: dict[str, str] = {}
    body_start = 0
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            break
        key, _, value = line[1:].rstrip("\r\n").partition(":")
        headers[key.strip().casefold()] = value
        body_start = number + 1
    separator = _separator(headers["separator"]) if "separator" in headers else _sniff(lines[body_start:])
    is_html = _truthy(headers.get("html", "false")) if "html" in headers else _looks_html(text)
    columns = None
    if "columns" in headers:
        columns = [c.strip().casefold() for c in headers["columns"].split(separator)]
    special: dict[str, int] = {}
    for name in SPECIAL_COLUMNS:
        value = headers.get(f"{name} column")
        if value is not None:
            try:
                special[name] = int(value.strip()) - 1
            except ValueError:
                raise AnkiFileError(f"{path}: '#{name} column:' must be a number, got {value.strip()!r}") from None
    if columns:
        for name in SPECIAL_COLUMNS:
            if name in columns and name not in special:
                special[name] = columns.index(name)
    result = ParsedFile(deck=headers.get("deck", "").strip() or None, notetype=headers.get("notetype", "").strip() or None)
    result.warnings = cleaned
    file_tags = headers.get("tags", "").split()
    field_indexes = _field_indexes(columns, special)

    reader = csv.reader(io.StringIO("".join(lines[body_start:])), delimiter=separator, quotechar='"', strict=False)
    previous_end = body_start
    guid_lines: dict[str, int] = {}
    try:
        for row in reader:
            start_line = previous_end + 1
            previous_end = body_start + reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            note = _note(row, start_line, field_indexes, special, is_html, file_tags, result.problems, path)
            if note is not None and note.guid is not None:
                first = guid_lines.setdefault(note.guid, note.line)
                if first != note.line:
                    result.problems.append(f"{path}:{note.line}: guid {note.guid!r} is already used on line {first}; row skipped")
                    continue
            if note is not None:
                result.notes.append(note)
    except csv.Error as err:
        result.problems.append(f"{path}:{body_start + reader.line_num}: unreadable row ({err}); the rest of the file was skipped")
    return result


def _field_indexes(columns: list[str] | None, special: dict[str, int]) -> tuple[int | None, int | None, int | None]:
    """(front, back, tags) column positions."""
    taken = set(special.values())
    if columns:
        def find(*names: str) -> int | None:
            return next((columns.index(n) for n in names if n in columns), None)

        front = find("front", "text", "question")
        back = find("back", "extra", "answer")
        free = [i for i in range(len(columns)) if i not in taken and i not in (front, back)]
        if front is None and free:
            front = free.pop(0)
        if back is None and free:
            back = free.pop(0)
        return front, back, special.get("tags")
    free = [i for i in range(64) if i not in taken]
    return free[0], free[1], special.get("tags")


def _note(row, line, indexes, special, is_html, file_tags, problems, path) -> Note | None:
    front_i, back_i, tags_i = indexes

    def cell(index: int | None) -> str:
        return row[index] if index is not None and 0 <= index < len(row) else ""

    if front_i is None or front_i >= len(row) or back_i is None or back_i >= len(row):
        problems.append(f"{path}:{line}: expected at least {max(front_i or 0, back_i or 0) + 1} fields, found {len(row)}; row skipped")
        return None
    front = _field_text(cell(front_i), is_html)
    back_raw = cell(back_i)
    zh = example = None
    if EXTRA_MARK in back_raw:
        back_raw, _, extras = back_raw.partition(EXTRA_MARK)
        for part in re.split(r"<br\s*/?>|</?p>", extras):
            part = html_to_markdown(part)
            if part.startswith("中文: "):
                zh = part.removeprefix("中文: ").strip()
            elif part.startswith("Example: "):
                example = part.removeprefix("Example: ").strip()
    back = _field_text(back_raw, is_html)
    if not front:
        problems.append(f"{path}:{line}: the front (term) is empty; row skipped")
        return None
    if not back:
        problems.append(f"{path}:{line}: the back (definition) of {front!r} is empty; row skipped")
        return None
    tags = [*file_tags, *cell(tags_i).split()]
    guid = cell(special["guid"]).strip() if "guid" in special else None
    return Note(line, front, back, [slugify(t, "tag") for t in dict.fromkeys(tags)], guid or None, zh, example)


def _sniff(lines: list[str]) -> str:
    sample = "".join(lines[:20])
    for sep in ("\t", ";", ","):
        if sep in sample:
            return sep
    return "\t"


def _looks_html(text: str) -> bool:
    return bool(re.search(r"<(br|div|b|i|p|span)\b", text, re.IGNORECASE))


# -- writing a user deck ----------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would write: the deck file's path and text, and what changes."""

    path: Path
    text: str
    cards: int
    added: int
    updated: int
    unchanged: int


def plan_import(parsed: ParsedFile, deck_name: str, decks_dir: Path) -> ImportPlan:
    """The new text of `<decks_dir>/<slug>.yaml`, merging into it when it exists. Cards
    are matched by Anki guid, then front. Nothing is written: the caller checks, then writes."""
    deck_id = slugify(deck_name, "imported")
    path = decks_dir / f"{deck_id}.yaml"
    existing: dict = {}
    if path.exists():
        # Read as the loader reads content: a damaged or hostile file is refused, not merged.
        from studybuddy.content.yaml_source import read_yaml

        loaded, _, problems = read_yaml(path)
        if problems:
            raise AnkiFileError(f"{problems[0]}; fix or move that deck first (nothing was written)")
        existing = loaded if isinstance(loaded, dict) else {}
    cards: list[dict] = [c for c in existing.get("cards") or [] if isinstance(c, dict)]
    by_guid = {c["guid"]: c for c in cards if c.get("guid")}
    by_front = {str(c.get("term", "")).casefold(): c for c in cards}
    ids = {c.get("id") for c in cards}
    added = updated = unchanged = 0
    for note in parsed.notes:
        card = (by_guid.get(note.guid) if note.guid else None) or by_front.get(note.front.casefold())
        fields = {"term": note.front, "definition": note.back}
        if note.zh:
            fields["zh"] = note.zh
        if note.example:
            fields["example"] = note.example
        if note.tags:
            fields["tags"] = note.tags
        if note.guid:
            fields["guid"] = note.guid
        if card is None:
            card_id = base = f"{deck_id}-{slugify(note.front)}"
            n = 2
            while card_id in ids:
                card_id, n = f"{base}-{n}", n + 1
            ids.add(card_id)
            card = {"id": card_id, **fields}
            cards.append(card)
            by_front[note.front.casefold()] = card
            if note.guid:
                by_guid[note.guid] = card
            added += 1
        elif any(card.get(k) != v for k, v in fields.items()):
            card.update(fields)
            updated += 1
        else:
            unchanged += 1
    document = {
        "id": deck_id,
        "title": existing.get("title") or strip_control(deck_name),
        "description": existing.get("description") or f"Imported from Anki ({parsed.notetype or 'Basic'} notes).",
        "cards": cards,
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    text = "# A StudyBuddy deck imported from Anki; edit freely, keep the ids.\n" + body
    return ImportPlan(path, text, len(cards) if added + updated + unchanged else 0, added, updated, unchanged)


# -- exporting a deck -------------------------------------------------------------------


def export_deck(deck: Deck) -> str:
    """The deck as a file Anki's importer takes as it is."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n")
    out.write(f"#deck:{deck.title}\n#notetype:Basic\n")
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n")
    for card in deck.cards:
        writer.writerow([markdown_to_html(card.term), _back(card), " ".join(card.tags)])
    return out.getvalue()


def _back(card: Term) -> str:
    back = markdown_to_html(card.definition)
    extras = []
    if card.zh:
        extras.append(f"中文: {markdown_to_html(card.zh)}")
    if card.example:
        extras.append(f"Example: {markdown_to_html(' '.join(card.example.split()))}")
    if extras:
        back += EXTRA_MARK + "<br>".join(extras)
    return back

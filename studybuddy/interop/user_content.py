"""The user's own content directory, and the starter deck `studybuddy new-deck` writes."""

from __future__ import annotations

from pathlib import Path

from studybuddy.interop.anki import slugify

STARTER = """\
# Your StudyBuddy deck. StudyBuddy loads every deck in this folder with the bundled ones.
# Check it with `studybuddy check`; the schema is in the project's content/README.md.
#
# Ids are how your review history is kept: once you have studied a card, do not rename it.
id: {deck_id}
title: {title}
description: |
  My own cards.
cards:
  # Each card needs an id (lowercase letters, digits and dashes), a term and a definition.
  - id: {deck_id}-example-term
    term: Example term
    definition: |
      What the term means, in your own words. **Markdown** works: *italics*, `code`.
    # Optional extras:
    zh: 示例            # the Chinese term
    example: A short, concrete illustration.
    tags: [mine]
    # sections: [few-useful-things]   # guide sections where the term matters
"""


def user_content_dir(data_dir: Path) -> Path:
    return data_dir / "content"


def new_deck(data_dir: Path, name: str) -> Path:
    deck_id = slugify(name, "my-deck")
    path = user_content_dir(data_dir) / "decks" / f"{deck_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists; pick another name or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER.format(deck_id=deck_id, title=name.replace("\n", " ")), encoding="utf-8")
    return path

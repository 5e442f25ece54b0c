"""The user's own content directory, and the starter deck `studybuddy new-deck` writes."""

from __future__ import annotations

import json
from pathlib import Path

from studybuddy.datadir import DataDir
from studybuddy.interop.anki import slugify
from studybuddy.safe_text import strip_control

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


def starter_deck(data: DataDir, name: str) -> tuple[Path, str]:
    """Where the starter deck for `name` goes and its text (written by the CLI, locked)."""
    deck_id = slugify(name, "my-deck")
    title = json.dumps(" ".join(strip_control(name).split()), ensure_ascii=False)  # a YAML double-quoted scalar
    return data.user_decks / f"{deck_id}.yaml", STARTER.format(deck_id=deck_id, title=title)

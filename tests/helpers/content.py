"""Small content for tests: the mini guide and deck, and generated decks of any size."""

from __future__ import annotations

from pathlib import Path

MINI = Path(__file__).parent.parent / "data" / "mini"

GUIDE = "id: g\ntitle: G\nsource: https://example.org/\nsummary: A guide.\nsections:\n  - id: s\n    title: S\n    summary: A section.\n"


def write_content(root: Path, cards: int) -> None:
    """One one-section guide and a deck of `cards` numbered cards under `root`."""
    (root / "guides").mkdir(parents=True)
    (root / "decks").mkdir()
    (root / "guides" / "g.yaml").write_text(GUIDE)
    lines = ["id: d", "title: D", "cards:"]
    for i in range(cards):
        lines += [f"  - id: card-{i:02d}", f"    term: Term {i}", f"    definition: Meaning {i}."]
    (root / "decks" / "d.yaml").write_text("\n".join(lines) + "\n")

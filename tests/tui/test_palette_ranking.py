"""The command palette ranks as a person would, with no duplicates and no noise."""

from __future__ import annotations

from textual.widgets import OptionList

from studybuddy.content import load_content
from studybuddy.tui.commands import EXACT, FUZZY, PREFIX, SUBSTRING, WORD_START, rank
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session


def test_tiers():
    assert rank("overfitting", "Overfitting")[0] == EXACT
    assert rank("over", "Overfitting")[0] == PREFIX
    assert rank("fit", "Model fit check")[0] == WORD_START
    assert rank("fitt", "Overfitting")[0] == SUBSTRING
    assert rank("ovrfit", "Overfitting")[0] == FUZZY
    assert rank("theme", "The Data Scientific Method")[0] == 0  # fuzzy stays within a word
    assert rank("过拟合", "过拟合")[0] == EXACT


async def palette_hits(pilot, query: str) -> list[tuple[str, str]]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    previous = None
    for _ in range(60):  # until the list stops changing
        await pilot.pause(0.05)
        options = pilot.app.screen.query_one(OptionList)
        lines = [tuple((str(o.prompt).splitlines() + [""])[:2]) for o in options.options]
        if lines and lines == previous:
            break
        previous = lines
    await pilot.press("escape")
    await pilot.pause()
    return lines


async def test_the_palette_ranks_the_card_first_and_lists_nothing_twice(data_dir):
    s = Session(data_dir, FakeClock(), load_content())
    async with s.app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        hits = await palette_hits(pilot, "overfitting")
        assert hits[0][0].startswith("Card: Overfitting")
        assert len({h[0] for h in hits}) == len(hits)
        hits = await palette_hits(pilot, "过拟合")
        assert hits[0][0].startswith("Card: Overfitting")
        hits = await palette_hits(pilot, "theme")
        labels = [h[0] for h in hits]
        assert "Section: The Data Scientific Method" not in labels and "Theme" in labels
        hits = await palette_hits(pilot, "keys")
        assert [h[0] for h in hits].count("Keys") == 1
        assert not any(h[0] in ("Maximize", "Screenshot") for h in hits)
        hits = await palette_hits(pilot, "model")
        for _, help_text in hits:
            if help_text.endswith("…"):
                # Cut between words: what comes before the ellipsis is a whole word.
                assert help_text[:-1] == help_text[:-1].rstrip() and help_text[-2].isalnum()
    s.close()

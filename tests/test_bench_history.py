"""The benchmarks' generated years of use (bench/history.py) look like real use and are
exactly what the app itself makes of their journal."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def history(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import history

    return history


def test_a_generated_year_has_several_reviews_per_card_lapses_and_undos(tmp_path: Path, history) -> None:
    made = history.generate(tmp_path / "data", 40, 600)
    lines = [json.loads(line) for line in (tmp_path / "data" / "reviews.jsonl").read_text().splitlines()]
    reviews = [line for line in lines if line["op"] == "review"]
    undone = {line["undoes"] for line in lines if line["op"] == "undo"}
    per_card = Counter(line["card"] for line in reviews if line["seq"] not in undone)
    assert len(per_card) == 40 and min(per_card.values()) >= 3
    assert made.reviews == sum(per_card.values()) and made.undos == len(undone) > 0
    assert made.lapses > 0 and any(line["was"] == "relearning" for line in reviews)
    days = {line["at"][:10] for line in reviews}
    assert len(days) > 100  # spread over the year, not one burst


def test_the_app_opens_a_generated_year_as_it_was_simulated(tmp_path: Path, history) -> None:
    from studybuddy.content import load_content
    from studybuddy.srs.study import Study
    from studybuddy.store import Store

    data_dir = tmp_path / "data"
    made = history.generate(data_dir, 30, 300)
    content = load_content([data_dir / "content"])
    assert sum(1 for card in content.cards.values() if card.deck_id == "bench-deck") == 30
    assert all(content.cards[f"card-{i}"].sections for i in range(30))  # sections get terms
    with Store.open(data_dir) as store:
        assert any(state == "done" for state in store.item_states().values())
        study = Study.open(content, data_dir, store.settings(), readonly=True)
        try:
            assert not study.collection.problems
            # Every card the log answers (and leaves answered) has a schedule: which ones the
            # simulated year reaches depends on the day it is generated.
            from studybuddy.srs.collection import effective_reviews

            answered = {r.card for r in effective_reviews(study.collection.journal.read().events)}
            assert set(study.collection.records) == answered and len(answered) >= 25
            assert study.collection.snapshot_seq == study.collection.last_seq  # the snapshot was written
        finally:
            study.collection.close()
    assert made.cards == 30

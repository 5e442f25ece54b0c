"""The shipped content: complete, consistent, and within the limits the app is built for."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from studybuddy.content import bundled_content_dir, load_content


@pytest.fixture(scope="module")
def content():
    return load_content()


def _raw_ids(node, out):
    for section in node.get("sections", []):
        out.append(("section", section["id"]))
        out.extend(("item", i["id"]) for i in section.get("items", []))
        _raw_ids(section, out)


def test_both_seed_guides_are_there(content):
    assert [g.id for g in content.guides] == ["dive-into-ml", "start-ml-free"]
    sections = Counter(s.guide_id for s in content.sections.values())
    # Every heading and grouping label of each seed is a section (tests/content/test_seed_coverage.py
    # checks which): 43 in Dive into ML, 28 below the title in the other.
    assert sections == {"dive-into-ml": 43, "start-ml-free": 28}


def test_every_id_that_has_shipped_is_still_there(content):
    """A learner's checklist and reviews are keyed by these ids: a section may change role
    or place, an item may move, but none may be renamed or dropped."""
    lines = (Path(__file__).parent.parent / "data" / "shipped_ids.txt").read_text(encoding="utf-8").splitlines()
    shipped = [line.split() for line in lines if line and not line.startswith("#")]
    assert len(shipped) > 450
    known = {"section": content.sections, "item": content.items, "card": content.cards}
    assert [(kind, ident) for kind, ident in shipped if ident not in known[kind]] == []


def test_note_sections_are_signposts(content):
    notes = [s for s in content.sections.values() if s.note]
    assert {s.id for s in notes} >= {"categories", "table-of-contents", "support-me", "dive-in"}
    assert all(not s.items and not s.sections for s in notes)
    # "Assorted Tips and Resources" holds the advice that follows it in the seed, up to the
    # rule that ends that part.
    assert [s.id for s in content.sections["assorted-tips"].sections] == ["risks", "skilling-up"]


def test_every_item_has_a_reachable_parent_and_a_unique_id(content):
    raw: list[tuple[str, str]] = []
    for path in sorted((bundled_content_dir() / "guides").glob("*.yaml")):
        _raw_ids(yaml.safe_load(path.read_text(encoding="utf-8")), raw)
    item_ids = [i for kind, i in raw if kind == "item"]
    assert len(item_ids) == len(set(item_ids)) == len(content.items)
    guide_ids = {g.id for g in content.guides}
    for item in content.items.values():
        section = content.sections[item.section_id]
        assert item in section.items
        seen = set()
        while section.parent_id is not None:
            assert section.id not in seen
            seen.add(section.id)
            parent = content.sections[section.parent_id]
            assert section in parent.sections
            section = parent
        assert section.guide_id in guide_ids
        assert section in content.guide_by_id(section.guide_id).sections


def test_sections_and_items_read_well(content):
    for section in content.sections.values():
        sentences = len(re.findall(r"[.!?](\s|$)", section.summary.strip()))
        assert 2 <= sentences <= 7, (section.id, sentences)
        assert "|" not in section.summary, section.id  # no tables: Markdown is costly to render
    for item in content.items.values():
        assert "\n" not in item.note and len(item.note) <= 160, item.id
    kinds = Counter(i.kind for i in content.items.values())
    assert kinds["practice"] >= 10


def test_the_jargon_deck_covers_what_the_guides_use(content):
    cards = content.cards
    assert len(cards) >= 120
    required = [
        "overfitting", "underfitting", "mlops", "backpropagation", "gradient-descent",
        "regularization", "cross-validation", "bias-variance-tradeoff", "feature-engineering",
        "data-leakage", "hyperparameter", "train-validation-test-split", "ml-technical-debt",
        "data-analytics", "data-mining", "data-science", "data-engineering", "big-data",
        "precision", "recall", "confusion-matrix", "prior", "posterior",
        "model-drift", "feature-store", "model-registry",
    ]
    missing = [c for c in required if c not in cards]
    assert not missing
    assert all(c.zh for c in cards.values())
    assert cards["overfitting"].zh == "过拟合"
    assert cards["ml-technical-debt"].zh == "技术债务"
    assert "large-magnitude inputs" in cards["sigmoid"].definition


def test_every_card_is_short_enough_to_review(content):
    too_long = {c.id: n for c in content.cards.values() if (n := len(c.definition.split())) > 80}
    assert too_long == {}


def test_the_cards_once_removed_and_the_seeds_jargon_are_there(content):
    restored = [
        "token", "tensor", "pretrained-model", "self-supervised-learning", "data-augmentation", "mcmc",
        "time-series-forecasting", "deep-learning-framework", "eigenvector", "inductive-bias",
        "matrix-multiplication", "anomaly-detection",
    ]
    jargon = [
        "out-of-core", "split-apply-combine", "statistical-inference", "data-visualization",
        "boundary-erosion", "model-governance", "container",
    ]
    assert [c for c in restored + jargon if c not in content.cards] == []


def test_every_section_with_material_links_a_term_and_no_note_does(content):
    linked = set(content.cards_by_section)
    bare = [s.id for s in content.sections.values() if s.items and not s.note and s.id not in linked]
    assert bare == []
    assert [s.id for s in content.sections.values() if s.note and s.id in linked] == []


def test_terms_link_into_each_guide_in_proportion_to_its_material(content):
    per_item = {}
    for guide in content.guides:
        links = sum(len(content.cards_by_section.get(s.id, ())) for s in content.sections.values() if s.guide_id == guide.id)
        per_item[guide.id] = links / len(guide.all_item_ids)
    assert min(per_item.values()) >= 0.75 * max(per_item.values()), per_item

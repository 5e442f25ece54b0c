"""The guides against their seeds: every link and every heading of the two source guides is
an item or a section, or is set aside in content/seed-exclusions.yaml with its reason.

The seeds live outside the repository (`../shared/seeds/` from the repo root, or the
directory named by STUDYBUDDY_SEEDS); without them the test is skipped, saying why.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from studybuddy.content import bundled_content_dir, load_content

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("STUDYBUDDY_SEEDS") or ROOT.parent / "shared" / "seeds")
EXCLUSIONS = ROOT / "content" / "seed-exclusions.yaml"
# Seed file prefix -> the guide made from it.
GUIDE_OF_SEED = {"000": "dive-into-ml", "003": "start-ml-free"}

URL_REASONS = {"credit", "ad", "badge", "author-profile", "navigation", "broken", "duplicate"}
HEADING_REASONS = {"guide-title", "folded"}

URL = re.compile(r"https?://[^\s()\[\]<>\"'*]+")
HEADING = re.compile(r"(?:^|\[)#{1,6}\s+(.+?)\s*$")
SUMMARY = re.compile(r"<summary>(.*?)</summary>")
LIST_LINE = re.compile(r"^\s*(?:[*-]|\d+\.)\s+")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# A paragraph right before a list is that list's label when it is this short (in plain text).
LABEL_MAX = 60


def normal_url(url: str) -> str:
    """Scheme, `www.`, a trailing slash and the fragment do not make a different resource."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def plain(text: str) -> str:
    """Markdown/HTML markup out: images dropped, links reduced to their text."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&quot;", '"')
    return re.sub(r"\s+", " ", text.replace("*", "").replace("_", " ")).strip()


def key(title: str) -> str:
    """How a heading is matched to a section title: letters and digits only, case-folded."""
    return "".join(ch for ch in plain(title).casefold() if ch.isalnum())


def seed_urls(text: str) -> set[str]:
    return {normal_url(u) for u in URL.findall(text)}


def seed_headings(text: str, prefix: str) -> list[str]:
    """Markdown headings, then the seed's grouping labels."""
    found = [plain(m.group(1)) for line in text.splitlines() if (m := HEADING.search(line))]
    return list(dict.fromkeys(h for h in found + seed_labels(text, prefix) if h))


def seed_labels(text: str, prefix: str) -> list[str]:
    """`<summary>` labels, and (in 003) the short line that introduces a list."""
    # A bilingual label repeats itself in translation: its first sentence is the label.
    found = [re.split(r"(?<=[.。])\s", plain(m))[0] for m in SUMMARY.findall(text)]
    if prefix == "003":
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if not LIST_LINE.match(line):
                continue
            before = index - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            if before < 0 or LIST_LINE.match(lines[before]) or HEADING.search(lines[before]):
                continue
            label = plain(lines[before]).strip("—- ")
            if label and len(label) <= LABEL_MAX:
                found.append(label)
    return [label for label in dict.fromkeys(found) if label]


def _seed_files() -> dict[str, Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seeds are not here ({SEEDS}); set STUDYBUDDY_SEEDS to check coverage")
    files = {p.name[:3]: p for p in SEEDS.glob("*.txt") if p.name[:3] in GUIDE_OF_SEED}
    if set(files) != set(GUIDE_OF_SEED):
        pytest.skip(f"{SEEDS} lacks seeds {sorted(set(GUIDE_OF_SEED) - set(files))}")
    return files


@pytest.fixture(scope="module")
def content():
    return load_content([bundled_content_dir()], bundled=False)


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {prefix: path.read_text(encoding="utf-8") for prefix, path in _seed_files().items()}


@pytest.fixture(scope="module")
def exclusions() -> dict:
    return yaml.safe_load(EXCLUSIONS.read_text(encoding="utf-8"))


def _excluded(exclusions: dict, what: str) -> dict[str, str]:
    """The excluded links ("urls") or headings ("headings"), compared form -> reason."""
    compared = normal_url if what == "urls" else key
    return {compared(entry): reason for reason, entries in exclusions[what].items() for entry in entries}


def test_the_exclusions_file_is_well_formed(content, exclusions):
    assert set(exclusions) == {"urls", "headings"}
    assert set(exclusions["urls"]) <= URL_REASONS, set(exclusions["urls"]) - URL_REASONS
    assert set(exclusions["headings"]) <= HEADING_REASONS, set(exclusions["headings"]) - HEADING_REASONS
    # A duplicate names the item it duplicates, a folded heading the section that carries it.
    for url, item_id in exclusions["urls"].get("duplicate", {}).items():
        assert item_id in content.items, (url, item_id)
    for heading, section_id in exclusions["headings"].get("folded", {}).items():
        assert section_id in content.sections, (heading, section_id)


def test_every_seed_link_is_an_item_of_its_guide_or_excluded_with_a_reason(content, seeds, exclusions):
    excluded = _excluded(exclusions, "urls")
    missing = {}
    for prefix, text in seeds.items():
        guide = GUIDE_OF_SEED[prefix]
        mine = {normal_url(i.url) for i in content.items.values() if i.url and content.sections[i.section_id].guide_id == guide}
        for url in sorted(seed_urls(text)):
            if url not in mine and url not in excluded:
                missing.setdefault(prefix, []).append(url)
    assert not missing, f"seed links that are neither items of the seed's guide nor excluded: {missing}"


def test_no_exclusion_is_stale(content, seeds, exclusions):
    """An excluded link must occur in a seed and must not also be an item."""
    all_urls = set().union(*(seed_urls(t) for t in seeds.values()))
    items = {normal_url(i.url) for i in content.items.values() if i.url}
    for url, reason in _excluded(exclusions, "urls").items():
        assert url in all_urls, f"excluded link {url} is in no seed"
        assert url not in items, f"{url} is an item but also excluded as {reason}"
    all_headings = {key(h) for prefix, t in seeds.items() for h in seed_headings(t, prefix)}
    for heading in _excluded(exclusions, "headings"):
        assert heading in all_headings, f"excluded heading {heading!r} is in no seed"


def test_every_seed_heading_and_label_is_a_section_or_excluded(content, seeds, exclusions):
    excluded = _excluded(exclusions, "headings")
    missing = {}
    for prefix, text in seeds.items():
        guide = GUIDE_OF_SEED[prefix]
        titles = {key(g.title) for g in content.guides if g.id == guide}
        for s in content.sections.values():
            if s.guide_id == guide:
                titles.add(key(s.title))
                if s.original_title:
                    titles.add(key(s.original_title))
        for heading in seed_headings(text, prefix):
            if key(heading) not in titles and key(heading) not in excluded:
                missing.setdefault(prefix, []).append(heading)
    assert not missing, f"seed headings that are neither sections nor excluded: {missing}"


def test_each_grouping_label_is_a_subsection_holding_its_own_items(content, seeds, exclusions):
    excluded = _excluded(exclusions, "headings")
    empty = []
    for prefix, text in seeds.items():
        guide = GUIDE_OF_SEED[prefix]
        for label in seed_labels(text, prefix):
            if key(label) in excluded:
                continue
            [section] = [
                s for s in content.sections.values()
                if s.guide_id == guide and key(label) in {key(s.title), key(s.original_title or "")}
            ]
            if not section.items or section.note or section.parent_id is None:
                empty.append((prefix, label, section.id))
    assert empty == []


def test_no_text_of_ours_copies_a_run_of_the_seeds_words(content, seeds):
    """Summaries, notes and definitions are in our own words: none repeats eight words in a
    row from a seed, except inside quotation marks (a quoted title or phrase)."""
    run = 8

    def words(text: str) -> list[str]:
        text = re.sub(r'"[^"]*"|“[^”]*”', " ", plain(text))
        return re.findall(r"[a-z0-9']+", text.lower())

    def runs(text: str) -> set[tuple[str, ...]]:
        w = words(text)
        return {tuple(w[i : i + run]) for i in range(len(w) - run + 1)}

    seed_runs = set().union(*(runs(t) for t in seeds.values()))
    ours = [(s.id, s.summary) for s in content.sections.values()]
    ours += [(i.id, i.note) for i in content.items.values()]
    ours += [(c.id, c.definition) for c in content.cards.values()]
    copied = [(ident, " ".join(sorted(runs(text) & seed_runs)[0])) for ident, text in ours if runs(text) & seed_runs]
    assert copied == []


def test_the_extractor_finds_what_a_reader_sees(seeds):
    """Guards the test itself: known links, headings and labels of each seed are found."""
    urls_000, urls_003 = seed_urls(seeds["000"]), seed_urls(seeds["003"])
    assert "github.com/afshinea/stanford-cs-229-machine-learning" in urls_000
    assert "kaggle.com/learn/intro-to-machine-learning" in urls_003
    assert len(urls_000) > 150 and len(urls_003) > 90
    headings_000 = seed_headings(seeds["000"], "000")
    assert "Supplement: Cheat Sheets" in headings_000
    assert "Here are some awesome resources for learning Bayesian methods." in headings_000
    headings_003 = seed_headings(seeds["003"], "003")
    assert "完整的微积分背景:" in headings_003
    assert any("YouTube 频道" in h for h in headings_003)
    assert normal_url("http://www.Example.org/a/#x") == normal_url("https://example.org/a") == "example.org/a"

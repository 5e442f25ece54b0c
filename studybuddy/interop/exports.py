"""Progress as a Markdown checklist (or JSON), and the review log as the FSRS optimizer's CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from studybuddy.content import Library, Section
from studybuddy.srs.limits import CardState
from studybuddy.roadmap import ItemState, progress_of
from studybuddy.srs.ids import fsrs_id
from studybuddy.srs.journal import Review

# The optimizer's states: 0 new, 1 learning, 2 review, 3 relearning (before the answer).
# The state codes of FSRS's optimizer and Anki's revlog.
STATE_CODES = {CardState.NEW: 0, CardState.LEARNING: 1, CardState.REVIEW: 2, CardState.RELEARNING: 3}


def _item_line(title: str, url: str | None, state: str) -> str:
    link = f"[{title}]({url})" if url else title
    if state == ItemState.DONE:
        return f"- [x] {link}"
    if state == ItemState.IN_PROGRESS:
        return f"- [ ] {link} *(in progress)*"
    if state == ItemState.SKIPPED:
        return f"- [ ] ~~{link}~~ *(skipped)*"
    return f"- [ ] {link}"


def progress_markdown(content: Library, states: Mapping[str, str]) -> str:
    overall = progress_of(content.items, states)
    lines = [
        "# My machine learning roadmap",
        "",
        f"{overall.finished} of {overall.total} resources finished ({overall.fraction:.0%}), "
        f"{overall.in_progress} in progress. Tracked with StudyBuddy.",
    ]

    def section(s: Section, depth: int) -> None:
        if s.note:
            return  # a signpost with nothing to tick off, not a step of the roadmap
        progress = progress_of(s.all_item_ids, states)
        lines.extend(["", f"{'#' * min(depth, 6)} {s.title}" + (f" ({progress.finished}/{progress.total})" if progress.total else "")])
        if s.items:
            lines.append("")
            lines.extend(_item_line(i.title, i.url, states.get(i.id, ItemState.TODO)) for i in s.items)
        for child in s.sections:
            section(child, depth + 1)

    for guide in content.guides:
        p = progress_of(guide.all_item_ids, states)
        lines.extend(["", f"## {guide.title} ({p.finished}/{p.total})", "", f"Source: <{guide.source}>"])
        for s in guide.sections:
            section(s, 3)
    return "\n".join(lines) + "\n"


def progress_json(content: Library, states: Mapping[str, str], changed: Mapping[str, str] | None = None) -> str:
    def section(s: Section) -> dict:
        return {
            "id": s.id,
            "title": s.title,
            "progress": progress_of(s.all_item_ids, states).as_dict(),
            "items": [
                {"id": i.id, "title": i.title, "url": i.url, "kind": i.kind, "state": str(states.get(i.id, ItemState.TODO))}
                | ({"changed_at": changed[i.id]} if changed and i.id in changed else {})
                for i in s.items
            ],
            "sections": [section(c) for c in s.sections if not c.note],
        }

    report = {
        "progress": progress_of(content.items, states).as_dict(),
        "guides": [
            {
                "id": g.id,
                "title": g.title,
                "source": g.source,
                "progress": progress_of(g.all_item_ids, states).as_dict(),
                "sections": [section(s) for s in g.sections if not s.note],
            }
            for g in content.guides
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def reviews_csv(reviews: list[Review]) -> tuple[str, str]:
    """(the review log, the id map): card_id,review_time,review_rating,review_state,review_duration."""
    log = io.StringIO()
    writer = csv.writer(log, lineterminator="\n")
    writer.writerow(["card_id", "review_time", "review_rating", "review_state", "review_duration"])
    ids: dict[int, str] = {}
    for r in reviews:
        card_id = fsrs_id(r.card)
        ids[card_id] = r.card
        writer.writerow([card_id, int(r.at.timestamp() * 1000), r.rating, STATE_CODES.get(r.was, 0), r.ms])
    mapping = io.StringIO()
    map_writer = csv.writer(mapping, lineterminator="\n")
    map_writer.writerow(["card_id", "card_slug"])
    for card_id, slug in ids.items():
        map_writer.writerow([card_id, slug])
    return log.getvalue(), mapping.getvalue()

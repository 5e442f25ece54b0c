"""Generated data directories that look like a year of real use.

A simulated learner studies a deck of N generated cards (a user deck under
<data dir>/content/decks/, in the format of content/decks/jargon.yaml, its cards attached to
the bundled guides' sections so sections have terms) for `days` days with a fake clock. Each
day it opens one session at a time of its own and, as DailyQueue does, answers learning
cards when due, then the day's due reviews most overdue first, then new cards in deck order,
within a daily budget taken from the number of reviews asked for (so a big deck ends the
year with a backlog, as real heavy users do). The learner recalls a review card with the
probability FSRS itself predicts (its retrievability at that moment), so lapses come where
the model puts them; about 3% of answers are undone and given again.

Every answer goes through StudyBuddy's own scheduler (studybuddy.srs.collection.apply_review
with make_scheduler(), fuzz included): the schedules are the real ones. The journal lines are
written with studybuddy.srs.journal.encode, one per answer or undo, as Collection.answer and
Collection.undo write them, but without their fsync per line (200,000 fsyncs would take
minutes). To prove the result is what the app would have made, the data directory is then
opened by Collection.open (a full replay of the journal), every replayed schedule is
compared with the simulated one, and the snapshot is written as after a session.

A small item-progress history is also written to the store (some items done, some in
progress), so the browser shows progress as it does for a real user.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

DECK_NAME = "bench.yaml"
UNDO_RATE = 0.03
# Answer mix once a card is recalled: Hard, Good, Easy.
RECALLED = ((2, 3, 4), (0.15, 0.70, 0.15))
# A card not seen before, or still in its learning steps, is forgotten this often.
LEARNING_AGAIN = 0.2
# A session shows a learning card up to this much early when nothing else is left (as the queue).
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class History:
    data_dir: Path
    cards: int
    reviews: int  # effective answers (undone ones left out)
    undos: int
    lapses: int
    due_now: int  # learning and review cards due at the end (a backlog, for the review benches)
    seconds: float

    def describe(self) -> str:
        return (
            f"{self.cards:,} cards, {self.reviews:,} reviews ({self.lapses:,} lapses, {self.undos:,} undone), "
            f"{self.due_now:,} due at the end"
        )


def write_deck(path: Path, size: int, section_ids: list[str]) -> list[str]:
    """A deck of `size` generated cards; returns their ids in deck order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    slugs = [f"card-{i}" for i in range(size)]
    lines = ["id: bench-deck", "title: Bench deck", "description: |", "  Generated for the benchmarks.", "", "cards:"]
    for i, slug in enumerate(slugs):
        lines += [
            f"  - id: {slug}",
            f"    term: Term number {i}",
            "    definition: |",
            f"      Definition of term {i}: one plain sentence about what it means and when",
            "      it matters, about as long as the bundled deck's.",
            f"    example: An example of term {i} in use.",
        ]
        if section_ids:
            lines.append(f"    sections: [{section_ids[i % len(section_ids)]}]")
        lines.append(f"    tags: [tag-{i % 7}]")
    path.write_text("\n".join(lines) + "\n")
    return slugs


def generate(data_dir: Path, cards: int, reviews: int, *, days: int = 365, seed: int = 1, now: datetime | None = None) -> History:
    """Fill `data_dir` (created if needed) with a year of simulated study; see the module doc."""
    import time

    from studybuddy.content import load_content
    from studybuddy.srs.collection import Collection, apply_review

    try:  # the interval given before each answer, which journal lines carry since 0.2
        from studybuddy.srs.collection import interval_given
    except ImportError:
        interval_given = None
    from studybuddy.srs.journal import JOURNAL_NAME, Review, Undo, encode
    from studybuddy.srs.scheduling import State, make_scheduler

    t_start = time.perf_counter()
    rng = random.Random(seed)
    bundled = load_content()
    section_ids = list(bundled.sections)
    data_dir.mkdir(parents=True, exist_ok=True)
    slugs = write_deck(data_dir / "content" / "decks" / DECK_NAME, cards, section_ids)
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    first_day = now - timedelta(days=days)
    scheduler = make_scheduler()
    records: dict = {}
    heap: list[tuple[datetime, int, str]] = []  # (due, tie-breaker, slug) of every card started
    next_new = 0
    seq = 0
    done = undos = lapses = 0
    tie = 0
    out = bytearray()

    def answer(slug: str, at: datetime) -> None:
        nonlocal seq, done, undos, lapses, tie
        record = records.get(slug)
        if record is not None and record.card.state == State.Review:
            recalled = rng.random() < scheduler.get_card_retrievability(record.card, at)
        else:
            recalled = rng.random() >= LEARNING_AGAIN
        rating = rng.choices(*RECALLED)[0] if recalled else 1
        was = str(record.state) if record is not None else "new"
        given = (interval_given(record),) if interval_given is not None else ()
        if rng.random() < UNDO_RATE:
            # Answered, taken back with `u`, answered again a few seconds later.
            seq += 1
            out.extend(encode(Review(seq, slug, rating, at, rng.randrange(2000, 15000), was, *given)))
            seq += 1
            out.extend(encode(Undo(seq, seq - 1, at + timedelta(seconds=2))))
            undos += 1
            at += timedelta(seconds=rng.randrange(3, 9))
            rating = rng.choice((1, 2, 3, 4))
        updated = apply_review(scheduler, record, slug, rating, at)
        seq += 1
        out.extend(encode(Review(seq, slug, rating, at, rng.randrange(2000, 15000), was, *given)))
        lapses += updated.lapses - (record.lapses if record else 0)
        records[slug] = updated
        done += 1
        tie += 1
        heapq.heappush(heap, (updated.due, tie, slug))

    for day in range(days):
        left_days = days - day
        budget = round((reviews - done) / left_days * rng.uniform(0.7, 1.3)) if left_days > 1 else reviews - done
        if budget <= 0:
            continue
        clock = first_day + timedelta(days=day, hours=rng.uniform(7, 21))
        if clock >= now - timedelta(minutes=30):
            clock = now - timedelta(minutes=30)
        # New cards: enough for the deck to be started within the first 80% of the year, more
        # when the budget has room (a small deck is started in the first days), but never
        # more than a third of the day's answers (each new card takes a few the same day).
        new_quota = max(1, round((cards - next_new) / max(1, int(days * 0.8) - day))) if next_new < cards else 0
        new_quota = min(cards - next_new, max(new_quota, budget // 4), max(1, budget // 3))
        answered = 0
        while answered < budget:
            if heap and heap[0][0] <= clock:
                due, _, slug = heapq.heappop(heap)
                if records[slug].due != due:
                    continue  # an entry left over from before an answer
                answer(slug, clock)
            elif new_quota > 0:
                new_quota -= 1
                answer(slugs[next_new], clock)
                next_new += 1
            elif heap and heap[0][0] <= clock + LEARN_AHEAD:
                clock = heap[0][0]
                continue
            else:
                break
            answered += 1
            clock += timedelta(seconds=rng.randrange(4, 20))
    while heap and records[heap[0][2]].due != heap[0][0]:
        heapq.heappop(heap)
    (data_dir / JOURNAL_NAME).write_bytes(bytes(out))
    # The proof: the app's own full replay gives exactly the simulated schedules.
    collection = Collection.open(data_dir, make_scheduler(), clock=lambda: now)
    try:
        if collection.problems:
            raise RuntimeError(f"the generated journal has problems: {collection.problems[:3]}")
        if collection.records != records:
            wrong = next(slug for slug in records if collection.records.get(slug) != records[slug])
            raise RuntimeError(f"replaying the generated journal gives another schedule for {wrong}")
        collection.save()
    finally:
        collection.close()
    _write_progress(data_dir, bundled, rng)
    due_now = sum(1 for record in records.values() if record.due <= now)
    return History(data_dir, cards, done, undos, lapses, due_now, time.perf_counter() - t_start)


def _write_progress(data_dir: Path, content, rng: random.Random) -> None:
    from studybuddy.roadmap import ItemState
    from studybuddy.store import Store

    with Store.open(data_dir) as store:
        for item_id in content.items:
            roll = rng.random()
            if roll < 0.35:
                store.set_item_state(item_id, ItemState.DONE)
            elif roll < 0.45:
                store.set_item_state(item_id, ItemState.IN_PROGRESS)




if __name__ == "__main__":
    import sys
    import tempfile

    cards, reviews = int(sys.argv[1]), int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        print(generate(Path(tmp) / "data", cards, reviews).describe())

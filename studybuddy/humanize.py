"""Short human forms of intervals and durations, shared by the screens and the command line."""

from __future__ import annotations

from datetime import timedelta


def interval(delta: timedelta) -> str:
    """`1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`: as on Anki's answer buttons."""
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def duration(ms: int) -> str:
    """`45s`, `3m 20s`, `1h 05m`."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 card`, `2 cards`, `0 cards`; `words` for plurals that are not word + "s"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def shorten(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, ending in `…` when cut."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:·-") + "…"

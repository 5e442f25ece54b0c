"""The inline Markdown our content uses, split into spans.

Summaries and definitions use only `code`, [links](url), **bold** and *italic* (or _italic_).
The screen and the Anki export each turn these spans into their own form, so both read the
content exactly alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Order matters: code first (nothing inside it is markup), then links, bold, italics.
_INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)"
    r"|\*\*(?P<bold>[^*]+)\*\*"
    r"|(?<![\w*])\*(?P<em1>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<em2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
)


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # "text", "code", "link", "bold" or "em"
    text: str
    url: str | None = None


def inline_spans(text: str) -> Iterator[Span]:
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            yield Span("text", text[position : match.start()])
        if match["code"] is not None:
            yield Span("code", match["code"])
        elif match["url"] is not None:
            yield Span("link", match["text"], match["url"])
        elif match["bold"] is not None:
            yield Span("bold", match["bold"])
        else:
            yield Span("em", match["em1"] or match["em2"])
        position = match.end()
    if position < len(text):
        yield Span("text", text[position:])

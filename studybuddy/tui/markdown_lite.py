"""The small Markdown our summaries and definitions use, rendered into one Content.

Textual's Markdown widget mounts a widget per block, which costs tens of milliseconds on
every section change. Summaries only use paragraphs, bullets, emphasis, inline code and
links, so they are rendered here into a single Content for a Static, styled with theme
variables like the rest of the app.
"""

from __future__ import annotations

import re
from functools import lru_cache

from textual.content import Content
from textual.style import Style

from studybuddy.content.markup import inline_spans

BULLET = re.compile(r"^\s*[-*+]\s+")


STYLES = {"text": "", "code": "$text-accent", "bold": "bold", "em": "italic"}


def _inline(text: str) -> Content:
    parts = [
        Content(span.text).stylize(Style(underline=True, link=span.url))
        if span.kind == "link"
        else Content.styled(span.text, STYLES[span.kind])
        for span in inline_spans(text)
    ]
    return Content.assemble(*parts)


@lru_cache(maxsize=512)
def render(markdown: str) -> Content:
    """Paragraphs (soft line breaks joined), `-` bullets, **bold**, *italic*, `code`, [links](url)."""
    blocks: list[Content] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = block.splitlines()
        if any(BULLET.match(line) for line in lines):
            items: list[str] = []
            for line in lines:
                if BULLET.match(line):
                    items.append(BULLET.sub("", line).strip())
                elif items:
                    items[-1] += " " + line.strip()
                else:
                    items.append(line.strip())
            blocks.append(Content("\n").join(Content.assemble("• ", _inline(item)) for item in items))
        else:
            blocks.append(_inline(" ".join(line.strip() for line in lines)))
    return Content("\n\n").join(blocks)

"""The small Markdown our summaries and definitions use, rendered into one Content.

Textual's Markdown widget mounts a widget per block, which costs tens of milliseconds on
every section change. Summaries only use paragraphs, bullets, emphasis, inline code and
links, so they are rendered here into a single Content for a Static, styled with theme
variables like the rest of the app.
"""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content
from textual.style import Style

from studybuddy.content.markup import Span, blocks

STYLES = {"text": "", "code": "$text-accent", "bold": "bold", "em": "italic"}


def _inline(line: tuple[Span, ...]) -> Content:
    return Content.assemble(*(
        # Only http(s) and mailto spans are links (content/markup.py checks the scheme).
        Content(span.text).stylize(Style(underline=True, link=span.url))
        if span.kind == "link"
        else Content.styled(span.text, STYLES[span.kind])
        for span in line
    ))


@lru_cache(maxsize=512)
def render(markdown: str) -> Content:
    """Paragraphs, `-` bullets, **bold**, *italic*, `code` and [links](url), as one Content."""
    out: list[Content] = []
    for block in blocks(markdown):
        if block.bullets:
            marks = [f"{n}. " for n in range(1, len(block.lines) + 1)] if block.numbered else ["• "] * len(block.lines)
            out.append(Content("\n").join(Content.assemble(mark, _inline(line)) for mark, line in zip(marks, block.lines)))
        else:
            out.append(_inline(block.lines[0]))
    return Content("\n\n").join(out)

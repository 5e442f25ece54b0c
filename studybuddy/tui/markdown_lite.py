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

# Order matters: code first (nothing inside it is markup), then links, bold, italics.
INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)"
    r"|\*\*(?P<bold>[^*]+)\*\*"
    r"|(?<![\w*])\*(?P<em1>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<em2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
)
BULLET = re.compile(r"^\s*[-*+]\s+")


def _inline(text: str) -> Content:
    parts: list[Content] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            parts.append(Content(text[position : match.start()]))
        if match["code"] is not None:
            parts.append(Content.styled(match["code"], "$text-accent"))
        elif match["url"] is not None:
            parts.append(Content(match["text"]).stylize(Style(underline=True, link=match["url"])))
        elif match["bold"] is not None:
            parts.append(Content.styled(match["bold"], "bold"))
        else:
            parts.append(Content.styled(match["em1"] or match["em2"], "italic"))
        position = match.end()
    if position < len(text):
        parts.append(Content(text[position:]))
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

"""Between Anki's HTML fields and the small Markdown our cards use, both ways.

HTML to Markdown is markdownify's job; only what flashcards carry survives it in a useful
form (line breaks, paragraphs, lists, bold, italics, code and links), and everything else
is reduced to its text. Markdown to HTML goes through the same parser the screen uses
(content/markup.py), so a card exports exactly as it shows.
"""

from __future__ import annotations

import html
import re

from markdownify import markdownify

from studybuddy.content.markup import Span, blocks

TAGS = {"text": "", "code": "code", "bold": "b", "em": "i"}


def html_to_markdown(text: str) -> str:
    result = markdownify(
        text,
        heading_style="ATX",
        bullets="-",
        escape_asterisks=False,
        escape_underscores=False,
        escape_misc=False,
        strip=["img", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"],
    )
    result = result.replace("\xa0", " ")
    result = re.sub(r"[ \t]+\n", "\n", result)
    result = re.sub(r"(?<=\S) {2,}(?=\S)", " ", result)
    result = re.sub(r"\n{3,}", "\n\n", result)
    return result.strip()


def _html(line: tuple[Span, ...]) -> str:
    out: list[str] = []
    for span in line:
        body = html.escape(span.text, quote=False).replace("\n", "<br>")
        if span.kind == "link":
            out.append(f'<a href="{html.escape(span.url or "")}">{body}</a>')
        else:
            tag = TAGS[span.kind]
            out.append(f"<{tag}>{body}</{tag}>" if tag else body)
    return "".join(out)


def markdown_to_html(text: str) -> str:
    """The inverse of html_to_markdown for what our cards use."""
    parts = []
    for block in blocks(text):
        if block.bullets:
            tag = "ol" if block.numbered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{_html(line)}</li>" for line in block.lines) + f"</{tag}>")
        else:
            parts.append(_html(block.lines[0]))
    return "<br><br>".join(parts).replace("\t", " ")

"""Between Anki's HTML fields and the small Markdown our cards use, both ways.

Only what flashcards carry is translated: line breaks, paragraphs, bold, italics, code and
links. Anything else is reduced to its text, so nothing odd leaks into a card.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from studybuddy.content.markup import inline_spans


class _ToMarkdown(HTMLParser):
    BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            href = dict(attrs).get("href")
            self.links.append(href)
            if href:
                self.out.append("[")
        elif tag == "li":
            text = "".join(self.out)
            if text and not text.endswith("\n"):
                self.out.append("\n")
            self.out.append("- ")
        elif tag in self.BLOCKS:
            self._paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            href = self.links.pop() if self.links else None
            if href:
                self.out.append(f"]({href})")
        elif tag in self.BLOCKS - {"li"}:
            self._paragraph()

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def _paragraph(self) -> None:
        text = "".join(self.out)
        if text and not text.endswith("\n\n"):
            self.out.append("\n\n" if not text.endswith("\n") else "\n")


def html_to_markdown(text: str) -> str:
    parser = _ToMarkdown()
    parser.feed(text)
    parser.close()
    result = "".join(parser.out).replace("\xa0", " ")
    result = re.sub(r"[ \t]+\n", "\n", result)
    result = re.sub(r"(?<=\S) {2,}(?=\S)", " ", result)
    result = re.sub(r"\n{3,}", "\n\n", result)
    return result.strip()


TAGS = {"text": "", "code": "code", "bold": "b", "em": "i"}


def unwrap(markdown: str) -> str:
    """Join lines wrapped only for the YAML's sake (a single newline is a space in Markdown),
    keeping paragraph breaks and list items on their own lines."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not re.match(r"\s*([-*+]|\d+\.)\s", line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def markdown_to_html(text: str) -> str:
    """The inverse of html_to_markdown for what our cards use; newlines become <br>."""
    text = unwrap(text)
    out: list[str] = []
    for span in inline_spans(text):
        body = html.escape(span.text, quote=False)
        if span.kind == "link":
            out.append(f'<a href="{html.escape(span.url or "")}">{body}</a>')
        else:
            tag = TAGS[span.kind]
            out.append(f"<{tag}>{body}</{tag}>" if tag else body)
    return "".join(out).replace("\t", " ").replace("\r\n", "\n").replace("\n", "<br>")

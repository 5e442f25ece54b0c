"""The Markdown our content uses, parsed by markdown-it-py into blocks of styled spans.

Summaries and definitions use paragraphs, `-` bullets, `code`, [links](url), **bold** and
*italic*. The screen and the Anki export each turn the spans into their own form, so both
read the content exactly alike. Raw HTML is off: it shows as the text it is.

Links are data from files anyone can share, so only http(s) and mailto links stay links;
any other scheme (file:, javascript:, a terminal escape hidden in a URL) is shown as its
plain text and can never be opened or become a terminal hyperlink.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# C0 and C1 controls but tab and newline: never let data drive the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_PARSER = MarkdownIt("commonmark", {"html": False}).disable(["image", "heading", "lheading", "fence", "code", "table"], ignoreInvalid=True)


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # "text", "code", "link", "bold" or "em"
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (one entry in `lines`) or a list (one entry per item)."""

    bullets: bool
    lines: tuple[tuple[Span, ...], ...]
    numbered: bool = False  # an ordered list: items shown as "1.", "2.", ...


def safe_url(url: str | None) -> str | None:
    """The URL if it may be shown as a link and opened, else None."""
    if not url or CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def _spans(children: list[Token]) -> Iterator[Span]:
    bold = em = 0
    link: list[str | None] = []
    for token in children:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            href = token.attrGet("href")
            link.append(safe_url(href if isinstance(href, str) else None))
        elif kind == "link_close":
            if link:
                link.pop()
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "html_inline"):
            text = " " if kind == "softbreak" else "\n" if kind == "hardbreak" else token.content
            text = CONTROL.sub("", text)
            if not text:
                continue
            if kind == "code_inline":
                yield Span("code", text)
            elif link and link[-1]:
                yield Span("link", text, link[-1])
            elif bold:
                yield Span("bold", text)
            elif em:
                yield Span("em", text)
            else:
                yield Span("text", text)


def _merged(spans: Iterator[Span]) -> tuple[Span, ...]:
    # markdown-it splits text at every special character; joining neighbours keeps the
    # rendering to one segment per style run.
    out: list[Span] = []
    for span in spans:
        if out and out[-1].kind == span.kind and out[-1].url == span.url:
            out[-1] = Span(span.kind, out[-1].text + span.text, span.url)
        else:
            out.append(span)
    return tuple(out)


@lru_cache(maxsize=1024)
def blocks(markdown: str) -> tuple[Block, ...]:
    out: list[Block] = []
    bullets: list[tuple[Span, ...]] | None = None
    for token in _PARSER.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open") and bullets is None:
            bullets = []
        elif token.type in ("bullet_list_close", "ordered_list_close") and token.level == 0 and bullets is not None:
            out.append(Block(True, tuple(bullets), numbered=token.type == "ordered_list_close"))
            bullets = None
        elif token.type == "inline":
            line = _merged(_spans(token.children or []))
            if bullets is not None:
                bullets.append(line)
            else:
                out.append(Block(False, (line,)))
    return tuple(out)


def inline_spans(text: str) -> Iterator[Span]:
    """The spans of text that is one paragraph (a term, a zh term, a joined example)."""
    for index, block in enumerate(blocks(text)):
        if index:
            yield Span("text", "\n\n")
        for number, line in enumerate(block.lines):
            if number:
                yield Span("text", "\n")
            yield from line

"""Turn a news web page into article text and metadata, the way a `.txt` corpus file holds them.

A saved page is mostly not the article: menus, related-story lists, share
buttons, footers. trafilatura finds the main text and the metadata (title,
author, site name, canonical URL) far better than rules of our own would.

The publication date is read first from what the page declares as such
(`<meta property="article:published_time">` and its cousins, JSON-LD
`datePublished`, `<time itemprop="datePublished">`), and only then from
htmldate, which given a modification date beside a publication date may
prefer the former; an article is dated by when it appeared.

The text comes out as the corpus expects it: the title on the first line,
then one paragraph per line, paragraphs separated by a blank line, in NFC.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


class PageError(ValueError):
    """A page that holds no article text; `str()` names the page."""


@dataclass(frozen=True)
class PageArticle:
    """The article found in one page. `text` is ready to index; the rest may be None."""

    text: str
    title: str | None
    author: str | None
    published: date | None
    canonical_url: str | None
    outlet: str | None

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.split("\n") if line]


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


# Meta tags that name the publication date, as news sites spell them (compared lower-case).
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def _iso_date(value: object) -> date | None:
    """The calendar date at the start of an ISO 8601 value, as the publisher wrote it (its own time zone)."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _json_ld_nodes(value: object) -> Iterator[dict]:
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_ld_nodes(value.get("@graph"))


def declared_published(tree: HtmlElement) -> date | None:
    """The publication date the page states in its metadata, or None."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content")
    for key in _PUBLISHED_META:
        found = _iso_date(metas.get(key))
        if found:
            return found
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # a broken JSON-LD block is common and says nothing about the article
        for node in _json_ld_nodes(data):
            found = _iso_date(node.get("datePublished"))
            if found:
                return found
    for element in tree.iter("time"):
        if (element.get("itemprop") or "").strip() == "datePublished":
            found = _iso_date(element.get("datetime"))
            if found:
                return found
    return None


def _paragraphs(text: str) -> list[str]:
    lines = (_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def extract_page(html: bytes | str, url: str | None = None) -> PageArticle:
    """The article in `html` (bytes are decoded by trafilatura from the page's own charset).

    `url` is where the page came from: it names the page in errors, and is
    the fallback when the page declares no canonical URL. Raises PageError
    when no article text can be found (an index page, an error page, a page
    built entirely by JavaScript).
    """
    where = url or "page"
    if not html or not html.strip():
        raise PageError(f"{where}: empty page, no article text")
    tree = load_html(html)
    if tree is None:
        raise PageError(f"{where}: not an HTML document")
    published = declared_published(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        # Rather no text than a menu or a list of headlines taken for the article.
        favor_precision=True,
        # The fallback when the page declares no publication date: structured dates only,
        # not guesses from numbers in the text (the corpus reader looks for a dateline).
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    body = _paragraphs(document.text or "") if isinstance(document, Document) else []
    if not isinstance(document, Document) or not body:
        raise PageError(f"{where}: no article text found (an index, error or script-only page?)")
    title = _clean(document.title)
    if title and body[0] != title:
        body.insert(0, title)
    return PageArticle(
        text="\n\n".join(body) + "\n",
        title=title or body[0][:300],
        author=_clean(document.author),
        published=published or _iso_date(document.date),
        canonical_url=_clean(document.url) or url,
        outlet=_clean(document.sitename),
    )

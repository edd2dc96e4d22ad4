"""Poll RSS and Atom feeds for new article links: `feeds.yml`, keyword filters, and what was seen.

`feeds.yml` lists the feeds to poll::

    - url: https://thoisu.example.vn/rss/the-gioi.rss
      name: Thời Sự – Thế giới        # optional; the URL is used otherwise
      keywords: [Nga, Mỹ, Ukraine]      # optional; without it every item is taken

A keyword matches whole words of an item's title and summary, ignoring case
and diacritics ("my" finds "Mỹ", "Nga" does not find "ngày"), because a
general world-news feed carries far more than this corpus is about.

A bad entry is reported with the file and entry number and skipped; the
other feeds are still polled. Each feed is fetched with `fetch_url` (so the
size, time and redirect caps apply) as a conditional GET with the validators
stored for it, and parsed by feedparser from those bytes (feedparser never
touches the network here). A feed that fails (HTTP error, timeout, not a
feed) is named in the report and skipped.

Polling does not write the state: `Poll.commit(state)` records the items
seen and the feeds' new validators once the caller has handled the items,
so a crash in between means they are polled again, not lost.
"""

from __future__ import annotations

import html
import re
import xml.sax
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import feedparser
import yaml

from bot.ingest.fetch import Fetched, FetchError, NotModified, fetch_url
from bot.shared.text import fold
from bot.state.api import State
from bot.state.records import Validators

FEED_KEYS = {"url", "name", "keywords"}
MAX_FEEDS = 200
MAX_KEYWORDS = 50
# A feed lists its latest items; more than this is an archive, not news.
MAX_ITEMS_PER_FEED = 200
_TAG = re.compile(r"<[^>]*>")


class FeedsError(Exception):
    """`feeds.yml` cannot be read at all; `str()` names the file."""


@dataclass(frozen=True)
class FeedProblem:
    """One entry of `feeds.yml` that was skipped, or one feed that could not be polled."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Feed:
    url: str
    name: str
    keywords: tuple[str, ...] = ()

    def wants(self, text: str) -> bool:
        """Whether `text` (title and summary) mentions one of the keywords; True when there are none."""
        if not self.keywords:
            return True
        folded = fold(text)
        return any(re.search(rf"(?<!\w){re.escape(fold(k))}(?!\w)", folded) for k in self.keywords)


@dataclass(frozen=True)
class FeedItem:
    """A new item: the article link to fetch, and what the feed said about it."""

    feed: str
    id: str
    link: str
    title: str | None
    published: date | None


@dataclass
class Poll:
    """What one round of polling found; `commit` makes it remembered."""

    items: list[FeedItem] = field(default_factory=list)
    failures: list[FeedProblem] = field(default_factory=list)
    # Every item id each feed listed (matching or not), and each fetched feed's validators.
    seen: dict[str, list[str]] = field(default_factory=dict)
    validators: dict[str, Validators] = field(default_factory=dict)

    @property
    def links(self) -> list[str]:
        return [item.link for item in self.items]

    def commit(self, state: State) -> None:
        """Remember the items seen and the validators, so the next poll asks only for what is newer."""
        for feed, ids in self.seen.items():
            state.mark_seen(feed, ids)
        for feed, validators in self.validators.items():
            state.set_validators(feed, validators)


class Fetch(Protocol):
    def __call__(
        self, url: str, *, kind: str, etag: str | None, last_modified: str | None
    ) -> Fetched | NotModified: ...


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise FeedsError(f"{path}: not found; list the feeds to poll there (- url: https://...)") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FeedsError(f"{path}: not valid UTF-8 YAML ({detail})") from exc


def load_feeds(path: Path) -> tuple[list[Feed], list[FeedProblem]]:
    """The feeds in `path`, and a problem for each entry that was skipped or partly ignored."""
    path = Path(path)
    data = _load_yaml(path)
    if data is None:
        return [], []
    if not isinstance(data, list):
        raise FeedsError(f"{path}: expected a list of feeds (- url: ...), got {type(data).__name__}")
    feeds: list[Feed] = []
    problems: list[FeedProblem] = []
    urls: set[str] = set()
    for n, entry in enumerate(data, start=1):
        where = f"{path.name} entry {n}"
        if len(feeds) >= MAX_FEEDS:
            problems.append(FeedProblem(where, f"more than {MAX_FEEDS} feeds; this and the rest are ignored"))
            break
        if not isinstance(entry, dict):
            problems.append(FeedProblem(where, f"is not a mapping (- url: ...), got {entry!r:.60}; skipped"))
            continue
        url = str(entry.get("url") or "").strip()
        if not url:
            problems.append(FeedProblem(where, "has no 'url'; skipped"))
            continue
        where = f"{where} ({url})"
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname:
            problems.append(FeedProblem(where, "url is not an http(s) address; skipped"))
            continue
        if url in urls:
            problems.append(FeedProblem(where, "the same feed is listed earlier; skipped"))
            continue
        unknown = sorted(str(k) for k in set(entry) - FEED_KEYS)
        if unknown:
            problems.append(FeedProblem(where, f"unknown keys {', '.join(unknown)} ignored"))
        keywords = entry.get("keywords") or []
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list) or not all(isinstance(k, (str, int)) and str(k).strip() for k in keywords):
            problems.append(FeedProblem(where, "keywords must be a list of words, e.g. [Nga, Mỹ, Ukraine]; skipped"))
            continue
        if len(keywords) > MAX_KEYWORDS:
            problems.append(FeedProblem(where, f"more than {MAX_KEYWORDS} keywords; skipped"))
            continue
        urls.add(url)
        name = str(entry.get("name") or "").strip() or url
        feeds.append(Feed(url=url, name=name, keywords=tuple(str(k).strip() for k in keywords)))
    return feeds, problems


def _text(value: object) -> str:
    return html.unescape(_TAG.sub(" ", str(value or "")))


def _published(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _poll_one(feed: Feed, state: State, fetch: Fetch, poll: Poll, taken: set[str]) -> None:
    validators = state.validators(feed.url)
    where = f"feed {feed.name} ({feed.url})" if feed.name != feed.url else f"feed {feed.url}"
    try:
        result = fetch(feed.url, kind="feed", etag=validators.etag, last_modified=validators.last_modified)
    except FetchError as exc:
        poll.failures.append(FeedProblem(where, exc.reason))
        return
    if isinstance(result, NotModified):
        return
    parsed = feedparser.parse(
        result.body, response_headers={"content-type": result.content_type, "content-location": result.final_url}
    )
    if not parsed.version and not parsed.entries:
        error = parsed.get("bozo_exception")
        # An XML syntax error says where the document breaks; feedparser's other
        # complaints (a charset mismatch) are beside the point here.
        detail = f" ({str(error).splitlines()[0]})" if isinstance(error, xml.sax.SAXException) else ""
        poll.failures.append(FeedProblem(where, f"not an RSS or Atom feed{detail}"))
        return
    ids: list[str] = []
    for entry in parsed.entries[:MAX_ITEMS_PER_FEED]:
        link = urljoin(result.final_url, str(entry.get("link") or "").strip())
        if not entry.get("link") or urlsplit(link).scheme not in ("http", "https"):
            continue  # an item without a web link is not an article we can fetch
        item_id = str(entry.get("id") or "").strip() or link
        ids.append(item_id)
        if state.has_seen(feed.url, item_id) or link in taken:
            continue
        if not feed.wants(f"{_text(entry.get('title'))}\n{_text(entry.get('summary'))}"):
            continue
        taken.add(link)
        title = " ".join(_text(entry.get("title")).split()) or None
        poll.items.append(FeedItem(feed=feed.url, id=item_id, link=link, title=title, published=_published(entry)))
    poll.seen[feed.url] = ids
    poll.validators[feed.url] = Validators(result.etag, result.last_modified)


def poll_feeds(feeds: Iterable[Feed], state: State, fetch: Fetch | Callable[..., Fetched | NotModified] = fetch_url) -> Poll:
    """Fetch each feed once and collect the items not seen before that match its keywords.

    The same article listed by two feeds is taken once. Call `commit` on
    the result after handling its items.
    """
    poll = Poll()
    taken: set[str] = set()
    for feed in feeds:
        _poll_one(feed, state, fetch, poll, taken)
    return poll

"""Bring web articles into the corpus folder: one URL (`add_url`), or every new feed item (`collect_feeds`).

A page is saved only once it is known to hold an article: it is fetched
(with fetch_url's caps), its text extracted, and only then written as
`web_<hash>.html` under its canonical URL, so the same article reached by
two addresses is one file. Anything that goes wrong is an `AddError` naming
the URL, and nothing is written for it.

Reading a saved page back (`read_page_file`) is what the corpus reader needs
to treat `.html` files like `.txt` articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.feeds import Feed, FeedProblem, poll_feeds
from bot.ingest.fetch import DEFAULT_MAX_BYTES, Fetched, FetchError, NotModified, fetch_url
from bot.ingest.html import PageArticle, PageError, extract_page
from bot.ingest.store import StoreError, page_file_name, save_page, saved_from
from bot.shared.files import read_capped
from bot.state.api import State

FetchPage = Callable[..., Fetched | NotModified]


class AddError(Exception):
    """A URL whose article could not be added; `str()` is one line naming it."""


@dataclass(frozen=True)
class AddedPage:
    url: str
    path: Path
    article: PageArticle
    replaced: bool  # a file for this article was already in the folder


def add_url(folder: Path, url: str, fetch: FetchPage = fetch_url) -> AddedPage:
    """Fetch `url`, check it holds an article, and save it in `folder`."""
    try:
        fetched = fetch(url, kind="page")
    except FetchError as exc:
        raise AddError(str(exc)) from None
    if isinstance(fetched, NotModified):  # only answers a conditional request, which this is not
        raise AddError(f"{url}: the server answered 304 Not Modified to a plain request")
    try:
        article = extract_page(fetched.body, fetched.final_url)
    except PageError as exc:
        raise AddError(f"{url}: {str(exc).split(': ', 1)[-1]}") from None
    address = article.canonical_url or fetched.final_url
    replaced = (Path(folder) / page_file_name(address)).exists()
    try:
        path = save_page(Path(folder), address, fetched.body)
    except StoreError as exc:
        raise AddError(f"{url}: not saved: {exc}") from None
    return AddedPage(url=url, path=path, article=article, replaced=replaced)


@dataclass
class Collected:
    """One round of feed collection: pages added, and every feed or link that failed, named."""

    added: list[AddedPage] = field(default_factory=list)
    failures: list[FeedProblem] = field(default_factory=list)


def collect_feeds(
    folder: Path,
    feeds: Iterable[Feed],
    state: State,
    fetch: FetchPage = fetch_url,
    *,
    max_items: int = 100,
) -> Collected:
    """Poll `feeds`, add each new item's page to `folder` (at most `max_items`), then remember the poll.

    An item whose page fails (gone, not an article) is reported and still
    remembered as seen: its feed would offer the same broken link on every
    poll. Items beyond `max_items` are left unseen for the next round.
    """
    poll = poll_feeds(feeds, state, fetch)
    done = Collected(failures=list(poll.failures))
    later = {item.id for item in poll.items[max_items:]}
    for item in poll.items[:max_items]:
        try:
            done.added.append(add_url(folder, item.link, fetch))
        except AddError as exc:
            done.failures.append(FeedProblem(f"item of {item.feed}", str(exc)))
    for feed, ids in poll.seen.items():
        poll.seen[feed] = [i for i in ids if i not in later]
        if any(item.feed == feed and item.id in later for item in poll.items):
            # Asking again with the old validators is what brings the rest back.
            poll.validators.pop(feed, None)
    poll.commit(state)
    return done


def read_page_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> PageArticle:
    """A saved `.html` page as an article; ValueError (with the reason) if it cannot be one."""
    raw = read_capped(Path(path), max_bytes, "one page")
    try:
        return extract_page(raw, saved_from(raw))
    except PageError as exc:
        raise ValueError(str(exc).split(": ", 1)[-1]) from None

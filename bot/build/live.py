"""Web articles into the index: add pages by URL, or every new item of the feeds, then index them.

A URL becomes indexed in three steps, each of which can fail on its own
without harm: fetch and check the page (`bot.ingest.collect.add_url`, which
saves it in the corpus folder only once it is known to hold an article), then
one `build_index` of the folder (incremental when it can be, and leaving the
previous index as it was if it fails), then reading each new article back
from the index, so what is reported is what the bot will answer from.

Each URL ends as an `Outcome`: indexed (with the article as the index holds
it) or failed, with one line saying why. Nothing that was indexed before is
lost: a page is only ever added or replaced by a newer copy of itself.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.build.corpus import CorpusError
from bot.build.pipeline import build_index
from bot.build.records import BuildReport
from bot.index.articles import IndexedArticle, read_articles
from bot.index.reader import IndexUnavailable, open_index
from bot.index.writer import IndexWriteError
from bot.ingest.collect import AddedPage, AddError, FetchPage, add_url, collect_feeds
from bot.ingest.feeds import Feed
from bot.state.api import State

Status = Literal["indexed", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one URL: `article` when indexed, else `reason`, one line."""

    url: str
    status: Status
    article: IndexedArticle | None = None
    reason: str = ""
    replaced: bool = False  # the page was already in the folder; this copy replaced it

    def to_dict(self) -> dict:
        data: dict = {"url": self.url, "status": self.status}
        if self.article is not None:
            data["article"] = self.article.to_dict()
            data["replaced"] = self.replaced
        else:
            data["reason"] = self.reason
        return data


@dataclass
class LiveReport:
    """One add or fetch: each URL's outcome, the build's report (None if nothing was built), problems."""

    outcomes: list[Outcome] = field(default_factory=list)
    build: BuildReport | None = None
    # Lines that concern no single URL: a feed that failed, a build that could not run.
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    feeds: int = 0  # feeds polled (fetch only), and how many of them could not be
    feeds_failed: int = 0

    @property
    def indexed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "indexed"]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# How long an add waits for another build of the same index (a feed fetch, another add) to finish.
BUSY_WAIT = 300.0


def _index_pages(
    folder: Path, out: Path, pages: Sequence[AddedPage], report: LiveReport, busy_wait: float = BUSY_WAIT
) -> None:
    """Index the folder the pages were saved in, and give each page its outcome."""
    if not pages:
        return
    deadline = time.monotonic() + busy_wait
    while True:
        try:
            report.build = build_index(folder, out, changed=[p.path.name for p in pages])
            break
        except IndexWriteError as exc:
            if str(exc).startswith("another") and time.monotonic() < deadline:
                time.sleep(0.5)  # another add or fetch is writing the index: ours follows it
                continue
            failure: Exception = exc
        except (CorpusError, OSError, sqlite3.Error) as exc:
            failure = exc
        reason = f"saved in {folder} but not indexed: {failure}; the previous index is unchanged"
        report.outcomes.extend(Outcome(p.url, "failed", reason=reason) for p in pages)
        return
    skipped = {p.file: p.reason for p in report.build.problems}
    try:
        db = open_index(out)
    except IndexUnavailable as exc:
        report.outcomes.extend(Outcome(p.url, "failed", reason=str(exc)) for p in pages)
        return
    try:
        articles = {a.id: a for a in read_articles(db, [p.path.stem for p in pages])}
    finally:
        db.close()
    for page in pages:
        article = articles.get(page.path.stem)
        if article is not None:
            report.outcomes.append(Outcome(page.url, "indexed", article, replaced=page.replaced))
        else:
            why = skipped.get(page.path.name, "the index does not hold it")
            report.outcomes.append(Outcome(page.url, "failed", reason=f"{page.url}: saved as {page.path.name} but not indexed: {why}"))


def add_urls(folder: Path, out: Path, urls: Iterable[str], fetch: FetchPage, busy_wait: float = BUSY_WAIT) -> LiveReport:
    """Fetch each URL into `folder`, then index the folder once into `out`."""
    started = time.perf_counter()
    report = LiveReport()
    pages: list[AddedPage] = []
    for url in dict.fromkeys(u.strip() for u in urls if u.strip()):
        try:
            pages.append(add_url(Path(folder), url, fetch))
        except AddError as exc:
            report.outcomes.append(Outcome(url, "failed", reason=str(exc)))
    _index_pages(Path(folder), Path(out), pages, report, busy_wait)
    report.seconds = time.perf_counter() - started
    return report


def fetch_feeds(folder: Path, out: Path, feeds: Iterable[Feed], state: State, fetch: FetchPage) -> LiveReport:
    """Poll the feeds once, save every new item's page in `folder`, and index them into `out`.

    The items are remembered as seen (with the feeds' validators) once their
    pages are saved, before indexing: a page saved but not yet indexed is in
    the folder, and the next `index`, `add` or `fetch` indexes it.
    """
    started = time.perf_counter()
    report = LiveReport()
    feeds = list(feeds)
    collected = collect_feeds(Path(folder), feeds, state, fetch)
    report.problems.extend(str(f) for f in collected.failures)
    report.feeds = len(feeds)
    report.feeds_failed = sum(1 for f in collected.failures if not f.where.startswith("item of "))
    _index_pages(Path(folder), Path(out), collected.added, report)
    report.seconds = time.perf_counter() - started
    return report

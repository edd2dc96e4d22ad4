"""New articles in the index checked against the watchlists, once each, whoever indexed them.

An article can reach the index from `ukraine-bot add`, a feed fetch, a Slack
`/ukraine add` or a plain `ukraine-bot index`. Rather than each of those
telling the bot, whoever notices a new index (the running bot when its file
watcher reloads, `ukraine-bot fetch` after indexing) calls `check_new_articles`:
the index's article ids not yet in the state store's checked list are read
back, their notices sent (each claimed once with `mark_sent`), and they are
marked checked. An article whose notice could not be delivered stays
unchecked, so the next check retries it (the notices that did go out are
not sent again).

The first check on a state file with nothing checked takes the index as it
is as the baseline: those articles were there before anyone watched, so they
are marked checked without notices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.alerts.notify import NoticeFailure, Post, send_notices
from bot.alerts.ratelimit import RateLimiter
from bot.alerts.watch import ArticlePerson, NewArticle, Notice
from bot.index.articles import IndexedArticle, article_ids, read_articles
from bot.index.reader import open_index
from bot.state.api import State


@dataclass
class Checked:
    """One check: the articles new to it, the notices sent, the failures, and whether it was the baseline."""

    articles: list[str] = field(default_factory=list)
    sent: list[Notice] = field(default_factory=list)
    failures: list[NoticeFailure] = field(default_factory=list)
    baseline: bool = False


def new_article(article: IndexedArticle) -> NewArticle:
    """The index's view of an article as the watch matcher reads it."""
    return NewArticle(
        id=article.id,
        title=article.title,
        sentences=article.sentences,
        people=tuple(ArticlePerson(p.name, frozenset(p.aliases), p.sentences) for p in article.people),
        url=article.url,
    )


def unchecked_articles(index: Path, state: State) -> tuple[list[IndexedArticle], bool]:
    """The articles in `index` not yet checked, and whether this is the baseline (nothing checked before)."""
    db = open_index(index)
    try:
        ids = article_ids(db)
        if not state.has_checked_any():
            return read_articles(db, ids), True
        return read_articles(db, state.unchecked(ids)), False
    finally:
        db.close()


def check_new_articles(index: Path, state: State, post: Post, limiter: RateLimiter) -> Checked:
    """Send the notices of every article in `index` not yet checked, then mark them checked."""
    articles, baseline = unchecked_articles(index, state)
    result = Checked(articles=[a.id for a in articles], baseline=baseline)
    if baseline:
        state.mark_checked(result.articles, baseline=True)
        return result
    sent = send_notices((new_article(a) for a in articles), state, post, limiter)
    result.sent, result.failures = sent.sent, sent.failures
    retry = {f.article for f in sent.failures}
    state.mark_checked(a for a in result.articles if a not in retry)
    return result

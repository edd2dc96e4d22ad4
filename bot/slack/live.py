"""The running bot's live corpus: adding links in a child process, watch notices on reload, daily digests.

The serving process never loads the fetcher, the page extractor or the NLP
toolkit, so `/ukraine add URL` runs `python -m bot add URL --json` as a child
process (one at a time: two builds of one index must not overlap) and reads
its JSON report. The child writes the index; the bot then reloads it and
checks the new articles against the watchlists, as it does whenever the
index file changes (a CLI add, a feed fetch, a rebuild).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.alerts.ratelimit import RateLimiter
from bot.alerts.schedule import due_digests
from bot.index.articles import IndexedArticle, read_articles
from bot.index.reader import open_index
from bot.render.live import digest_message
from bot.slack.notices import NoticeChecker
from bot.state.api import State
from bot.state.records import Digest

log = logging.getLogger("ukraine_bot")

ADD_TIMEOUT = 600.0  # seconds for one child add: fetches are capped at 10 s each, a rebuild takes longer
MAX_URLS = 10  # links in one /ukraine add

AddStatus = Literal["indexed", "failed"]


@dataclass(frozen=True)
class AddedArticle:
    url: str
    status: AddStatus
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    people: tuple[str, ...] = ()
    link: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class AddResult:
    """What the child add reported: each URL's outcome, or one line when the add itself failed."""

    articles: tuple[AddedArticle, ...] = ()
    error: str | None = None
    problems: tuple[str, ...] = ()


def parse_add_report(stdout: str) -> AddResult:
    """The JSON line `ukraine-bot add --json` prints, as typed outcomes."""
    data = json.loads(stdout.strip().splitlines()[-1])
    found: list[AddedArticle] = []
    for outcome in data.get("outcomes", []):
        article = outcome.get("article") or {}
        found.append(
            AddedArticle(
                url=str(outcome.get("url", "")),
                status="indexed" if outcome.get("status") == "indexed" else "failed",
                title=article.get("title"),
                published=article.get("published"),
                outlet=article.get("outlet"),
                people=tuple(article.get("people") or ()),
                link=article.get("url"),
                reason=str(outcome.get("reason", "")),
            )
        )
    return AddResult(articles=tuple(found), problems=tuple(str(p) for p in data.get("problems", [])))


@dataclass
class LiveCorpus:
    """What the add, watch and digest commands need, built once by the app."""

    state: State
    index: Path
    corpus: Path
    adders: tuple[str, ...] = ()
    timezone: str | None = None
    # Swaps in a changed index (the engine's reload); True if it did.
    reload: Callable[[], bool] = lambda: False
    # Sends the notices of new articles; set when the bot starts serving with a token.
    checker: NoticeChecker | None = None
    python: str = sys.executable
    _add_lock: threading.Lock = field(default_factory=threading.Lock)

    def may_add(self, user: str) -> bool:
        return "*" in self.adders or user in self.adders

    def add(self, urls: list[str]) -> AddResult:
        """Run `python -m bot add URL… --json` and read its report; one line if it could not run."""
        # The links go after "--": whatever a user typed is never read as an option.
        command = [
            self.python, "-m", "bot", "add", "--seeds", str(self.corpus), "--out", str(self.index), "--json", "--",
            *urls[:MAX_URLS],
        ]
        with self._add_lock:
            try:
                child = subprocess.run(
                    command, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
                    timeout=ADD_TIMEOUT, check=False,
                )
            except subprocess.TimeoutExpired:
                return AddResult(error=f"the add took longer than {ADD_TIMEOUT:g} s and was stopped; try again later")
            except OSError as exc:
                return AddResult(error=f"the add could not start ({exc.strerror or exc})")
        try:
            result = parse_add_report(child.stdout) if child.stdout.strip() else None
        except (ValueError, KeyError, AttributeError):
            result = None
        if result is None:
            last = (child.stderr.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
            return AddResult(error=f"the add failed: {last[:300]}")
        self.refresh()
        return result

    def refresh(self) -> None:
        """After the index changed: reload it and send the new articles' notices (each once)."""
        self.reload()
        if self.checker is not None:
            self.checker.check()

    def articles(self, ids: list[str]) -> list[IndexedArticle]:
        db = open_index(self.index)
        try:
            return read_articles(db, ids)
        finally:
            db.close()


def digest_window(digest: Digest, day, now: datetime) -> datetime:
    """Since when a digest for `day` reports: the previous digest's time, or a day before this one's."""
    zone = ZoneInfo(digest.tz)
    hours, minutes = (int(p) for p in digest.time.split(":"))
    at = datetime.combine(day, time(hours, minutes), zone)
    if digest.last_sent is not None:
        return datetime.combine(digest.last_sent, time(hours, minutes), zone)
    return min(at, now) - timedelta(days=1)


def send_due_digests(live: LiveCorpus, client: WebClient, limiter: RateLimiter, now: datetime | None = None) -> int:
    """Post every digest due now, each claimed first (once per local day); nothing new → nothing posted."""
    now = now or datetime.now(timezone.utc)
    posted = 0
    for due in due_digests(live.state.digests(), now):
        digest = due.digest
        since = digest_window(digest, due.day, now)
        if not live.state.mark_digest_sent(digest.channel, due.day):
            continue
        try:
            articles = live.articles(live.state.checked_since(since))
        except Exception as exc:  # noqa: BLE001 - an unreadable index skips this digest, it must not stop the bot
            log.error("digest for %s skipped: %s", digest.channel, exc)
            continue
        if not articles:
            continue
        limiter.wait(digest.channel)
        try:
            client.chat_postMessage(channel=digest.channel, **digest_message(articles, due.day).as_kwargs())
            posted += 1
        except Exception as exc:  # noqa: BLE001 - reported; tomorrow's digest still comes
            log.warning("digest for %s not delivered: %s", digest.channel, type(exc).__name__)
    return posted


def run_digests(live: LiveCorpus, client: WebClient, limiter: RateLimiter, stop: threading.Event, every: float = 30.0) -> None:
    """Digests on time, in the background; notices come from the index watcher's reloads."""
    while not stop.wait(every):
        try:
            send_due_digests(live, client, limiter)
        except Exception as exc:  # noqa: BLE001 - a bad state file must not stop serving
            log.error("sending digests failed: %s", exc)


def run_fetches(live: LiveCorpus, every: float, stop: threading.Event, timeout: float = 1800.0) -> None:
    """`python -m bot fetch` in a child process every `every` seconds, then reload and check notices."""
    # The child opens the same state the bot does: beside the same index, or UKRAINE_BOT_STATE_URL.
    command = [live.python, "-m", "bot", "fetch", "--seeds", str(live.corpus), "--out", str(live.index)]
    while not stop.wait(every):
        try:
            child = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False)
            last = (child.stdout.strip().splitlines() or [""])[-1]
            log.info("fetch exit=%d %s", child.returncode, last[:200])
            for line in child.stderr.strip().splitlines()[-20:]:
                log.warning("fetch: %s", line[:300])
        except (subprocess.TimeoutExpired, OSError) as exc:
            log.error("fetch failed to run: %s", type(exc).__name__)
        live.refresh()

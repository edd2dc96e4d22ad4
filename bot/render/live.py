"""Messages of the live corpus: what an add indexed, the watchlist, and the daily digest grouped by person.

All text from users and articles is escaped for mrkdwn; a digest stays within
Slack's limits (50 blocks, 3,000 characters a section) by listing the most
named people first and saying how many articles it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from bot.index.articles import IndexedArticle
from bot.render.blocks import MAX_BLOCKS, MAX_SECTION_TEXT, SlackMessage, escape
from bot.render.labels import cut
from bot.state.records import Watch

MAX_DIGEST_PEOPLE = 12
MAX_ARTICLES_PER_PERSON = 5
MAX_DIGEST_EVENTS = 10


class AddedLike(Protocol):
    """One URL's outcome as `bot.slack.live.AddedArticle` holds it (read-only)."""

    @property
    def url(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def people(self) -> tuple[str, ...]: ...
    @property
    def link(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, MAX_SECTION_TEXT)}}


def _link(title: str, url: str | None) -> str:
    label = escape(cut(title, 200))
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in "<>| "):
        return f"<{url}|{label}>"
    return f"*{label}*"


def message(text: str) -> SlackMessage:
    """A one-section message whose `text` is already mrkdwn-safe."""
    return SlackMessage(text=cut(text, 3000), blocks=[_section(text)])


def added_line(added: AddedLike) -> str:
    if added.status != "indexed":
        return f":x: {escape(cut(added.reason or added.url, 500))}"
    people = ", ".join(added.people[:8]) or "no one"
    more = f" and {len(added.people) - 8} more" if len(added.people) > 8 else ""
    where = f" · {escape(added.outlet)}" if added.outlet else ""
    return (
        f":white_check_mark: Indexed {_link(added.title or added.url, added.link or added.url)}"
        f" — {escape(added.published or 'date unknown')}{where}\nPeople: {escape(people + more)}"
    )


def add_message(results: Sequence[AddedLike], error: str | None = None, problems: Sequence[str] = ()) -> SlackMessage:
    """One section per URL, indexed or not, within the block limit."""
    if error:
        return message(f":x: {escape(error)}")
    lines = [added_line(a) for a in results] + [f":warning: {escape(cut(p, 300))}" for p in problems]
    if not lines:
        return message("Nothing was added.")
    blocks = [_section(line) for line in lines[:MAX_BLOCKS]]
    indexed = sum(1 for a in results if a.status == "indexed")
    return SlackMessage(text=f"Indexed {indexed} of {len(results)} link(s).", blocks=blocks)


def watch_added(watch: Watch, private: bool) -> SlackMessage:
    what = {"person": "articles that name", "pair": "articles that name both", "word": "articles with the words"}[watch.kind]
    where = "you, here" if private else "this channel"
    return message(f"Watching *{escape(str(watch))}* (#{watch.id}): new {what} *{escape(str(watch))}* will be posted to {where}.")


def watch_list(watches: Sequence[Watch]) -> SlackMessage:
    if not watches:
        return message("Nothing is watched here. Try `/ukraine watch Lavrov`, `watch Blinken & Lavrov` or `watch word trừng phạt`.")
    kinds = {"person": "person", "pair": "pair", "word": "word"}
    lines = [f"#{w.id} · {kinds[w.kind]} · {escape(str(w))}" for w in watches]
    return message("Watching:\n" + "\n".join(lines) + "\nRemove one with `/ukraine unwatch N`.")


def _when(start: str, precision: str) -> str:
    return start[:4] if precision == "year" else start[:7] if precision == "month" else start


def digest_message(articles: Sequence[IndexedArticle], day: date) -> SlackMessage:
    """The new articles since the last digest, grouped under the people they name, the most named first."""
    counts: Counter[str] = Counter(p.name for a in articles for p in a.people)
    people = [name for name, _ in counts.most_common(MAX_DIGEST_PEOPLE)]
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Digest {day.isoformat()}: {len(articles)} new article(s)"}}
    ]
    shown: set[str] = set()
    for name in people:
        named = [a for a in articles if any(p.name == name for p in a.people)]
        lines = [f"• {_link(a.title, a.url)} — {escape(a.published or 'date unknown')}" for a in named[:MAX_ARTICLES_PER_PERSON]]
        if len(named) > MAX_ARTICLES_PER_PERSON:
            lines.append(f"… and {len(named) - MAX_ARTICLES_PER_PERSON} more")
        shown.update(a.id for a in named)
        blocks.append(_section(f"*{escape(name)}* ({len(named)})\n" + "\n".join(lines)))
    events = sorted(((e, a) for a in articles for e in a.events), key=lambda ea: (ea[0].start, ea[1].id))
    if events:
        lines = [
            f"• *{escape(_when(e.start, e.precision))}* {escape(cut(e.sentence, 200))} ({_link(cut(a.title, 60), a.url)})"
            for e, a in events[:MAX_DIGEST_EVENTS]
        ]
        if len(events) > MAX_DIGEST_EVENTS:
            lines.append(f"… and {len(events) - MAX_DIGEST_EVENTS} more")
        blocks.append(_section("*Events they report*\n" + "\n".join(lines)))
    rest = [a for a in articles if a.id not in shown]
    if rest:
        lines = [f"• {_link(a.title, a.url)} — {escape(a.published or 'date unknown')}" for a in rest[:10]]
        if len(rest) > 10:
            lines.append(f"… and {len(rest) - 10} more")
        blocks.append(_section("*Other new articles*\n" + "\n".join(lines)))
    text = f"Digest {day.isoformat()}: {len(articles)} new article(s)" + (f", most about {', '.join(people[:3])}" if people else "")
    return SlackMessage(text=cut(escape(text), 3000), blocks=blocks[:MAX_BLOCKS])

"""A watch notice as a Slack message: what was watched, the article (linked), and the sentence that shows why.

Article text and watch values came from outside, so every piece is escaped
for mrkdwn (`blocks.escape`) and cut to Slack's limits.
"""

from __future__ import annotations

from bot.alerts.watch import Notice
from bot.render.blocks import MAX_SECTION_TEXT, SlackMessage, escape
from bot.render.labels import cut


def _link(title: str, url: str | None) -> str:
    label = escape(cut(title, 300))
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in "<>| "):
        return f"<{url}|{label}>"
    return f"*{label}*"


def notice_message(notice: Notice) -> SlackMessage:
    """`New article for <watch>: <title>` with the evidence sentence quoted."""
    article = notice.article
    head = f"New article for *{escape(str(notice.watch))}*: {_link(article.title, article.url)}"
    quote = "> " + escape(cut(notice.evidence, 600))
    people = f"\nPeople: {escape(', '.join(notice.people))}" if notice.people else ""
    text = cut(f"{head}\n{quote}{people}", MAX_SECTION_TEXT)
    fallback = cut(escape(f"New article for {notice.watch}: {article.title}"), 3000)
    return SlackMessage(text=fallback, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def notice_line(notice: Notice) -> str:
    """The notice as one plain line, for a terminal."""
    where = f" <{notice.article.url}>" if notice.article.url else ""
    return f"notice for {notice.watch.owner} (watch {notice.watch.id}: {notice.watch}): {notice.article.title}{where} — {notice.evidence[:200]}"

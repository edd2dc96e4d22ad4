"""link_shared: links to the bot's own article pages (PUBLIC_URL/articles/<id>) get a preview with chat.unfurl.

Only over HTTP, the one mode that serves those pages; links elsewhere are left to Slack.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urlsplit

from bot.render.article_view import Article
from bot.render.unfurl import article_unfurl
from bot.slack.delivery import log_delivery_failure
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")

_ARTICLE_PATH = re.compile(r"^/articles/([A-Za-z0-9_.\-]{1,200})$")
MAX_UNFURLS = 5


def article_link(url: str, public_url: str) -> tuple[str, tuple[int, ...]] | None:
    """(article id, highlighted sentences) if `url` is one of this app's article pages."""
    base, link = urlsplit(public_url.rstrip("/")), urlsplit(url)
    if (link.scheme, link.netloc.lower()) != (base.scheme, base.netloc.lower()):
        return None
    prefix = base.path.rstrip("/")
    if not link.path.startswith(prefix + "/"):
        return None
    match = _ARTICLE_PATH.match(link.path[len(prefix):])
    if match is None:
        return None
    marks = [x for v in parse_qs(link.query).get("hl", []) for x in v.split(",")]
    return match.group(1), tuple(int(x) for x in marks if x.isdigit())


def unfurl_links(services: Services, client, event: dict) -> None:
    if not services.public_url:
        return
    unfurls: dict[str, dict] = {}
    for link in (event.get("links") or [])[:MAX_UNFURLS]:
        url = str(link.get("url", ""))
        found = article_link(url, services.public_url)
        if found is None:
            continue
        try:
            row = services.engine.article(found[0])
        except Exception as exc:
            log.error("could not read an article to unfurl: %s", exc)
            continue
        if row is not None:
            unfurls[url] = article_unfurl(Article.from_row(row), found[1], services.language)
    if not unfurls:
        return
    try:
        client.chat_unfurl(channel=event["channel"], ts=event["message_ts"], unfurls=unfurls)
        log.info("request kind=unfurl outcome=answered links=%d", len(unfurls))
    except Exception as exc:
        log_delivery_failure("could not unfurl article links", exc)

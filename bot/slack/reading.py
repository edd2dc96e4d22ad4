"""The "Read" button and the pages of the article modal: open it with the click's trigger_id, page it in place.

A trigger_id is good for one views.open within three seconds of the click, so the
article is read from the index and the modal opened straight after the ack. A failure
never shows the user a traceback: an article that left the index gets a modal that
says so, a broken index an ephemeral apology (for a click in a message) or nothing.
"""

from __future__ import annotations

import logging
import time

from bot.index.reader import IndexUnavailable
from bot.render.article_view import Article, article_modal, gone_modal
from bot.render.labels import labels
from bot.render.values import parse_article_value
from bot.slack.delivery import log_delivery_failure
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")


def _article(services: Services, article_id: str) -> tuple[Article | None, str]:
    try:
        row = services.engine.article(article_id)
    except IndexUnavailable as exc:
        log.error("index unavailable: %s", exc)
        return None, "index_unavailable"
    except Exception:
        log.exception("reading an article failed")
        return None, "internal_error"
    return (Article.from_row(row), "answered") if row is not None else (None, "article_gone")


def _log(kind: str, outcome: str, started: float) -> None:
    log.info("request kind=%s intent=read outcome=%s latency_ms=%.1f", kind, outcome,
             (time.perf_counter() - started) * 1000)


def open_article(services: Services, client, respond, body: dict, value: str) -> None:
    """A "Read" click in a message: the article in a modal."""
    started = time.perf_counter()
    outcome = "answered"
    try:
        ref = parse_article_value(value)
        article, outcome = _article(services, ref.article_id)
        if article is not None:
            view = article_modal(article, ref, services.language, services.public_url)
        elif outcome == "article_gone":
            view = gone_modal(services.language)
        else:
            if respond is not None:  # a click on the Home tab has no response_url to apologise through
                respond(response_type="ephemeral", replace_original=False, text=labels(services.language)[outcome])
            return
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except (ValueError, KeyError, TypeError):
        outcome = "bad_action_value"
        log.warning("read_article with an unreadable value")
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not open an article", exc)
    finally:
        _log("action", outcome, started)


def turn_page(services: Services, client, body: dict, value: str) -> None:
    """"Next page"/"Previous page" inside the modal: the same modal, redrawn at that page."""
    started = time.perf_counter()
    outcome = "answered"
    try:
        ref = parse_article_value(value)
        current = body["view"]
        article, outcome = _article(services, ref.article_id)
        if article is None and outcome != "article_gone":
            return  # nothing to say inside a modal that would help; the log has the reason
        view = article_modal(article, ref, services.language, services.public_url) if article else gone_modal(
            services.language)
        # The hash makes Slack refuse the update if the modal changed since this click (a double click).
        client.views_update(view_id=current["id"], hash=current.get("hash"), view=view)
    except (ValueError, KeyError, TypeError):
        outcome = "bad_action_value"
        log.warning("article_page with an unreadable value")
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not turn an article page", exc)
    finally:
        _log("action", outcome, started)

"""👍/👎 under an answer and the 👎 modal's submission: stored with the question and what the bot answered.

The answer stored is the one the bot gives to that question at the moment of the vote
(its headline and article ids), read from the index; the button carries only the query.
"""

from __future__ import annotations

import logging
from typing import cast

from bot.render.feedback_view import feedback_modal, parse_feedback_metadata, submitted
from bot.render.labels import labels
from bot.render.lines import headline
from bot.render.values import parse_query_value
from bot.slack.delivery import log_delivery_failure, safe_answer
from bot.slack.services import Services
from bot.state.feedback import Reason, Vote

log = logging.getLogger("ukraine_bot")


def _store(services: Services, *, user: str, vote: Vote, query: str, channel: str | None,
           reason: str | None = None, comment: str = "") -> bool:
    if services.feedback is None:
        log.warning("feedback received but no state store is configured")
        return False
    answer, why = safe_answer(services, query)
    said = headline(answer, services.language) if answer is not None else why
    articles = tuple(hit.id for hit in answer.articles) if answer is not None else ()
    try:
        # The store keeps a reason it does not know as "other": the form's values are Slack's to send.
        services.feedback.record(user=user, vote=vote, query=query, answer=said, articles=articles,
                                 reason=cast("Reason | None", reason), comment=comment, channel=channel)
    except Exception:
        log.exception("could not store feedback")
        return False
    log.info("feedback vote=%s reason=%s", vote, reason)
    return True


def _channel(body: dict) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def thumbs_up(services: Services, respond, body: dict, value: str) -> None:
    """👍: stored at once; the voter alone sees a thank-you."""
    try:
        query = parse_query_value(value)
    except ValueError:
        log.warning("feedback_up with an unreadable value")
        return
    if _store(services, user=str((body.get("user") or {}).get("id", "")), vote="up", query=query,
              channel=_channel(body)):
        try:
            respond(response_type="ephemeral", replace_original=False, text=labels(services.language)["feedback_thanks"])
        except Exception as exc:
            log_delivery_failure("could not thank for feedback", exc)


def thumbs_down(services: Services, client, body: dict, value: str) -> None:
    """👎: a short modal asks what was wrong (opened with the click's trigger_id)."""
    try:
        query = parse_query_value(value)
        client.views_open(trigger_id=body["trigger_id"], view=feedback_modal(query, _channel(body), services.language))
    except (ValueError, KeyError):
        log.warning("feedback_down with an unreadable value")
    except Exception as exc:
        log_delivery_failure("could not open the feedback form", exc)


def feedback_submitted(services: Services, body: dict) -> None:
    """The 👎 modal's submission: stored with its reason and comment."""
    view = body.get("view") or {}
    try:
        query, channel = parse_feedback_metadata(view.get("private_metadata", ""))
    except ValueError:
        log.warning("feedback submission with unreadable metadata")
        return
    reason, comment = submitted((view.get("state") or {}).get("values") or {})
    _store(services, user=str((body.get("user") or {}).get("id", "")), vote="down", query=query, channel=channel,
           reason=reason, comment=comment)

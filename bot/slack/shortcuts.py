"""The "Find sources" message shortcut: the people and dates of a message, answered to the person who asked.

chat.postEphemeral shows it to them alone in that conversation; where the bot is not a
member (it cannot post there), the shortcut's response_url carries it instead.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError

from bot.render.sources import sources_message
from bot.serve.sources import find_sources
from bot.slack.delivery import CANNOT_POST, apology, log_delivery_failure, safe_answer
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")


def find_message_sources(services: Services, client, respond, body: dict) -> None:
    started = time.perf_counter()
    outcome = "answered"
    try:
        channel = (body.get("channel") or {}).get("id", "")
        user = (body.get("user") or {}).get("id", "")
        text = (body.get("message") or {}).get("text", "")
        failure: list[str] = []

        def answer(query: str):
            found, reason = safe_answer(services, query)
            if found is None:
                failure.append(reason)
                raise LookupError(reason)
            return found

        try:
            message = sources_message(find_sources(answer, text), services.language, services.public_url)
        except LookupError:
            outcome = failure[0]
            message = apology(services, outcome)
        try:
            client.chat_postEphemeral(channel=channel, user=user, **message.as_kwargs())
        except SlackApiError as exc:
            if str(exc.response.get("error")) not in CANNOT_POST:
                raise
            outcome = f"{outcome}_via_response_url"
            respond(response_type="ephemeral", **message.as_kwargs())
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not answer Find sources", exc)
    finally:
        log.info("request kind=shortcut intent=sources outcome=%s latency_ms=%.1f", outcome,
                 (time.perf_counter() - started) * 1000)

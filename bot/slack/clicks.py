"""Buttons that run a query: a suggestion, a nearest date, another match ("click instead of retyping"), and Share.

A click in a public message answers in that message's thread, like a mention; a click
in an answer only the asker sees replaces that private answer through the click's
response_url, so nothing is posted to the channel until the asker shares it.
"""

from __future__ import annotations

import logging
import time

from bot.render.values import parse_query_value
from bot.slack.delivery import (
    answer_in_thread,
    apology,
    log_delivery_failure,
    log_request,
    outcome_of,
    post_public,
    private_reply,
    safe_answer,
)
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")


def _where(body: dict) -> tuple[str | None, str | None, bool]:
    """(channel, thread_ts, private) of the message whose button was clicked."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    private = bool(container.get("is_ephemeral")) or not message
    return channel, message.get("thread_ts") or message.get("ts"), private


def run_query(services: Services, client, respond, body: dict, value: str) -> None:
    """Answer the query the button carries, where the clicked message is."""
    try:
        query = parse_query_value(value)
    except ValueError:
        log.warning("run_query with an unreadable value")
        return
    channel, thread_ts, private = _where(body)
    if not private and channel and thread_ts:
        answer_in_thread(services, client, channel, thread_ts, query, "action")
        return
    if (body.get("container") or {}).get("type") == "view":
        # A button on the Home tab: no message and no response_url; the answer goes to the app's Messages tab.
        answer_in_messages(services, client, str((body.get("user") or {}).get("id", "")), query)
        return
    started = time.perf_counter()
    answer, reason = safe_answer(services, query)
    outcome = outcome_of(answer, reason)
    try:
        message = apology(services, reason) if answer is None else private_reply(services, answer)
        respond(response_type="ephemeral", replace_original=True, **message.as_kwargs())
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not answer a query button", exc)
    finally:
        log_request("action", answer, outcome, started)


def answer_in_messages(services: Services, client, user: str, query: str) -> None:
    """The answer in the app's Messages tab with `user`, its articles in the thread there."""
    started = time.perf_counter()
    answer, reason = safe_answer(services, query)
    outcome = outcome_of(answer, reason)
    try:
        if answer is None:
            client.chat_postMessage(channel=user, **apology(services, reason).as_kwargs())
        elif answer.intent == "help" or answer.error in ("empty_query", "invalid_date"):
            client.chat_postMessage(channel=user, **private_reply(services, answer).as_kwargs())
        else:
            outcome = post_public(services, client, None, user, answer)
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not answer a Home tab button", exc)
    finally:
        log_request("home", answer, outcome, started)


def share(services: Services, client, respond, body: dict, value: str) -> None:
    """"Share in channel": the same answer posted for everyone, its articles in the thread; the private copy goes."""
    started = time.perf_counter()
    answer = None
    outcome = "bad_action_value"
    try:
        query = parse_query_value(value)
        channel, _, _ = _where(body)
        answer, reason = safe_answer(services, query)
        outcome = outcome_of(answer, reason)
        if answer is None or not channel:
            respond(response_type="ephemeral", replace_original=False, **apology(services, reason).as_kwargs())
            return
        delivered = post_public(services, client, respond, channel, answer)
        if delivered == "delivery_failed":
            outcome = delivered
            return
        if delivered != "answered":
            outcome = f"{outcome}_via_response_url"
        respond(delete_original=True)
    except ValueError:
        log.warning("share_answer with an unreadable value")
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not share an answer", exc)
    finally:
        log_request("share", answer, outcome, started)

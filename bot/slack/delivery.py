"""Turn a query into Slack messages and post them where the user will see them.

Shared by the listeners in `handlers/`: they ack, then call one of these.
Failures never reach the user as a traceback: Slack API errors fall back to
the command's response_url, a broken index gets a short apology, a Slack that
cannot be reached (refused, timed out) is one warning line without a
traceback, and every request leaves one log line (kind, intent, outcome,
latency).
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.index.reader import IndexUnavailable
from bot.render.blocks import (
    MAX_BLOCKS,
    SlackMessage,
    detail_page,
    help_message,
    more_value,
    parse_more_value,
    share_block,
    summary_message,
)
from bot.render.labels import labels
from bot.render.lines import error_text
from bot.serve.answers import Answer
from bot.serve.followup import FollowUp, answer_followup, answer_query
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")

# Errors after which the bot cannot post in that conversation, so the response_url must carry the answer.
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "access_denied",
               "missing_scope", "not_allowed_token_type", "team_access_not_granted", "ekm_access_denied"}


def safe_answer(services: Services, text: str, followup: FollowUp | None = None) -> tuple[Answer | None, str]:
    """The engine's answer (or a follow-up's), or None with the reason it could not answer.

    A follow-up that turns out to ask nothing (a name nobody has) is (None, "not_a_question").
    """
    try:
        if followup is not None:
            found = answer_followup(services.engine.answer, followup)
            return (found, "answered") if found is not None else (None, "not_a_question")
        return answer_query(services.engine.answer, text), "answered"
    except IndexUnavailable as exc:
        log.error("index unavailable: %s", exc)
        return None, "index_unavailable"
    except Exception:
        log.exception("engine failed on a query")
        return None, "internal_error"


def apology(services: Services, reason: str) -> SlackMessage:
    text = labels(services.language)[reason]
    return SlackMessage(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def outcome_of(answer: Answer | None, reason: str) -> str:
    if answer is None:
        return reason
    return answer.error or ("help" if answer.intent == "help" else "answered")


def log_request(kind: str, answer: Answer | None, outcome: str, started: float) -> None:
    intent = answer.intent if answer else "unknown"
    n = len(answer.articles) if answer else 0
    log.info(
        "request kind=%s intent=%s outcome=%s articles=%d latency_ms=%.1f",
        kind, intent, outcome, n, (time.perf_counter() - started) * 1000,
    )


def _is_help(answer: Answer) -> bool:
    return answer.intent in ("help", "exit") or answer.error in {"empty_query"}


# Answers that found nothing: the asker alone sees them, with the help, rather than the whole channel.
NOT_FOUND = {"no_actor", "no_results"}


def unreachable_reason(exc: BaseException) -> str:
    """A short, token-free name for a failure to reach Slack: ConnectionRefusedError, TimeoutError..."""
    reason = getattr(exc, "reason", None)
    return type(reason if isinstance(reason, BaseException) else exc).__name__


def _never_sent(exc: OSError) -> bool:
    """True when the request cannot have reached Slack, so sending the answer another way cannot duplicate it."""
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, ConnectionRefusedError)


def _api_error(exc: SlackApiError) -> str:
    return str(exc.response.get("error")) if exc.response is not None else "unknown"


def log_delivery_failure(what: str, exc: Exception) -> None:
    """One warning for Slack's refusals and for an unreachable Slack; a traceback only for our own bugs."""
    if isinstance(exc, SlackApiError):
        log.warning("%s: %s", what, _api_error(exc))
    elif isinstance(exc, OSError):
        log.warning("%s: Slack unreachable (%s)", what, unreachable_reason(exc))
    else:
        log.error("%s", what, exc_info=exc)


def private_message(services: Services, answer: Answer, share: bool) -> SlackMessage:
    """An answer only the asker sees: summary and first page in one message, Share in channel when allowed.

    Misses carry the command examples, so the asker sees how to ask instead.
    """
    lang, public = services.language, services.public_url
    summary = summary_message(answer, lang, public, details="below")
    if answer.error in NOT_FOUND:
        body = help_message(lang).blocks[1:]
    elif answer.articles:
        body = detail_page(answer, 0, lang, public, more_value(answer.query, 1)).blocks
    else:
        body = []
    tail = [share_block(answer.query, lang)] if share else []
    blocks = (summary.blocks + body)[: MAX_BLOCKS - len(tail)] + tail
    return SlackMessage(text=summary.text, blocks=blocks)


def is_private(services: Services, answer: Answer) -> bool:
    """Whether a slash command's answer goes to the asker alone (help, bad dates, misses, or by setting)."""
    return (_is_help(answer) or answer.error == "invalid_date" or answer.error in NOT_FOUND
            or services.ephemeral or services.private_first)


def private_reply(services: Services, answer: Answer) -> SlackMessage:
    """What the asker alone sees: help for help and bad dates, otherwise the answer (with Share unless ephemeral)."""
    lang = services.language
    if _is_help(answer) or answer.error == "invalid_date":
        intro = error_text(answer, lang) if answer.error == "invalid_date" else None
        return help_message(lang, answer.error, intro)
    return private_message(services, answer, share=not services.ephemeral)


def post_public(
    services: Services, client, respond: Callable[..., object] | None, channel_id: str, answer: Answer
) -> str:
    """The answer in the channel, its articles in the thread; through the response_url if the bot can't post there.

    `channel_id` may be a user id: Slack then posts in the app's Messages tab with that user.

    Returns the outcome to log: "answered", "answered_via_response_url" or "delivery_failed".
    """
    lang, public = services.language, services.public_url
    summary = summary_message(answer, lang, public)
    details = detail_page(answer, 0, lang, public, more_value(answer.query, 1)) if answer.articles else None
    posted = None
    try:
        posted = client.chat_postMessage(channel=channel_id, **summary.as_kwargs())
        remember_thread(services, str(posted.get("channel") or channel_id), posted["ts"], answer)
        if details is not None:
            client.chat_postMessage(channel=channel_id, thread_ts=posted["ts"], **details.as_kwargs())
        return "answered"
    except (SlackApiError, OSError) as exc:
        why = _api_error(exc) if isinstance(exc, SlackApiError) else unreachable_reason(exc)
        if posted is not None or respond is None or not (isinstance(exc, SlackApiError) or _never_sent(exc)):
            # The summary is in the channel, or may be (a timeout): answering again could say it twice.
            log.warning("chat.postMessage failed (%s); the answer may be incomplete", why)
            return "delivery_failed"
        log.warning("chat.postMessage failed (%s); answering through response_url", why)
        # No thread through a response_url: the first page goes in the same message, "Details below."
        below = summary_message(answer, lang, public, details="below")
        blocks = below.blocks + (details.blocks if details else [])
        respond(response_type="in_channel", text=below.text, blocks=blocks[:MAX_BLOCKS], unfurl_links=False,
                unfurl_media=False)
        return "answered_via_response_url"


def answer_command(
    services: Services,
    client,
    respond: Callable[..., object],
    channel_id: str,
    text: str,
) -> None:
    """A slash command: a short answer in the channel, details in its thread; response_url when the bot can't post.

    Help, invalid dates and misses answer only the asker; so does every answer with
    UKRAINE_BOT_EPHEMERAL, and with UKRAINE_BOT_PRIVATE_FIRST it comes with "Share in channel".
    """
    started = time.perf_counter()
    answer, reason = safe_answer(services, text)
    outcome = outcome_of(answer, reason)
    try:
        if answer is None:
            respond(response_type="ephemeral", **apology(services, reason).as_kwargs())
            return
        if is_private(services, answer):
            respond(response_type="ephemeral", **private_reply(services, answer).as_kwargs())
            return
        delivered = post_public(services, client, respond, channel_id, answer)
        if delivered != "answered":
            outcome = "delivery_failed" if delivered == "delivery_failed" else f"{outcome}_via_response_url"
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("could not deliver an answer to a slash command", exc)
    finally:
        log_request("command", answer, outcome, started)


def remember_thread(services: Services, channel: str, thread_ts: str, answer: Answer) -> None:
    """Note that the bot answered in this thread, and about whom and when, for follow-ups there."""
    if services.threads is None:
        return
    try:
        services.threads.remember(channel, thread_ts, answer.actor.name if answer.actor else None,
                                  answer.date.label if answer.date else None)
    except Exception:
        log.exception("could not remember a thread")


def answer_in_thread(
    services: Services, client, channel: str, thread_ts: str, text: str, kind: str, followup: FollowUp | None = None
) -> bool:
    """A mention, a DM or a follow-up: the answer and its details in the thread of the message.

    A follow-up that asks nothing is left unanswered (False): people talk in threads too.
    """
    started = time.perf_counter()
    answer, reason = safe_answer(services, text, followup)
    outcome = outcome_of(answer, reason)
    if reason == "not_a_question":
        return False
    try:
        if answer is None:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, **apology(services, reason).as_kwargs())
            return True
        lang, public = services.language, services.public_url
        if _is_help(answer) or answer.error == "invalid_date":
            intro = error_text(answer, lang) if answer.error == "invalid_date" else None
            msg = help_message(lang, answer.error, intro)
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, **msg.as_kwargs())
            return True
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, **summary_message(answer, lang, public).as_kwargs())
        remember_thread(services, channel, thread_ts, answer)
        if answer.articles:
            details = detail_page(answer, 0, lang, public, more_value(answer.query, 1))
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, **details.as_kwargs())
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure(f"could not answer a {kind} in {channel}", exc)
    finally:
        log_request(kind, answer, outcome, started)
    return True


def show_more(services: Services, client, respond, body: dict, value: str) -> None:
    """The "Show more" button: the next page goes into the same thread, and the old button goes away."""
    started = time.perf_counter()
    answer = None
    outcome = "answered"
    try:
        query, page = parse_more_value(value)
        answer, reason = safe_answer(services, query)
        if answer is None:
            outcome = reason
            respond(response_type="ephemeral", replace_original=False, **apology(services, reason).as_kwargs())
            return
        msg = detail_page(answer, page, services.language, services.public_url, more_value(query, page + 1))
        container = body.get("container") or {}
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        if container.get("is_ephemeral") or not message:
            respond(response_type="ephemeral", replace_original=False, **msg.as_kwargs())
            return
        thread_ts = message.get("thread_ts") or message.get("ts")
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, **msg.as_kwargs())
        except SlackApiError as exc:
            if _api_error(exc) not in CANNOT_POST:
                raise
            # An answer that came through the response_url (the bot is not in the channel): page the same way.
            outcome = "answered_via_response_url"
            respond(response_type="in_channel", replace_original=False, **msg.as_kwargs())
            return
        # The clicked button has done its job: drop it so the thread reads cleanly.
        kept = [b for b in message.get("blocks", []) if b.get("block_id") != "more"]
        client.chat_update(channel=channel, ts=message["ts"], text=message.get("text", ""), blocks=kept)
    except (ValueError, KeyError, TypeError):
        outcome = "bad_action_value"
        log.warning("show_more with an unreadable value")
    except Exception as exc:
        outcome = "delivery_failed"
        log_delivery_failure("show_more could not post", exc)
    finally:
        log_request("action", answer, outcome, started)

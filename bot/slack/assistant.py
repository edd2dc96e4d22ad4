"""Slack's assistant pane (Agents & AI Apps): suggested prompts when a thread opens, then answers in it.

Plain listeners rather than Bolt's `Assistant` middleware, which claims every DM message in a
thread and would take over the bot's own DM threads and follow-ups. A thread counts as an
assistant thread once Slack has said it started (`assistant_thread_started`); only messages in
such threads are answered here, each with a status while the engine looks, and a title.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.render.labels import ASSISTANT_PROMPTS, labels
from bot.serve.followup import FollowUp
from bot.slack.delivery import answer_in_thread, log_delivery_failure
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")

# Slack shows at most four suggested prompts; a thread title longer than this is cut at a word.
MAX_PROMPTS = 4
TITLE_CHARS = 60


def thread_title(question: str, limit: int = TITLE_CHARS) -> str:
    """The question as the thread's title: one line, cut at a word boundary with "…" when too long."""
    line = " ".join(question.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def suggested_prompts(lang: str) -> list[dict[str, str]]:
    """The example questions offered when a thread opens, in the labels' language."""
    return [{"title": q, "message": q} for q in ASSISTANT_PROMPTS.get(lang, ASSISTANT_PROMPTS["en"])[:MAX_PROMPTS]]


def start_thread(services: Services, client, event: dict) -> None:
    """`assistant_thread_started`: remember the thread, and offer the example questions in it."""
    thread = event.get("assistant_thread") or {}
    channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
    if not channel or not thread_ts:
        log.warning("assistant_thread_started without a channel or thread")
        return
    if services.threads is not None:
        try:
            services.threads.remember_assistant(str(channel), str(thread_ts))
        except Exception:
            log.exception("could not remember an assistant thread")
    try:
        client.assistant_threads_setSuggestedPrompts(
            channel_id=channel, thread_ts=thread_ts, title=labels(services.language)["assistant_prompts_title"],
            prompts=suggested_prompts(services.language),
        )
        log.info("request kind=assistant_thread outcome=prompts_set")
    except Exception as exc:
        log_delivery_failure("could not set the suggested prompts", exc)


def is_assistant_thread(services: Services, channel: str, thread_ts: str | None) -> bool:
    """Whether a DM message belongs to a thread opened in the assistant pane (and the pane is on)."""
    if not services.assistant or services.threads is None or not thread_ts:
        return False
    try:
        return services.threads.is_assistant(channel, thread_ts)
    except Exception:
        log.exception("could not look up an assistant thread")
        return False


def _set_status(client, channel: str, thread_ts: str, status: str) -> None:
    try:
        client.assistant_threads_setStatus(channel_id=channel, thread_ts=thread_ts, status=status)
    except (SlackApiError, OSError) as exc:
        log_delivery_failure("could not set the assistant status", exc)


def answer_in_assistant_thread(
    services: Services, client, channel: str, thread_ts: str, text: str, followup: FollowUp | None = None
) -> None:
    """A question in an assistant thread: a status while looking, the answer in the thread, the thread titled.

    The status is cleared at the end whatever happened; Slack also clears it when the bot posts.
    """
    _set_status(client, channel, thread_ts, labels(services.language)["assistant_status"])
    try:
        # Here a reply that reads as a follow-up but asks nothing is still a question: asked as typed.
        if not answer_in_thread(services, client, channel, thread_ts, text, "assistant", followup):
            answer_in_thread(services, client, channel, thread_ts, text, "assistant")
        title = thread_title(text)
        if title:
            try:
                client.assistant_threads_setTitle(channel_id=channel, thread_ts=thread_ts, title=title)
            except (SlackApiError, OSError) as exc:
                log_delivery_failure("could not set the assistant thread title", exc)
    finally:
        _set_status(client, channel, thread_ts, "")

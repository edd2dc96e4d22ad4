"""What a listener leaves to be done after its ack: a job, plain data, run here or in an answering worker.

A job names the delivery function (`kind`) and carries only what that function reads (picklable
JSON-like values and a FollowUp), so a worker process can run it with its own engine and Web API
client. Where it runs changes nothing of how the answer is delivered: the same functions of
bot.slack.delivery, clicks, reading and shortcuts do it, with the same rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.slack.assistant import answer_in_assistant_thread
from bot.slack.clicks import run_query, share
from bot.slack.delivery import answer_command, answer_in_thread, apology, log_delivery_failure, show_more
from bot.slack.reading import open_article, turn_page
from bot.slack.services import Services
from bot.slack.shortcuts import find_message_sources

log = logging.getLogger("ukraine_bot")

JobKind = Literal["command", "thread", "assistant", "query", "show_more", "share", "sources", "read", "page"]


@dataclass(frozen=True)
class Job:
    """One answer to deliver. `channel`/`thread_ts`: where to say sorry when there is no response_url."""

    kind: JobKind
    args: dict[str, Any] = field(default_factory=dict)
    response_url: str | None = None
    channel: str | None = None
    thread_ts: str | None = None


def run_job(services: Services, client, respond, job: Job) -> None:
    """Deliver the job's answer with these services (their engine), client and respond."""
    a = job.args
    if job.kind == "command":
        answer_command(services, client, respond, a["channel_id"], a["text"])
    elif job.kind == "thread":
        answer_in_thread(services, client, a["channel"], a["thread_ts"], a["text"], a["kind"], a.get("followup"))
    elif job.kind == "assistant":
        answer_in_assistant_thread(services, client, a["channel"], a["thread_ts"], a["text"], a.get("followup"))
    elif job.kind == "query":
        run_query(services, client, respond, a["body"], a["value"])
    elif job.kind == "show_more":
        show_more(services, client, respond, a["body"], a["value"])
    elif job.kind == "share":
        share(services, client, respond, a["body"], a["value"])
    elif job.kind == "sources":
        find_message_sources(services, client, respond, a["body"])
    elif job.kind == "read":
        open_article(services, client, respond, a["body"], a["value"])
    elif job.kind == "page":
        turn_page(services, client, a["body"], a["value"])
    else:  # a Job built from bad data: say so in the log, never to the user as a traceback
        log.error("unknown job kind %r", job.kind)


def tell_sorry(services: Services, client, respond, job: Job, reason: str) -> None:
    """The apology for a job that will not be answered (busy, no worker): where its answer would have gone."""
    message = apology(services, reason)
    try:
        if respond is not None and job.response_url:
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
        elif job.channel:
            client.chat_postMessage(channel=job.channel, thread_ts=job.thread_ts, **message.as_kwargs())
        else:  # a click inside a modal: nowhere to write, the log line is all
            log.warning("request kind=%s outcome=%s: nowhere to tell the user", job.kind, reason)
    except Exception as exc:
        log_delivery_failure(f"could not tell the user {reason} for a {job.kind}", exc)

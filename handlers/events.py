"""Mentions of the bot, direct messages to it, follow-ups in its threads, and links to its article pages.

Which messages are answered, and how, is decided here from the event and the thread memory; the
answering itself is handed off (bot.slack.handoff), so Bolt's thread is free once that is decided.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.serve.followup import FollowUp, read_followup
from bot.slack import subscriptions
from bot.slack.assistant import is_assistant_thread
from bot.slack.handoff import hand_off, hand_off_task
from bot.slack.jobs import Job, JobKind, tell_sorry
from bot.slack.services import Services
from bot.slack.unfurls import unfurl_links


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype"))


def thread_job(kind: JobKind, channel: str, thread_ts: str, text: str, asked: str, followup: FollowUp | None = None) -> Job:
    """An answer in a thread (`asked`: mention, dm, followup, assistant); a sorry goes to the same thread."""
    return Job(kind, {"channel": channel, "thread_ts": thread_ts, "text": text, "kind": asked, "followup": followup},
               channel=channel, thread_ts=thread_ts)


def register(app: App, services: Services) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient) -> None:
        if _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        hand_off(services, client, None, thread_job("thread", event["channel"], thread_ts, event.get("text", ""), "mention"))

    @app.event("message")
    def on_message(event: dict, client: WebClient, context: BoltContext) -> None:
        if _from_a_bot(event):
            return
        text, channel, thread_ts = event.get("text", ""), event["channel"], event.get("thread_ts")
        memory = services.threads.recall(channel, thread_ts) if services.threads and thread_ts else None
        if event.get("channel_type") == "im" and is_assistant_thread(services, channel, thread_ts):
            # The assistant pane: every message is a question; one that reads as a follow-up is read so.
            followup = read_followup(text, memory.person, memory.date) if memory else None
            hand_off(services, client, None, thread_job("assistant", channel, str(thread_ts), text, "assistant", followup))
            return
        if event.get("channel_type") == "im":
            links = subscriptions.only_links(text)
            live = services.live
            if links and live is not None:
                # A link shared to the bot is an article to add; the answer comes in the thread.
                where = thread_ts or event["ts"]

                def reply(**kwargs: Any) -> None:
                    client.chat_postMessage(channel=channel, thread_ts=where, **kwargs)

                sorry = Job("thread", channel=channel, thread_ts=where)
                hand_off_task(services, "add", lambda: subscriptions.run_add(live, event.get("user", ""), links, reply),
                              lambda: tell_sorry(services, client, None, sorry, "busy"))
                return
            followup = read_followup(text, memory.person, memory.date) if memory else None
            if memory is None or followup is not None:
                hand_off(services, client, None, thread_job("thread", channel, thread_ts or event["ts"], text, "dm", followup))
            return
        # Channels: only replies in a thread the bot answered in, and not those that mention it
        # (Slack sends those as app_mention as well, which answers them).
        if memory is None or f"<@{context.bot_user_id}>" in text:
            return
        followup = read_followup(text, memory.person, memory.date)
        if followup is not None:
            hand_off(services, client, None, thread_job("thread", channel, str(thread_ts), text, "followup", followup))

    @app.event("link_shared")
    def on_link_shared(event: dict, client: WebClient) -> None:
        hand_off_task(services, "unfurl", lambda: unfurl_links(services, client, event))

"""Mentions of the bot, direct messages to it, follow-ups in its threads, and links to its article pages."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.serve.followup import read_followup
from bot.slack import subscriptions
from bot.slack.assistant import answer_in_assistant_thread, is_assistant_thread
from bot.slack.delivery import answer_in_thread
from bot.slack.services import Services
from bot.slack.unfurls import unfurl_links


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype"))


def register(app: App, services: Services) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient) -> None:
        if _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        answer_in_thread(services, client, event["channel"], thread_ts, event.get("text", ""), "mention")

    @app.event("message")
    def on_message(event: dict, client: WebClient, context: BoltContext) -> None:
        if _from_a_bot(event):
            return
        text, channel, thread_ts = event.get("text", ""), event["channel"], event.get("thread_ts")
        memory = services.threads.recall(channel, thread_ts) if services.threads and thread_ts else None
        if event.get("channel_type") == "im" and is_assistant_thread(services, channel, thread_ts):
            # The assistant pane: every message is a question; one that reads as a follow-up is read so.
            followup = read_followup(text, memory.person, memory.date) if memory else None
            answer_in_assistant_thread(services, client, channel, str(thread_ts), text, followup)
            return
        if event.get("channel_type") == "im":
            links = subscriptions.only_links(text)
            if links and services.live is not None:
                # A link shared to the bot is an article to add; the answer comes in the thread.
                where = thread_ts or event["ts"]

                def reply(**kwargs: Any) -> None:
                    client.chat_postMessage(channel=channel, thread_ts=where, **kwargs)

                subscriptions.run_add(services.live, event.get("user", ""), links, reply)
                return
            followup = read_followup(text, memory.person, memory.date) if memory else None
            if memory is None or followup is not None:
                answer_in_thread(services, client, channel, thread_ts or event["ts"], text, "dm", followup)
            return
        # Channels: only replies in a thread the bot answered in, and not those that mention it
        # (Slack sends those as app_mention as well, which answers them).
        if memory is None or f"<@{context.bot_user_id}>" in text:
            return
        followup = read_followup(text, memory.person, memory.date)
        if followup is not None:
            answer_in_thread(services, client, channel, str(thread_ts), text, "followup", followup)

    @app.event("link_shared")
    def on_link_shared(event: dict, client: WebClient) -> None:
        unfurl_links(services, client, event)

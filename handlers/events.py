"""Mentions of the bot in channels, and direct messages to it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.delivery import answer_in_thread
from bot.slack.services import Services
from handlers import corpus


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
    def on_message(event: dict, client: WebClient) -> None:
        # Only direct messages: channel messages reach the bot as app_mention instead.
        if event.get("channel_type") != "im" or _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        links = corpus.only_links(event.get("text", ""))
        if links and services.live is not None:
            # A link shared to the bot is an article to add; the answer comes in the thread.
            def reply(**kwargs: Any) -> None:
                client.chat_postMessage(channel=event["channel"], thread_ts=thread_ts, **kwargs)

            corpus.run_add(services.live, event.get("user", ""), links, reply)
            return
        answer_in_thread(services, client, event["channel"], thread_ts, event.get("text", ""), "dm")

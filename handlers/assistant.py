"""Slack's assistant pane, when UKRAINE_BOT_ASSISTANT is on: a thread opened there gets suggested prompts.

Questions in those threads arrive as DM `message` events; handlers/events.py hands them to
bot.slack.assistant. Without the setting nothing here is registered, so the manifests need
no assistant declarations (README: "The assistant pane").
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.assistant import start_thread
from bot.slack.handoff import hand_off_task
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    if not services.assistant:
        return

    @app.event("assistant_thread_started")
    def on_thread_started(event: dict, client: WebClient) -> None:
        # The thread is remembered in this process's state: run here, on an answering thread.
        hand_off_task(services, "assistant_thread", lambda: start_thread(services, client, event))

    @app.event("assistant_thread_context_changed")
    def on_context_changed(event: dict) -> None:
        # The channel the user is looking at changed; answers do not depend on it.
        return None

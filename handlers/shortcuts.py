"""Shortcuts: "Find sources" on a message."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.services import Services
from bot.slack.shortcuts import find_message_sources

FIND_SOURCES = "find_sources"


def register(app: App, services: Services) -> None:
    @app.shortcut(FIND_SOURCES)
    def on_find_sources(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        find_message_sources(services, client, respond, body)

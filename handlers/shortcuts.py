"""Shortcuts: "Find sources" on a message."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.handoff import hand_off
from bot.slack.jobs import Job
from bot.slack.services import Services

FIND_SOURCES = "find_sources"


def register(app: App, services: Services) -> None:
    @app.shortcut(FIND_SOURCES)
    def on_find_sources(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        hand_off(services, client, respond, Job("sources", {"body": body}, response_url=body.get("response_url")))

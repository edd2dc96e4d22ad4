"""Interactive components: the "Show more" button under a page of articles."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.delivery import show_more
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    @app.action("show_more")
    def on_show_more(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        show_more(services, client, respond, body, action.get("value", ""))

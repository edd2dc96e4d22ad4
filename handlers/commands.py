"""The /ukraine slash command."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import subscriptions
from bot.slack.delivery import answer_command
from bot.slack.services import Services

COMMAND = "/ukraine"


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def on_command(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        # Ack first: Slack shows an error if nothing answers within 3 seconds.
        ack()
        if subscriptions.subcommand(command.get("text", "")):
            subscriptions.on_subcommand(services, client, respond, command)
            return
        answer_command(services, client, respond, command.get("channel_id", ""), command.get("text", ""))

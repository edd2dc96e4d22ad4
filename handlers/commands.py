"""The /ukraine slash command."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import subscriptions
from bot.slack.handoff import hand_off, hand_off_task
from bot.slack.jobs import Job, tell_sorry
from bot.slack.services import Services

COMMAND = "/ukraine"


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def on_command(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        # Ack first: Slack shows an error if nothing answers within 3 seconds. The answer is handed off,
        # so this thread is free for the next ack at once.
        ack()
        text, channel = command.get("text", ""), command.get("channel_id", "")
        job = Job("command", {"channel_id": channel, "text": text}, response_url=command.get("response_url"))
        if subscriptions.subcommand(text):
            # Watchlists and added links live in this process's state: run here, on an answering thread.
            hand_off_task(services, "subcommand", lambda: subscriptions.on_subcommand(services, client, respond, command),
                          lambda: tell_sorry(services, client, respond, job, "busy"))
            return
        hand_off(services, client, respond, job)

"""Modal submissions: the 👎 form."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.render.feedback_view import CALLBACK_ID as FEEDBACK_FORM
from bot.slack.feedback import feedback_submitted
from bot.slack.handoff import hand_off_task
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    @app.view(FEEDBACK_FORM)
    def on_feedback(ack: Ack, body: dict) -> None:
        # Ack closes the modal; storing the feedback happens after, so the user never waits on the disk.
        ack()
        hand_off_task(services, "feedback", lambda: feedback_submitted(services, body))

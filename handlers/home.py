"""The App Home tab, published each time a user opens it (so its figures follow the index)."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.render.home import home_view
from bot.slack.delivery import log_delivery_failure
from bot.slack.handoff import hand_off_task
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab opened: nothing to publish
        hand_off_task(services, "home", lambda: publish_home(services, client, event))


def publish_home(services: Services, client: WebClient, event: dict) -> None:
    """The Home tab with the index's figures, published for the user who opened it."""
    overview = None
    if services.catalog is not None:
        try:
            overview = services.catalog.overview()
        except Exception as exc:
            log.error("could not read the index overview for the Home tab: %s", exc)
    try:
        client.views_publish(user_id=event["user"], view=home_view(overview, services.language))
    except Exception as exc:
        log_delivery_failure("could not publish the Home tab", exc)

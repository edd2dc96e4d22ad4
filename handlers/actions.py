"""Interactive components: "Show more" under a page of articles, "Read" beside an article, the article modal's pages."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.render.article_view import BROWSER_ACTION, PAGE_ACTION, READ_ACTION
from bot.slack.delivery import show_more
from bot.slack.reading import open_article, turn_page
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    @app.action("show_more")
    def on_show_more(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        show_more(services, client, respond, body, action.get("value", ""))

    @app.action(READ_ACTION)
    def on_read(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        open_article(services, client, respond, body, action.get("value", ""))

    @app.action(re.compile(f"^{PAGE_ACTION}(_back)?$"))
    def on_article_page(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        turn_page(services, client, body, action.get("value", ""))

    @app.action(BROWSER_ACTION)
    def on_open_in_browser(ack: Ack) -> None:
        # A link button: Slack opens the URL itself and still sends the click, which must be acked.
        ack()

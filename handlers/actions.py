"""Interactive components: "Show more", "Read" and the article modal's pages, query buttons, Share."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.render.article_view import BROWSER_ACTION, PAGE_ACTION, READ_ACTION
from bot.render.blocks import FEEDBACK_DOWN, FEEDBACK_UP, QUERY_ACTION, SHARE_ACTION
from bot.slack.clicks import run_query, share
from bot.slack.delivery import show_more
from bot.slack.feedback import thumbs_down, thumbs_up
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

    @app.action(re.compile(f"^{QUERY_ACTION}_[0-9]+$"))
    def on_run_query(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        run_query(services, client, respond, body, action.get("value", ""))

    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        share(services, client, respond, body, action.get("value", ""))

    @app.action(FEEDBACK_UP)
    def on_thumbs_up(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        thumbs_up(services, respond, body, action.get("value", ""))

    @app.action(FEEDBACK_DOWN)
    def on_thumbs_down(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        thumbs_down(services, client, body, action.get("value", ""))

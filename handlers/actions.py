"""Interactive components: "Show more", "Read" and the article modal's pages, query buttons, Share."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.render.article_view import BROWSER_ACTION, PAGE_ACTION, READ_ACTION
from bot.render.blocks import FEEDBACK_DOWN, FEEDBACK_UP, QUERY_ACTION, SHARE_ACTION
from bot.slack.feedback import thumbs_down, thumbs_up
from bot.slack.handoff import hand_off, hand_off_task
from bot.slack.jobs import Job, JobKind
from bot.slack.services import Services


def click_job(kind: JobKind, body: dict, action: dict) -> Job:
    """The click as a job; a sorry goes to its response_url, else its message's thread, else the Home tab's user."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    if not channel and (body.get("view") or {}).get("type") == "home":
        channel = (body.get("user") or {}).get("id")  # the Home tab: the app's Messages tab with that user
    return Job(kind, {"body": body, "value": action.get("value", "")}, response_url=body.get("response_url"),
               channel=channel, thread_ts=message.get("thread_ts") or message.get("ts"))


def register(app: App, services: Services) -> None:
    @app.action("show_more")
    def on_show_more(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        hand_off(services, client, respond, click_job("show_more", body, action))

    @app.action(READ_ACTION)
    def on_read(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        hand_off(services, client, respond, click_job("read", body, action))

    @app.action(re.compile(f"^{PAGE_ACTION}(_back)?$"))
    def on_article_page(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        hand_off(services, client, None, click_job("page", body, action))

    @app.action(BROWSER_ACTION)
    def on_open_in_browser(ack: Ack) -> None:
        # A link button: Slack opens the URL itself and still sends the click, which must be acked.
        ack()

    @app.action(re.compile(f"^{QUERY_ACTION}_[0-9]+$"))
    def on_run_query(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        hand_off(services, client, respond, click_job("query", body, action))

    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond) -> None:
        ack()
        hand_off(services, client, respond, click_job("share", body, action))

    # Votes are stored in this process's state store: they run here, on an answering thread.
    @app.action(FEEDBACK_UP)
    def on_thumbs_up(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        hand_off_task(services, "feedback", lambda: thumbs_up(services, respond, body, action.get("value", "")))

    @app.action(FEEDBACK_DOWN)
    def on_thumbs_down(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        hand_off_task(services, "feedback", lambda: thumbs_down(services, client, body, action.get("value", "")))

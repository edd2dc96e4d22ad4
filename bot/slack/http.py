"""Slack over HTTP: `POST /slack/events` to Bolt, `GET /articles/<id>` and `/healthz`, on waitress."""

from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs, parse_qsl

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.request.internals import build_context

from bot.render.page import article_page

_ARTICLE_PATH = re.compile(r"^/articles/([A-Za-z0-9_.\-]{1,200})$")


class SlackFormRequest(BoltRequest):
    """A BoltRequest that reads a slash command whose text contains "payload" as a slash command.

    Bolt takes any form body containing the letters "payload" for an
    interactivity post and looks for a `payload` field; a command such as
    `/ukraine payload` then parses as {} and is answered 404 "unhandled".
    """

    def __init__(self, *, body, query=None, headers=None, context=None, mode: str = "http") -> None:
        super().__init__(body=body, query=query, headers=headers, context=context, mode=mode)
        if mode == "http" and not self.body and self.raw_body and self.content_type == "application/x-www-form-urlencoded":
            fields = dict(parse_qsl(self.raw_body, keep_blank_values=True))
            if fields and "payload" not in fields:
                self.body = fields
                self.context = build_context(BoltContext(context if context else {}), fields)

    def to_copyable(self) -> "SlackFormRequest":
        return SlackFormRequest(
            body=self.raw_body if self.mode == "http" else self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
            mode=self.mode,
        )



def make_wsgi(app: App, engine):
    """POST /slack/events goes to Bolt; GET /articles/<id> and /healthz are served here."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    class Handler(SlackRequestHandler):
        def dispatch(self, request):
            return self.app.dispatch(
                SlackFormRequest(body=request.get_body(), query=request.query_string, headers=request.get_headers())
            )

    slack = Handler(app, path="/slack/events")

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET" and path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok"]
        match = _ARTICLE_PATH.match(path)
        if method == "GET" and match:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            hl = {int(x) for v in query.get("hl", []) for x in v.split(",") if x.isdigit()}
            page = article_page(engine, match.group(1), hl)
            if page is None:
                start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"no such article"]
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page.encode("utf-8")]
        return slack(environ, start_response)

    return wsgi



ACK_SWITCH_INTERVAL = 0.0005


def create_http_server(app: App, engine, host: str = "0.0.0.0", port: int = 3000, threads: int = 16):
    """The waitress server `ukraine-bot run --http` runs (port 0 picks a free port: see .effective_port)."""
    from waitress import create_server

    # Slack waits for the ack while a worker thread, already acked, answers the previous query.
    # Python hands the GIL over every 5 ms by default; a shorter slice lets the thread that writes
    # the ack run sooner, which trims the ack's slow tail at a small cost in throughput.
    sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    return create_server(make_wsgi(app, engine), host=host, port=port, threads=threads, ident="ukraine-bot")

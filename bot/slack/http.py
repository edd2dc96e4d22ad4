"""Slack over HTTP: `POST /slack/events` to Bolt, `GET /articles/<id>` and `/healthz`, on waitress."""

from __future__ import annotations

import io
import logging
import re
import sys
from urllib.parse import parse_qs, parse_qsl

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.request.internals import build_context

from bot.index.reader import IndexUnavailable, open_index
from bot.render.page import article_page
from bot.slack.gate import MAX_BODY_BYTES, check_request

log = logging.getLogger("ukraine_bot")

_ARTICLE_PATH = re.compile(r"^/articles/([^/]{1,600})$")


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



PAGE_HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("X-Content-Type-Options", "nosniff"),
    # The page has no scripts, frames or remote resources: only its own inline style.
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
TEXT = [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]
MAX_HIGHLIGHTS = 200


def _highlights(query_string: str) -> set[int]:
    """`hl=3,7`: sentence indices to mark. Anything else (non-ASCII digits, huge numbers) is ignored."""
    query = parse_qs(query_string[:4000])
    marks = [x for v in query.get("hl", []) for x in v.split(",")][:MAX_HIGHLIGHTS]
    return {int(x) for x in marks if x.isascii() and x.isdigit() and len(x) <= 6}


def _article_id(path: str) -> str | None:
    """The id in /articles/<id>: WSGI hands the path as Latin-1 of its bytes, ids are UTF-8."""
    match = _ARTICLE_PATH.match(path)
    if match is None:
        return None
    try:
        return match.group(1).encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def make_wsgi(app: App, engine, *, signing_secret: str | None):
    """POST /slack/events goes to Bolt once size and signature pass; GET /articles/<id> and /healthz here."""
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
            problem = index_problem(engine)
            if problem:
                start_response("503 Service Unavailable", TEXT)
                return [f"index unavailable: {problem}".encode()]
            start_response("200 OK", TEXT)
            return [b"ok"]
        if method == "GET" and path.startswith("/articles/"):
            article_id = _article_id(path)
            page = article_page(engine, article_id, _highlights(environ.get("QUERY_STRING", ""))) if article_id else None
            if page is None:
                start_response("404 Not Found", TEXT)
                return [b"no such article"]
            start_response("200 OK", PAGE_HEADERS)
            return [page.encode("utf-8")]
        if path == "/slack/events" and method == "POST" and signing_secret:
            checked = check_request(environ, signing_secret)
            if checked.verdict != "ok":
                log.info("request kind=http outcome=rejected reason=%s", checked.verdict)
                start_response(checked.status, TEXT)
                return [checked.verdict.encode()]
            environ = {**environ, "wsgi.input": io.BytesIO(checked.body), "CONTENT_LENGTH": str(len(checked.body))}
        return slack(environ, start_response)

    return wsgi


def index_problem(engine) -> str | None:
    """Why the index cannot be read now, or None: /healthz must not say ok while every answer apologises."""
    try:
        open_index(engine.index_path).close()
    except IndexUnavailable as exc:
        return str(exc)
    return None


ACK_SWITCH_INTERVAL = 0.0005


# Idle or slow clients must not hold every connection: Slack sends a request and reads the
# answer within seconds. A production install still belongs behind a reverse proxy (README).
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 15  # seconds a connection may sit idle


def create_http_server(
    app: App, engine, host: str = "0.0.0.0", port: int = 3000, threads: int = 16, *, signing_secret: str | None
):
    """The waitress server `ukraine-bot run --http` runs (port 0 picks a free port: see .effective_port)."""
    from waitress import create_server

    # Slack waits for the ack while a worker thread, already acked, answers the previous query.
    # Python hands the GIL over every 5 ms by default; a shorter slice lets the thread that writes
    # the ack run sooner, which trims the ack's slow tail at a small cost in throughput.
    sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    return create_server(
        make_wsgi(app, engine, signing_secret=signing_secret),
        host=host,
        port=port,
        threads=threads,
        ident="ukraine-bot",
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
        max_request_body_size=MAX_BODY_BYTES,
        max_request_header_size=64 * 1024,
    )

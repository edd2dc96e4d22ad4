"""Assemble the Slack app in one place and run it over Socket Mode, HTTP, or as a console."""

from __future__ import annotations

import html
import logging
import re
import signal
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qs

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.delivery import Services
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("ukraine_bot")

WEB_API_TIMEOUT = 10  # seconds per Web API call before a retry


class RecentIds:
    """Event ids seen lately, so an event Slack delivers twice is answered once."""

    def __init__(self, size: int = 10_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def seen(self, event_id: str) -> bool:
        """True if this id was seen before; records it either way."""
        with self._lock:
            if event_id in self._ids:
                self._ids.move_to_end(event_id)
                return True
            self._ids[event_id] = None
            if len(self._ids) > self._size:
                self._ids.popitem(last=False)
            return False


def web_client(settings: Settings) -> WebClient:
    """A Web API client that rides out 429s, 5xx and dropped connections before giving up."""
    kwargs = {}
    if settings.api_url:
        kwargs["base_url"] = settings.api_url.rstrip("/") + "/"
    return WebClient(
        token=settings.bot_token,
        timeout=WEB_API_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
        **kwargs,
    )


def create_app(settings: Settings, services: Services, *, socket_mode: bool = False) -> App:
    """The Bolt app with every listener registered."""
    from handlers import actions, commands, events

    app = App(
        token=settings.bot_token,
        signing_secret=None if socket_mode else settings.signing_secret,
        client=web_client(settings),
        # Over HTTP Bolt verifies X-Slack-Signature and the 5-minute timestamp window itself.
        request_verification_enabled=not socket_mode,
        token_verification_enabled=True,
        logger=logging.getLogger("ukraine_bot.bolt"),
    )
    recent = RecentIds()

    @app.middleware
    def answer_each_event_once(body: dict, next) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and recent.seen(str(event_id)):
            log.info("request kind=event outcome=duplicate_ignored event_id=%s", event_id)
            return BoltResponse(status=200, body="")
        return next()

    commands.register(app, services)
    events.register(app, services)
    actions.register(app, services)
    return app


# -- HTTP ----------------------------------------------------------------------

_ARTICLE_PATH = re.compile(r"^/articles/([A-Za-z0-9_.\-]{1,200})$")


def article_page(engine, article_id: str, highlight: set[int]) -> str | None:
    """The cleaned article as a small HTML page, the quoted sentences highlighted."""
    article = engine.article(article_id)
    if article is None:
        return None
    esc = html.escape
    meta = " · ".join(esc(x) for x in (article["outlet"], article["published"]) if x)
    body = "\n".join(
        f'<p id="s{i}"{" class=hl" if i in highlight else ""}>{esc(s)}</p>'
        for i, s in enumerate(article["sentences"])
    )
    source = f'<p><a href="{esc(article["url"])}">{esc(article["url"])}</a></p>' if article["url"] else ""
    return (
        "<!doctype html><html lang=vi><head><meta charset=utf-8>"
        f"<title>{esc(article['title'])}</title>"
        "<style>body{font:16px/1.5 sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
        ".hl{background:#fff3a8}</style></head><body>"
        f"<h1>{esc(article['title'])}</h1><p><em>{meta}</em></p>{source}{body}</body></html>"
    )


def make_wsgi(app: App, engine):
    """POST /slack/events goes to Bolt; GET /articles/<id> and /healthz are served here."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    slack = SlackRequestHandler(app, path="/slack/events")

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


# -- running -------------------------------------------------------------------


def choose_mode(settings: Settings, http: bool) -> str:
    """socket | http | console, or a SettingsError naming what is missing."""
    present = {
        "SLACK_BOT_TOKEN": settings.bot_token,
        "SLACK_APP_TOKEN": settings.app_token,
        "SLACK_SIGNING_SECRET": settings.signing_secret,
    }
    if http:
        missing = [k for k in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET") if not present[k]]
        if missing:
            raise SettingsError(f"--http needs {' and '.join(missing)} in the environment")
        return "http"
    if not any(present.values()):
        return "console"
    missing = [k for k in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN") if not present[k]]
    if missing:
        raise SettingsError(
            f"Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; missing: {', '.join(missing)}"
            " (or set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET and use --http)"
        )
    return "socket"


def _watch_index(engine, stop: threading.Event, every: float = 2.0) -> None:
    """Swap in a rebuilt index without a restart (also on SIGHUP)."""
    while not stop.wait(every):
        try:
            if engine.reload_if_changed():
                log.info("index reloaded from %s", engine.index_path)
        except Exception as exc:
            log.error("index reload failed, still serving the previous one: %s", exc)


def open_engine(settings: Settings):
    from bot.cli import ensure_index
    from bot.engine import Engine

    ensure_index(settings.index_path)
    return Engine(settings.index_path)


def run(http: bool = False, port: int = 3000, host: str = "0.0.0.0", config: Path | None = None) -> int:
    settings = load_settings(config)
    mode = choose_mode(settings, http)
    engine = open_engine(settings)
    services = Services(engine, settings.language, settings.public_url if mode == "http" else None, settings.ephemeral)
    if mode == "console":
        return run_console(services)
    stop = threading.Event()
    threading.Thread(target=_watch_index, args=(engine, stop), daemon=True).start()
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: engine.reload_if_changed())
    app = create_app(settings, services, socket_mode=(mode == "socket"))
    if mode == "socket":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("starting over Socket Mode")
        SocketModeHandler(app, settings.app_token).start()
        return 0
    from waitress import serve

    log.info("serving Slack over HTTP on %s:%d (POST /slack/events)", host, port)
    serve(make_wsgi(app, engine), host=host, port=port, threads=16, ident="ukraine-bot")
    return 0


def run_console(services: Services) -> int:
    """No Slack tokens: answer typed queries exactly as the bot would, as text."""
    from bot.render import render_text

    interactive = sys.stdin.isatty()
    if interactive:
        print("No Slack tokens set: console mode. Type what you would type after /ukraine (Ctrl-D quits).")
    while True:
        try:
            line = input("/ukraine " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            if interactive:
                print()
            return 0
        started = time.perf_counter()
        try:
            answer = services.engine.answer(line)
            print(render_text(answer, services.language, services.public_url))
        except Exception as exc:
            log.error("could not answer: %s", exc)
            print("Sorry, something went wrong answering that.")
        log.debug("console answer in %.1f ms", (time.perf_counter() - started) * 1000)
        print()

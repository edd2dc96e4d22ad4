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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.internals import build_context
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.delivery import Services, unreachable_reason
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("ukraine_bot")

WEB_API_TIMEOUT = 10  # seconds per Web API call before a retry
AUTH_TEST_TIMEOUT = 2  # auth.test can run before an ack, which Slack wants within 3 s
AUTH_RETRY_EVERY = 30.0  # seconds between auth.test attempts while Slack cannot be reached


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


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that rides out 429s, 5xx and dropped connections before giving up.

    The app's own client has no token: Bolt gives each request a copy carrying the bot token
    from BotAuthorization.
    """
    kwargs = {}
    if settings.api_url:
        kwargs["base_url"] = settings.api_url.rstrip("/") + "/"
    return WebClient(
        token=token,
        timeout=WEB_API_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
        **kwargs,
    )


class BotAuthorization:
    """Who the bot is (auth.test), asked once and remembered.

    Bolt's own single-workspace authorization calls auth.test when the app
    is built and crashes if Slack cannot be reached, then answers every
    request with a 500 while it stays unreachable. Here a bad token still
    stops the app at start, but a network failure is logged and requests are
    acknowledged and answered as well as can be (replies fail and are logged);
    auth.test is tried again at most every AUTH_RETRY_EVERY seconds.
    """

    def __init__(self, settings: Settings) -> None:
        kwargs = {"base_url": settings.api_url.rstrip("/") + "/"} if settings.api_url else {}
        self._token = settings.bot_token
        self._client = WebClient(token=settings.bot_token, timeout=AUTH_TEST_TIMEOUT, retry_handlers=[], **kwargs)
        self._result: AuthorizeResult | None = None
        self._next_try = 0.0
        self._lock = threading.Lock()

    def check(self) -> None:
        """At start: raise SettingsError if Slack refuses the token; only log if Slack cannot be reached."""
        try:
            self._ask()
        except SlackApiError as exc:
            raise SettingsError(f"Slack refused SLACK_BOT_TOKEN (auth.test: {exc.response.get('error')})") from None

    def _ask(self) -> None:
        with self._lock:
            if self._result is not None or time.monotonic() < self._next_try:
                return
            try:
                response = self._client.auth_test()
            except OSError as exc:
                self._next_try = time.monotonic() + AUTH_RETRY_EVERY
                log.warning("auth.test could not reach Slack (%s); will try again", unreachable_reason(exc))
                return
            self._result = AuthorizeResult.from_auth_test_response(bot_token=self._token, auth_test_response=response)

    def result(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        if self._result is None:
            self._ask()
        return self._result or AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=self._token)


def create_app(settings: Settings, services: Services, *, socket_mode: bool = False) -> App:
    """The Bolt app with every listener registered."""
    from handlers import actions, commands, events

    authorization = BotAuthorization(settings)
    authorization.check()

    def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return authorization.result(enterprise_id, team_id)

    app = App(
        signing_secret=None if socket_mode else settings.signing_secret,
        client=web_client(settings),
        authorize=authorize,
        # Over HTTP Bolt verifies X-Slack-Signature and the 5-minute timestamp window itself.
        request_verification_enabled=not socket_mode,
        # Listeners answer after the ack, on these threads (Bolt's default is 5).
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="ukraine-bot-answer"),
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


def make_services(settings: Settings, engine, mode: str) -> Services:
    """What the listeners need; article-page links only over HTTP, the one mode that serves those pages."""
    return Services(engine, settings.language, settings.public_url if mode == "http" else None, settings.ephemeral)


def open_engine(settings: Settings):
    from bot.cli import ensure_index
    from bot.engine import Engine

    ensure_index(settings.index_path)
    return Engine(settings.index_path)


def run(http: bool = False, port: int = 3000, host: str = "0.0.0.0", config: Path | None = None) -> int:
    settings = load_settings(config)
    mode = choose_mode(settings, http)
    engine = open_engine(settings)
    services = make_services(settings, engine, mode)
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
    server = create_http_server(app, engine, host, port)
    log.info("serving Slack over HTTP on %s:%d (POST /slack/events)", host, server.effective_port)
    server.run()
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

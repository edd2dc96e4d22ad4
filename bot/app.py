"""The Slack app, assembled in one place, and how it runs: Socket Mode, HTTP, or the console.

Assembly joins the listeners (`handlers/`) to the Slack plumbing (`bot.slack`); it lives
above both, so neither imports the other's caller.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Callable

from slack_bolt import App, BoltResponse
from slack_bolt.authorization import AuthorizeResult

from bot.console import run_console
from bot.serve.engine import Engine
from bot.serve.overview import IndexCatalog
from bot.serve.pool import AnswerPool
from bot.settings import Settings, SettingsError
from bot.slack.auth import BotAuthorization, web_client
from bot.slack.handoff import ANSWER_THREADS, Handoff
from bot.slack.http import create_http_server
from bot.slack.live import LiveCorpus, run_digests, run_fetches
from bot.slack.notices import NoticeChecker, slack_poster
from bot.slack.services import Services
from bot.slack.socket import socket_mode_handler
from bot.slack.worker import ENTRY as POSTING_WORKER
from bot.slack.worker import Delivery, RemoteDelivery, runs_jobs
from bot.state import State, StateError, open_state
from bot.state.feedback import FeedbackStore
from bot.state.threads import ThreadStore

log = logging.getLogger("ukraine_bot")

# How long a request key is remembered in the shared state: Slack retries an event for about
# five minutes, and a signed request is only valid five minutes after its timestamp.
ONCE_TTL_SECONDS = 15 * 60


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



class _DropKnownNoise(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment even when given a client and `authorize`, as
    this app deliberately is (see BotAuthorization), and then warns at every start that it is unused."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("ukraine_bot.bolt")
    if not any(isinstance(f, _DropKnownNoise) for f in logger.filters):
        logger.addFilter(_DropKnownNoise())
    return logger


def _once_key(body: object) -> str | None:
    """What makes a request the same request again: its event id, or the trigger id of a command or click."""
    if not isinstance(body, dict):
        return None
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        kind = "command" if body.get("command") else "action"
        return f"{kind}:{body['trigger_id']}"
    return None


def _first_in_state(state: State | None, key: str) -> bool:
    """True unless the shared state says another process (a replica) already took this request.

    If the state cannot be reached the request is answered: a possible duplicate is better than
    silence, and this process's own RecentIds still catches its own repeats.
    """
    if state is None:
        return True
    try:
        return state.first_time(key, ONCE_TTL_SECONDS)
    except Exception as exc:  # the database is down or the connection dropped: answer anyway
        log.warning("request de-duplication skipped, state unavailable: %s", type(exc).__name__)
        return True


def create_app(settings: Settings, services: Services, *, socket_mode: bool = False, state: State | None = None) -> App:
    """The Bolt app with every listener registered.

    With `state`, a request is answered only by the first process sharing that state to
    claim it (replicas behind one Slack app); without, only this process's memory is used.
    """
    from handlers import actions, assistant, commands, events, home, shortcuts, views

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
        # Listeners ack and hand their work off on these threads (Bolt's default is 5); the answers
        # run on the hand-off's own threads (bot.slack.handoff).
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="ukraine-bot-answer"),
        logger=_bolt_logger(),
    )
    recent = RecentIds()

    @app.middleware
    def answer_each_request_once(body: dict, next) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        """Slack retries events (same event_id); a signed command or click replayed inside the 5-minute
        window carries the same trigger_id. Either way it is acknowledged and not answered again, by this
        process (RecentIds, no round trip) or by any other sharing the state (first_time)."""
        key = _once_key(body)
        if key and (recent.seen(key) or not _first_in_state(state, key)):
            kind, _, ident = key.partition(":")
            log.info("request kind=%s outcome=duplicate_ignored id=%s", kind, ident[:80])
            return BoltResponse(status=200, body="")
        return next()

    commands.register(app, services)
    events.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    home.register(app, services)
    shortcuts.register(app, services)
    assistant.register(app, services)
    return app



def live_corpus(settings: Settings, engine: Engine) -> LiveCorpus | None:
    """Added links, watchlists and digests, on the state (SQLite beside the index, or the shared PostgreSQL);
    None (logged) if it cannot be opened."""
    try:
        state = open_state(settings, settings.index_path)
    except StateError as exc:
        log.error("watchlists, digests and adding links are off: %s", exc)
        return None
    return LiveCorpus(
        state=state, index=settings.index_path, corpus=settings.corpus_path, adders=settings.adders,
        timezone=settings.timezone, reload=lambda: reload_now(engine),
    )


def shared_state(settings: Settings) -> Callable[[], State] | None:
    """Opens the shared database when a state URL is set (feedback and threads go where the rest of the
    state goes); None: the SQLite file beside the index, opened on first use."""
    return (lambda: open_state(settings, settings.index_path)) if settings.state_url else None


def make_services(settings: Settings, engine, mode: str) -> Services:
    """What the listeners need; article-page links only over HTTP, the one mode that serves those pages.

    Over Slack the listeners hand their work off after the ack (bot.slack.handoff); when the engine is a
    pool of posting workers, the answers are rendered and posted there, out of this process.
    """
    services = Services(
        engine=engine,
        language=settings.language,
        public_url=settings.public_url if mode == "http" else None,
        ephemeral=settings.ephemeral,
        private_first=settings.private_first,
        feedback=FeedbackStore(settings.state_file, shared_state(settings)),
        threads=ThreadStore(settings.state_file, settings.state_url),
        catalog=IndexCatalog(engine.session),
        live=live_corpus(settings, engine) if isinstance(engine, Engine) else None,
        assistant=settings.assistant,
    )
    if mode == "console":
        return services
    remote = None
    threads = ANSWER_THREADS
    if runs_jobs(engine) and settings.bot_token:
        remote = RemoteDelivery(engine, Delivery.of(services, settings.bot_token, settings.api_url))
        threads = max(threads, engine.workers * engine.slots)  # a thread waiting on each job in flight
    return replace(services, handoff=Handoff(threads=threads, size=settings.answer_queue, remote=remote))


def start_live(services: Services, settings: Settings, stop: threading.Event, fetch_every: float | None = None) -> None:
    """Notices for new articles (now, to catch up, and after every reload), digests on time, feed fetches.

    The first check on a new state file takes the index as it is as the baseline (no notices for
    articles that were there before anything was watched).
    """
    live = services.live
    if live is None:
        return
    client = web_client(settings, token=settings.bot_token)
    live.checker = NoticeChecker(live.index, live.state, slack_poster(client))
    threading.Thread(target=live.checker.check, name="ukraine-bot-notices", daemon=True).start()
    threading.Thread(target=run_digests, args=(live, client, live.checker.limiter, stop), daemon=True).start()
    if fetch_every:
        threading.Thread(target=run_fetches, args=(live, fetch_every, stop), name="ukraine-bot-fetch", daemon=True).start()


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



def make_answerer(settings: Settings, mode: str) -> Engine | AnswerPool:
    """Over Slack, answers run in worker processes so the acks never wait on them for the GIL
    (UKRAINE_BOT_ANSWER_WORKERS, one per core by default; 0 keeps them in this process); the workers
    also render and post them (bot.slack.worker), each holding UKRAINE_BOT_JOBS_PER_WORKER jobs at
    once so that it answers while its posts wait on Slack. The console answers one person at a time
    and stays in-process."""
    if mode == "console" or settings.answer_workers == 0:
        return Engine(settings.index_path)
    return AnswerPool(settings.index_path, settings.answer_workers, entry=POSTING_WORKER,
                      slots=settings.jobs_per_worker)


def reload_now(engine: Engine | AnswerPool) -> bool:
    """Swap in a rebuilt index; a failed reload is logged and the last good index keeps serving."""
    try:
        if engine.reload_if_changed():
            log.info("index reloaded from %s", engine.index_path)
            return True
    except Exception as exc:  # a damaged or half-copied file must never stop the bot
        log.error("index reload failed, still serving the previous one: %s", exc)
    return False


def _watch_index(engine: Engine | AnswerPool, stop: threading.Event, every: float = 2.0, services: Services | None = None) -> None:
    """Swap in a rebuilt index without a restart (also on SIGHUP), then send the new articles' notices."""
    while not stop.wait(every):
        reload_now(engine)
        # Whoever reloaded (this loop, SIGHUP, an add), new articles are checked once the file changed.
        if services is not None and services.live is not None and services.live.checker:
            services.live.checker.check_if_changed()



def run(settings: Settings, mode: str, host: str = "0.0.0.0", port: int = 3000, fetch_every: float | None = None) -> int:
    """Serve over Socket Mode or HTTP (`mode` from choose_mode), or the console, from the index in `settings`.

    The index must exist: building it belongs to the build side, which the CLI runs in a
    child process, so this long-running process never loads the NLP toolkit.
    """
    engine = make_answerer(settings, mode)  # a pool's workers exit with this process: their pipes close
    services = make_services(settings, engine, mode)
    if mode == "console":
        return run_console(services)
    stop = threading.Event()
    threading.Thread(target=_watch_index, args=(engine, stop, 2.0, services), daemon=True).start()
    start_live(services, settings, stop, fetch_every)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: reload_now(engine))
    state = open_state(settings, settings.index_path)
    log.info("state in %s", state.location)
    try:
        app = create_app(settings, services, socket_mode=(mode == "socket"), state=state)
        if mode == "socket":
            log.info("starting over Socket Mode")
            socket_mode_handler(app, settings.app_token or "").start()
            return 0
        server = create_http_server(app, engine, host, port, signing_secret=settings.signing_secret)
        log.info("serving Slack over HTTP on %s:%s (POST /slack/events)", host, server.effective_port)
        server.run()
        return 0
    finally:
        state.close()

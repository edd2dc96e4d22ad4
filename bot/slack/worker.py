"""Answering workers that also render and post: the serving process only verifies, acks and enqueues.

An `AnswerPool` started with `entry=ENTRY` runs `worker_main` here: the usual answering worker
(bot.serve.pool) that also takes "job" requests. A job comes with the `Delivery` it is posted with
(the bot token, the Web API URL, the render options, the thread memory's file), so one pool serves
any app in front of it; the worker keeps one Web API client and one set of services per Delivery.

A job is mostly waits on the Web API, so a posting worker holds several at once (the pool's
`slots`, UKRAINE_BOT_JOBS_PER_WORKER), each on a thread of its own: while one job's post waits on
Slack the worker answers the next. The engine, the Web API client and the services are shared by
those threads; the clients and services of a Delivery are made once, under a lock.

What the delivery functions log in the worker is sent back with the job's reply and logged again
by the serving process, so every request still leaves its one line in the bot's own log. The
records are collected per thread, so a job's reply carries its own records and none of the jobs
running beside it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.serve.engine import Engine
from bot.serve.pool import AnswerPool, serve_requests, worker_threads
from bot.slack.auth import web_client_for
from bot.slack.jobs import Job, run_job
from bot.slack.services import Services
from bot.state.threads import ThreadStore

ENTRY = __name__


@dataclass(frozen=True)
class Delivery:
    """How a worker posts as the bot: token, Web API base URL and what Services says about rendering."""

    token: str
    api_url: str | None = None
    language: str = "en"
    public_url: str | None = None
    ephemeral: bool = False
    private_first: bool = False
    assistant: bool = False
    threads: str | None = None  # the state file holding thread memory; None: no follow-up memory
    state_url: str | None = None  # the shared state holding it instead, when replicas use one

    def __repr__(self) -> str:  # never the token, even in a traceback
        return f"Delivery(api_url={self.api_url!r}, language={self.language!r}, threads={self.threads!r})"

    @classmethod
    def of(cls, services: Services, token: str, api_url: str | None) -> "Delivery":
        return cls(
            token=token, api_url=api_url, language=services.language, public_url=services.public_url,
            ephemeral=services.ephemeral, private_first=services.private_first, assistant=services.assistant,
            threads=str(services.threads.path) if services.threads is not None else None,
            state_url=services.threads.url if services.threads is not None else None,
        )


class RemoteDelivery:
    """The serving process's side: a job goes to a worker of `pool`, which answers and posts it."""

    def __init__(self, pool: AnswerPool, delivery: Delivery) -> None:
        if pool.entry != ENTRY:
            raise ValueError(f"the answer pool's workers run {pool.entry}, which posts nothing; start it with {ENTRY}")
        self.pool = pool
        self.delivery = delivery

    def run(self, job: Job) -> None:
        records = self.pool.job((self.delivery, job))
        for fields in records if isinstance(records, list) else []:
            record = logging.makeLogRecord(fields)
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)


def runs_jobs(engine: object) -> bool:
    """Whether `engine` is a pool whose workers can deliver jobs."""
    return isinstance(engine, AnswerPool) and engine.entry == ENTRY


# -- in the worker -------------------------------------------------------------------------------


def worker_main(argv: list[str]) -> None:
    """Entry point of a worker process (bot.serve.pool starts it): `<fd> <index path> [<jobs at once>]`."""
    serve_requests(Connection(int(argv[0])), argv[1], jobs=_Jobs().run, threads=worker_threads(argv))


class _Collect(logging.Handler):
    """Keeps the records of each job, ready to be pickled back to the serving process.

    One handler on the logger, and a list per thread: jobs run side by side on the worker's threads,
    and a record goes to the job of the thread that logged it (records of no job's thread are dropped).
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self._local = threading.local()
        self._format = logging.Formatter()

    def start(self) -> None:
        """Collect what this thread logs from now on, for the job it runs."""
        self._local.records = []

    def take(self) -> list[dict[str, Any]]:
        """What this thread logged since `start`; it collects nothing more."""
        records: list[dict[str, Any]] = getattr(self._local, "records", None) or []
        self._local.records = None
        return records

    def emit(self, record: logging.LogRecord) -> None:
        records = getattr(self._local, "records", None)
        if records is None:
            return
        fields = dict(record.__dict__)
        fields["msg"], fields["args"] = record.getMessage(), None
        if record.exc_info:
            fields["exc_text"] = self._format.formatException(record.exc_info)
        fields["exc_info"] = None
        records.append(fields)


class _Jobs:
    """One worker's clients and services, built on a Delivery's first job and kept."""

    def __init__(self) -> None:
        self._made: dict[Delivery, tuple[Services, WebClient]] = {}
        self._making = threading.Lock()
        self._log = logging.getLogger("ukraine_bot")
        self._log.setLevel(logging.INFO)
        self._log.propagate = False  # only the serving process writes the bot's log
        self._collect = _Collect()
        self._log.addHandler(self._collect)

    def run(self, engine: Engine, payload: object) -> list[dict[str, Any]]:
        if not (isinstance(payload, tuple) and len(payload) == 2):
            raise TypeError("a job request is (Delivery, Job)")
        delivery, job = payload
        if not isinstance(delivery, Delivery) or not isinstance(job, Job):
            raise TypeError("a job request is (Delivery, Job)")
        services, client = self._for(engine, delivery)
        respond = Respond(response_url=job.response_url) if job.response_url else None
        self._collect.start()
        try:
            run_job(services, client, respond, job)
        finally:
            records = self._collect.take()
        return records

    def _for(self, engine: Engine, delivery: Delivery) -> tuple[Services, WebClient]:
        with self._making:  # two jobs of a new Delivery at once make one set, not two
            made = self._made.get(delivery)
            if made is None:
                services = Services(
                    engine=engine, language=delivery.language, public_url=delivery.public_url,
                    ephemeral=delivery.ephemeral, private_first=delivery.private_first, assistant=delivery.assistant,
                    threads=ThreadStore(Path(delivery.threads), delivery.state_url) if delivery.threads else None,
                )
                made = self._made[delivery] = (services, web_client_for(delivery.api_url, delivery.token))
            return made

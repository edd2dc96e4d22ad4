"""Answers off the ack path: each query is answered by one of N worker processes.

Over HTTP and Socket Mode one Python process acknowledges Slack's requests. When the same
process also runs the engine, an ack waits for the GIL behind every answer in progress, and at a
few dozen queries at once the acks drift towards Slack's 3-second limit. Here the engine runs in
worker processes instead: the listener thread that asked only waits on a pipe (which releases the
GIL), so the thread that writes the ack is free to run. Workers started with another `entry`
(bot.slack.worker) also take "jobs": rendering an answer and posting it to Slack themselves.

Each worker is a fresh interpreter (started with exec: never a bare fork of a process that
already has threads) that opens its own `Engine` on the index file and picks up a rebuilt index
by itself, as `Engine.answer` reloads when the file is replaced. A worker answers one query at a
time. A worker that dies, or takes longer than `timeout` (it is then killed), is replaced, and the
query it held gets `AnswerUnavailable`, which the listeners already turn into an apology: a caller
never hangs.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Callable, Literal

from bot.index.reader import IndexUnavailable
from bot.serve.answers import Answer
from bot.serve.engine import Engine
from bot.serve.session import ReadSession

log = logging.getLogger("ukraine_bot")

ANSWER_TIMEOUT = 10.0  # seconds one answer may take in a worker; the slowest real query takes well under 1 s
# Seconds one job may take: an answer plus its posts, each of which the Web API client may retry for ~30 s.
JOB_TIMEOUT = 60.0
WAIT_TIMEOUT = 60.0  # seconds a query may wait for a free worker (a burst queues; a pool that cannot start must not hang)
START_TIMEOUT = 60.0  # seconds a new worker may take to import the engine and open the index

RequestKind = Literal["answer", "article", "job"]
# What a worker does with a "job" request: given its engine and the job, returns the reply to send back.
JobRunner = Callable[[Engine, object], object]
ReplyKind = Literal["ok", "unavailable", "error"]


class AnswerUnavailable(IndexUnavailable):
    """No worker could answer: it died, overran its time, or none was free. Apologised for like an unreadable index."""


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- the worker process ---------------------------------------------------------------------------------

# The package's folder on the worker's sys.path, so it imports this very code however the parent was started.
_CODE_ROOT = str(Path(__file__).resolve().parents[2])
# The worker runs `worker_main` of a module named by the pool (`entry`): this one answers queries only; a
# module above this package (bot.slack.worker) can add jobs without this package importing it.
_WORKER_PROGRAM = (
    "import sys, importlib; sys.path.insert(0, sys.argv[1]);"
    " importlib.import_module(sys.argv[2]).worker_main(sys.argv[3:])"
)
ENTRY = __name__


def worker_main(argv: list[str]) -> None:
    """Entry point of a worker process: `<fd of its end of the pipe> <index path>`."""
    serve_requests(Connection(int(argv[0])), argv[1])


def serve_requests(conn: Connection, index_path: str, jobs: JobRunner | None = None) -> None:
    """A worker's whole life: open the index, say so, then answer requests until the pipe closes.

    With `jobs`, a "job" request is handed to it with the worker's engine (e.g. answer and post to Slack).

    Ctrl-C and SIGHUP go to the whole process group; they are the parent's to handle (a worker
    reloads by itself, and exits when the parent's end of the pipe closes).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        engine = Engine(Path(index_path))
    except IndexUnavailable as exc:
        conn.send(("unavailable", str(exc)))
        return
    except Exception:
        conn.send(("error", traceback.format_exc()))
        return
    conn.send(("ok", os.getpid()))
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[ReplyKind, object]
        try:
            if kind == "job":
                if jobs is None:
                    raise RuntimeError("this worker runs no jobs")
                reply = ("ok", jobs(engine, payload))
            else:
                reply = ("ok", engine.answer(payload) if kind == "answer" else engine.article(payload))
        except IndexUnavailable as exc:
            reply = ("unavailable", str(exc))
        except Exception:
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except OSError:  # the bot stopped, or dropped this worker, while it answered: nobody is waiting
            return


# -- the parent's handle on one worker ------------------------------------------------------------------


class _Lost(Exception):
    """The worker is gone (it died, or was killed for overrunning): the query it held has no answer."""


class _Worker:
    """One worker process and the parent's end of its pipe; used by one caller at a time.

    The process is a fresh interpreter started with exec (never a bare fork of this process, whose
    other threads could hold locks), running `worker_main`; unlike multiprocessing's spawn it does
    not re-import the parent's __main__, so it works however the bot was started.
    """

    def __init__(self, number: int, entry: str = ENTRY) -> None:
        self.number = number
        self.entry = entry
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None

    def launch(self, index_path: Path) -> None:
        """Start the process; `ready` waits for it to have opened the index."""
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_PROGRAM, _CODE_ROOT, self.entry, str(theirs.fileno()), str(index_path)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # stderr stays the bot's: a worker's crash reaches the same log
                close_fds=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the worker holds its end; when it dies, reading ours gives EOF
        self.conn = Connection(ours.detach())

    def ready(self, timeout: float) -> None:
        """Wait for the started process to open the index; IndexUnavailable if it could not."""
        conn = self.conn
        if conn is None:
            raise AnswerUnavailable("an answering worker was not started")
        try:
            if not conn.poll(timeout):
                self.stop(kill=True)
                raise AnswerUnavailable(f"an answering worker did not start within {timeout:g} s")
            status, value = conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise AnswerUnavailable(f"an answering worker exited while starting ({self._exit()})") from None
        if status != "ok":
            self.stop()
            if status == "unavailable":
                raise IndexUnavailable(str(value))
            raise AnswerUnavailable(f"an answering worker failed to start:\n{value}")

    def start(self, index_path: Path, timeout: float) -> None:
        self.launch(index_path)
        self.ready(timeout)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None and self.conn is not None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def call(self, kind: RequestKind, payload: object, timeout: float) -> object:
        """Send one request and wait for its reply; _Lost if the worker dies or overruns `timeout`."""
        conn = self.conn
        if conn is None:
            raise _Lost("was stopped")
        try:
            conn.send((kind, payload))
            if not conn.poll(timeout):
                self.stop(kill=True)
                raise _Lost(f"took longer than {timeout:g} s and was stopped")
            status, value = conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise _Lost(f"exited ({self._exit()})") from None
        if status == "ok":
            return value
        if status == "unavailable":
            raise IndexUnavailable(str(value))
        raise RuntimeError(f"the answering worker failed:\n{value}")

    def stop(self, *, kill: bool = False) -> None:
        """Close the pipe (an idle worker exits on its own) and make sure the process is gone."""
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()
        process = self.process
        if process is None:
            return
        if not kill:
            try:
                process.wait(0.5)
            except subprocess.TimeoutExpired:
                pass
        if process.poll() is None:
            process.kill()
            process.wait(5)

    def _exit(self) -> str:
        code = self.process.poll() if self.process is not None else None
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


# -- the pool ---------------------------------------------------------------------------------------------


class AnswerPool:
    """Answers like `Engine` (answer, article, index_path, reload_if_changed) from `workers` processes.

    The parent keeps only a `ReadSession` on the same file: it checks the index at start (a missing
    or damaged index stops `ukraine-bot run` as before) and lets the index watcher and SIGHUP report a
    rebuilt or damaged file; the workers reload by themselves on their next query either way.
    """

    def __init__(
        self,
        index_path: Path,
        workers: int | None = None,
        *,
        timeout: float = ANSWER_TIMEOUT,
        wait: float = WAIT_TIMEOUT,
        start_timeout: float = START_TIMEOUT,
        entry: str = ENTRY,
        job_timeout: float = JOB_TIMEOUT,
    ) -> None:
        """`entry`: the module whose `worker_main` each worker runs (bot.slack.worker also posts answers)."""
        count = default_workers() if workers is None else workers
        if count < 1:
            raise ValueError("an answer pool needs at least one worker")
        self.session = ReadSession(index_path)
        self.timeout = timeout
        self.wait = wait
        self.start_timeout = start_timeout
        self.entry = entry
        self.job_timeout = job_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers = [_Worker(i + 1, entry) for i in range(count)]
        self._closed = threading.Event()
        try:
            for worker in self._workers:  # start them all, then wait for them all: they load in parallel
                worker.launch(self.index_path)
            for worker in self._workers:
                worker.ready(start_timeout)
        except BaseException:
            self.close()
            raise
        for worker in self._workers:
            self._idle.put(worker)

    @property
    def index_path(self) -> Path:
        return self.session.index_path

    @property
    def workers(self) -> int:
        return len(self._workers)

    def pids(self) -> list[int]:
        """The worker processes' ids (for operators and tests: which processes answer)."""
        return [pid for pid in (w.pid for w in self._workers) if pid is not None]

    def answer(self, text: str) -> Answer:
        """The answer a worker's Engine gives; AnswerUnavailable (an IndexUnavailable) if no worker could give one."""
        answer = self._call("answer", text)
        if not isinstance(answer, Answer):
            raise RuntimeError(f"an answering worker sent {type(answer).__name__}, not an Answer")
        return answer

    def article(self, article_id: str) -> dict | None:
        """One cleaned article, for the page the HTTP app serves."""
        found = self._call("article", article_id)
        return found if isinstance(found, dict) else None

    def job(self, payload: object) -> object:
        """Run one job in a worker (only with an `entry` that runs jobs); AnswerUnavailable as for answers."""
        return self._call("job", payload, self.job_timeout)

    def reload_if_changed(self) -> bool:
        """True when the index file was replaced and the new one opens (IndexUnavailable when it does not).

        Only the parent's check: each worker swaps in the new index itself before its next answer.
        """
        return self.session.reload_if_changed()

    def _call(self, kind: RequestKind, payload: object, timeout: float | None = None) -> object:
        if self._closed.is_set():
            raise AnswerUnavailable("the answer pool is closed")
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise AnswerUnavailable(f"no answering worker was free within {self.wait:g} s") from None
        keep: _Worker | None = worker
        try:
            if not worker.alive:  # it died between queries (or its last restart failed): start it now
                log.warning("answering worker %d was not running; starting it again", worker.number)
                worker.stop()
                worker.start(self.index_path, self.start_timeout)
            return worker.call(kind, payload, self.timeout if timeout is None else timeout)
        except _Lost as exc:
            if self._closed.is_set():
                raise AnswerUnavailable("the answer pool is closed") from None
            log.error("answering worker %d %s while answering a query; starting a new one", worker.number, exc)
            keep = None
            threading.Thread(target=self._replace, args=(worker,), name="ukraine-bot-answer-restart", daemon=True).start()
            raise AnswerUnavailable(f"the worker answering this query {exc}") from None
        finally:
            if keep is not None and not self._closed.is_set():
                self._idle.put(keep)

    def _replace(self, worker: _Worker) -> None:
        """Start a worker in place of one that was lost, then let queries use it again."""
        try:
            worker.start(self.index_path, self.start_timeout)
        except Exception as exc:  # the next query that takes it tries again, and apologises if it cannot
            log.error("could not start a new answering worker: %s", exc)
        if self._closed.is_set():
            worker.stop()
        else:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker. Queries asked afterwards get AnswerUnavailable."""
        self._closed.set()
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> "AnswerPool":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

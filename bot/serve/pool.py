"""Answers off the ack path: each query is answered by one of N worker processes.

Over HTTP and Socket Mode one Python process acknowledges Slack's requests. When the same
process also runs the engine, an ack waits for the GIL behind every answer in progress, and at a
few dozen queries at once the acks drift towards Slack's 3-second limit. Here the engine runs in
worker processes instead: the listener thread that asked only waits on a pipe (which releases the
GIL), so the thread that writes the ack is free to run. Workers started with another `entry`
(bot.slack.worker) also take "jobs": rendering an answer and posting it to Slack themselves.

Each worker is a fresh interpreter (started with exec: never a bare fork of a process that
already has threads) that opens its own `Engine` on the index file and picks up a rebuilt index
by itself, as `Engine.answer` reloads when the file is replaced.

A worker holds up to `slots` requests at once. A plain answer pool keeps the default of one:
an answer is CPU work, and a second one in the same process would only wait for the GIL. A
posting worker's job is mostly waiting on Slack's Web API (chat.postMessage and the like), and
with one request at a time the worker would sit idle through every such wait; with several
slots it answers the next job meanwhile. Every request carries an id: the worker runs them on a
fixed pool of `slots` threads (the Engine is read by many threads at once, each with its own
SQLite connection) and sends each reply with its id as it finishes. What stays serialised:
writes to each end of the pipe (a lock on each side), reading it (one thread on each side), and
a worker's restart.

A worker that dies, or holds a request longer than its timeout (it is then killed), is replaced
once, and every request it held gets `AnswerUnavailable`, which the listeners already turn into
an apology: a caller never hangs. The worker's slots come back when its replacement has started.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
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
    """Entry point of a worker process: `<fd of its end of the pipe> <index path> [<requests at once>]`."""
    serve_requests(Connection(int(argv[0])), argv[1], threads=worker_threads(argv))


def worker_threads(argv: list[str]) -> int:
    """How many requests the worker started with `argv` runs at once (the pool's `slots`; 1 if not given)."""
    return max(1, int(argv[2])) if len(argv) > 2 else 1


def serve_requests(conn: Connection, index_path: str, jobs: JobRunner | None = None, threads: int = 1) -> None:
    """A worker's whole life: open the index, say so, then answer requests until the pipe closes.

    With `jobs`, a "job" request is handed to it with the worker's engine (e.g. answer and post to Slack).
    A request is `(id, kind, payload)` and its reply `(id, status, value)`. With `threads` above one,
    up to that many requests run at once, each on a thread of the worker's own, and each reply is
    sent as soon as it is ready; with one, each is answered in turn on this thread.

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
    sending = threading.Lock()
    gone = threading.Event()  # a reply could not be sent: the parent is no longer reading

    def answer(request_id: object, kind: object, payload: object) -> None:
        reply: tuple[ReplyKind, object]
        try:
            if kind == "job":
                if jobs is None:
                    raise RuntimeError("this worker runs no jobs")
                reply = ("ok", jobs(engine, payload))
            else:
                reply = ("ok", engine.answer(payload) if kind == "answer" else engine.article(payload))  # type: ignore[arg-type]
        except IndexUnavailable as exc:
            reply = ("unavailable", str(exc))
        except Exception:
            reply = ("error", traceback.format_exc())
        with sending:
            if gone.is_set():
                return
            try:
                conn.send((request_id, *reply))
            except OSError:  # the bot stopped, or dropped this worker, while it answered: nobody is waiting
                gone.set()
            except Exception:  # a reply that cannot be pickled: the caller still gets an answer, an error
                try:
                    conn.send((request_id, "error", traceback.format_exc()))
                except OSError:
                    gone.set()

    if threads <= 1:
        while not gone.is_set():
            try:
                request_id, kind, payload = conn.recv()
            except (EOFError, OSError):
                return
            answer(request_id, kind, payload)
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="ukraine-bot-request") as running:
        while not gone.is_set():
            try:
                request_id, kind, payload = conn.recv()
            except (EOFError, OSError):
                break
            running.submit(answer, request_id, kind, payload)


# -- the parent's handle on one worker ------------------------------------------------------------------


class _Lost(Exception):
    """The worker is gone (it died, or was killed for overrunning): the requests it held have no answer."""

    def __init__(self, message: str, link: "_Link | None" = None) -> None:
        super().__init__(message)
        self.link = link  # the started process that was lost, so that it is replaced once


class _Waiter:
    """One request in flight: its reply, or the _Lost that ended it, once `done` is set."""

    __slots__ = ("done", "reply")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.reply: tuple[str, object] | _Lost | None = None


class _Link:
    """One started worker process and the parent's end of its pipe.

    Callers send requests under a lock, each with its own id; after the start handshake one reader
    thread takes every reply off the pipe and hands it to the caller waiting for that id. When the
    pipe ends (the worker died, or was stopped), every caller still waiting gets _Lost.
    """

    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self.process = process
        self._sock = sock  # shut down to wake the reader and end the worker; a duplicate fd backs `conn`
        self.conn = Connection(os.dup(sock.fileno()))
        self._sending = threading.Lock()  # one writer at a time; the pipe is closed only under it
        self._lock = threading.Lock()  # `_pending` and `lost`
        self._pending: dict[int, _Waiter] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self.lost: str | None = None
        self._reader: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        return self.lost is None and not self._closed and self.process.poll() is None

    def start_reading(self, number: int) -> None:
        self._reader = threading.Thread(target=self._read, name=f"ukraine-bot-answer-reader-{number}", daemon=True)
        self._reader.start()

    def call(self, kind: RequestKind, payload: object, timeout: float) -> object:
        """Send one request and wait for its reply; _Lost if the worker dies or overruns `timeout`."""
        waiter = _Waiter()
        with self._lock:
            if self.lost is not None:
                raise _Lost(self.lost, self)
            request_id = next(self._ids)
            self._pending[request_id] = waiter
        try:
            with self._sending:
                if self._closed:
                    raise OSError("the pipe is closed")
                self.conn.send((request_id, kind, payload))
        except OSError:
            self._forget(request_id)
            self.stop()
            raise _Lost(f"exited ({self.exit_text()})", self) from None
        except BaseException:  # e.g. a payload that cannot be pickled: nothing was sent
            self._forget(request_id)
            raise
        if not waiter.done.wait(timeout) and self._forget(request_id):
            self.stop(kill=True)  # the reader then fails every other request this worker held
            raise _Lost(f"took longer than {timeout:g} s and was stopped", self)
        reply = waiter.reply
        if isinstance(reply, _Lost):
            raise reply
        assert reply is not None
        status, value = reply
        if status == "ok":
            return value
        if status == "unavailable":
            raise IndexUnavailable(str(value))
        raise RuntimeError(f"the answering worker failed:\n{value}")

    def _forget(self, request_id: int) -> bool:
        """Stop waiting for `request_id`; False if its reply (or its loss) came first."""
        with self._lock:
            return self._pending.pop(request_id, None) is not None

    def _read(self) -> None:
        conn = self.conn
        while True:
            try:
                request_id, status, value = conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # a reply that cannot be read: whose it was is unknown, so the worker goes
                log.exception("an answering worker sent a reply that cannot be read; stopping it")
                break
            with self._lock:
                waiter = self._pending.pop(request_id, None)
            if waiter is not None:  # None: its caller gave up (and killed the worker); nothing to do
                waiter.reply = (status, value)
                waiter.done.set()
        self.stop()
        message = f"exited ({self.exit_text()})"
        with self._lock:
            self.lost = self.lost or message
            pending, self._pending = self._pending, {}
        for waiter in pending.values():
            waiter.reply = _Lost(message, self)
            waiter.done.set()
        with self._sending:
            conn.close()
            self._sock.close()

    def stop(self, *, kill: bool = False) -> None:
        """End the pipe (an idle worker exits on its own) and make sure the process is gone."""
        if kill and self.process.poll() is None:
            self.process.kill()  # first: a send blocked on a worker that stopped reading then fails and lets go
        with self._sending:
            if not self._closed:
                self._closed = True
                try:
                    self._sock.shutdown(socket.SHUT_RDWR)  # the worker reads EOF; so does our reader
                except OSError:
                    pass
                if self._reader is None:  # no reader to close the pipe when it ends
                    self.conn.close()
                    self._sock.close()
        process = self.process
        if not kill:
            try:
                process.wait(0.5)
            except subprocess.TimeoutExpired:
                pass
        if process.poll() is None:
            process.kill()
            process.wait(5)

    def exit_text(self) -> str:
        code = self.process.poll()
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


class _Worker:
    """One worker of the pool: its current process (`link`), replaced when lost.

    The process is a fresh interpreter started with exec (never a bare fork of this process, whose
    other threads could hold locks), running `worker_main`; unlike multiprocessing's spawn it does
    not re-import the parent's __main__, so it works however the bot was started. It runs up to
    `threads` requests at once.
    """

    def __init__(self, number: int, entry: str = ENTRY, threads: int = 1) -> None:
        self.number = number
        self.entry = entry
        self.threads = threads
        self.link: _Link | None = None
        # The pool's bookkeeping (under its lock): a restart under way, and the slots waiting for it.
        self.replacing = False
        self.deferred = 0

    def launch(self, index_path: Path) -> None:
        """Start the process; `ready` waits for it to have opened the index."""
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_PROGRAM, _CODE_ROOT, self.entry, str(theirs.fileno()), str(index_path),
                 str(self.threads)],
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
        self.link = _Link(process, ours)

    def ready(self, timeout: float) -> None:
        """Wait for the started process to open the index; IndexUnavailable if it could not."""
        link = self.link
        if link is None:
            raise AnswerUnavailable("an answering worker was not started")
        try:
            if not link.conn.poll(timeout):
                link.stop(kill=True)
                raise AnswerUnavailable(f"an answering worker did not start within {timeout:g} s")
            status, value = link.conn.recv()
        except (EOFError, OSError):
            link.stop()
            raise AnswerUnavailable(f"an answering worker exited while starting ({link.exit_text()})") from None
        if status != "ok":
            link.stop()
            if status == "unavailable":
                raise IndexUnavailable(str(value))
            raise AnswerUnavailable(f"an answering worker failed to start:\n{value}")
        link.start_reading(self.number)

    def start(self, index_path: Path, timeout: float) -> None:
        self.launch(index_path)
        self.ready(timeout)

    @property
    def alive(self) -> bool:
        return self.link is not None and self.link.alive

    @property
    def pid(self) -> int | None:
        return self.link.process.pid if self.link is not None else None

    def call(self, kind: RequestKind, payload: object, timeout: float) -> object:
        """Send one request and wait for its reply; _Lost if the worker dies or overruns `timeout`."""
        link = self.link
        if link is None:
            raise _Lost("was stopped")
        return link.call(kind, payload, timeout)

    def stop(self, *, kill: bool = False) -> None:
        """Close the pipe (an idle worker exits on its own) and make sure the process is gone."""
        if self.link is not None:
            self.link.stop(kill=kill)


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
        slots: int = 1,
    ) -> None:
        """`entry`: the module whose `worker_main` each worker runs (bot.slack.worker also posts answers).
        `slots`: how many requests each worker holds at once (see the module's docstring)."""
        count = default_workers() if workers is None else workers
        if count < 1:
            raise ValueError("an answer pool needs at least one worker")
        if slots < 1:
            raise ValueError("an answer pool's workers need at least one slot each")
        self.session = ReadSession(index_path)
        self.timeout = timeout
        self.wait = wait
        self.start_timeout = start_timeout
        self.entry = entry
        self.job_timeout = job_timeout
        self.slots = slots
        # Each worker once per slot, in turn (w1, w2, w1, w2...); None, put in by close(), wakes the waiting.
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()  # each worker's `replacing` and `deferred`
        self._workers = [_Worker(i + 1, entry, slots) for i in range(count)]
        self._closed = threading.Event()
        try:
            for worker in self._workers:  # start them all, then wait for them all: they load in parallel
                worker.launch(self.index_path)
            for worker in self._workers:
                worker.ready(start_timeout)
        except BaseException:
            self.close()
            raise
        for _ in range(slots):
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
        worker, restart = self._take()
        keep = True
        try:
            if restart:  # it died between queries (or its last restart failed): start it now
                log.warning("answering worker %d was not running; starting it again", worker.number)
                self._restart(worker)
            return worker.call(kind, payload, self.timeout if timeout is None else timeout)
        except _Lost as exc:
            if self._closed.is_set():
                raise AnswerUnavailable("the answer pool is closed") from None
            keep = False
            self._lost(worker, exc)
            raise AnswerUnavailable(f"the worker answering this query {exc}") from None
        finally:
            if keep and not self._closed.is_set():
                self._idle.put(worker)

    def _take(self) -> tuple[_Worker, bool]:
        """A free slot's worker, and whether the caller must start it first (it is not running).

        A slot of a worker being restarted is set aside until the restart ends, and another one taken.
        """
        deadline = time.monotonic() + self.wait
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AnswerUnavailable(f"no answering worker was free within {self.wait:g} s") from None
            if worker is None or self._closed.is_set():
                self._idle.put(None)  # the next caller waiting sees it too
                raise AnswerUnavailable("the answer pool is closed")
            with self._lock:
                if worker.replacing:
                    worker.deferred += 1
                    continue
                restart = not worker.alive
                worker.replacing = restart
            return worker, restart

    def _lost(self, worker: _Worker, exc: _Lost) -> None:
        """A request's worker was lost: the first caller to find that replaces it; every slot waits for the new one."""
        with self._lock:
            current = exc.link is None or worker.link is exc.link
            replace = current and not worker.replacing
            set_aside = current or worker.replacing  # else it was replaced already: the slot is free again
            if set_aside:
                worker.deferred += 1
            worker.replacing = worker.replacing or replace
        if replace:
            log.error("answering worker %d %s while answering; starting a new one", worker.number, exc)
            threading.Thread(target=self._replace, args=(worker,), name="ukraine-bot-answer-restart", daemon=True).start()
        elif not set_aside and not self._closed.is_set():
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Start a worker in place of one that was lost, then let queries use it again."""
        try:
            self._restart(worker)
        except Exception as exc:  # the next query that takes it tries again, and apologises if it cannot
            log.error("could not start a new answering worker: %s", exc)

    def _restart(self, worker: _Worker) -> None:
        """Start `worker` again (its `replacing` set by the caller), then give back the slots set aside for it."""
        try:
            worker.stop()
            worker.start(self.index_path, self.start_timeout)
        finally:
            with self._lock:
                worker.replacing = False
                back, worker.deferred = worker.deferred, 0
            if self._closed.is_set():
                worker.stop()
            else:
                for _ in range(back):
                    self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker. Requests in flight, waiting for a slot, or asked afterwards get AnswerUnavailable."""
        self._closed.set()
        self._idle.put(None)
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> "AnswerPool":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

"""The hand-off between Bolt's listener threads and the threads that answer: listeners ack, then enqueue.

Bolt runs a listener's `ack()` and whatever the listener does next on the same thread of its
listener pool, so with every pool thread busy answering, the next request waits for its ack
(benchmarks/RESULTS.md, "HTTP acks under load"). Here a listener acks and puts its work in a
bounded queue drained by threads of our own, and its pool thread is free again at once.

Bolt's lazy listeners were not used: they run on the same listener executor (unless given another),
queue without a bound, and re-dispatch the request through the middleware, where the
once-per-request check would take it for a retry.

A full queue is answered at once with the "busy" apology where the answer would have gone, and
logged; nothing waits without limit and nothing is dropped unlogged. With a `remote` (worker
processes that post answers themselves, bot.slack.worker) an answering thread only waits on a
worker's pipe, so this process spends its CPU on acks.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable, Protocol

from bot.index.reader import IndexUnavailable
from bot.slack.jobs import Job, run_job, tell_sorry
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")

ANSWER_THREADS = 16  # Bolt's listener pool size before the hand-off: answers are mostly waits on I/O or a pipe
ANSWER_QUEUE = 1000  # jobs waiting for an answering thread; UKRAINE_BOT_ANSWER_QUEUE

Task = Callable[[], None]


class Remote(Protocol):
    """Runs a job elsewhere (a worker process); IndexUnavailable when no worker could."""

    def run(self, job: Job) -> None: ...


class Handoff:
    """A bounded queue of tasks and the fixed set of threads that run them, oldest first."""

    def __init__(self, *, threads: int = ANSWER_THREADS, size: int = ANSWER_QUEUE, remote: Remote | None = None) -> None:
        if threads < 1 or size < 1:
            raise ValueError("a hand-off needs at least one thread and one place in its queue")
        self.remote = remote
        self.size = size
        self._queue: queue.Queue[tuple[str, Task] | None] = queue.Queue(maxsize=size)
        self._closed = False
        self._threads = [
            threading.Thread(target=self._drain, name=f"ukraine-bot-answer-{i + 1}", daemon=True) for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, kind: str, task: Task, busy: Task | None = None) -> bool:
        """Queue `task`; if the queue is full (or closed) run `busy` here instead and return False."""
        if not self._closed:
            try:
                self._queue.put_nowait((kind, task))
                return True
            except queue.Full:
                pass
        log.warning("request kind=%s outcome=busy queued=%d", kind, self._queue.qsize())
        if busy is not None:
            _guarded(busy, kind)
        return False

    def deliver(self, services: Services, client, respond, job: Job) -> None:
        """Deliver `job` now, on this thread: in a worker when there is a remote, else here."""
        if self.remote is None:
            run_job(services, client, respond, job)
            return
        try:
            self.remote.run(job)
        except IndexUnavailable as exc:  # no worker could take it (AnswerUnavailable): the user hears why
            log.error("request kind=%s outcome=index_unavailable: %s", job.kind, exc)
            tell_sorry(services, client, respond, job, "index_unavailable")

    def pending(self) -> int:
        """Tasks waiting for a thread (not those being run)."""
        return self._queue.qsize()

    def close(self, timeout: float = 30.0) -> None:
        """Run what is queued, then stop the threads; tasks submitted afterwards get the busy path."""
        self._closed = True
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout)

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            kind, task = item
            _guarded(task, kind)


def _guarded(task: Task, kind: str) -> None:
    """A task's own failures are logged; none may end an answering thread or reach Slack as a traceback."""
    try:
        task()
    except Exception:
        log.exception("a task after the ack failed (kind=%s)", kind)


# -- what listeners call after ack() ---------------------------------------------------------------


def hand_off(services: Services, client, respond, job: Job) -> None:
    """Leave `job` to the answering threads; with no hand-off configured (tests, the console) run it now."""
    handoff = services.handoff
    if handoff is None:
        run_job(services, client, respond, job)
        return
    handoff.submit(
        job.kind,
        lambda: handoff.deliver(services, client, respond, job),
        lambda: tell_sorry(services, client, respond, job, "busy"),
    )


def hand_off_task(services: Services, kind: str, task: Task, busy: Task | None = None) -> None:
    """Leave work that must run in this process (state, watchlists, the Home tab) to the answering threads."""
    handoff = services.handoff
    if handoff is None:
        task()
        return
    handoff.submit(kind, task, busy)


def deliver_now(services: Services, client, respond, job: Job) -> None:
    """Deliver `job` on the calling thread (already an answering thread), in a worker if there is one."""
    handoff = services.handoff
    if handoff is None:
        run_job(services, client, respond, job)
    else:
        handoff.deliver(services, client, respond, job)

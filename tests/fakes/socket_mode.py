"""A local fake of Slack's Socket Mode WebSocket endpoint.

The app reaches it exactly as it reaches Slack: its SocketModeClient calls
``apps.connections.open`` with the app-level ``xapp-`` token on the fake Web
API, gets ``ws://127.0.0.1:PORT/link/?ticket=...&app_id=...`` back and opens a
WebSocket there. The server greets each connection with Slack's ``hello``,
pushes envelopes (``events_api``, ``slash_commands``, ``interactive``) and
records the acks (``{"envelope_id": ..., "payload": ...}``) the app sends back,
with how long each took (Slack wants an ack within 3 seconds).

Built on ``websockets.sync.server`` (one thread per connection); the
websockets library answers the client's pings and sends keepalive pings like
Slack does.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, NamedTuple, Optional, Union
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.protocol import State
from websockets.sync.server import Server, ServerConnection, serve

from . import payloads as p
from .slack_api import FakeSlackAPI

__all__ = ["Ack", "FakeSocketModeServer", "SocketConnection"]

#: Envelope types Slack sends over Socket Mode.
ENVELOPE_TYPES = ("events_api", "slash_commands", "interactive")


class Ack(NamedTuple):
    """An ack received for an envelope; unpacks as ``(message, elapsed)``."""

    message: dict[str, Any]
    elapsed: float

    @property
    def envelope_id(self) -> str:
        return str(self.message.get("envelope_id"))

    @property
    def payload(self) -> Optional[Any]:
        """The response payload the app attached, or None for a bare ack."""
        return self.message.get("payload")


@dataclass
class SocketConnection:
    """One accepted WebSocket connection."""

    ws: ServerConnection
    ticket: str
    connected_at: float
    open: bool = True


class FakeSocketModeServer:
    """Socket Mode server bound to 127.0.0.1 on an ephemeral port.

    Creating it attaches it to ``api`` so ``apps.connections.open`` hands out
    its URLs. Use as a context manager or ``start()``/``stop()``.
    Tickets are checked: a connection with a ticket the fake API never issued
    is refused with HTTP 401 during the handshake.
    """

    def __init__(
        self,
        api: FakeSlackAPI,
        *,
        app_id: str = p.APP_ID,
        send_hello: bool = True,
        ping_interval: Optional[float] = 0.5,
        ping_timeout: Optional[float] = 5.0,
        close_timeout: float = 1.0,
        host: str = "127.0.0.1",
    ) -> None:
        self.api = api
        self.app_id = app_id
        self.send_hello = send_hello
        self.host = host
        self._ping_interval = ping_interval
        self._ping_timeout = ping_timeout
        self._close_timeout = close_timeout
        self._cond = threading.Condition()
        self._connections: list[SocketConnection] = []
        self._tickets: list[str] = []
        self._sent: dict[str, float] = {}
        self._acks: dict[str, Ack] = {}
        self._received: list[Any] = []
        self.connection_count = 0
        self.refused_count = 0
        self._server: Optional[Server] = None
        self._thread: Optional[threading.Thread] = None
        api.socket_mode = self

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "FakeSocketModeServer":
        """Listen on an ephemeral port and serve in a background thread."""
        if self._server is not None:
            return self
        self._server = serve(
            self._handler,
            self.host,
            0,
            process_request=self._process_request,
            compression=None,
            open_timeout=3,
            ping_interval=self._ping_interval,
            ping_timeout=self._ping_timeout,
            close_timeout=self._close_timeout,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-socket-mode", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection (code 1001) and stop listening."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeSocketModeServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSocketModeServer is not started")
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        """A fresh WebSocket URL with a new ticket (what apps.connections.open returns)."""
        ticket = str(uuid.uuid4())
        with self._cond:
            self._tickets.append(ticket)
        return f"ws://{self.host}:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    # ------------------------------------------------------------------ inspection

    @property
    def tickets_issued(self) -> int:
        with self._cond:
            return len(self._tickets)

    @property
    def active_connections(self) -> int:
        with self._cond:
            return sum(1 for c in self._connections if c.open)

    @property
    def connections(self) -> list[SocketConnection]:
        with self._cond:
            return list(self._connections)

    @property
    def acks(self) -> list[Ack]:
        with self._cond:
            return list(self._acks.values())

    @property
    def received(self) -> list[Any]:
        """Every text frame the client sent (decoded JSON when it parses)."""
        with self._cond:
            return list(self._received)

    def wait_for_connections(self, count: int = 1, timeout: float = 5.0) -> int:
        """Block until ``count`` connections were accepted in total and one is open."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (self.connection_count >= count and any(c.open for c in self._connections)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} Socket Mode connection(s) within {timeout}s, "
                        f"got {self.connection_count} (active {self.active_connections}, "
                        f"tickets issued {len(self._tickets)}, refused {self.refused_count})"
                    )
                self._cond.wait(remaining)
            return self.connection_count

    def wait_for_ack(self, envelope_id: str, timeout: float = 3.0) -> Ack:
        """Block until the app acks ``envelope_id``; return ``Ack(message, elapsed)``.

        ``elapsed`` is seconds from sending the envelope to receiving its ack.
        Raises AssertionError on timeout.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self._acks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s")
                self._cond.wait(remaining)
            return self._acks[envelope_id]

    def assert_no_ack(self, envelope_id: str, within: float = 0.5) -> None:
        """Assert the app does not ack ``envelope_id`` within ``within`` seconds."""
        try:
            ack = self.wait_for_ack(envelope_id, timeout=within)
        except AssertionError:
            return
        raise AssertionError(f"unexpected ack for {envelope_id}: {ack.message}")

    # ------------------------------------------------------------------ sending

    def _current(self, timeout: float) -> SocketConnection:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                # A connection being closed (close frame sent, TCP reset) is not one to send on,
                # even before its handler thread has noticed and marked it closed.
                open_conns = [c for c in self._connections if c.open and c.ws.state is State.OPEN]
                if open_conns:
                    return open_conns[-1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no open Socket Mode connection within {timeout}s")
                self._cond.wait(remaining)

    def send_raw(self, message: Union[str, dict[str, Any]], timeout: float = 5.0) -> None:
        """Send one text frame on the newest open connection (waits for one)."""
        conn = self._current(timeout)
        conn.ws.send(message if isinstance(message, str) else json.dumps(message))

    def send_envelope(
        self,
        type: str,
        payload: dict[str, Any],
        accepts_response_payload: Optional[bool] = None,
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        envelope_id: Optional[str] = None,
        timeout: float = 5.0,
    ) -> str:
        """Send an envelope as Slack does and return its envelope_id.

        ``accepts_response_payload`` defaults to Slack's choice: True for
        slash commands, False otherwise. ``retry_attempt``/``retry_reason`` are
        sent only for ``events_api`` envelopes, as Slack does.
        """
        if type not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {type!r}; Slack sends {ENVELOPE_TYPES}")
        if accepts_response_payload is None:
            accepts_response_payload = type == "slash_commands"
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        conn = self._current(timeout)
        with self._cond:
            self._sent[envelope_id] = time.monotonic()
            self._acks.pop(envelope_id, None)
        conn.ws.send(json.dumps(envelope))
        return envelope_id

    def send_slash_command(self, payload: dict[str, str], **kw: Any) -> str:
        """Send a ``slash_commands`` envelope (see ``payloads.slash_command_payload``)."""
        return self.send_envelope("slash_commands", payload, **kw)

    def send_event(self, outer_payload: dict[str, Any], **kw: Any) -> str:
        """Send an ``events_api`` envelope (see ``payloads.event_callback``)."""
        return self.send_envelope("events_api", outer_payload, **kw)

    def send_interactive(self, payload: dict[str, Any], **kw: Any) -> str:
        """Send an ``interactive`` envelope (see ``payloads.block_actions_payload``)."""
        return self.send_envelope("interactive", payload, **kw)

    def disconnect_all(
        self,
        *,
        send_disconnect: bool = False,
        reason: str = "refresh_requested",
        close: bool = True,
        abrupt: bool = False,
        code: int = 1001,
    ) -> int:
        """Drop every open connection; return how many were open.

        - ``send_disconnect=True`` first sends Slack's
          ``{"type": "disconnect", "reason": ...}`` (slack_sdk reconnects at once
          on it); with ``close=False`` only that message is sent, leaving the
          client to replace the connection as it does with Slack.
        - ``abrupt=True`` kills the TCP connection without a close frame.
        - otherwise a normal close frame with ``code`` is sent.
        """
        with self._cond:
            conns = [c for c in self._connections if c.open]
        for conn in conns:
            try:
                if send_disconnect:
                    conn.ws.send(
                        json.dumps(
                            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake-1"}}
                        )
                    )
                if not close:
                    continue
                if abrupt:
                    conn.ws.socket.shutdown(socket.SHUT_RDWR)
                else:
                    conn.ws.close(code, "")
            except (ConnectionClosed, OSError):
                pass
        return len(conns)

    # ------------------------------------------------------------------ server side

    def _process_request(self, ws: ServerConnection, request: Request) -> Optional[Response]:
        query = parse_qs(urlsplit(request.path).query)
        ticket = (query.get("ticket") or [""])[0]
        with self._cond:
            known = ticket in self._tickets
            if not known:
                self.refused_count += 1
                self._cond.notify_all()
        if not known:
            return ws.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")
        return None

    def _handler(self, ws: ServerConnection) -> None:
        ticket = (parse_qs(urlsplit(ws.request.path).query).get("ticket") or [""])[0] if ws.request else ""
        conn = SocketConnection(ws=ws, ticket=ticket, connected_at=time.monotonic())
        try:
            if self.send_hello:
                with self._cond:
                    n = sum(1 for c in self._connections if c.open) + 1
                ws.send(
                    json.dumps(
                        {
                            "type": "hello",
                            "num_connections": n,
                            "debug_info": {
                                "host": "applink-fake-1",
                                "build_number": 10,
                                "approximate_connection_time": 18060,
                            },
                            "connection_info": {"app_id": self.app_id},
                        }
                    )
                )
            with self._cond:
                self._connections.append(conn)
                self.connection_count += 1
                self._cond.notify_all()
            for raw in ws:
                self._on_message(raw)
        except (ConnectionClosed, OSError):
            pass
        finally:
            with self._cond:
                conn.open = False
                self._cond.notify_all()

    def _on_message(self, raw: Union[str, bytes]) -> None:
        now = time.monotonic()
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        try:
            message: Any = json.loads(text)
        except ValueError:
            message = text
        with self._cond:
            self._received.append(message)
            if isinstance(message, dict) and "envelope_id" in message:
                envelope_id = str(message["envelope_id"])
                sent = self._sent.get(envelope_id, now)
                self._acks.setdefault(envelope_id, Ack(message, now - sent))
            self._cond.notify_all()

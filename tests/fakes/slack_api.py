"""A local fake of Slack's Web API (https://slack.com/api/) for offline tests.

Point a real ``slack_sdk.WebClient(token="xoxb-test", base_url=fake.base_url)``
at it. It speaks Slack's wire format: ``POST /api/<method>`` with a form or
JSON body and ``Authorization: Bearer <token>``; answers are JSON objects that
always carry ``ok``; errors are HTTP 200 with ``{"ok": false, "error": ...}``
except rate limits (HTTP 429 + ``Retry-After``) and server faults (5xx).
Every call is recorded so tests can assert on what the app sent, and faults
can be queued per method to exercise retry and error paths.

It also serves ``response_url`` targets (``/response/<name>``) and issues
Socket Mode URLs from ``apps.connections.open`` once a
``FakeSocketModeServer`` is attached.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Callable, Collection, Optional, Union
from urllib.parse import parse_qsl, urlsplit

from . import payloads as p

if TYPE_CHECKING:
    from .socket_mode import FakeSocketModeServer

__all__ = [
    "Call",
    "FakeSlackAPI",
    "SlackError",
    "validate_blocks",
    "validate_view",
]

#: Methods Slack serves without a token.
_NO_AUTH_METHODS = {"api.test"}
# assistant.threads.setSuggestedPrompts: at most four prompts, each with a short title and a message.
ASSISTANT_MAX_PROMPTS = 4
ASSISTANT_PROMPT_TITLE_CHARS = 75
ASSISTANT_PROMPT_MESSAGE_CHARS = 2000
#: HTTP status -> the error Slack puts in the body for that status.
_STATUS_ERRORS = {429: "ratelimited", 500: "internal_error", 502: "internal_error", 503: "service_unavailable"}
_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{2,}$")


class SlackError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Call:
    """One request the fake received.

    ``params`` merges the query string and the body (form values are strings,
    JSON values keep their types; slack_sdk sends booleans as "1"/"0" in forms).
    ``headers`` has lower-case names. ``time`` is ``time.monotonic()`` at arrival.
    ``status``/``response`` are filled in once the fake has answered;
    ``finished`` with status 0 means the connection was dropped on purpose.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    time: float
    token: Optional[str] = None
    content_type: str = ""
    body: bytes = b""
    status: int = 0
    response: Optional[dict[str, Any]] = None
    finished: bool = False

    @property
    def ok(self) -> bool:
        """True when the fake answered HTTP 200 with ``ok: true``."""
        return self.status == 200 and bool(self.response and self.response.get("ok"))

    def json_param(self, name: str, default: Any = None) -> Any:
        """A param that may be JSON-in-a-string (``blocks`` in a form body) or already decoded."""
        value = self.params.get(name, default)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value


@dataclass
class _Fault:
    error: Optional[str]
    status: int
    retry_after: Optional[int]
    delay: float
    drop_connection: bool
    remaining: int


Responder = Union[dict[str, Any], Callable[[Call], dict[str, Any]]]


def _text_object_errors(obj: Any, pointer: str, max_len: int, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must be an object [json-pointer:{pointer}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"must be one of {list(allowed)} [json-pointer:{pointer}/type]"]
    text = obj.get("text")
    if not isinstance(text, str):
        return [f"missing required field: text [json-pointer:{pointer}]"]
    if len(text) < 1:
        return [f"must be more than 0 characters [json-pointer:{pointer}/text]"]
    if len(text) > max_len:
        return [f"must be less than {max_len + 1} characters [json-pointer:{pointer}/text]"]
    return []


def _id_errors(value: Any, seen: set[str], pointer: str, name: str) -> list[str]:
    """Slack's checks on a block_id or action_id: a string under 256 characters, unique in its scope."""
    if value is None:
        return []
    if not isinstance(value, str) or len(value) > 255:
        return [f"must be less than 256 characters [json-pointer:{pointer}]"]
    if value in seen:
        return [f"duplicate {name} [json-pointer:{pointer}]"]
    seen.add(value)
    return []


def _button_errors(el: dict[str, Any], eptr: str) -> list[str]:
    errors = _text_object_errors(el.get("text"), f"{eptr}/text", 75, plain_only=True)
    value = el.get("value")
    if value is not None and (not isinstance(value, str) or len(value) > 2000):
        errors.append(f"must be less than 2001 characters [json-pointer:{eptr}/value]")
    url = el.get("url")
    if url is not None and (not isinstance(url, str) or len(url) > 3000):
        errors.append(f"must be less than 3001 characters [json-pointer:{eptr}/url]")
    return errors


def validate_blocks(blocks: Any, max_blocks: int = 50) -> list[str]:
    """Check blocks against the Block Kit limits Slack enforces with ``invalid_blocks``.

    Only well-documented limits are checked (50 blocks in a message, 100 in a
    modal or Home tab, 3000-char section text,
    150-char header, 10 fields of 2000, 25 action elements, 75-char button
    labels, 255-char ids, 2000-char button values, unique block_ids), so a
    message this accepts is not guaranteed valid, but one it rejects would be
    rejected by Slack. Returns Slack-style error strings (empty when valid).
    """
    if not isinstance(blocks, list):
        return ["must be an array [json-pointer:/blocks]"]
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"no more than {max_blocks} items allowed [json-pointer:/blocks]")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        ptr = f"/blocks/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"missing required field: type [json-pointer:{ptr}]")
            continue
        errors += _id_errors(block.get("block_id"), block_ids, f"{ptr}/block_id", "block_id")
        kind = block["type"]
        if kind == "section":
            if "text" not in block and "fields" not in block:
                errors.append(f"must provide either text or fields [json-pointer:{ptr}]")
            if "text" in block:
                errors += _text_object_errors(block["text"], f"{ptr}/text", 3000)
            if "fields" in block:
                fields = block["fields"]
                if not isinstance(fields, list) or not fields or len(fields) > 10:
                    errors.append(f"must have 1 to 10 items [json-pointer:{ptr}/fields]")
                else:
                    for j, f in enumerate(fields):
                        errors += _text_object_errors(f, f"{ptr}/fields/{j}", 2000)
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") == "button":
                errors += _button_errors(accessory, f"{ptr}/accessory")
        elif kind == "header":
            errors += _text_object_errors(block.get("text"), f"{ptr}/text", 150, plain_only=True)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > 10:
                errors.append(f"must have 1 to 10 items [json-pointer:{ptr}/elements]")
            else:
                for j, el in enumerate(elements):
                    if isinstance(el, dict) and el.get("type") in ("plain_text", "mrkdwn"):
                        errors += _text_object_errors(el, f"{ptr}/elements/{j}", 3000)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > 25:
                errors.append(f"must have 1 to 25 items [json-pointer:{ptr}/elements]")
                continue
            action_ids: set[str] = set()
            for j, el in enumerate(elements):
                eptr = f"{ptr}/elements/{j}"
                if not isinstance(el, dict):
                    errors.append(f"must be an object [json-pointer:{eptr}]")
                    continue
                errors += _id_errors(el.get("action_id"), action_ids, f"{eptr}/action_id", "action_id")
                if el.get("type") == "button":
                    errors += _button_errors(el, eptr)
    return errors


_TRIGGER_RE = re.compile(r"^\d+\.\d+\.[0-9a-f]+$")


def validate_view(view: Any) -> list[str]:
    """Check a view (modal or Home tab) against the limits Slack documents for views.*.

    A modal needs a plain_text title of at most 24 characters (submit and close
    likewise); any view holds at most 100 blocks, a callback_id of at most 255
    characters and private_metadata of at most 3000.
    """
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    errors: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return ["must be one of ['modal', 'home'] [json-pointer:/view/type]"]
    if kind == "modal":
        errors += _text_object_errors(view.get("title"), "/view/title", 24, plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                errors += _text_object_errors(view[key], f"/view/{key}", 24, plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and "submit" not in view:
            errors.append("submit is required when blocks contain input blocks [json-pointer:/view/submit]")
    metadata = view.get("private_metadata")
    if metadata is not None and (not isinstance(metadata, str) or len(metadata) > 3000):
        errors.append("must be less than 3001 characters [json-pointer:/view/private_metadata]")
    callback_id = view.get("callback_id")
    if callback_id is not None and (not isinstance(callback_id, str) or len(callback_id) > 255):
        errors.append("must be less than 256 characters [json-pointer:/view/callback_id]")
    errors += [e.replace("[json-pointer:/blocks", "[json-pointer:/view/blocks") for e in validate_blocks(view.get("blocks"), 100)]
    return errors


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: "FakeSlackAPI"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "Apache"
    sys_version = ""

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        self.server.fake._handle(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # silence per-request logging
        pass


class FakeSlackAPI:
    """Threaded local HTTP server answering like https://slack.com/api/.

    Use as a context manager (or ``start()``/``stop()``). Token rules follow
    Slack: no token -> ``not_authed``; an unknown token -> ``invalid_auth``;
    an app-level ``xapp-`` token on a normal method, or a bot token on
    ``apps.connections.open`` -> ``not_allowed_token_type``. With
    ``bot_tokens``/``app_tokens`` left as None any token with the right prefix
    is accepted.
    """

    def __init__(
        self,
        *,
        bot_tokens: Optional[Collection[str]] = None,
        app_tokens: Optional[Collection[str]] = None,
        team_id: str = p.TEAM_ID,
        team_domain: str = p.TEAM_DOMAIN,
        host: str = "127.0.0.1",
    ) -> None:
        self.bot_tokens = set(bot_tokens) if bot_tokens is not None else None
        self.app_tokens = set(app_tokens) if app_tokens is not None else None
        self.team_id = team_id
        self.team_domain = team_domain
        self.host = host
        self.socket_mode: Optional["FakeSocketModeServer"] = None
        #: Body answered to response_url POSTs (Slack answers 200 with a tiny body;
        #: slack_sdk's WebhookClient only looks at the status).
        self.response_url_reply: dict[str, Any] = {"ok": True}
        self.channels: dict[str, dict[str, Any]] = {
            "C123": self._channel("C123", "general"),
            "D123": self._channel("D123", None, user="U123"),
        }
        self.users: dict[str, dict[str, Any]] = {
            "U123": self._user("U123", "oksana", "Oksana Kovalenko"),
            p.BOT_USER_ID: self._user(p.BOT_USER_ID, p.BOT_NAME, "Ukraine News", is_bot=True),
        }
        #: Messages posted through chat.postMessage (plus any added with add_message),
        #: each with its "channel"; chat.update/chat.delete edit this list.
        self.messages: list[dict[str, Any]] = []
        self._calls: list[Call] = []
        self._responses: list[tuple[str, Any]] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._custom: dict[str, Responder] = {}
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._ts_us = 1_700_000_000_000_000
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None
        self._methods: dict[str, Callable[[Call], dict[str, Any]]] = {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "users.info": self._users_info,
            "reactions.add": self._reactions,
            "reactions.remove": self._reactions,
            "apps.connections.open": self._apps_connections_open,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "chat.unfurl": self._chat_unfurl,
            "assistant.threads.setSuggestedPrompts": self._assistant_set_suggested_prompts,
            "assistant.threads.setStatus": self._assistant_set_status,
            "assistant.threads.setTitle": self._assistant_set_title,
        }
        #: Assistant threads by (channel, thread_ts): the prompts, status and title last set in each.
        self.assistant_threads: dict[tuple[str, str], dict[str, Any]] = {}
        #: Modals open per user (a stack of view dicts, as Slack stores them), Home tabs per user,
        #: and the trigger_ids already exchanged (Slack accepts each one once).
        self.modals: dict[str, list[dict[str, Any]]] = {}
        self.home_tabs: dict[str, dict[str, Any]] = {}
        self._used_triggers: set[str] = set()
        self._view_seq = itertools.count(1)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "FakeSlackAPI":
        """Bind an ephemeral port on 127.0.0.1 and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server((self.host, 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack-api", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; pending delayed answers are released immediately."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeSlackAPI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlackAPI is not started")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The value for ``WebClient(base_url=...)``; ends with "/api/" like Slack's."""
        return f"{self.root_url}/api/"

    # ------------------------------------------------------------------ inspection

    @property
    def calls(self) -> list[Call]:
        """Every request received so far, in arrival order (a copy)."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The calls to one API method, in arrival order."""
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``method`` are finished (answered or dropped); return them.

        Raises AssertionError (listing what did arrive) on timeout.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                done = [c for c in self._calls if c.method == method and c.finished]
                if len(done) >= count:
                    return done
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method} within {timeout}s, got {len(done)}; calls seen: {seen}"
                    )
                self._cond.wait(remaining)

    @property
    def responses(self) -> list[tuple[str, Any]]:
        """``(name, payload)`` for every POST to a ``response_url(name)``, in order."""
        with self._cond:
            return list(self._responses)

    def wait_for_response(self, name: Optional[str] = None, count: int = 1, timeout: float = 5.0) -> list[Any]:
        """Block until ``count`` payloads arrived at ``response_url(name)`` (any name if None)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [pl for n, pl in self._responses if name is None or n == name]
                if len(got) >= count:
                    return got
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} response_url POST(s) to {name!r} within {timeout}s, "
                        f"got {[n for n, _ in self._responses]}"
                    )
                self._cond.wait(remaining)

    def reset(self) -> None:
        """Forget recorded calls, responses, messages and queued faults."""
        with self._cond:
            self._calls.clear()
            self._responses.clear()
            self._faults.clear()
            self.messages.clear()
            self.modals.clear()
            self.home_tabs.clear()

    def response_url(self, name: str) -> str:
        """A response_url whose POSTs are recorded under ``name``."""
        return f"{self.root_url}/response/{name}"

    # ------------------------------------------------------------------ configuration

    def fail_next(
        self,
        method: str,
        *,
        error: Optional[str] = None,
        status: int = 200,
        retry_after: Optional[int] = None,
        delay: float = 0.0,
        times: int = 1,
        drop_connection: bool = False,
    ) -> None:
        """Queue a fault for the next ``times`` calls to ``method``.

        - ``error="not_in_channel"``: HTTP 200 ``{"ok": false, "error": ...}``.
        - ``status=429``: HTTP 429, ``Retry-After: <retry_after or 1>``, ``ratelimited``.
        - ``status=500``/``503``: server error with a JSON body.
        - ``delay=3.0``: sleep before answering (alone: a slow but successful call).
        - ``drop_connection=True``: close the socket without answering
          (urllib raises ``RemoteDisconnected``).
        Use ``method="response_url"`` for POSTs to any response_url (there an
        ``error`` without a status answers HTTP 404; the payload is still recorded).
        Faults queue FIFO per method.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        fault = _Fault(error, status, retry_after, delay, drop_connection, times)
        with self._cond:
            self._faults.setdefault(method, []).append(fault)

    def register(self, method: str, responder: Responder) -> None:
        """Answer ``method`` with a fixed dict or ``responder(call) -> dict``.

        The dict is sent as-is (add ``"ok": True`` yourself); raise SlackError
        from a callable for an ``ok: false`` answer. Overrides built-ins.
        """
        self._custom[method] = responder

    def add_message(
        self,
        channel: str,
        text: str,
        user: str = "U123",
        ts: Optional[str] = None,
        thread_ts: Optional[str] = None,
    ) -> dict[str, Any]:
        """Seed a message (e.g. the user's question) for conversations.replies/history."""
        msg: dict[str, Any] = {
            "type": "message",
            "user": user,
            "text": text,
            "ts": ts or self._next_ts(),
            "team": self.team_id,
            "channel": channel,
        }
        if thread_ts is not None:
            msg["thread_ts"] = thread_ts
        with self._cond:
            self.messages.append(msg)
        return msg

    def messages_in(self, channel: str, thread_ts: Optional[str] = None) -> list[dict[str, Any]]:
        """Stored messages of a channel (or of one thread), oldest first."""
        with self._cond:
            msgs = [m for m in self.messages if m["channel"] == channel]
        if thread_ts is not None:
            msgs = [m for m in msgs if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
        return sorted(msgs, key=lambda m: float(m["ts"]))

    # ------------------------------------------------------------------ request handling

    def _take_fault(self, key: str) -> Optional[_Fault]:
        with self._cond:
            queue = self._faults.get(key)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
            return fault

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in h.headers.items()}
        if parts.path.startswith("/api/"):
            self._handle_api(h, parts.path[len("/api/") :], parts.query, body, headers, arrived)
        elif parts.path.startswith("/response/"):
            self._handle_response_url(h, parts.path[len("/response/") :], body)
        else:
            self._send(h, 404, {"ok": False, "error": "not_found"})

    @staticmethod
    def _parse_params(content_type: str, query: str, body: bytes, raw_ct: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        if not body.strip():
            return params
        if content_type == "application/json":
            decoded = json.loads(body.decode("utf-8"))
            if not isinstance(decoded, dict):
                raise SlackError("invalid_json")
            params.update(decoded)
        elif content_type == "multipart/form-data":
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {raw_ct}\r\n\r\n".encode() + body
            )
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name:
                    payload = part.get_payload(decode=True) or b""
                    params[name] = payload if part.get_filename() else payload.decode("utf-8", "replace")
        else:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return params

    def _handle_api(
        self,
        h: BaseHTTPRequestHandler,
        method: str,
        query: str,
        body: bytes,
        headers: dict[str, str],
        arrived: float,
    ) -> None:
        raw_ct = h.headers.get("Content-Type", "")
        content_type = h.headers.get_content_type() if raw_ct else ""
        call = Call(method=method, params={}, headers=headers, time=arrived, content_type=content_type, body=body)
        parse_error: Optional[str] = None
        try:
            call.params = self._parse_params(content_type, query, body, raw_ct)
        except (ValueError, SlackError):
            parse_error = "invalid_json" if content_type == "application/json" else "invalid_form_data"
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            call.token = auth[7:].strip() or None
        elif content_type != "application/json" and isinstance(call.params.get("token"), str):
            call.token = call.params["token"]
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

        status, response, extra_headers = 200, {}, {}
        fault = self._take_fault(method)
        if fault is not None and fault.delay > 0:
            self._stopping.wait(fault.delay)
        if fault is not None and fault.drop_connection:
            self._drop(h)
            self._finish(call, 0, None)
            return
        if fault is not None and (fault.status != 200 or fault.error):
            status = fault.status
            response = {"ok": False, "error": fault.error or _STATUS_ERRORS.get(status, "internal_error")}
            if fault.retry_after is not None:
                extra_headers["Retry-After"] = str(fault.retry_after)
        elif parse_error is not None:
            response = {"ok": False, "error": parse_error}
        else:
            response = self._dispatch(call)
        self._finish(call, status, response)
        self._send(h, status, response, extra_headers)

    def _dispatch(self, call: Call) -> dict[str, Any]:
        method = call.method
        known = method in self._custom or method in self._methods
        if not known:
            return {"ok": False, "error": "unknown_method", "req_method": method}
        if method not in _NO_AUTH_METHODS:
            auth_error = self._auth_error(method, call.token)
            if auth_error is not None:
                return {"ok": False, "error": auth_error}
        try:
            responder = self._custom.get(method)
            if responder is not None:
                return dict(responder(call)) if callable(responder) else dict(responder)
            return self._methods[method](call)
        except SlackError as e:
            return {"ok": False, "error": e.error, **e.extra}

    def _auth_error(self, method: str, token: Optional[str]) -> Optional[str]:
        if not token:
            return "not_authed"
        if method == "apps.connections.open":
            if token.startswith("xapp-"):
                return None if self.app_tokens is None or token in self.app_tokens else "invalid_auth"
            return "not_allowed_token_type" if token.startswith(("xoxb-", "xoxp-")) else "invalid_auth"
        if token.startswith("xapp-"):
            return "not_allowed_token_type"
        if token.startswith(("xoxb-", "xoxp-")):
            return None if self.bot_tokens is None or token in self.bot_tokens else "invalid_auth"
        return "invalid_auth"

    def _handle_response_url(self, h: BaseHTTPRequestHandler, name: str, body: bytes) -> None:
        fault = self._take_fault("response_url")
        if fault is not None and fault.delay > 0:
            self._stopping.wait(fault.delay)
        if fault is not None and fault.drop_connection:
            self._drop(h)
            return
        try:
            payload = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self._send(h, 400, {"ok": False, "error": "invalid_payload"})
            return
        with self._cond:
            self._responses.append((name, payload))
            self._cond.notify_all()
        if fault is not None and (fault.status != 200 or fault.error):
            status = fault.status if fault.status != 200 else 404
            self._send(h, status, {"ok": False, "error": fault.error or _STATUS_ERRORS.get(status, "internal_error")})
            return
        self._send(h, 200, self.response_url_reply)

    def _finish(self, call: Call, status: int, response: Optional[dict[str, Any]]) -> None:
        with self._cond:
            call.status = status
            call.response = response
            call.finished = True
            self._cond.notify_all()

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, obj: Any, extra_headers: Optional[dict[str, str]] = None) -> None:
        data = json.dumps(obj).encode("utf-8")
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(len(data)))
            h.send_header("X-Slack-Req-Id", uuid.uuid4().hex)
            for k, v in (extra_headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except OSError:
            pass  # the client gave up (e.g. its timeout fired during a delay fault)

    # ------------------------------------------------------------------ helpers

    def _next_ts(self) -> str:
        with self._cond:
            self._ts_us += 100
            us = self._ts_us
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def _channel(self, channel_id: str, name: Optional[str], user: Optional[str] = None) -> dict[str, Any]:
        is_im = channel_id.startswith("D")
        ch: dict[str, Any] = {
            "id": channel_id,
            "created": 1700000000,
            "is_archived": False,
            "is_im": is_im,
            "is_org_shared": False,
            "context_team_id": self.team_id,
            "updated": 1700000000000,
        }
        if is_im:
            ch.update({"user": user or "U123", "is_user_deleted": False, "priority": 0})
        else:
            ch.update(
                {
                    "name": name or channel_id.lower(),
                    "is_channel": not channel_id.startswith("G"),
                    "is_group": False,
                    "is_private": channel_id.startswith("G"),
                    "is_mpim": False,
                    "is_general": name == "general",
                    "is_member": True,
                    "is_shared": False,
                    "is_ext_shared": False,
                    "name_normalized": name or channel_id.lower(),
                    "topic": {"value": "", "creator": "", "last_set": 0},
                    "purpose": {"value": "", "creator": "", "last_set": 0},
                }
            )
        return ch

    def _user(self, user_id: str, name: str, real_name: str, is_bot: bool = False) -> dict[str, Any]:
        return {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": "Europe/Kyiv",
            "tz_label": "Eastern European Time",
            "tz_offset": 7200,
            "profile": {"real_name": real_name, "display_name": name, "team": self.team_id},
            "is_admin": False,
            "is_owner": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }

    def _find_message(self, channel: str, ts: str) -> Optional[dict[str, Any]]:
        with self._cond:
            for m in self.messages:
                if m["channel"] == channel and m["ts"] == ts:
                    return m
        return None

    def _message_content(self, call: Call) -> dict[str, Any]:
        """text/blocks/attachments of a chat.* call, validated like Slack does."""
        content: dict[str, Any] = {}
        text = call.params.get("text")
        if text is not None:
            if len(str(text)) > 40000:
                raise SlackError("msg_too_long")
            content["text"] = str(text)
        for key in ("blocks", "attachments"):
            if key in call.params:
                value = call.json_param(key)
                if isinstance(value, str):
                    raise SlackError(f"invalid_{key}_format")
                if key == "blocks":
                    errors = validate_blocks(value)
                    if errors:
                        raise SlackError(
                            "invalid_blocks",
                            errors=errors,
                            response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
                        )
                content[key] = value
        return content

    def _require(self, call: Call, name: str, error: str) -> str:
        value = call.params.get(name)
        if value in (None, ""):
            raise SlackError(error)
        return str(value)

    # ------------------------------------------------------------------ methods

    def _api_test(self, call: Call) -> dict[str, Any]:
        return {"ok": True, "args": {k: v for k, v in call.params.items() if k != "token"}}

    def _auth_test(self, call: Call) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Ukraine Test",
            "user": p.BOT_NAME,
            "team_id": self.team_id,
            "user_id": p.BOT_USER_ID,
            "bot_id": p.BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        content = self._message_content(call)
        if not content.get("text") and not content.get("blocks") and not content.get("attachments"):
            raise SlackError("no_text")
        ts = self._next_ts()
        message: dict[str, Any] = {
            "user": p.BOT_USER_ID,
            "type": "message",
            "ts": ts,
            "bot_id": p.BOT_ID,
            "app_id": p.APP_ID,
            "text": content.get("text", ""),
            "team": self.team_id,
            "bot_profile": {
                "id": p.BOT_ID,
                "app_id": p.APP_ID,
                "name": p.BOT_NAME,
                "deleted": False,
                "updated": 1700000000,
                "team_id": self.team_id,
            },
        }
        for key in ("blocks", "attachments"):
            if key in content:
                message[key] = content[key]
        thread_ts = call.params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = str(thread_ts)
        with self._cond:
            self.messages.append({**message, "channel": channel})
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, call: Call) -> dict[str, Any]:
        self._require(call, "channel", "channel_not_found")
        self._require(call, "user", "user_not_in_channel")
        content = self._message_content(call)
        if not content.get("text") and not content.get("blocks") and not content.get("attachments"):
            raise SlackError("no_text")
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        ts = self._require(call, "ts", "message_not_found")
        content = self._message_content(call)
        stored = self._find_message(channel, ts)
        if stored is not None:
            with self._cond:
                stored.update(content)
                stored["edited"] = {"user": p.BOT_USER_ID, "ts": self._next_ts()}
        message = {k: v for k, v in (stored or {}).items() if k != "channel"} or {
            "type": "message",
            "user": p.BOT_USER_ID,
            "bot_id": p.BOT_ID,
            "app_id": p.APP_ID,
            "team": self.team_id,
            **content,
        }
        return {"ok": True, "channel": channel, "ts": ts, "text": content.get("text", ""), "message": message}

    def _chat_delete(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        ts = self._require(call, "ts", "message_not_found")
        with self._cond:
            self.messages = [m for m in self.messages if not (m["channel"] == channel and m["ts"] == ts)]
        return {"ok": True, "channel": channel, "ts": ts}

    def _chat_get_permalink(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        ts = self._require(call, "message_ts", "message_not_found")
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _conversations_info(self, call: Call) -> dict[str, Any]:
        channel_id = self._require(call, "channel", "channel_not_found")
        channel = self.channels.get(channel_id)
        if channel is None:
            if not _ID_RE.match(channel_id) or channel_id[0] not in "CGD":
                raise SlackError("channel_not_found")
            channel = self._channel(channel_id, None)
        return {"ok": True, "channel": channel}

    def _users_info(self, call: Call) -> dict[str, Any]:
        user_id = self._require(call, "user", "user_not_found")
        user = self.users.get(user_id)
        if user is None:
            if not _ID_RE.match(user_id) or user_id[0] not in "UW":
                raise SlackError("user_not_found")
            user = self._user(user_id, user_id.lower(), user_id)
        return {"ok": True, "user": user}

    def _conversations_history(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        msgs = [m for m in self.messages_in(channel) if "thread_ts" not in m or m["thread_ts"] == m["ts"]]
        out = [{k: v for k, v in m.items() if k != "channel"} for m in reversed(msgs)]
        return {"ok": True, "messages": out, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _conversations_replies(self, call: Call) -> dict[str, Any]:
        channel = self._require(call, "channel", "channel_not_found")
        ts = self._require(call, "ts", "thread_not_found")
        msgs = self.messages_in(channel, thread_ts=ts)
        if not msgs:
            raise SlackError("thread_not_found")
        out = [{k: v for k, v in m.items() if k != "channel"} for m in msgs]
        return {"ok": True, "messages": out, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _reactions(self, call: Call) -> dict[str, Any]:
        self._require(call, "channel", "channel_not_found")
        self._require(call, "timestamp", "message_not_found")
        self._require(call, "name", "invalid_name")
        return {"ok": True}

    def _view_param(self, call: Call) -> dict[str, Any]:
        view = call.json_param("view")
        if view is None:
            raise SlackError("invalid_arguments")
        if isinstance(view, str):
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] view must be JSON"]})
        errors = validate_view(view)
        if errors:
            raise SlackError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {e}" for e in errors]})
        return view

    def _exchange_trigger(self, call: Call) -> None:
        trigger = str(call.params.get("trigger_id") or "")
        if not _TRIGGER_RE.match(trigger):
            raise SlackError("invalid_trigger_id")
        with self._cond:
            if trigger in self._used_triggers:
                raise SlackError("exchanged_trigger_id")
            self._used_triggers.add(trigger)

    def _stored_view(self, view: dict[str, Any], user: str, previous: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        view_id = previous["id"] if previous else f"V{next(self._view_seq):08d}"
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": uuid.uuid4().hex[:20],
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": (previous or {}).get("root_view_id") or view_id,
            "previous_view_id": None,
            "app_id": p.APP_ID,
            "bot_id": p.BOT_ID,
            "user": user,
        }

    def _views_open(self, call: Call) -> dict[str, Any]:
        view = self._view_param(call)
        if view["type"] != "modal":
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] views.open takes a modal"]})
        self._exchange_trigger(call)
        user = str(call.params.get("user_id") or "U123")
        stored = self._stored_view(view, user)
        with self._cond:
            self.modals[user] = [stored]
        return {"ok": True, "view": stored}

    def _views_push(self, call: Call) -> dict[str, Any]:
        view = self._view_param(call)
        self._exchange_trigger(call)
        with self._cond:
            stack = next(iter(s for s in self.modals.values() if s), None)
            if stack is None:
                raise SlackError("not_found")
            if len(stack) >= 3:
                raise SlackError("push_limit_reached")
            stored = self._stored_view(view, stack[-1]["user"])
            stored["root_view_id"] = stack[0]["id"]
            stored["previous_view_id"] = stack[-1]["id"]
            stack.append(stored)
        return {"ok": True, "view": stored}

    def _views_update(self, call: Call) -> dict[str, Any]:
        view = self._view_param(call)
        view_id = call.params.get("view_id")
        external_id = call.params.get("external_id")
        if not view_id and not external_id:
            raise SlackError("invalid_arguments")
        with self._cond:
            for stack in self.modals.values():
                for i, old in enumerate(stack):
                    if old["id"] == view_id or (external_id and old["external_id"] == external_id):
                        expected = call.params.get("hash")
                        if expected and expected != old["hash"]:
                            raise SlackError("hash_conflict")
                        stack[i] = self._stored_view(view, old["user"], old)
                        return {"ok": True, "view": stack[i]}
        raise SlackError("not_found")

    def _views_publish(self, call: Call) -> dict[str, Any]:
        user = self._require(call, "user_id", "invalid_arguments")
        view = self._view_param(call)
        if view["type"] != "home":
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] views.publish takes a home view"]})
        with self._cond:
            previous = self.home_tabs.get(user)
            self.home_tabs[user] = self._stored_view(view, user, previous)
            return {"ok": True, "view": self.home_tabs[user]}

    def _chat_unfurl(self, call: Call) -> dict[str, Any]:
        self._require(call, "channel", "channel_not_found")
        self._require(call, "ts", "cannot_find_message")
        unfurls = call.json_param("unfurls")
        if not isinstance(unfurls, dict) or not unfurls:
            raise SlackError("invalid_unfurls")
        for url, unfurl in unfurls.items():
            if not isinstance(unfurl, dict):
                raise SlackError("invalid_unfurls")
            errors = validate_blocks(unfurl["blocks"]) if "blocks" in unfurl else []
            if errors:
                raise SlackError("invalid_unfurls", errors=errors)
        return {"ok": True}

    def _assistant_thread(self, call: Call) -> dict[str, Any]:
        """The assistant thread a call names: a known conversation and a thread ts."""
        channel = self._require(call, "channel_id", "channel_not_found")
        if channel not in self.channels:
            raise SlackError("channel_not_found")
        thread_ts = self._require(call, "thread_ts", "invalid_thread_ts")
        with self._cond:
            return self.assistant_threads.setdefault((channel, thread_ts), {})

    def _assistant_set_suggested_prompts(self, call: Call) -> dict[str, Any]:
        """Up to four prompts, each a title (at most 75 characters) and a message (at most 2000)."""
        thread = self._assistant_thread(call)
        prompts = call.json_param("prompts")
        if not isinstance(prompts, list) or not 1 <= len(prompts) <= ASSISTANT_MAX_PROMPTS:
            raise SlackError("invalid_arguments")
        for prompt in prompts:
            if not isinstance(prompt, dict) or set(prompt) != {"title", "message"}:
                raise SlackError("invalid_arguments")
            title, message = prompt["title"], prompt["message"]
            if not isinstance(title, str) or not isinstance(message, str) or not title or not message:
                raise SlackError("invalid_arguments")
            if len(title) > ASSISTANT_PROMPT_TITLE_CHARS or len(message) > ASSISTANT_PROMPT_MESSAGE_CHARS:
                raise SlackError("invalid_arguments")
        with self._cond:
            thread["prompts"] = prompts
            thread["prompts_title"] = call.params.get("title")
        return {"ok": True}

    def _assistant_set_status(self, call: Call) -> dict[str, Any]:
        """The status under the thread; an empty status clears it (the parameter itself is required)."""
        thread = self._assistant_thread(call)
        status = call.params.get("status")
        if not isinstance(status, str):
            raise SlackError("invalid_arguments")
        with self._cond:
            thread["status"] = status
        return {"ok": True}

    def _assistant_set_title(self, call: Call) -> dict[str, Any]:
        thread = self._assistant_thread(call)
        title = call.params.get("title")
        if not isinstance(title, str) or not title.strip():
            raise SlackError("invalid_arguments")
        with self._cond:
            thread["title"] = title
        return {"ok": True}

    def _apps_connections_open(self, call: Call) -> dict[str, Any]:
        if self.socket_mode is None or not self.socket_mode.running:
            raise SlackError("socket_mode_not_enabled")
        return {"ok": True, "url": self.socket_mode.issue_url()}

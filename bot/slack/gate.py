"""The door of `POST /slack/events`: size first, then Slack's signature over the raw bytes, then parsing.

Nothing of an unsigned request is parsed or logged: a body over MAX_BODY_BYTES is refused
(413) before it is read, a request without a valid signature or inside the 5-minute window
(401) before its bytes are decoded. Slack's own payloads are a few kilobytes.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import IO, Callable, Literal

MAX_BODY_BYTES = 256 * 1024
WINDOW_SECONDS = 5 * 60  # Slack's own replay window

Verdict = Literal["ok", "too_large", "length_required", "bad_signature", "stale", "unreadable"]


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    body: bytes = b""

    @property
    def status(self) -> str:
        return {
            "ok": "200 OK",
            "too_large": "413 Payload Too Large",
            "length_required": "411 Length Required",
            "bad_signature": "401 Unauthorized",
            "stale": "401 Unauthorized",
            "unreadable": "400 Bad Request",
        }[self.verdict]


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def check_request(
    environ: dict, secret: str, now: Callable[[], float] = time.time, limit: int = MAX_BODY_BYTES
) -> Checked:
    """Read and verify one Slack request from a WSGI environ, reading at most `limit` bytes."""
    raw_length = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw_length.isascii() or not raw_length.isdigit() or len(raw_length) > 12:
        return Checked("length_required")
    length = int(raw_length)
    if length > limit:
        return Checked("too_large")
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "")
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12) or not signature.isascii():
        return Checked("bad_signature")
    if abs(now() - int(timestamp)) > WINDOW_SECONDS:
        return Checked("stale")
    stream: IO[bytes] = environ["wsgi.input"]
    try:
        body = stream.read(length) if length else b""
    except (OSError, ValueError):
        return Checked("unreadable")
    if len(body) != length:
        return Checked("unreadable")
    if not hmac.compare_digest(signature_of(secret, timestamp, body), signature):
        return Checked("bad_signature")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return Checked("unreadable")
    return Checked("ok", body)

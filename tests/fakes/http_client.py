"""Slack's side of the HTTP transport: requests to an app's ``POST /slack/events``.

Bodies and headers match what Slack sends: slash commands and interactivity
are ``application/x-www-form-urlencoded`` (interactivity as a single
``payload=<json>`` field), Events API deliveries are ``application/json``.
Every request is signed with Slack's v0 scheme::

    X-Slack-Request-Timestamp: <unix seconds>
    X-Slack-Signature: v0=hex(hmac_sha256(signing_secret, "v0:<ts>:<raw body>"))

Each function returns ``Response(status, headers, body, elapsed)``, a
NamedTuple that unpacks as the 4-tuple ``(status, headers, body_text,
elapsed_seconds)``; header names are lower-case. HTTP error statuses are
returned, not raised. Only stdlib urllib is used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any, NamedTuple, Optional, Union
from urllib.parse import urlencode

from .payloads import slack_json, url_verification_payload

__all__ = [
    "Response",
    "USER_AGENT",
    "post_block_actions",
    "post_event",
    "post_signed",
    "post_slash_command",
    "post_url_verification",
    "sign",
]

USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
#: Generous client timeout so a slow app shows up as a large ``elapsed``
#: (Slack itself gives up after 3 s) rather than as an exception.
DEFAULT_TIMEOUT = 10.0


class Response(NamedTuple):
    status: int
    headers: dict[str, str]
    body: str
    elapsed: float

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


def sign(secret: str, timestamp: Union[int, str], body: Union[str, bytes]) -> str:
    """The ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def post_signed(
    url: str,
    secret: str,
    body: Union[str, bytes],
    content_type: str,
    *,
    timestamp: Optional[Union[int, str]] = None,
    signature: Optional[str] = None,
    extra_headers: Optional[dict[str, str]] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """POST ``body`` signed like Slack. ``timestamp`` overrides "now" (e.g. 6
    minutes ago for replay tests; the signature is computed for it);
    ``signature`` replaces the computed signature (bad-signature tests)."""
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "User-Agent": USER_AGENT,
        "Accept": "application/json,*/*",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature if signature is not None else sign(secret, ts, raw),
    }
    headers.update(extra_headers or {})
    req = urllib.request.Request(url, data=raw, headers=headers, method="POST")
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read().decode(resp.headers.get_content_charset() or "utf-8")
            headers = {k.lower(): v for k, v in resp.headers.items()}
            return Response(resp.status, headers, text, time.monotonic() - start)
    except urllib.error.HTTPError as e:
        text = e.read().decode(e.headers.get_content_charset() or "utf-8", "replace")
        return Response(e.code, {k.lower(): v for k, v in e.headers.items()}, text, time.monotonic() - start)


def post_slash_command(
    url: str,
    secret: str,
    payload_dict: dict[str, str],
    timestamp: Optional[Union[int, str]] = None,
    signature: Optional[str] = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """Post a slash command form-encoded, as Slack does (see ``payloads.slash_command_payload``)."""
    body = urlencode(payload_dict)
    return post_signed(
        url,
        secret,
        body,
        "application/x-www-form-urlencoded",
        timestamp=timestamp,
        signature=signature,
        timeout=timeout,
    )


def post_event(
    url: str,
    secret: str,
    outer_payload: dict[str, Any],
    retry_num: Optional[int] = None,
    retry_reason: Optional[str] = None,
    *,
    timestamp: Optional[Union[int, str]] = None,
    signature: Optional[str] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """Post an Events API delivery as JSON (see ``payloads.event_callback``).

    ``retry_num`` adds ``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason``
    (default reason "http_timeout"), as on Slack's redeliveries.
    """
    extra: dict[str, str] = {}
    if retry_num is not None:
        extra["X-Slack-Retry-Num"] = str(retry_num)
        extra["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return post_signed(
        url,
        secret,
        slack_json(outer_payload),
        "application/json",
        timestamp=timestamp,
        signature=signature,
        extra_headers=extra,
        timeout=timeout,
    )


def post_url_verification(
    url: str,
    secret: str,
    challenge: str,
    *,
    timestamp: Optional[Union[int, str]] = None,
    signature: Optional[str] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """Post the ``url_verification`` handshake; the app must echo ``challenge``."""
    return post_signed(
        url,
        secret,
        slack_json(url_verification_payload(challenge)),
        "application/json",
        timestamp=timestamp,
        signature=signature,
        timeout=timeout,
    )


def post_block_actions(
    url: str,
    secret: str,
    payload: dict[str, Any],
    *,
    timestamp: Optional[Union[int, str]] = None,
    signature: Optional[str] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """Post an interactive payload as Slack does: form-encoded ``payload=<json>``."""
    body = urlencode({"payload": slack_json(payload)})
    return post_signed(
        url,
        secret,
        body,
        "application/x-www-form-urlencoded",
        timestamp=timestamp,
        signature=signature,
        timeout=timeout,
    )

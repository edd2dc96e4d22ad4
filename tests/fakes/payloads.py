"""Builders for the payloads Slack delivers to an app.

The same dicts are used by both transports: Socket Mode puts them in an
envelope's ``payload``; the HTTP transport posts them form-encoded (slash
commands, ``payload=<json>`` for interactivity) or as JSON (Events API).
Field names and value types follow what Slack actually sends, so code that
works against these also works against Slack: slash command fields are all
strings (``is_enterprise_install`` is ``"false"``), Events API payloads carry
``authorizations`` and ``event_context``, interactive payloads carry
``container``/``message``/``state``.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
import string
import threading
import time
import uuid
from typing import Any, Optional

TEAM_ID = "T0TEST"
TEAM_DOMAIN = "ukraine-test"
ENTERPRISE_ID: Optional[str] = None
APP_ID = "A0TEST"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
BOT_NAME = "ukraine-bot"
COMMAND = "/ukraine"
#: The legacy verification token Slack still puts in every payload.
VERIFICATION_TOKEN = "vErIfIcAtIoNtOkEn0000000"
#: Default for ``response_url`` when a test does not pass one: a local port
#: that refuses connections, so a stray POST fails fast instead of leaving the
#: machine. Pass ``FakeSlackAPI.response_url(name)`` to capture responses.
DEFAULT_RESPONSE_URL = "http://127.0.0.1:9/response/unset"

_ts_lock = threading.Lock()
_last_ts_us = 0
_trigger_counter = itertools.count(1)


def make_ts() -> str:
    """Return a message ``ts`` like Slack's ("1700000000.000100"): wall-clock
    based, unique and strictly increasing within the process."""
    global _last_ts_us
    with _ts_lock:
        now_us = int(time.time() * 1_000_000)
        _last_ts_us = max(now_us, _last_ts_us + 1)
        us = _last_ts_us
    return f"{us // 1_000_000}.{us % 1_000_000:06d}"


def make_trigger_id() -> str:
    """Return a trigger_id shaped like Slack's ("<digits>.<digits>.<hex32>")."""
    n = next(_trigger_counter)
    return f"{1000000000000 + n}.{4000000000000 + n}.{uuid.uuid4().hex}"


def make_event_id() -> str:
    """Return an Events API event_id ("Ev" + 10 upper-case alphanumerics)."""
    alphabet = string.ascii_uppercase + string.digits
    return "Ev" + "".join(random.choice(alphabet) for _ in range(10))


def _event_context(event_type: str, channel: Optional[str]) -> str:
    """Slack's opaque event_context: "4-" + unpadded urlsafe base64 of a small JSON."""
    raw = json.dumps(
        {"et": event_type, "tid": TEAM_ID, "aid": APP_ID, "cid": channel},
        separators=(",", ":"),
    ).encode()
    return "4-" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def rich_text_blocks(text: str) -> list[dict[str, Any]]:
    """The ``blocks`` Slack attaches to a user-typed message: one rich_text block.

    ``<@U…>`` mentions become ``user`` elements, the rest ``text`` elements,
    so handlers that read blocks see the same shape as in Slack.
    """
    elements: list[dict[str, Any]] = []
    rest = text
    while rest:
        start = rest.find("<@")
        end = rest.find(">", start) if start >= 0 else -1
        if start < 0 or end < 0:
            elements.append({"type": "text", "text": rest})
            break
        if start > 0:
            elements.append({"type": "text", "text": rest[:start]})
        elements.append({"type": "user", "user_id": rest[start + 2 : end].split("|")[0]})
        rest = rest[end + 1 :]
    block_id = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(5))
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


# ---------------------------------------------------------------------------
# Slash commands


def slash_command_payload(
    text: str,
    user_id: str = "U123",
    channel_id: str = "C123",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: Optional[str] = None,
    *,
    command: str = COMMAND,
    user_name: str = "oksana",
    channel_name: str = "general",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
) -> dict[str, str]:
    """The fields Slack posts for a slash command, in Slack's order, all strings.

    For a DM the channel_id starts with "D" and channel_name is "directmessage".
    """
    if channel_id.startswith("D") and channel_name == "general":
        channel_name = "directmessage"
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or make_trigger_id(),
    }


# ---------------------------------------------------------------------------
# Events API


def event_callback(
    event: dict[str, Any],
    *,
    event_id: Optional[str] = None,
    event_time: Optional[int] = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """Wrap an inner event in Slack's Events API outer payload (type "event_callback")."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": ENTERPRISE_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or make_event_id(),
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": ENTERPRISE_ID,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": _event_context(str(event.get("type")), event.get("channel")),
    }


def url_verification_payload(challenge: str) -> dict[str, str]:
    """The body Slack posts once when a Request URL is saved."""
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


def _user_message(
    event_type: str,
    text: str,
    user: str,
    channel: str,
    ts: Optional[str],
    thread_ts: Optional[str],
) -> dict[str, Any]:
    ts = ts or make_ts()
    event: dict[str, Any] = {
        "user": user,
        "type": event_type,
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "text": text,
        "team": TEAM_ID,
        "blocks": rich_text_blocks(text),
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def mention_text(text: str) -> str:
    """Prefix text with the bot mention the way Slack renders it, unless already there."""
    tag = f"<@{BOT_USER_ID}>"
    return text if tag in text else f"{tag} {text}"


def app_mention_event(
    text: str,
    user: str = "U123",
    channel: str = "C123",
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
) -> dict[str, Any]:
    """An ``app_mention`` inner event. ``text`` gets the "<@U0BOT> " prefix
    unless it already contains the mention, since Slack only sends this event
    for messages that mention the bot."""
    return _user_message("app_mention", mention_text(text), user, channel, ts, thread_ts)


def im_message_event(
    text: str,
    user: str = "U123",
    channel: str = "D123",
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
) -> dict[str, Any]:
    """A ``message`` event in a DM with the bot (``channel_type`` "im")."""
    event = _user_message("message", text, user, channel, ts, thread_ts)
    event["channel_type"] = "im"
    return event


def channel_message_event(
    text: str,
    user: str = "U123",
    channel: str = "C123",
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
) -> dict[str, Any]:
    """A plain channel ``message`` event (``channel_type`` "channel")."""
    event = _user_message("message", text, user, channel, ts, thread_ts)
    event["channel_type"] = "channel"
    return event


def bot_message_event(
    text: str,
    channel: str = "D123",
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
    *,
    bot_id: str = BOT_ID,
    user: Optional[str] = BOT_USER_ID,
    legacy_subtype: bool = False,
    channel_type: Optional[str] = None,
) -> dict[str, Any]:
    """A ``message`` event authored by a bot, for "ignore my own messages" tests.

    Messages an app posts with a bot token arrive with ``bot_id``, ``app_id``,
    ``bot_profile`` and the bot's ``user`` but no subtype. Legacy integrations
    and webhooks arrive with ``subtype: "bot_message"``, ``bot_id``, a
    ``username`` and no ``user`` (``legacy_subtype=True``).
    """
    ts = ts or make_ts()
    event: dict[str, Any] = {
        "type": "message",
        "text": text,
        "ts": ts,
        "bot_id": bot_id,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type or ("im" if channel.startswith("D") else "channel"),
    }
    if legacy_subtype:
        event["subtype"] = "bot_message"
        event["username"] = BOT_NAME
    else:
        event["app_id"] = APP_ID
        event["team"] = TEAM_ID
        if user is not None:
            event["user"] = user
        event["bot_profile"] = {
            "id": bot_id,
            "deleted": False,
            "name": BOT_NAME,
            "updated": 1700000000,
            "app_id": APP_ID,
            "team_id": TEAM_ID,
        }
        event["blocks"] = rich_text_blocks(text)
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def message_changed_event(
    new_text: str,
    user: str = "U123",
    channel: str = "D123",
    original_ts: Optional[str] = None,
) -> dict[str, Any]:
    """A ``message`` event with subtype ``message_changed`` (a user edited a message)."""
    original_ts = original_ts or make_ts()
    ts = make_ts()
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": {
            "type": "message",
            "user": user,
            "text": new_text,
            "ts": original_ts,
            "edited": {"user": user, "ts": ts},
            "team": TEAM_ID,
            "blocks": rich_text_blocks(new_text),
        },
        "previous_message": {"type": "message", "user": user, "text": "", "ts": original_ts},
        "channel": channel,
        "hidden": True,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im" if channel.startswith("D") else "channel",
    }


# ---------------------------------------------------------------------------
# Interactivity


def block_actions_payload(
    action_id: str,
    value: str,
    user: str = "U123",
    channel: str = "C123",
    message_ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
    response_url: str = DEFAULT_RESPONSE_URL,
    *,
    block_id: str = "actions",
    trigger_id: Optional[str] = None,
    message_text: str = "",
    message_blocks: Optional[list[dict[str, Any]]] = None,
    button_text: str = "Show more",
    user_name: str = "oksana",
    channel_name: str = "general",
) -> dict[str, Any]:
    """The ``block_actions`` payload Slack sends when a button in a bot message is clicked."""
    message_ts = message_ts or make_ts()
    action_ts = f"{time.time():.6f}"
    blocks = message_blocks
    if blocks is None:
        blocks = [
            {
                "type": "actions",
                "block_id": block_id,
                "elements": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "text": {"type": "plain_text", "text": button_text, "emoji": True},
                        "value": value,
                    }
                ],
            }
        ]
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel,
        "is_ephemeral": False,
    }
    message: dict[str, Any] = {
        "user": BOT_USER_ID,
        "type": "message",
        "ts": message_ts,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "text": message_text,
        "team": TEAM_ID,
        "blocks": blocks,
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user_name, "name": user_name, "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": container,
        "trigger_id": trigger_id or make_trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else channel_name},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts,
            }
        ],
    }


def view_block_actions_payload(
    action_id: str,
    value: str,
    view: dict[str, Any],
    user: str = "U123",
    *,
    block_id: str = "actions",
    trigger_id: Optional[str] = None,
    button_text: str = "Next page",
) -> dict[str, Any]:
    """The ``block_actions`` payload for a button inside a modal or the Home tab.

    ``view`` is the view as Slack stores it (what views.open/views.publish answered, with
    its ``id`` and ``hash``). There is no ``message``, ``channel`` or ``response_url``:
    Slack sends those only for buttons in messages.
    """
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "oksana", "name": "oksana", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id or make_trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "view": view,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
        "state": {"values": {}},
    }


def view_submission_payload(
    view: dict[str, Any],
    values: dict[str, dict[str, dict[str, Any]]],
    user: str = "U123",
) -> dict[str, Any]:
    """The ``view_submission`` payload Slack sends when a modal's submit button is pressed.

    ``values`` is ``state.values``: block_id -> action_id -> the element's value, e.g.
    ``{"reason": {"choice": {"type": "radio_buttons", "selected_option": {...}}}}``.
    """
    submitted = {**view, "state": {"values": values}}
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": {"id": user, "username": "oksana", "name": "oksana", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": make_trigger_id(),
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def app_home_opened_event(user: str = "U123", tab: str = "home", view: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The ``app_home_opened`` inner event (``view`` is present once a Home view was published)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D123",
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    if view is not None:
        event["view"] = view
    return event


def message_action_payload(
    text: str,
    callback_id: str,
    user: str = "U123",
    channel: str = "C123",
    message_ts: Optional[str] = None,
    response_url: str = DEFAULT_RESPONSE_URL,
    author: str = "U456",
) -> dict[str, Any]:
    """The ``message_action`` payload of a message shortcut chosen on someone's message."""
    ts = message_ts or make_ts()
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": {"id": user, "username": "oksana", "name": "oksana", "team_id": TEAM_ID},
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": make_trigger_id(),
        "response_url": response_url,
        "message_ts": ts,
        "message": {
            "type": "message",
            "user": author,
            "ts": ts,
            "text": text,
            "team": TEAM_ID,
            "blocks": rich_text_blocks(text),
        },
    }


def link_shared_event(
    urls: list[str],
    user: str = "U123",
    channel: str = "C123",
    message_ts: Optional[str] = None,
) -> dict[str, Any]:
    """The ``link_shared`` inner event for links to a domain the app registered for unfurling."""
    ts = message_ts or make_ts()
    return {
        "type": "link_shared",
        "channel": channel,
        "is_bot_user_member": True,
        "user": user,
        "message_ts": ts,
        "unfurl_id": f"{ts}.{user}",
        "thread_ts": None,
        "source": "conversations_history",
        "links": [{"domain": urlsplit_domain(u), "url": u} for u in urls],
        "event_ts": ts,
    }


def _assistant_thread_event(event_type: str, user: str, channel: str, thread_ts: Optional[str],
                            context_channel: Optional[str]) -> dict[str, Any]:
    context: dict[str, Any] = {"team_id": TEAM_ID, "enterprise_id": ENTERPRISE_ID}
    if context_channel is not None:
        context["channel_id"] = context_channel
    return {
        "type": event_type,
        "assistant_thread": {"user_id": user, "context": context, "channel_id": channel,
                             "thread_ts": thread_ts or make_ts()},
        "event_ts": make_ts(),
    }


def assistant_thread_started_event(
    user: str = "U123", channel: str = "D123", thread_ts: Optional[str] = None, context_channel: Optional[str] = "C123"
) -> dict[str, Any]:
    """``assistant_thread_started``: the user opened a thread in the app's assistant pane (the DM channel),
    while looking at ``context_channel``."""
    return _assistant_thread_event("assistant_thread_started", user, channel, thread_ts, context_channel)


def assistant_thread_context_changed_event(
    thread_ts: str, user: str = "U123", channel: str = "D123", context_channel: Optional[str] = "C123"
) -> dict[str, Any]:
    """``assistant_thread_context_changed``: the user, with the pane open, moved to another channel."""
    return _assistant_thread_event("assistant_thread_context_changed", user, channel, thread_ts, context_channel)


def urlsplit_domain(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def slack_json(payload: Any) -> str:
    """Serialise JSON the way Slack writes request bodies: compact, non-ASCII
    as ``\\uXXXX`` and "/" escaped as ``\\/``. Signatures cover these exact bytes."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")

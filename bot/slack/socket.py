"""Slack over Socket Mode: the one place the WebSocket handler is chosen and tuned.

Bolt's `websocket_client` adapter notices a connection that ends without a close frame as soon
as the socket reads end-of-stream and reconnects at once; the builtin adapter's socket waits in
CLOSE-WAIT until several pings have failed, which left the bot deaf for close to a minute.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

# Seconds between pings: a silent half-open connection (no end-of-stream, no close frame) is
# detected after about this long.
PING_INTERVAL = 3.0


def socket_mode_handler(app: App, app_token: str, *, ping_interval: float = PING_INTERVAL) -> SocketModeHandler:
    """The handler `ukraine-bot run` connects with, and the tests too."""
    return SocketModeHandler(app, app_token, ping_interval=ping_interval)

"""Run the real app the way `ukraine-bot run` does, against the local Slack fakes.

`HttpBot` serves `make_wsgi(create_app(...))` on waitress (127.0.0.1, a free
port) in a background thread and sends it Slack's signed requests.
`SocketBot` connects the Socket Mode app through `apps.connections.open` to
a `FakeSocketModeServer` with slack_bolt's builtin SocketModeHandler.
Both keep the app's own Settings (from an environment dict, through
`load_settings`) and Services (`make_services`), so what is tested is what runs.
With UKRAINE_BOT_STATE_URL in the environment an HttpBot opens that state as
`run` does, so two of them are two replicas sharing it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from bot.app import create_app, make_services
from bot.settings import load_settings
from bot.slack.http import create_http_server
from bot.state import State, open_state
from tests.fakes import http_client
from tests.fakes import payloads as p
from tests.fakes.fixtures import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import Call, FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer

PUBLIC_URL = "https://news-bot.example.org"
ACK_LIMIT = 3.0  # Slack shows the user an error when an app takes longer to acknowledge
CHAT_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update")

SULLIVAN = "Jake Sullivan"
SULLIVAN_ROLE = "Cố vấn an ninh quốc gia Mỹ"
SULLIVAN_ARTICLE = "000_4ae53418e66acca5"  # url null in seeds/sources.yml
GENEVA_ARTICLE = "004_04ef1faf11f1ddc1"  # the Lavrov–Blinken talks of 2022-01-21, url null
DANVIET_URL = (
    "https://danviet.vn/quan-chuc-my-chau-au-am-tham-thuyet-phuc-thu-ukraine-can-tu-bo-de-dam-phan-hoa-binh-voi-nga"
    "-20231104075416077.htm"
)
EVERY_ARTICLE_QUERY = "Nga"  # "Russia": named in all five seed articles, so the answer has two pages


STATE_PREFIX = "ukraine-bot-state-"


def _drop_own_state(state_file: Path) -> None:
    """Remove the state folder bot_env made for a bot (never one a test chose itself)."""
    if state_file.parent.name.startswith(STATE_PREFIX):
        shutil.rmtree(state_file.parent, ignore_errors=True)


def bot_env(index_path, api_url: str, **extra: str) -> dict[str, str]:
    """The environment `ukraine-bot run` would see; each bot gets a state file of its own."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "UKRAINE_BOT_INDEX": str(index_path),
        "UKRAINE_BOT_STATE": str(Path(tempfile.mkdtemp(prefix=STATE_PREFIX)) / "state.db"),
    }
    env.update(extra)
    return env


# -- what reached Slack ---------------------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value (message text, block texts, button values...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings_in(v)


def message_of(call: Call) -> dict[str, Any]:
    """text and blocks of a chat.* call, blocks decoded."""
    return {"text": call.params.get("text", ""), "blocks": call.json_param("blocks", [])}


def everything_sent(api: FakeSlackAPI) -> list[str]:
    """Every string the app sent Slack in a chat.* call or to a response_url."""
    out: list[str] = []
    for call in api.calls:
        if call.method in CHAT_METHODS:
            out.extend(strings_in(message_of(call)))
    for _, payload in api.responses:
        out.extend(strings_in(payload))
    return out


def block_text(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(strings_in(blocks))


def links_in(blocks: list[dict[str, Any]]) -> list[str]:
    """The URLs of the mrkdwn links <url|label> in some blocks."""
    return re.findall(r"<(https?://[^|>]+)\|", block_text(blocks))


def posts(api: FakeSlackAPI, count: int, timeout: float = 5.0) -> list[Call]:
    """Wait for `count` chat.postMessage calls to have been answered; return them all."""
    return api.wait_for("chat.postMessage", count, timeout=timeout)


def settle(seconds: float = 0.4) -> None:
    """Give a misbehaving app time to send what it should not (used only before asserting absence)."""
    time.sleep(seconds)


# -- HTTP -----------------------------------------------------------------------------------------


class HttpBot:
    """The app as `ukraine-bot run --http` serves it, on 127.0.0.1:<free port>."""

    def __init__(self, api: FakeSlackAPI, env: dict[str, str], engine, state: Optional[State] = None) -> None:
        self.api = api
        self.settings = load_settings(env=env)
        self.services = make_services(self.settings, engine, "http")
        if state is None and self.settings.state_url:
            state = open_state(self.settings, self.settings.index_path)
        self.state = state
        self.app = create_app(self.settings, self.services, state=self.state)
        self.server = create_http_server(
            self.app, engine, host="127.0.0.1", port=0, signing_secret=self.settings.signing_secret
        )
        self.base = f"http://127.0.0.1:{self.server.effective_port}"
        self.events_url = self.base + "/slack/events"
        self._thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)

    def start(self) -> "HttpBot":
        self._thread.start()
        return self

    def stop(self) -> None:
        from waitress import wasyncore

        # Close every socket from inside the server's own loop (closing them from here races its select()).
        try:
            self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        except OSError:
            # The loop's wake-up pipe is already gone: nothing is left to race, close directly.
            wasyncore.close_all(self.server._map)
        self._thread.join(timeout=5)
        self.server.task_dispatcher.shutdown(timeout=5)
        # Listeners ack on Bolt's threads and answer on the hand-off's: let both finish before the fake Slack goes.
        self.app.listener_runner.listener_executor.shutdown(wait=True)
        if self.services.handoff is not None:
            self.services.handoff.close()
        if self.state is not None:
            self.state.close()
        _drop_own_state(self.settings.state_file)

    # Slack's requests -------------------------------------------------------------------------

    def command(self, text: str, *, channel_id: str = "C123", **kw: Any) -> tuple[http_client.Response, str]:
        """POST `/ukraine <text>`; returns the response and the name of its response_url."""
        name = "cmd-" + uuid.uuid4().hex[:8]
        payload = p.slash_command_payload(text, channel_id=channel_id, response_url=self.api.response_url(name))
        return http_client.post_slash_command(self.events_url, SIGNING_SECRET, payload, **kw), name

    def event(self, inner: dict[str, Any], *, event_id: Optional[str] = None, **kw: Any) -> http_client.Response:
        return http_client.post_event(self.events_url, SIGNING_SECRET, p.event_callback(inner, event_id=event_id), **kw)

    def click(self, payload: dict[str, Any], **kw: Any) -> http_client.Response:
        return http_client.post_block_actions(self.events_url, SIGNING_SECRET, payload, **kw)

    def get(self, path: str) -> tuple[int, str, str]:
        """GET a page: (status, content type, body)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")


@contextmanager
def http_bot(api: FakeSlackAPI, engine, index_path, state: Optional[State] = None, **env: str) -> Iterator[HttpBot]:
    bot = HttpBot(api, bot_env(index_path, env.pop("SLACK_API_URL", api.base_url), **env), engine, state).start()
    try:
        yield bot
    finally:
        bot.stop()


# -- Socket Mode ----------------------------------------------------------------------------------


class SocketBot:
    """The app as `ukraine-bot run` runs it with SLACK_BOT_TOKEN and SLACK_APP_TOKEN set."""

    def __init__(self, api: FakeSlackAPI, server: FakeSocketModeServer, env: dict[str, str], engine) -> None:
        from bot.slack.socket import socket_mode_handler

        self.api = api
        self.server = server
        self.settings = load_settings(env=env)
        self.services = make_services(self.settings, engine, "socket")
        self.app = create_app(self.settings, self.services, socket_mode=True)
        # The handler `ukraine-bot run` uses, with its own ping interval: what is tested is what runs.
        self.handler = socket_mode_handler(self.app, self.settings.app_token)

    def start(self) -> "SocketBot":
        self.handler.connect()
        self.server.wait_for_connections(1, timeout=5)
        return self

    def stop(self) -> None:
        self.handler.close()
        self.app.listener_runner.listener_executor.shutdown(wait=True)
        if self.services.handoff is not None:
            self.services.handoff.close()
        _drop_own_state(self.settings.state_file)

    def command(self, text: str, **kw: Any) -> tuple[str, str]:
        """Send `/ukraine <text>` in an envelope; returns (envelope_id, response_url name)."""
        name = "cmd-" + uuid.uuid4().hex[:8]
        payload = p.slash_command_payload(text, response_url=self.api.response_url(name), **kw)
        return self.server.send_slash_command(payload), name

    def event(self, inner: dict[str, Any], **kw: Any) -> str:
        return self.server.send_event(p.event_callback(inner), **kw)


@contextmanager
def socket_bot(api: FakeSlackAPI, server: FakeSocketModeServer, engine, index_path, **env: str) -> Iterator[SocketBot]:
    full = bot_env(index_path, api.base_url, SLACK_APP_TOKEN=APP_TOKEN, **env)
    del full["SLACK_SIGNING_SECRET"]
    bot = SocketBot(api, server, full, engine).start()
    try:
        yield bot
    finally:
        bot.stop()


def show_more_click(api: FakeSlackAPI, details: dict[str, Any], channel: str = "C123", **kw: Any) -> dict[str, Any]:
    """The block_actions payload Slack sends when "Show more" under a posted details message is clicked."""
    (button,) = [b for b in details["blocks"] if b.get("block_id") == "more"][0]["elements"]
    return p.block_actions_payload(
        "show_more",
        button["value"],
        channel=channel,
        message_ts=details["ts"],
        thread_ts=details.get("thread_ts"),
        block_id="more",
        message_text=details.get("text", ""),
        message_blocks=details["blocks"],
        **kw,
    )


def read_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The "Read" buttons beside the articles of a posted message, in order."""
    return [b["accessory"] for b in message.get("blocks", []) if b.get("accessory", {}).get("action_id") == "read_article"]


def read_click(details: dict[str, Any], n: int = 0, channel: str = "C123", **kw: Any) -> dict[str, Any]:
    """The block_actions payload Slack sends when the n-th article's "Read" button is clicked."""
    button = read_buttons(details)[n]
    block_id = next(b.get("block_id", "") for b in details["blocks"] if b.get("accessory") is button)
    return p.block_actions_payload(
        "read_article",
        button["value"],
        channel=channel,
        message_ts=details["ts"],
        thread_ts=details.get("thread_ts"),
        block_id=block_id or "read",
        message_text=details.get("text", ""),
        message_blocks=details["blocks"],
        button_text="Read",
        **kw,
    )


def view_of(call: Call) -> dict[str, Any]:
    """The view a views.* call sent, decoded."""
    return call.json_param("view")

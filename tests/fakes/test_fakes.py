"""The fakes behave like Slack when driven by the real slack_sdk / slack_bolt clients.

No bot code is involved: each test drives a fake with an unmodified client
(WebClient, WebhookClient, SocketModeClient, SignatureVerifier, or a tiny
Bolt app defined here) and checks both sides of the wire.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingMixIn
from typing import Any, Iterator, Optional
from urllib.parse import parse_qs, parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient

from . import http_client
from . import payloads as p
from .fixtures import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from .slack_api import FakeSlackAPI
from .socket_mode import FakeSocketModeServer

FAST = FixedValueRetryIntervalCalculator(0.05)


# --------------------------------------------------------------------------- helpers


class _Capture(BaseHTTPRequestHandler):
    """Records the raw request so signing can be checked byte for byte."""

    server: "_CaptureServer"

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _CaptureServer(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[dict[str, str], bytes]]


@pytest.fixture(scope="module")
def capture() -> Iterator[_CaptureServer]:
    server = _CaptureServer(("127.0.0.1", 0), _Capture)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _capture_url(server: _CaptureServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/slack/events"


def _socket_client(api: FakeSlackAPI, ping_interval: float = 0.3) -> SocketModeClient:
    return SocketModeClient(
        app_token=APP_TOKEN,
        web_client=WebClient(token=BOT_TOKEN, base_url=api.base_url),
        ping_interval=ping_interval,
    )


def _acking_listener(received: list[SocketModeRequest], payload: Optional[dict[str, Any]] = None):
    def listener(client: SocketModeClient, req: SocketModeRequest) -> None:
        received.append(req)
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=payload))

    return listener


# --------------------------------------------------------------------------- Web API


def test_post_message_is_recorded_with_params_and_echoed(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Lavrov* là ngoại trưởng Nga"}}]
    resp = web_client.chat_postMessage(channel="C123", text="Lavrov", blocks=blocks, thread_ts="1700000000.000001")

    assert resp["ok"] is True and resp["channel"] == "C123"
    assert resp["message"]["text"] == "Lavrov" and resp["message"]["blocks"] == blocks
    assert resp["message"]["bot_id"] == p.BOT_ID and resp["message"]["thread_ts"] == "1700000000.000001"
    (call,) = fake_slack.wait_for("chat.postMessage")
    # slack_sdk sends chat.postMessage as JSON (blocks keep their structure) and the token as a header.
    assert call.content_type == "application/json"
    assert call.headers["authorization"] == "Bearer xoxb-test" and call.token == "xoxb-test"
    assert call.params == {"channel": "C123", "text": "Lavrov", "blocks": blocks, "thread_ts": "1700000000.000001"}
    assert call.ok and call.response == resp.data
    assert fake_slack.messages_in("C123")[0]["ts"] == resp["ts"]


def test_ts_values_are_unique_and_increasing(web_client: WebClient) -> None:
    stamps = [web_client.chat_postMessage(channel="C123", text=str(i))["ts"] for i in range(5)]
    assert stamps[0] == "1700000000.000100"
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)
    assert [float(ts) for ts in stamps] == sorted({float(ts) for ts in stamps})


def test_form_encoded_methods_and_other_answers(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    posted = web_client.chat_postMessage(channel="C123", text="first")
    eph = web_client.chat_postEphemeral(channel="C123", user="U123", text="only you")
    upd = web_client.chat_update(channel="C123", ts=posted["ts"], text="edited")
    link = web_client.chat_getPermalink(channel="C123", message_ts=posted["ts"])
    info = web_client.conversations_info(channel="D123", include_locale=True)
    user = web_client.users_info(user="U123")
    deleted = web_client.chat_delete(channel="C123", ts=posted["ts"])

    assert set(eph.data) == {"ok", "message_ts"}
    assert upd["ts"] == posted["ts"] and upd["message"]["text"] == "edited"
    assert link["permalink"].endswith(f"/archives/C123/p{posted['ts'].replace('.', '')}")
    assert info["channel"]["is_im"] is True and info["channel"]["user"] == "U123"
    assert user["user"]["id"] == "U123" and user["user"]["is_bot"] is False
    assert deleted.data == {"ok": True, "channel": "C123", "ts": posted["ts"]}
    assert fake_slack.messages_in("C123") == []
    # params-style methods go form-encoded with booleans as "1"/"0"; chat.update is JSON.
    (info_call,) = fake_slack.calls_to("conversations.info")
    assert info_call.content_type == "application/x-www-form-urlencoded"
    assert info_call.params == {"channel": "D123", "include_locale": "1"}
    assert fake_slack.calls_to("chat.update")[0].content_type == "application/json"
    assert web_client.conversations_info(channel="C999")["channel"]["id"] == "C999"
    with pytest.raises(SlackApiError) as err:
        web_client.conversations_info(channel="not-a-channel")
    assert err.value.response["error"] == "channel_not_found"


def test_auth_test_and_token_rules(fake_slack: FakeSlackAPI) -> None:
    ok = WebClient(token="xoxb-test", base_url=fake_slack.base_url).auth_test()
    assert (ok["user_id"], ok["bot_id"], ok["team_id"]) == ("U0BOT", "B0BOT", p.TEAM_ID)

    def error_of(token: Optional[str], method: str = "auth.test") -> str:
        with pytest.raises(SlackApiError) as err:
            WebClient(token=token, base_url=fake_slack.base_url).api_call(method)
        return str(err.value.response["error"])

    assert error_of(None) == "not_authed"
    assert error_of("garbage") == "invalid_auth"
    assert error_of("xapp-1-test") == "not_allowed_token_type"
    assert error_of("xoxb-test", "apps.connections.open") == "not_allowed_token_type"
    fake_slack.bot_tokens = {"xoxb-test"}
    assert error_of("xoxb-someone-else") == "invalid_auth"


def test_unknown_method_answers_unknown_method(web_client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        web_client.api_call("chat.postMessag")
    assert err.value.response.status_code == 200
    assert err.value.response.data == {"ok": False, "error": "unknown_method", "req_method": "chat.postMessag"}


def test_not_in_channel_raises_slack_api_error(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    with pytest.raises(SlackApiError) as err:
        web_client.chat_postMessage(channel="C123", text="hi")
    assert err.value.response.status_code == 200 and err.value.response["error"] == "not_in_channel"
    assert web_client.chat_postMessage(channel="C123", text="hi")["ok"] is True


def test_fault_times_applies_to_n_calls(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", error="channel_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError):
            web_client.chat_postMessage(channel="C123", text="hi")
    assert web_client.chat_postMessage(channel="C123", text="hi")["ok"]
    assert [c.ok for c in fake_slack.calls_to("chat.postMessage")] == [False, False, True]


def test_rate_limit_is_retried_after_retry_after(fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))

    assert client.chat_postMessage(channel="C123", text="hi")["ok"] is True
    first, second = fake_slack.calls_to("chat.postMessage")
    assert (first.status, first.response) == (429, {"ok": False, "error": "ratelimited"})
    assert second.ok and second.params == first.params
    assert 1.0 <= second.time - first.time < 2.5  # Retry-After plus the handler's jitter (< 1 s)
    assert len([m for m in fake_slack.messages if m["channel"] == "C123"]) == 1


def test_rate_limit_without_handler_surfaces_429(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as err:
        web_client.chat_postMessage(channel="C123", text="hi")
    assert err.value.response.status_code == 429
    assert err.value.response["error"] == "ratelimited"
    assert err.value.response.headers["Retry-After"] == "7"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_server_error_is_retried_by_server_error_handler(fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_next("chat.postMessage", status=500)
    plain = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    with pytest.raises(SlackApiError) as err:
        plain.chat_postMessage(channel="C123", text="hi")
    assert err.value.response.status_code == 500

    fake_slack.fail_next("chat.postMessage", status=503)
    retrying = WebClient(
        token=BOT_TOKEN,
        base_url=fake_slack.base_url,
        retry_handlers=[ServerErrorRetryHandler(max_retry_count=1, interval_calculator=FAST)],
    )
    assert retrying.chat_postMessage(channel="C123", text="hi")["ok"]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500, 503, 200]


def test_dropped_connection_is_retried_by_default_handlers(fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_next("auth.test", drop_connection=True)
    client = WebClient(
        token=BOT_TOKEN,
        base_url=fake_slack.base_url,
        retry_handlers=[ConnectionErrorRetryHandler(interval_calculator=FAST)],
    )
    assert client.auth_test()["ok"]
    assert [c.status for c in fake_slack.calls_to("auth.test")] == [0, 200]

    fake_slack.fail_next("auth.test", drop_connection=True)
    no_retry = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url, retry_handlers=[])
    with pytest.raises(Exception) as err:
        no_retry.auth_test()
    assert "Remote end closed connection" in str(err.value)


def test_slow_api_delay_and_client_timeout(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", delay=0.4)
    start = time.monotonic()
    assert web_client.chat_postMessage(channel="C123", text="slow")["ok"]
    assert time.monotonic() - start >= 0.4

    fake_slack.fail_next("chat.postMessage", delay=1.5)
    impatient = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url, timeout=0.3)  # type: ignore[arg-type]
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C123", text="too slow")


def test_invalid_blocks_and_no_text_are_rejected_like_slack(web_client: WebClient) -> None:
    too_long = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    with pytest.raises(SlackApiError) as err:
        web_client.chat_postMessage(channel="C123", text="t", blocks=too_long)
    assert err.value.response["error"] == "invalid_blocks"
    assert err.value.response["errors"] == ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]
    with pytest.raises(SlackApiError) as err:
        web_client.api_call("chat.postMessage", json={"channel": "C123"})
    assert err.value.response["error"] == "no_text"
    ok_blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}]
    assert web_client.chat_postMessage(channel="C123", text="t", blocks=ok_blocks)["ok"]


def test_register_and_thread_replies(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    fake_slack.register("views.open", lambda call: {"ok": True, "view": {"id": "V1", **call.json_param("view")}})
    assert web_client.views_open(trigger_id="t", view={"type": "modal"})["view"] == {"id": "V1", "type": "modal"}

    question = fake_slack.add_message("C123", "<@U0BOT> who is Lavrov?", user="U123")
    web_client.chat_postMessage(channel="C123", text="Sergey Lavrov ...", thread_ts=question["ts"])
    replies = web_client.conversations_replies(channel="C123", ts=question["ts"])["messages"]
    assert [m["text"] for m in replies] == ["<@U0BOT> who is Lavrov?", "Sergey Lavrov ..."]


def _modal(title: str = "Article", blocks: Optional[list[dict[str, Any]]] = None, **extra: Any) -> dict[str, Any]:
    body = blocks if blocks is not None else [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": body, **extra}


def test_views_open_stores_the_modal_and_answers_its_id_and_hash(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    view = web_client.views_open(trigger_id=p.make_trigger_id(), view=_modal(private_metadata="m"))["view"]

    assert view["id"].startswith("V") and view["hash"] and view["private_metadata"] == "m"
    assert fake_slack.modals["U123"] == [view]


def test_a_trigger_id_opens_one_view_and_a_malformed_one_none(web_client: WebClient) -> None:
    trigger = p.make_trigger_id()
    web_client.views_open(trigger_id=trigger, view=_modal())
    with pytest.raises(SlackApiError) as err:
        web_client.views_open(trigger_id=trigger, view=_modal())
    assert err.value.response["error"] == "exchanged_trigger_id"
    with pytest.raises(SlackApiError) as err:
        web_client.views_open(trigger_id="not-a-trigger", view=_modal())
    assert err.value.response["error"] == "invalid_trigger_id"


def test_views_reject_what_slack_rejects(web_client: WebClient) -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    bad = [
        _modal(title="A title longer than 24 chars"),
        _modal(blocks=[section] * 101),
        _modal(private_metadata="x" * 3001),
        _modal(blocks=[{"type": "input", "label": {"type": "plain_text", "text": "l"}, "element": {}}]),
    ]
    for view in bad:
        with pytest.raises(SlackApiError) as err:
            web_client.views_open(trigger_id=p.make_trigger_id(), view=view)
        assert err.value.response["error"] == "invalid_arguments"
    assert web_client.views_open(trigger_id=p.make_trigger_id(), view=_modal(blocks=[section] * 100))["ok"]


def test_views_update_replaces_a_view_by_id_and_checks_its_hash(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    opened = web_client.views_open(trigger_id=p.make_trigger_id(), view=_modal())["view"]

    with pytest.raises(SlackApiError) as err:
        web_client.views_update(view_id=opened["id"], hash="stale", view=_modal("Page 2"))
    assert err.value.response["error"] == "hash_conflict"
    updated = web_client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Page 2"))["view"]
    assert updated["id"] == opened["id"] and updated["title"]["text"] == "Page 2"
    with pytest.raises(SlackApiError) as err:
        web_client.views_update(view_id="V99999999", view=_modal())
    assert err.value.response["error"] == "not_found"


def test_views_push_stacks_at_most_three_modals(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    web_client.views_open(trigger_id=p.make_trigger_id(), view=_modal())
    web_client.views_push(trigger_id=p.make_trigger_id(), view=_modal("2"))
    web_client.views_push(trigger_id=p.make_trigger_id(), view=_modal("3"))
    with pytest.raises(SlackApiError) as err:
        web_client.views_push(trigger_id=p.make_trigger_id(), view=_modal("4"))
    assert err.value.response["error"] == "push_limit_reached"
    assert [v["title"]["text"] for v in fake_slack.modals["U123"]] == ["Article", "2", "3"]


def test_views_publish_keeps_one_home_view_per_user(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
    first = web_client.views_publish(user_id="U123", view=home)["view"]
    second = web_client.views_publish(user_id="U123", view=home)["view"]

    assert first["id"] == second["id"] and fake_slack.home_tabs["U123"]["type"] == "home"
    with pytest.raises(SlackApiError) as err:
        web_client.views_publish(user_id="U123", view=_modal())
    assert err.value.response["error"] == "invalid_arguments"


def test_chat_unfurl_needs_unfurls_for_a_message(web_client: WebClient) -> None:
    unfurls = {"https://x.example/a": {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "t"}}]}}
    assert web_client.chat_unfurl(channel="C123", ts="1700000000.000100", unfurls=unfurls)["ok"]
    with pytest.raises(SlackApiError) as err:
        web_client.chat_unfurl(channel="C123", ts="1700000000.000100", unfurls={})
    assert err.value.response["error"] == "invalid_unfurls"


def test_section_accessory_buttons_are_held_to_button_limits(web_client: WebClient) -> None:
    button = {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "Read"}, "value": "v" * 2001}
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "accessory": button}]
    with pytest.raises(SlackApiError) as err:
        web_client.chat_postMessage(channel="C123", text="t", blocks=blocks)
    assert err.value.response["errors"] == ["must be less than 2001 characters [json-pointer:/blocks/0/accessory/value]"]


def test_response_url_post_via_webhook_client_is_recorded(fake_slack: FakeSlackAPI) -> None:
    url = fake_slack.response_url("cmd-1")
    resp = WebhookClient(url).send(text="Đang tìm…", response_type="ephemeral", replace_original=False)

    assert resp.status_code == 200 and json.loads(resp.body) == {"ok": True}
    sent = {"text": "Đang tìm…", "response_type": "ephemeral", "replace_original": False}
    assert fake_slack.wait_for_response("cmd-1") == [sent]
    assert fake_slack.responses == [("cmd-1", sent)]

    fake_slack.fail_next("response_url", status=404, error="expired_url")
    assert WebhookClient(url).send(text="late").status_code == 404


# --------------------------------------------------------------------------- Socket Mode


def test_socket_mode_client_connects_receives_and_acks(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    raw_messages: list[dict[str, Any]] = []
    received: list[SocketModeRequest] = []
    client = _socket_client(fake_slack)
    client.message_listeners.append(lambda _c, message, _raw: raw_messages.append(message))
    client.socket_mode_request_listeners.append(_acking_listener(received, {"text": "Đang tìm…"}))
    try:
        client.connect()
        fake_socket_mode.wait_for_connections(1, timeout=3)
        (open_call,) = fake_slack.calls_to("apps.connections.open")
        assert open_call.headers["authorization"] == f"Bearer {APP_TOKEN}" and open_call.ok
        assert open_call.response is not None and open_call.response["url"].startswith("ws://127.0.0.1:")

        payload = p.slash_command_payload("who Lavrov", response_url=fake_slack.response_url("c1"))
        envelope_id = fake_socket_mode.send_slash_command(payload)
        ack, elapsed = fake_socket_mode.wait_for_ack(envelope_id, timeout=3)

        assert ack == {"envelope_id": envelope_id, "payload": {"text": "Đang tìm…"}}
        assert elapsed < 3
        (req,) = received
        assert (req.type, req.envelope_id, req.accepts_response_payload) == ("slash_commands", envelope_id, True)
        assert req.payload == payload and req.retry_attempt is None
        hello = raw_messages[0]
        assert hello["type"] == "hello" and hello["connection_info"] == {"app_id": p.APP_ID}
    finally:
        client.close()


def test_events_api_envelope_carries_retry_fields_and_bare_ack(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    received: list[SocketModeRequest] = []
    client = _socket_client(fake_slack)
    client.socket_mode_request_listeners.append(_acking_listener(received))
    try:
        client.connect()
        outer = p.event_callback(p.app_mention_event("who is Lavrov?"))
        envelope_id = fake_socket_mode.send_event(outer, retry_attempt=1, retry_reason="timeout")
        ack = fake_socket_mode.wait_for_ack(envelope_id)
        assert ack.message == {"envelope_id": envelope_id} and ack.payload is None
        (req,) = received
        assert (req.retry_attempt, req.retry_reason, req.accepts_response_payload) == (1, "timeout", False)
        assert req.payload["event"]["text"] == "<@U0BOT> who is Lavrov?"
    finally:
        client.close()


def test_large_envelope_survives_the_builtin_frame_parser(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    received: list[SocketModeRequest] = []
    client = _socket_client(fake_slack)
    client.socket_mode_request_listeners.append(_acking_listener(received))
    try:
        client.connect()
        for size in (300, 20_000, 70_000):  # 7-bit, 16-bit and 64-bit WebSocket length fields
            text = ("Ngoại trưởng Nga Lavrov " * (size // 24 + 1))[:size]
            payload = p.block_actions_payload("show_more", "q:lavrov", message_text=text)
            fake_socket_mode.wait_for_ack(fake_socket_mode.send_interactive(payload))
            assert received[-1].payload == payload
    finally:
        client.close()


def test_client_reconnects_after_server_closes_connection(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    received: list[SocketModeRequest] = []
    client = _socket_client(fake_slack, ping_interval=0.2)
    client.socket_mode_request_listeners.append(_acking_listener(received))
    try:
        client.connect()
        fake_socket_mode.wait_for_connections(1, timeout=3)
        assert fake_socket_mode.disconnect_all() == 1
        # slack_sdk notices the close in its monitor loop (every ping_interval) and reconnects
        fake_socket_mode.wait_for_connections(2, timeout=3)
        assert len(fake_slack.calls_to("apps.connections.open")) == 2 and fake_socket_mode.tickets_issued == 2
        envelope_id = fake_socket_mode.send_event(p.event_callback(p.im_message_event("ai là Lavrov")))
        fake_socket_mode.wait_for_ack(envelope_id)
    finally:
        client.close()


def test_disconnect_message_makes_client_reconnect_at_once(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    client = _socket_client(fake_slack, ping_interval=10)  # Bolt's default: the monitor would wait 10 s
    try:
        client.connect()
        fake_socket_mode.wait_for_connections(1, timeout=3)
        start = time.monotonic()
        fake_socket_mode.disconnect_all(send_disconnect=True, close=False)
        fake_socket_mode.wait_for_connections(2, timeout=2)
        assert time.monotonic() - start < 2
        deadline = time.monotonic() + 2
        while fake_socket_mode.active_connections != 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fake_socket_mode.active_connections == 1  # the client dropped the old connection itself
    finally:
        client.close()


def test_client_recovers_from_abrupt_tcp_drop(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    client = _socket_client(fake_slack, ping_interval=0.2)
    try:
        client.connect()
        fake_socket_mode.wait_for_connections(1, timeout=3)
        fake_socket_mode.disconnect_all(abrupt=True)
        fake_socket_mode.wait_for_connections(2, timeout=3)
    finally:
        client.close()


def test_server_pings_are_answered_and_unknown_tickets_refused(fake_slack: FakeSlackAPI) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with FakeSocketModeServer(fake_slack, ping_interval=0.1, ping_timeout=0.5) as server:
        client = _socket_client(fake_slack, ping_interval=5)
        try:
            client.connect()
            server.wait_for_connections(1, timeout=3)
            time.sleep(0.8)  # several server pings; an unanswered one would close the connection
            assert server.active_connections == 1 and server.connection_count == 1
        finally:
            client.close()
        with pytest.raises(InvalidStatus) as err:
            connect(f"ws://127.0.0.1:{server.port}/link/?ticket=forged", open_timeout=2)
        assert err.value.response.status_code == 401 and server.refused_count == 1


# --------------------------------------------------------------------------- HTTP transport signing


def test_signed_requests_verify_and_tampered_ones_do_not(capture: _CaptureServer) -> None:
    url = _capture_url(capture)
    verifier = SignatureVerifier(SIGNING_SECRET)
    capture.requests.clear()

    slash = p.slash_command_payload("ai là Lavrov?")
    status, headers, body_text, elapsed = http_client.post_slash_command(url, SIGNING_SECRET, slash)
    assert status == 200 and elapsed < 3
    outer = p.event_callback(p.im_message_event("ai là Lavrov? https://vnexpress.net/lavrov"))
    http_client.post_event(url, SIGNING_SECRET, outer, retry_num=1, retry_reason="http_timeout")
    action = p.block_actions_payload("show_more", "q:lavrov", response_url="https://hooks.slack.com/actions/x")
    http_client.post_block_actions(url, SIGNING_SECRET, action)
    http_client.post_url_verification(url, SIGNING_SECRET, "chal-123")

    (h1, b1), (h2, b2), (_, b3), (_, b4) = capture.requests
    for headers_, body in capture.requests:
        assert verifier.is_valid_request(body, headers_)
        assert not verifier.is_valid_request(body + b" ", headers_)
        assert not SignatureVerifier("other-secret").is_valid_request(body, headers_)
    assert h1["Content-Type"] == "application/x-www-form-urlencoded" and h1["User-Agent"] == http_client.USER_AGENT
    assert dict(parse_qsl(b1.decode(), keep_blank_values=True)) == slash
    assert h2["Content-Type"] == "application/json" and json.loads(b2) == outer
    assert (h2["X-Slack-Retry-Num"], h2["X-Slack-Retry-Reason"]) == ("1", "http_timeout")
    assert b"https:\\/\\/vnexpress.net\\/lavrov" in b2 and b"l\\u00e0" in b2  # Slack's JSON escaping
    assert list(parse_qs(b3.decode())) == ["payload"] and json.loads(parse_qs(b3.decode())["payload"][0]) == action
    assert json.loads(b4) == {"token": p.VERIFICATION_TOKEN, "challenge": "chal-123", "type": "url_verification"}


def test_stale_timestamp_and_forged_signature_fail_verification(capture: _CaptureServer) -> None:
    url = _capture_url(capture)
    verifier = SignatureVerifier(SIGNING_SECRET)
    capture.requests.clear()
    six_minutes_ago = int(time.time()) - 6 * 60
    http_client.post_slash_command(url, SIGNING_SECRET, p.slash_command_payload("x"), timestamp=six_minutes_ago)
    http_client.post_slash_command(url, SIGNING_SECRET, p.slash_command_payload("x"), signature="v0=" + "0" * 64)
    (h1, b1), (h2, b2) = capture.requests
    assert h1["X-Slack-Request-Timestamp"] == str(six_minutes_ago)
    assert h1["X-Slack-Signature"] == http_client.sign(SIGNING_SECRET, six_minutes_ago, b1)  # correctly signed...
    assert not verifier.is_valid_request(b1, h1)  # ...but too old
    assert not verifier.is_valid_request(b2, h2)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=200))
def test_any_command_text_round_trips_signed(capture: _CaptureServer, text: str) -> None:
    capture.requests.clear()
    payload = p.slash_command_payload(text)
    http_client.post_slash_command(_capture_url(capture), SIGNING_SECRET, payload)
    ((headers, body),) = capture.requests
    assert SignatureVerifier(SIGNING_SECRET).is_valid_request(body, headers)
    assert dict(parse_qsl(body.decode(), keep_blank_values=True))["text"] == text


# --------------------------------------------------------------------------- a tiny Bolt app on both transports


def _bolt_app(api: FakeSlackAPI):
    from slack_bolt import App

    app = App(client=WebClient(token=BOT_TOKEN, base_url=api.base_url), signing_secret=SIGNING_SECRET)

    @app.command("/ukraine")
    def command(ack, respond, command):
        ack(f"echo: {command['text']}")
        respond("later")

    @app.event("app_mention")
    def mention(event, say):
        say(text="pong", thread_ts=event["ts"])

    @app.action("show_more")
    def show_more(ack, respond, body):
        ack()
        respond(body["actions"][0]["value"])

    return app


def test_bolt_socket_mode_handler_against_the_fakes(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer
) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(_bolt_app(fake_slack), APP_TOKEN, ping_interval=0.3)
    try:
        handler.connect()
        cmd = fake_socket_mode.send_slash_command(
            p.slash_command_payload("who Lavrov", response_url=fake_slack.response_url("cmd"))
        )
        assert fake_socket_mode.wait_for_ack(cmd).payload == {"text": "echo: who Lavrov"}
        assert fake_slack.wait_for_response("cmd") == [{"text": "later"}]

        mention = p.app_mention_event("who is Lavrov?")
        ev = fake_socket_mode.send_event(p.event_callback(mention))
        assert fake_socket_mode.wait_for_ack(ev).payload is None
        (post,) = fake_slack.wait_for("chat.postMessage")
        # Bolt's say() also sends the workspace's team_id
        assert post.params == {"channel": "C123", "text": "pong", "thread_ts": mention["ts"], "team_id": p.TEAM_ID}

        act = fake_socket_mode.send_interactive(
            p.block_actions_payload("show_more", "page-2", response_url=fake_slack.response_url("btn"))
        )
        fake_socket_mode.wait_for_ack(act)
        assert fake_slack.wait_for_response("btn") == [{"text": "page-2"}]

        unhandled = fake_socket_mode.send_event(p.event_callback(p.channel_message_event("hello")))
        fake_socket_mode.assert_no_ack(unhandled, within=0.3)  # Bolt does not ack what no listener handled
    finally:
        handler.close()


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_bolt_http_mode_accepts_slack_requests_and_rejects_forgeries(fake_slack: FakeSlackAPI) -> None:
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(_bolt_app(fake_slack)), _ThreadingWSGIServer, _QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    try:
        resp = http_client.post_url_verification(url, SIGNING_SECRET, "chal-9")
        assert resp.status == 200 and resp.json() == {"challenge": "chal-9"}

        payload = p.slash_command_payload("ai là Lavrov?", response_url=fake_slack.response_url("http-cmd"))
        resp = http_client.post_slash_command(url, SIGNING_SECRET, payload)
        assert (resp.status, resp.body) == (200, "echo: ai là Lavrov?") and resp.elapsed < 3
        assert fake_slack.wait_for_response("http-cmd") == [{"text": "later"}]

        resp = http_client.post_event(url, SIGNING_SECRET, p.event_callback(p.app_mention_event("hi")), retry_num=1)
        assert resp.status == 200
        fake_slack.wait_for("chat.postMessage")

        resp = http_client.post_block_actions(
            url, SIGNING_SECRET, p.block_actions_payload("show_more", "v", response_url=fake_slack.response_url("b"))
        )
        assert resp.status == 200 and fake_slack.wait_for_response("b") == [{"text": "v"}]

        assert http_client.post_slash_command(url, "wrong-secret", payload).status == 401
        old = int(time.time()) - 301
        assert http_client.post_slash_command(url, SIGNING_SECRET, payload, timestamp=old).status == 401
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- payload builders


def test_payload_builders_match_slack_shapes() -> None:
    slash = p.slash_command_payload("who Lavrov", user_id="U9", channel_id="D9")
    assert all(isinstance(v, str) for v in slash.values())
    assert list(slash) == [
        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
        "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
    ]  # fmt: skip
    assert slash["channel_name"] == "directmessage" and slash["command"] == "/ukraine"

    outer = p.event_callback(p.app_mention_event("who is Lavrov?", thread_ts="1.2"))
    assert outer["type"] == "event_callback" and outer["event_id"].startswith("Ev")
    (authorization,) = outer["authorizations"]
    assert authorization["user_id"] == "U0BOT" and authorization["is_bot"] is True
    assert authorization["team_id"] == p.TEAM_ID
    assert outer["event"]["text"] == "<@U0BOT> who is Lavrov?" and outer["event"]["thread_ts"] == "1.2"
    assert outer["event_context"].startswith("4-")
    im = p.im_message_event("ai là Lavrov")
    assert (im["type"], im["channel_type"], im["channel"]) == ("message", "im", "D123")
    assert "bot_id" in p.bot_message_event("x") and "subtype" not in p.bot_message_event("x")
    assert p.bot_message_event("x", legacy_subtype=True)["subtype"] == "bot_message"
    action = p.block_actions_payload("show_more", "v", thread_ts="1.1")
    assert action["type"] == "block_actions" and action["actions"][0]["type"] == "button"
    assert action["container"]["thread_ts"] == "1.1" and action["message"]["thread_ts"] == "1.1"


# -- assistant.threads.* ----------------------------------------------------------------------------


def _prompts(n: int, title: str = "who Sullivan", message: str = "who Sullivan") -> list[dict[str, str]]:
    return [{"title": title, "message": message} for _ in range(n)]


def test_suggested_prompts_are_kept_for_their_assistant_thread(fake_slack: FakeSlackAPI, web_client: WebClient) -> None:
    web_client.assistant_threads_setSuggestedPrompts(channel_id="D123", thread_ts="1700000000.000100",
                                                    title="Try", prompts=_prompts(2))
    assert fake_slack.assistant_threads[("D123", "1700000000.000100")] == {"prompts": _prompts(2),
                                                                           "prompts_title": "Try"}


@pytest.mark.parametrize("prompts", [[], _prompts(5), _prompts(1, title="t" * 76), _prompts(1, message="m" * 2001),
                                     [{"title": "who Sullivan"}]])
def test_suggested_prompts_outside_slacks_limits_are_refused(web_client: WebClient, prompts) -> None:
    with pytest.raises(SlackApiError) as err:
        web_client.assistant_threads_setSuggestedPrompts(channel_id="D123", thread_ts="1700000000.000100",
                                                        prompts=prompts)
    assert err.value.response["error"] == "invalid_arguments"


def test_assistant_calls_name_a_known_conversation_and_a_thread(web_client: WebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        web_client.assistant_threads_setTitle(channel_id="D999", thread_ts="1700000000.000100", title="t")
    with pytest.raises(SlackApiError) as no_thread:
        web_client.api_call("assistant.threads.setTitle", json={"channel_id": "D123", "title": "t"})
    assert unknown.value.response["error"] == "channel_not_found"
    assert no_thread.value.response["error"] == "invalid_thread_ts"


def test_an_empty_status_clears_the_status_and_a_title_must_have_text(fake_slack: FakeSlackAPI,
                                                                       web_client: WebClient) -> None:
    thread = {"channel_id": "D123", "thread_ts": "1700000000.000100"}
    web_client.assistant_threads_setStatus(**thread, status="Looking…")
    web_client.assistant_threads_setStatus(**thread, status="")
    with pytest.raises(SlackApiError) as err:
        web_client.assistant_threads_setTitle(**thread, title=" ")
    assert fake_slack.assistant_threads[("D123", "1700000000.000100")] == {"status": ""}
    assert err.value.response["error"] == "invalid_arguments"

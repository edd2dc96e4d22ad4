"""The HTTP door holds before anything is parsed: size, signature, then Bolt; the pages never 500."""

from __future__ import annotations

import logging
import shutil
import socket
import time
import urllib.request

from tests.fakes import http_client
from tests.fakes.fixtures import SIGNING_SECRET

from .harness import http_bot

FORM = "application/x-www-form-urlencoded"


def raw_request(port: int, head: str, body: bytes = b"", read_for: float = 5.0) -> bytes:
    """Send exactly these bytes and return what the server answers before it closes or `read_for` passes."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_for) as conn:
        conn.sendall(head.encode("latin-1") + body)
        chunks = []
        deadline = time.monotonic() + read_for
        while time.monotonic() < deadline:
            try:
                chunk = conn.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks)


def port_of(bot) -> int:
    return int(bot.base.rsplit(":", 1)[1])


def test_a_body_larger_than_slack_sends_is_refused_with_413_before_it_is_sent(bot):
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {10 * 1024 * 1024}\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_request(port_of(bot), head)  # headers only: the 10 MB never follow
    assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 3


def test_an_unsigned_form_body_is_refused_with_401_and_never_reaches_bolt(bot, fake_slack, app_log):
    resp = http_client.post_signed(bot.events_url, SIGNING_SECRET, "payload=not-json", FORM, signature="v0=" + "0" * 64)
    assert resp.status == 401
    assert not [r for r in app_log.records if r.exc_info]


def test_a_non_numeric_timestamp_is_refused_with_401_not_a_traceback(bot, app_log):
    resp = http_client.post_signed(bot.events_url, SIGNING_SECRET, "text=hi", FORM, timestamp="soon")
    assert resp.status == 401
    assert not [r for r in app_log.records if r.exc_info]


def test_invalid_utf8_that_is_not_signed_is_refused_with_401(bot, app_log):
    resp = http_client.post_signed(bot.events_url, SIGNING_SECRET, b"text=\xff\xfe", FORM, signature="v0=" + "1" * 64)
    assert resp.status == 401
    assert not [r for r in app_log.records if r.exc_info]


def test_deep_json_that_is_not_signed_is_refused_with_401(bot, app_log):
    deep = "[" * 50_000 + "]" * 50_000
    resp = http_client.post_signed(bot.events_url, SIGNING_SECRET, deep, "application/json", signature="v0=" + "2" * 64)
    assert resp.status == 401
    assert not [r for r in app_log.records if r.exc_info]


def test_a_rejected_request_is_logged_in_one_line_without_its_body(bot, app_log):
    app_log.set_level(logging.DEBUG)
    secret_text = "text=SECRET-USER-TEXT&response_url=https%3A%2F%2Fhooks.example%2Fx"
    http_client.post_signed(bot.events_url, SIGNING_SECRET, secret_text, FORM, signature="v0=" + "3" * 64)
    logged = "\n".join(r.getMessage() for r in app_log.records)
    assert "SECRET-USER-TEXT" not in logged and "hooks.example" not in logged
    assert "outcome=rejected reason=bad_signature" in logged


def test_healthz_says_503_with_the_reason_when_the_index_cannot_be_read(fake_slack, engine, seed_index, tmp_path):
    index = tmp_path / "index.db"
    shutil.copyfile(seed_index, index)
    from bot.serve.engine import Engine

    with http_bot(fake_slack, Engine(index), index) as bot:
        assert bot.get("/healthz")[0] == 200
        index.write_bytes(b"not an index at all" * 100)
        status, _, body = bot.get("/healthz")
    assert status == 503 and "index unavailable" in body and "ukraine-bot index" in body


def test_a_highlight_that_is_not_an_ascii_number_is_ignored_not_a_500(bot):
    from .harness import SULLIVAN_ARTICLE

    for hl in ("%C2%B2", "9" * 5000, "-1,abc,,", "1" * 7):
        status, ctype, _ = bot.get(f"/articles/{SULLIVAN_ARTICLE}?hl={hl}")
        assert status == 200 and ctype.startswith("text/html"), hl


def test_the_article_page_sends_headers_that_forbid_sniffing_framing_scripts_and_referrers(bot):
    from .harness import SULLIVAN_ARTICLE

    with urllib.request.urlopen(bot.base + f"/articles/{SULLIVAN_ARTICLE}", timeout=10) as resp:
        headers = {k.lower(): v for k, v in resp.headers.items()}
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_an_unknown_article_id_with_spaces_or_non_ascii_letters_is_a_404_not_a_500(bot):
    for path in ("/articles/b%C3%A0i%20m%E1%BB%9Bi", "/articles/%FF%FE", "/articles/" + "x" * 700):
        assert bot.get(path)[0] == 404, path

"""The live corpus in Slack: adding links, watching people and words, notices and digests, against the fakes.

Each test has its own copy of the seed corpus and index, pages served on
loopback, and the bot started as `ukraine-bot run` starts it (`start_live`).
"""

from __future__ import annotations

import shutil
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest

from bot.app import start_live
from bot.serve.engine import Engine
from bot.slack.auth import web_client
from bot.slack.live import run_fetches, send_due_digests
from bot.slack.notices import NoticeChecker, slack_poster
from bot.state.store import StateStore
from tests.conftest import SEEDS
from tests.fakes import payloads as p
from tests.ingest.site import Page, html, serve

from .harness import HttpBot, block_text, http_bot, settle, socket_bot

PAGES = Path(__file__).resolve().parent.parent / "ingest" / "pages"
SIKORSKI_TITLE = "Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan"


@pytest.fixture
def site():
    yield from serve()


@pytest.fixture
def live_bot(fake_slack, seed_index, tmp_path, monkeypatch) -> Iterator[HttpBot]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index.db"
    shutil.copyfile(seed_index, index)
    monkeypatch.setenv("UKRAINE_BOT_FETCH_PRIVATE", "true")  # the child add may reach the loopback site
    stop = threading.Event()
    with http_bot(fake_slack, Engine(index), index, UKRAINE_BOT_SEEDS=str(corpus), UKRAINE_BOT_ADDERS="U123") as bot:
        start_live(bot.services, bot.settings, stop)
        bot.services.live.checker.check()  # the baseline, before anything is added
        yield bot
    stop.set()


def reply_to(api, name: str, count: int = 1, timeout: float = 5.0) -> str:
    return block_text(api.wait_for_response(name, count, timeout=timeout)[count - 1]["blocks"])


def test_watch_subscribes_the_channel_and_says_so_only_to_the_asker(live_bot, fake_slack):
    _, name = live_bot.command("watch Lavrov")
    [payload] = fake_slack.wait_for_response(name)
    assert payload["response_type"] == "ephemeral"
    assert "Watching *Lavrov* (#1)" in block_text(payload["blocks"]) and "this channel" in block_text(payload["blocks"])
    assert [(w.owner, w.kind, w.value) for w in live_bot.services.live.state.watches()] == [("C123", "person", "Lavrov")]


def test_watch_a_pair_and_a_word(live_bot, fake_slack):
    _, first = live_bot.command("watch Blinken & Lavrov")
    fake_slack.wait_for_response(first)  # the second command after the first is answered: ids in order
    _, second = live_bot.command("watch word trừng phạt")
    fake_slack.wait_for_response(second)
    watches = live_bot.services.live.state.watches("C123")
    assert [(w.kind, str(w)) for w in watches] == [("pair", "Blinken & Lavrov"), ("word", "trừng phạt")]


def test_watch_in_a_direct_message_is_private_to_the_user(live_bot):
    live_bot.command("watch Lavrov", channel_id="D123")
    settle()
    assert [w.owner for w in live_bot.services.live.state.watches()] == ["U123"]


def test_watching_lists_the_channels_watches_and_unwatch_removes_one(live_bot, fake_slack):
    _, first = live_bot.command("watch Lavrov")
    fake_slack.wait_for_response(first)
    _, second = live_bot.command("watch Blinken")
    fake_slack.wait_for_response(second)
    _, name = live_bot.command("watching")
    listed = reply_to(fake_slack, name)
    assert "#1 · person · Lavrov" in listed and "#2 · person · Blinken" in listed
    _, name = live_bot.command("unwatch 1")
    assert "Stopped watching #1" in reply_to(fake_slack, name)
    assert [str(w) for w in live_bot.services.live.state.watches("C123")] == ["Blinken"]


def test_unwatch_of_another_channels_watch_removes_nothing(live_bot, fake_slack):
    live_bot.command("watch Lavrov", channel_id="C999")
    settle()
    _, name = live_bot.command("unwatch 1")
    assert "No watch #1 here" in reply_to(fake_slack, name)
    assert len(live_bot.services.live.state.watches()) == 1


def test_add_indexes_the_link_answers_with_what_was_indexed_and_the_bot_answers_from_it(live_bot, fake_slack, site):
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    resp, name = live_bot.command(f"add <{site.url('/a')}>")
    assert resp.status == 200 and resp.elapsed < 3.0  # acked before the fetch
    answer = reply_to(fake_slack, name, count=2, timeout=120)
    assert SIKORSKI_TITLE in answer and "2024-03-05" in answer and "Sikorski" in answer
    assert "Sikorski" in str(live_bot.services.engine.answer("who Sikorski").to_dict())


def test_a_new_article_sends_the_watch_notice_once(live_bot, fake_slack, site):
    live_bot.command("watch Sikorski", channel_id="C777")
    settle()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    _, name = live_bot.command(f"add {site.url('/a')}")
    fake_slack.wait_for_response(name, 2, timeout=120)
    notices = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]
    assert len(notices) == 1
    text = block_text(notices[0].json_param("blocks"))
    assert "New article for *Sikorski*" in text and SIKORSKI_TITLE in text and "Sikorski" in text.split(">", 2)[-1]
    # Another check, as after a restart or a re-index: nothing is sent again.
    state = StateStore(live_bot.services.live.state.path)
    again = NoticeChecker(live_bot.services.live.index, state, slack_poster(web_client(live_bot.settings, token="xoxb-x")))
    assert again.check().sent == []
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]) == 1


def test_add_is_refused_to_a_user_not_listed_as_an_adder(live_bot, fake_slack, site):
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    payload = p.slash_command_payload(f"add {site.url('/a')}", user_id="U999", response_url=fake_slack.response_url("x"))
    from tests.fakes import http_client
    from tests.fakes.fixtures import SIGNING_SECRET

    http_client.post_slash_command(live_bot.events_url, SIGNING_SECRET, payload)
    assert "not enabled for you" in reply_to(fake_slack, "x", count=1, timeout=10)
    assert site.requests == []


def test_add_of_a_broken_link_says_why_in_one_line_and_keeps_the_index(live_bot, fake_slack, site):
    before = live_bot.services.live.index.read_bytes()
    _, name = live_bot.command(f"add {site.url('/gone')}")
    answer = reply_to(fake_slack, name, count=2, timeout=60)
    assert "HTTP 404" in answer and site.url("/gone") in answer
    assert live_bot.services.live.index.read_bytes() == before


def test_a_link_shared_in_a_direct_message_is_added_and_answered_in_its_thread(live_bot, fake_slack, site):
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    live_bot.event(p.im_message_event(f"<{site.url('/a')}>", ts="1700000000.000100"))
    [post] = [c for c in fake_slack.wait_for("chat.postMessage", 1, timeout=120) if c.params.get("channel") == "D123"]
    assert post.params["thread_ts"] == "1700000000.000100"
    assert SIKORSKI_TITLE in block_text(post.json_param("blocks"))


def test_digest_is_set_in_the_users_time_zone_and_posts_new_articles_grouped_by_person(live_bot, fake_slack, site):
    _, name = live_bot.command("digest daily 08:00")
    assert "08:00 (Europe/Kyiv)" in reply_to(fake_slack, name)  # users.info of the user who set it
    assert fake_slack.calls_to("users.info")
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    _, name = live_bot.command(f"add {site.url('/a')}")
    fake_slack.wait_for_response(name, 2, timeout=120)
    live = live_bot.services.live
    client = web_client(live_bot.settings, token="xoxb-x")
    kyiv_8am = datetime.now(timezone.utc).astimezone().replace(microsecond=0)
    due = _next(kyiv_8am)
    assert send_due_digests(live, client, live.checker.limiter, now=due) == 1
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C123"]
    text = block_text(post.json_param("blocks"))
    assert "1 new article(s)" in text and SIKORSKI_TITLE in text and "Radosław Sikorski" in text
    # The same day again, or a day with nothing new: nothing posted.
    assert send_due_digests(live, client, live.checker.limiter, now=due + timedelta(minutes=5)) == 0
    assert send_due_digests(live, client, live.checker.limiter, now=due + timedelta(days=1)) == 0


def _next(now: datetime) -> datetime:
    """08:01 in Kyiv after `now`, as an aware UTC time."""
    from zoneinfo import ZoneInfo

    kyiv = now.astimezone(ZoneInfo("Europe/Kyiv"))
    at = kyiv.replace(hour=8, minute=1, second=0)
    if at <= kyiv:
        at += timedelta(days=1)
    return at.astimezone(timezone.utc)


def test_digest_off_stops_it(live_bot, fake_slack):
    live_bot.command("digest daily 08:00")
    settle()
    _, name = live_bot.command("digest off")
    assert "turned off" in reply_to(fake_slack, name)
    assert live_bot.services.live.state.digests() == []


def test_the_bot_fetches_its_feeds_on_an_interval_and_posts_the_notice(live_bot, fake_slack, site):
    live = live_bot.services.live
    live_bot.command("watch Sikorski", channel_id="C777")
    settle()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Sikorski</title><link>{site.url('/a')}</link></item></channel></rss>"
    )
    site.routes["/rss"] = Page(200, feed.encode(), {"Content-Type": "application/rss+xml"})
    (live.corpus / "feeds.yml").write_text(f"- url: {site.url('/rss')}\n", encoding="utf-8")
    stop = threading.Event()
    fetcher = threading.Thread(target=run_fetches, args=(live, 0.2, stop), daemon=True)
    fetcher.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not [
            c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"
        ]:
            time.sleep(0.2)
    finally:
        stop.set()
        fetcher.join(timeout=60)
    [notice] = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]
    assert SIKORSKI_TITLE in block_text(notice.json_param("blocks"))
    assert len(site.headers_of("/a")) == 1  # fetched once, however many rounds ran


def test_over_socket_mode_a_watch_is_kept_and_its_notice_posted_after_an_add(
    fake_slack, fake_socket_mode, seed_index, tmp_path, monkeypatch, site
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index.db"
    shutil.copyfile(seed_index, index)
    monkeypatch.setenv("UKRAINE_BOT_FETCH_PRIVATE", "true")
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    stop = threading.Event()
    with socket_bot(fake_slack, fake_socket_mode, Engine(index), index, UKRAINE_BOT_SEEDS=str(corpus), UKRAINE_BOT_ADDERS="*") as bot:
        start_live(bot.services, bot.settings, stop)
        bot.services.live.checker.check()
        _, name = bot.command("watch Sikorski", channel_id="C777")
        assert "Watching *Sikorski*" in reply_to(fake_slack, name)
        _, name = bot.command(f"add {site.url('/a')}", user_id="U555")
        assert SIKORSKI_TITLE in reply_to(fake_slack, name, count=2, timeout=120)
        [notice] = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]
        assert "Sikorski" in block_text(notice.json_param("blocks"))
    stop.set()


def test_an_add_from_the_command_line_is_seen_by_the_running_bot_which_posts_the_notice(live_bot, fake_slack, site):
    import subprocess
    import sys

    from bot.app import _watch_index

    live = live_bot.services.live
    live_bot.command("watch Sikorski", channel_id="C777")
    settle()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_index, args=(live_bot.services.engine, stop, 0.1, live_bot.services), daemon=True)
    watcher.start()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    try:
        child = subprocess.run(
            [sys.executable, "-m", "bot", "add", site.url("/a"), "--seeds", str(live.corpus), "--out", str(live.index)],
            capture_output=True, text=True, timeout=120,
        )
        assert child.returncode == 0, child.stderr
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not [
            c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"
        ]:
            time.sleep(0.1)
    finally:
        stop.set()
        watcher.join(timeout=5)
    [notice] = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]
    assert SIKORSKI_TITLE in block_text(notice.json_param("blocks"))
    assert "Sikorski" in str(live_bot.services.engine.answer("who Sikorski").to_dict())

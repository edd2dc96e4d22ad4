"""Reading an article in Slack: "Read" opens a modal with views.open, its pages turn with views.update.

Over HTTP the click is a signed form post; over Socket Mode an `interactive` envelope.
Either way the modal needs no public URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.values import ArticleRef, article_value
from tests.fakes import payloads as p

from .harness import (
    ACK_LIMIT,
    PUBLIC_URL,
    SULLIVAN_ARTICLE,
    block_text,
    http_bot,
    posts,
    read_buttons,
    read_click,
    settle,
    view_of,
)

LONG_ARTICLE_SENTENCES = 400


@pytest.fixture(scope="module")
def long_index(tmp_path_factory) -> Path:
    """An index of one article long enough to need several modal pages."""
    from bot.build.pipeline import build_index

    corpus = tmp_path_factory.mktemp("long_corpus")
    body = " ".join(
        f"Ngày {1 + i % 28}/1/2022, ông Sergei Lavrov nói về vòng đàm phán thứ {i} tại Genève." for i in range(LONG_ARTICLE_SENTENCES)
    )
    (corpus / "long.txt").write_text("Bài rất dài về đàm phán Genève\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("long_index") / "index.db"
    build_index(corpus, out)
    return out


@pytest.fixture(scope="module")
def long_engine(long_index):
    from bot.serve.engine import Engine

    return Engine(long_index)


def _details(bot, fake_slack, query: str = "who Sullivan") -> dict:
    bot.command(query)
    _, details = posts(fake_slack, 2)
    return details.response["message"]


def test_every_article_in_the_thread_has_a_read_button(bot, fake_slack):
    details = _details(bot, fake_slack)

    articles = [b for b in details["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("*")]
    assert len(read_buttons(details)) == len(articles) >= 1


def test_read_is_acknowledged_within_three_seconds_and_opens_a_modal_with_the_clicks_trigger_id(bot, fake_slack):
    click = read_click(_details(bot, fake_slack))

    resp = bot.click(click)

    assert resp.status == 200 and resp.elapsed < ACK_LIMIT
    (opened,) = fake_slack.wait_for("views.open")
    assert opened.ok and opened.params["trigger_id"] == click["trigger_id"]


def test_the_modal_shows_the_article_with_the_sentences_that_name_the_person_quoted(bot, fake_slack, engine):
    bot.click(read_click(_details(bot, fake_slack)))

    (opened,) = fake_slack.wait_for("views.open")
    view = view_of(opened)
    article = engine.article(SULLIVAN_ARTICLE)
    assert view["blocks"][0]["text"]["text"] == article["title"][:150]
    quoted = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("> ")]
    assert quoted and all("Sullivan" in q for q in quoted)


def test_over_http_the_modal_offers_the_apps_own_page_in_the_browser(bot, fake_slack):
    bot.click(read_click(_details(bot, fake_slack)))

    (opened,) = fake_slack.wait_for("views.open")
    urls = [e.get("url") for b in view_of(opened)["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert any(u and u.startswith(f"{PUBLIC_URL}/articles/{SULLIVAN_ARTICLE}") for u in urls)


def test_the_open_in_browser_click_is_acknowledged_and_nothing_else_happens(bot, fake_slack):
    resp = bot.click(p.block_actions_payload("open_in_browser", "", button_text="Open in browser"))

    assert resp.status == 200
    settle()
    assert [c.method for c in fake_slack.calls if c.method.startswith(("chat.", "views."))] == []


def test_an_article_gone_from_the_index_opens_a_modal_that_says_so(bot, fake_slack):
    bot.click(p.block_actions_payload("read_article", article_value(ArticleRef("no_such_article")), button_text="Read"))

    (opened,) = fake_slack.wait_for("views.open")
    assert "no longer in the index" in block_text(view_of(opened)["blocks"])


def test_a_read_button_with_an_unreadable_value_is_acknowledged_and_ignored(bot, fake_slack):
    assert bot.click(p.block_actions_payload("read_article", "not json", button_text="Read")).status == 200
    settle()
    assert fake_slack.calls_to("views.open") == []


def test_next_page_redraws_the_same_modal_at_the_next_page(fake_slack, long_engine, long_index):
    with http_bot(fake_slack, long_engine, long_index) as bot:
        (article_id,) = [r[0] for r in long_engine.session.db().execute("SELECT id FROM articles")]
        bot.click(p.block_actions_payload("read_article", article_value(ArticleRef(article_id, (5,))), button_text="Read"))
        (opened,) = fake_slack.wait_for("views.open")
        view = opened.response["view"]
        (next_button,) = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
                          if e["action_id"] == "article_page"]

        assert bot.click(p.view_block_actions_payload("article_page", next_button["value"], view)).status == 200

        (updated,) = fake_slack.wait_for("views.update")
        assert updated.ok and updated.params["view_id"] == view["id"] and updated.params["hash"] == view["hash"]
        assert "Page 2 of " in block_text(view_of(updated)["blocks"])
        assert "Page 1 of " in block_text(view["blocks"])


def test_over_socket_mode_read_opens_the_modal_without_a_public_url(socket_app, fake_slack, fake_socket_mode):
    socket_app.command("who Sullivan")
    _, details = posts(fake_slack, 2)

    envelope_id = fake_socket_mode.send_interactive(read_click(details.response["message"]))

    assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
    (opened,) = fake_slack.wait_for("views.open")
    view = view_of(opened)
    assert opened.ok and "Sullivan" in block_text(view["blocks"])
    assert not [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"] if e.get("url")]


def test_over_socket_mode_next_page_updates_the_modal(fake_slack, fake_socket_mode, long_engine, long_index):
    from .harness import socket_bot

    with socket_bot(fake_slack, fake_socket_mode, long_engine, long_index):
        (article_id,) = [r[0] for r in long_engine.session.db().execute("SELECT id FROM articles")]
        fake_socket_mode.send_interactive(
            p.block_actions_payload("read_article", article_value(ArticleRef(article_id)), button_text="Read"))
        (opened,) = fake_slack.wait_for("views.open")
        view = opened.response["view"]
        (next_button,) = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]

        fake_socket_mode.send_interactive(p.view_block_actions_payload("article_page", next_button["value"], view))

        (updated,) = fake_slack.wait_for("views.update")
        assert updated.ok and "Page 2 of " in block_text(view_of(updated)["blocks"])

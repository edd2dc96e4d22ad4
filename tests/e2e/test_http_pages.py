"""The HTTP app's own pages: /healthz, and /articles/<id> for articles that have no link of their own."""

from __future__ import annotations

import html
import re

from tests.fakes import payloads as p

from .harness import PUBLIC_URL, SULLIVAN_ARTICLE, block_text, http_bot, links_in, message_of, posts


def test_healthz_answers_ok(bot):
    assert bot.get("/healthz") == (200, "text/plain; charset=utf-8", "ok")


def test_healthz_needs_no_slack_signature_and_touches_no_slack_api(bot, fake_slack):
    bot.get("/healthz")

    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_article_link_in_an_answer_serves_the_cleaned_article(bot, fake_slack):
    bot.command("who Sullivan")
    _, details = posts(fake_slack, 2)
    (link,) = set(links_in(message_of(details)["blocks"]))

    status, ctype, page = bot.get(link[len(PUBLIC_URL):])

    assert status == 200 and ctype.startswith("text/html")
    assert "<title>Tiết lộ cuộc trao đổi bí mật giữa cố vấn an ninh quốc gia Mỹ" in page


def test_the_article_page_highlights_the_sentences_the_answer_quoted(bot, fake_slack):
    bot.command("who Sullivan")
    _, details = posts(fake_slack, 2)
    (link,) = set(links_in(message_of(details)["blocks"]))
    quoted = [q[2:].split(" _(")[0] for q in block_text(message_of(details)["blocks"]).splitlines() if q.startswith("> ")]

    _, _, page = bot.get(link[len(PUBLIC_URL):])

    highlighted = [html.unescape(t) for t in re.findall(r"<p id=\"s\d+\" class=hl>(.*?)</p>", page)]
    assert highlighted
    for sentence in quoted:
        assert any(sentence.rstrip("…").strip() in h for h in highlighted), sentence


def test_an_article_page_without_highlights_highlights_nothing(bot):
    status, _, page = bot.get(f"/articles/{SULLIVAN_ARTICLE}")

    assert status == 200
    assert "class=hl>" not in page and '<p id="s0"' in page


def test_an_unknown_article_is_404(bot):
    status, _, body = bot.get("/articles/999_nothing")

    assert status == 404 and body == "no such article"


def test_a_path_outside_articles_is_not_served(bot):
    assert bot.get("/articles/../seeds/sources.yml")[0] == 404
    assert bot.get("/anything")[0] == 404


def test_without_public_url_articles_without_a_url_are_named_but_not_linked(fake_slack, engine, seed_index):
    with http_bot(fake_slack, engine, seed_index) as bot:
        bot.command("who Sullivan")
        summary, details = posts(fake_slack, 2)

    assert links_in(message_of(summary)["blocks"]) == links_in(message_of(details)["blocks"]) == []
    assert "source unknown" in block_text(message_of(summary)["blocks"])


def test_mentions_link_to_the_article_pages_too(bot, fake_slack):
    bot.event(p.app_mention_event("who Sullivan"))

    _, details = posts(fake_slack, 2)
    assert links_in(message_of(details)["blocks"])[0].startswith(f"{PUBLIC_URL}/articles/{SULLIVAN_ARTICLE}")

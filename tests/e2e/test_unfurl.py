"""Links to the bot's own article pages unfurl: link_shared in, chat.unfurl out (over HTTP, which serves the pages)."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import GENEVA_ARTICLE, PUBLIC_URL, block_text, settle


def test_a_link_to_an_article_page_unfurls_with_title_outlet_and_date(bot, fake_slack, engine):
    url = f"{PUBLIC_URL}/articles/{GENEVA_ARTICLE}?hl=1"
    event = p.link_shared_event([url])

    assert bot.event(event).status == 200

    (unfurl,) = fake_slack.wait_for("chat.unfurl")
    article = engine.article(GENEVA_ARTICLE)
    assert unfurl.ok and unfurl.params["channel"] == "C123" and unfurl.params["ts"] == event["message_ts"]
    text = block_text(unfurl.json_param("unfurls")[url]["blocks"])
    assert article["title"] in text and "2022-01-21" in text and f"> {article['sentences'][1][:40]}" in text


def test_links_to_other_sites_and_unknown_articles_are_left_alone(bot, fake_slack):
    bot.event(p.link_shared_event(["https://example.com/articles/x", f"{PUBLIC_URL}/articles/no_such_article"]))

    settle()
    assert fake_slack.calls_to("chat.unfurl") == []


def test_over_socket_mode_there_are_no_pages_so_nothing_unfurls(socket_app, fake_slack, fake_socket_mode):
    envelope_id = socket_app.event(p.link_shared_event([f"{PUBLIC_URL}/articles/{GENEVA_ARTICLE}"]))

    fake_socket_mode.wait_for_ack(envelope_id)
    settle()
    assert fake_slack.calls_to("chat.unfurl") == []

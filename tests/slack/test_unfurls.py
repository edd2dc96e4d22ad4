"""Which links are the bot's own article pages: same scheme, host and base path, an /articles/<id> path."""

from __future__ import annotations

from bot.slack.unfurls import article_link

BASE = "https://bot.example.org"


def test_an_article_page_link_gives_its_id_and_highlights():
    assert article_link(f"{BASE}/articles/004_04ef?hl=1,2", BASE) == ("004_04ef", (1, 2))
    assert article_link(f"{BASE}/articles/004_04ef", BASE + "/") == ("004_04ef", ())


def test_links_to_other_hosts_or_paths_are_not_the_bots():
    assert article_link("https://evil.example/articles/004", BASE) is None
    assert article_link("http://bot.example.org/articles/004", BASE) is None
    assert article_link(f"{BASE}/healthz", BASE) is None
    assert article_link(f"{BASE}/articles/../etc", BASE) is None


def test_a_public_url_with_a_path_prefix_is_honoured():
    assert article_link("https://h.example/bot/articles/a1", "https://h.example/bot") == ("a1", ())
    assert article_link("https://h.example/articles/a1", "https://h.example/bot") is None

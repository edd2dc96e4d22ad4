"""The article modal: the cleaned text, highlighted answers, pages inside Slack's view limits."""

from __future__ import annotations

import json

from bot.render.article_view import (
    BROWSER_ACTION,
    MAX_MODAL_TITLE,
    MAX_VIEW_BLOCKS,
    PAGE_ACTION,
    Article,
    article_modal,
    gone_modal,
)
from bot.render.blocks import READ_ACTION, article_blocks
from bot.render.labels import LABELS
from bot.render.values import ArticleRef, parse_article_value
from bot.serve.answers import ArticleHit, Evidence
from tests.fakes.slack_api import validate_view


def article(n_sentences: int = 4, **kw) -> Article:
    fields = {
        "id": "art1",
        "title": "Ngoại trưởng Nga và Mỹ gặp nhau tại Genève",
        "url": "https://news.example.vn/a1",
        "outlet": "Báo Mẫu",
        "published": "2022-01-21",
        "sentences": tuple(f"Câu số {i} của bài báo về đàm phán." for i in range(n_sentences)),
    }
    fields.update(kw)
    return Article(**fields)


def texts(view: dict) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def buttons(view: dict) -> list[dict]:
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_the_modal_shows_title_outlet_and_published_date():
    view = article_modal(article(), ArticleRef("art1"))

    assert view["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": article().title}}
    assert "Báo Mẫu · 2022-01-21" in texts(view)


def test_an_article_without_a_date_says_date_unknown():
    assert "date unknown" in texts(article_modal(article(published=None), ArticleRef("art1")))


def test_the_sentences_that_answer_the_question_are_quoted():
    view = article_modal(article(), ArticleRef("art1", (2,)))

    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    assert "> Câu số 2 của bài báo về đàm phán." in sections
    assert not any(s.startswith("> Câu số 1") for s in sections)


def test_the_first_page_repeats_the_highlighted_sentences_above_the_text():
    view = article_modal(article(), ArticleRef("art1", (3,)))

    why = [b for b in view["blocks"] if b["type"] == "section" and "answer the question" in b["text"]["text"]]
    assert len(why) == 1 and "Câu số 3" in why[0]["text"]["text"]


def test_article_text_is_escaped_for_mrkdwn():
    view = article_modal(article(sentences=("Xem <!channel> & <https://evil.example|đây>.",)), ArticleRef("art1"))

    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|đây&gt;" in texts(view)
    assert "<!channel>" not in texts(view)


def test_the_source_url_is_linked_when_known():
    assert "<https://news.example.vn/a1|https://news.example.vn/a1>" in texts(article_modal(article(), ArticleRef("art1")))
    assert "Source:" not in texts(article_modal(article(url=None), ArticleRef("art1")))


def test_open_in_browser_links_the_apps_page_only_when_it_is_served():
    served = article_modal(article(), ArticleRef("art1", (1, 2)), public_url="https://bot.example.org/")
    (browser,) = [b for b in buttons(served) if b["action_id"] == BROWSER_ACTION]

    assert browser["url"] == "https://bot.example.org/articles/art1?hl=1,2"
    assert not [b for b in buttons(article_modal(article(), ArticleRef("art1"))) if b["action_id"] == BROWSER_ACTION]


def test_a_short_article_is_one_page_without_page_buttons():
    assert not [b for b in buttons(article_modal(article(), ArticleRef("art1"))) if b["action_id"].startswith(PAGE_ACTION)]


def test_a_long_article_pages_within_the_view_limits():
    long = article(n_sentences=2000)
    first = article_modal(long, ArticleRef("art1", (1500,)))
    (next_button,) = [b for b in buttons(first) if b["action_id"] == PAGE_ACTION]

    assert len(first["blocks"]) <= MAX_VIEW_BLOCKS and validate_view(first) == []
    assert parse_article_value(next_button["value"]) == ArticleRef("art1", (1500,), 1)
    assert "Page 1 of " in texts(first)


def test_every_sentence_of_a_long_article_is_on_exactly_one_page():
    long = article(n_sentences=700)
    seen: list[str] = []
    ref = ArticleRef("art1")
    while True:
        view = article_modal(long, ref)
        seen += [s for b in view["blocks"] if b["type"] == "section" for s in b["text"]["text"].split(". ") if "Câu số" in s]
        nxt = [b for b in buttons(view) if b["action_id"] == PAGE_ACTION]
        if not nxt:
            break
        ref = parse_article_value(nxt[0]["value"])
    assert len(seen) == 700


def test_the_last_page_goes_back_but_not_forward():
    long = article(n_sentences=2000)
    last = article_modal(long, ArticleRef("art1", (), 999))
    ids = [b["action_id"] for b in buttons(last)]

    assert PAGE_ACTION + "_back" in ids and PAGE_ACTION not in ids


def test_a_sentence_longer_than_a_section_is_shortened_to_fit():
    view = article_modal(article(sentences=("x" * 10_000,)), ArticleRef("art1", (0,)))

    assert validate_view(view) == []


def test_the_modal_title_fits_slacks_24_characters_in_every_language():
    for lang in LABELS:
        view = article_modal(article(), ArticleRef("art1"), lang)
        assert len(view["title"]["text"]) <= MAX_MODAL_TITLE and validate_view(view) == []


def test_the_modal_is_wholly_vietnamese_when_the_language_is_vi():
    view = article_modal(article(published=None, n_sentences=2000), ArticleRef("art1", (1,)), "vi", "https://b.example")

    shown = texts(view) + view["title"]["text"] + view["close"]["text"]
    for word in ("date unknown", "Page", "Next page", "Open in browser", "Article", "Close", "answer the question"):
        assert word not in shown
    assert "không rõ ngày" in shown and "Trang sau" in shown


def test_an_article_gone_from_the_index_gets_a_modal_that_says_so():
    view = gone_modal()

    assert validate_view(view) == [] and "no longer in the index" in texts(view)


def test_every_article_in_an_answer_has_a_read_button_carrying_its_id_and_highlights():
    hit = ArticleHit("art7", "Bài", None, "Báo", None, "Tóm tắt", [Evidence("Câu.", None, 4), Evidence("Câu.", None, 9)])

    (first, *_) = article_blocks(hit)
    read = first["accessory"]
    assert read["action_id"] == READ_ACTION and read["text"]["text"] == "Read"
    assert parse_article_value(read["value"]) == ArticleRef("art7", (4, 9))


def test_a_first_sentence_that_is_the_headline_is_not_repeated_under_the_header():
    view = article_modal(article(sentences=(article().title, "Câu đầu tiên.")), ArticleRef("art1"))

    assert texts(view).count(article().title) == 1

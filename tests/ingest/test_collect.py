"""Adding web articles to the corpus folder: only real articles are saved, each once."""

from pathlib import Path

import pytest

from bot.ingest.collect import AddError, add_url, collect_feeds, read_page_file
from bot.ingest.feeds import Feed
from bot.ingest.store import page_file_name
from bot.state.store import StateStore
from tests.ingest.site import Page, html

PAGES = Path(__file__).parent / "pages"
CANONICAL = "https://thoisu.example.vn/the-gioi/ngoai-truong-hoi-dam-ba-lan-123.html"


def plain_article(topic: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{topic}</title></head><body><article><h1>{topic}</h1>"
        f"<p>Sáng 10/5, Ngoại trưởng Mỹ đã điện đàm với Ngoại trưởng Ukraine về {topic.lower()} và các bảo đảm an ninh cho Kiev.</p>"
        "<p>Hai bên nhất trí duy trì liên lạc thường xuyên và phối hợp chặt chẽ trước hội nghị của nhóm các nước ủng hộ Ukraine.</p>"
        "</article></body></html>"
    )


def rss(*links: str) -> Page:
    items = "".join(f"<item><title>Tin {n}</title><link>{link}</link><guid>{link}</guid></item>" for n, link in enumerate(links))
    body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    return Page(200, body.encode("utf-8"), {"Content-Type": "application/rss+xml"})


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def test_an_article_page_is_saved_under_its_canonical_url(site, corpus):
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    added = add_url(corpus, site.url("/a"), site.fetch)
    assert added.path == corpus / page_file_name(CANONICAL)
    assert added.article.title == "Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan"
    assert not added.replaced


def test_the_same_article_from_two_addresses_is_one_file(site, corpus):
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    site.routes["/a?utm_source=feed"] = html((PAGES / "article.html").read_bytes())
    add_url(corpus, site.url("/a"), site.fetch)
    again = add_url(corpus, site.url("/a?utm_source=feed"), site.fetch)
    assert again.replaced
    assert [p.name for p in corpus.iterdir()] == [page_file_name(CANONICAL)]


def test_a_page_without_an_article_is_not_saved(site, corpus):
    site.routes["/list"] = html((PAGES / "index.html").read_bytes())
    with pytest.raises(AddError, match=f"^{site.url('/list')}: no article text found"):
        add_url(corpus, site.url("/list"), site.fetch)
    assert list(corpus.iterdir()) == []


def test_a_url_that_cannot_be_fetched_names_it_and_saves_nothing(site, corpus):
    with pytest.raises(AddError, match=f"^{site.url('/gone')}: HTTP 404"):
        add_url(corpus, site.url("/gone"), site.fetch)
    assert list(corpus.iterdir()) == []


def test_a_saved_page_reads_back_as_the_same_article_with_its_address(site, corpus):
    site.routes["/b"] = html(plain_article("Điện đàm Mỹ - Ukraine"))
    added = add_url(corpus, site.url("/b"), site.fetch)
    again = read_page_file(added.path)
    assert again.text == added.article.text
    assert again.canonical_url == site.url("/b")


def test_a_saved_page_larger_than_the_limit_is_refused(corpus):
    path = corpus / "web_0000000000000000.html"
    path.write_bytes(b"<html>" + b"x" * 5000)
    with pytest.raises(ValueError, match="larger than the 4 KiB limit"):
        read_page_file(path, max_bytes=4096)


def test_a_saved_page_with_no_article_gives_the_reason(corpus):
    path = corpus / "web_0000000000000000.html"
    path.write_bytes((PAGES / "index.html").read_bytes())
    with pytest.raises(ValueError, match="^no article text found"):
        read_page_file(path)


def test_new_feed_items_are_added_and_failures_named(site, corpus, state):
    site.routes["/rss"] = rss(site.url("/ok"), site.url("/gone"))
    site.routes["/ok"] = html(plain_article("Hội nghị hòa bình"))
    done = collect_feeds(corpus, [Feed(site.url("/rss"), "T")], state, site.fetch)
    assert [a.url for a in done.added] == [site.url("/ok")]
    assert [str(f) for f in done.failures] == [f"item of {site.url('/rss')}: {site.url('/gone')}: HTTP 404 Not Found"]
    # Both were seen: the broken link is not tried on every poll.
    assert state.has_seen(site.url("/rss"), site.url("/gone"))


def test_items_beyond_the_cap_wait_for_the_next_round(site, corpus, state):
    links = [site.url(f"/p{n}") for n in range(3)]
    for n in range(len(links)):
        site.routes[f"/p{n}"] = html(plain_article(f"Hội nghị số {n}"))
    feed = rss(*links)

    def answer(request):
        if request.headers.get("If-None-Match") == '"r1"':
            return Page(304, b"", {"ETag": '"r1"'})
        return Page(200, feed.body, {**feed.headers, "ETag": '"r1"'})

    site.routes["/rss"] = answer
    feeds = [Feed(site.url("/rss"), "T")]
    first = collect_feeds(corpus, feeds, state, site.fetch, max_items=2)
    second = collect_feeds(corpus, feeds, state, site.fetch, max_items=2)
    assert [a.url for a in first.added] == links[:2]
    assert [a.url for a in second.added] == links[2:]
    assert len(list(corpus.iterdir())) == 3
    # Once everything is handled, the feed's validators are kept again.
    collect_feeds(corpus, feeds, state, site.fetch, max_items=2)
    assert state.validators(site.url("/rss")).etag == '"r1"'

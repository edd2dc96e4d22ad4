"""Polling feeds: new, matching items once each; every bad entry or failing feed named and skipped."""

from datetime import date

import pytest

from bot.ingest.feeds import Feed, FeedsError, load_feeds, poll_feeds
from bot.state.records import Validators
from bot.state.store import StateStore
from tests.ingest.site import Page


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{summary}</description><pubDate>Tue, 05 Mar 2024 09:30:00 +0700</pubDate></item>"
        for title, link, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Thế giới</title>'
        f"<link>https://thoisu.example.vn/</link><description>Tin thế giới</description>{body}</channel></rss>"
    ).encode("utf-8")


def atom(*entries: tuple[str, str, str]) -> bytes:
    body = "".join(
        f'<entry><id>{id_}</id><title>{title}</title><link rel="alternate" href="{href}"/>'
        "<updated>2024-06-12T14:05:00+07:00</updated><summary>Tóm tắt</summary></entry>"
        for id_, title, href in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Quốc tế</title><id>urn:x:feed</id><updated>2024-06-12T14:05:00+07:00</updated>"
        f"{body}</feed>"
    ).encode("utf-8")


RSS_ITEMS = (
    ("Ngoại trưởng Nga gặp người đồng cấp Mỹ tại Riyadh", "https://thoisu.example.vn/a1.html", "Hai bên bàn về Ukraine."),
    ("Giá vàng tăng mạnh trong ngày đầu tuần", "https://thoisu.example.vn/a2.html", "Thị trường sôi động."),
)


def feed_page(body: bytes, content_type: str = "application/rss+xml", **headers: str) -> Page:
    return Page(200, body, {"Content-Type": content_type, **headers})


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


def write(tmp_path, text: str):
    path = tmp_path / "feeds.yml"
    path.write_text(text, encoding="utf-8")
    return path


# -- feeds.yml ----------------------------------------------------------------


def test_feeds_are_read_with_name_and_keywords(tmp_path):
    path = write(tmp_path, "- url: https://thoisu.example.vn/rss/the-gioi.rss\n  name: Thời Sự\n  keywords: [Nga, Mỹ]\n- url: https://b.example/atom\n")
    feeds, problems = load_feeds(path)
    assert feeds == [
        Feed("https://thoisu.example.vn/rss/the-gioi.rss", "Thời Sự", ("Nga", "Mỹ")),
        Feed("https://b.example/atom", "https://b.example/atom", ()),
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("- https://a.example/rss", "entry 1: is not a mapping"),
        ("- name: A", "entry 1: has no 'url'"),
        ("- url: ftp://a.example/rss", "entry 1 (ftp://a.example/rss): url is not an http(s) address"),
        ("- url: https://a.example/rss\n  keywords: {Nga: 1}", "entry 1 (https://a.example/rss): keywords must be a list"),
    ],
)
def test_a_bad_entry_is_named_with_the_file_and_skipped(tmp_path, entry, reason):
    path = write(tmp_path, entry + "\n- url: https://b.example/rss\n")
    feeds, problems = load_feeds(path)
    assert [f.url for f in feeds] == ["https://b.example/rss"]
    assert [str(p) for p in problems][0].startswith(f"feeds.yml {reason}")


def test_a_feed_listed_twice_is_polled_once(tmp_path):
    feeds, problems = load_feeds(write(tmp_path, "- url: https://a.example/rss\n- url: https://a.example/rss\n"))
    assert len(feeds) == 1
    assert str(problems[0]) == "feeds.yml entry 2 (https://a.example/rss): the same feed is listed earlier; skipped"


def test_unknown_keys_are_named_and_the_entry_kept(tmp_path):
    feeds, problems = load_feeds(write(tmp_path, "- url: https://a.example/rss\n  keyword: Nga\n"))
    assert len(feeds) == 1
    assert "unknown keys keyword ignored" in str(problems[0])


def test_a_feeds_file_that_is_not_yaml_is_named(tmp_path):
    path = write(tmp_path, "- url: [unclosed\n")
    with pytest.raises(FeedsError, match=f"{path}: not valid UTF-8 YAML"):
        load_feeds(path)


def test_a_missing_feeds_file_is_named(tmp_path):
    with pytest.raises(FeedsError, match="feeds.yml: not found"):
        load_feeds(tmp_path / "feeds.yml")


# -- keywords -----------------------------------------------------------------


def test_keywords_match_without_case_or_diacritics():
    feed = Feed("u", "u", ("my",))
    assert feed.wants("Ngoại trưởng MỸ thăm châu Âu")


def test_keywords_match_whole_words_only():
    feed = Feed("u", "u", ("Nga",))
    assert not feed.wants("Giá vàng tăng mạnh trong ngày đầu tuần")
    assert feed.wants("Phái đoàn Nga tới Geneva")


def test_a_feed_without_keywords_wants_everything():
    assert Feed("u", "u").wants("Giá vàng tăng mạnh")


# -- polling ------------------------------------------------------------------


def test_an_rss_feed_gives_the_links_of_matching_items(site, state):
    site.routes["/rss"] = feed_page(rss(*RSS_ITEMS))
    poll = poll_feeds([Feed(site.url("/rss"), "Thời Sự", ("Nga", "Ukraine"))], state, site.fetch)
    assert poll.links == ["https://thoisu.example.vn/a1.html"]
    assert poll.items[0].title == "Ngoại trưởng Nga gặp người đồng cấp Mỹ tại Riyadh"
    assert poll.items[0].published == date(2024, 3, 5)
    assert poll.failures == []


def test_an_atom_feed_gives_its_links_resolved_against_the_feed(site, state):
    site.routes["/atom"] = feed_page(atom(("urn:x:1", "Mỹ và Nga nối lại đối thoại", "/quoc-te/b1.html")), "application/atom+xml")
    poll = poll_feeds([Feed(site.url("/atom"), "Quốc tế")], state, site.fetch)
    assert poll.links == [site.url("/quoc-te/b1.html")]
    assert poll.items[0].id == "urn:x:1"


def test_items_seen_in_a_committed_poll_are_not_new_again(site, state):
    site.routes["/rss"] = feed_page(rss(*RSS_ITEMS))
    feeds = [Feed(site.url("/rss"), "Thời Sự")]
    poll_feeds(feeds, state, site.fetch).commit(state)
    site.routes["/rss"] = feed_page(rss(("Tin mới về Ukraine", "https://thoisu.example.vn/a3.html", "Mới."), *RSS_ITEMS))
    assert poll_feeds(feeds, state, site.fetch).links == ["https://thoisu.example.vn/a3.html"]


def test_items_of_an_uncommitted_poll_come_back(site, state):
    site.routes["/rss"] = feed_page(rss(*RSS_ITEMS))
    feeds = [Feed(site.url("/rss"), "Thời Sự")]
    poll_feeds(feeds, state, site.fetch)
    assert len(poll_feeds(feeds, state, site.fetch).links) == 2


def test_the_same_article_in_two_feeds_is_taken_once(site, state):
    site.routes["/a"] = feed_page(rss(*RSS_ITEMS))
    site.routes["/b"] = feed_page(rss(RSS_ITEMS[0]))
    poll = poll_feeds([Feed(site.url("/a"), "A"), Feed(site.url("/b"), "B")], state, site.fetch)
    assert poll.links == ["https://thoisu.example.vn/a1.html", "https://thoisu.example.vn/a2.html"]


def test_the_feeds_validators_are_sent_back_and_an_unchanged_feed_gives_nothing(site, state):
    def answer(request):
        if request.headers.get("If-None-Match") == '"r1"':
            return Page(304, b"", {"ETag": '"r1"'})
        return feed_page(rss(*RSS_ITEMS), ETag='"r1"', **{"Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"})

    site.routes["/rss"] = answer
    feeds = [Feed(site.url("/rss"), "Thời Sự")]
    poll_feeds(feeds, state, site.fetch).commit(state)
    assert state.validators(site.url("/rss")) == Validators('"r1"', "Tue, 05 Mar 2024 10:00:00 GMT")
    again = poll_feeds(feeds, state, site.fetch)
    assert (again.links, again.failures) == ([], [])
    assert site.headers_of("/rss")[-1]["if-modified-since"] == "Tue, 05 Mar 2024 10:00:00 GMT"


def test_a_failing_feed_is_named_and_the_others_still_polled(site, state):
    site.routes["/html"] = Page(200, "<html><body><p>Trang chủ</p></body></html>".encode("utf-8"), {"Content-Type": "text/html"})
    site.routes["/slow"] = Page(200, rss(*RSS_ITEMS), {"Content-Type": "application/rss+xml"}, delay=1.0)
    site.routes["/good"] = feed_page(rss(*RSS_ITEMS))
    feeds = [Feed(site.url(p), p.strip("/")) for p in ("/gone", "/html", "/slow", "/good")]

    def fetch(url, **kwargs):
        return site.fetch(url, timeout=0.3, **kwargs)

    poll = poll_feeds(feeds, state, fetch)
    assert len(poll.links) == 2
    reasons = {p.where: p.reason for p in poll.failures}
    assert reasons == {
        f"feed gone ({site.url('/gone')})": "HTTP 404 Not Found",
        f"feed html ({site.url('/html')})": "not an RSS or Atom feed",
        f"feed slow ({site.url('/slow')})": "timed out after 0.3 s",
    }


def test_a_feed_that_is_not_xml_names_the_parse_error(site, state):
    site.routes["/rss"] = feed_page(b"{this is json, not a feed}")
    [failure] = poll_feeds([Feed(site.url("/rss"), site.url("/rss"))], state, site.fetch).failures
    assert failure.where == f"feed {site.url('/rss')}"
    assert failure.reason.startswith("not an RSS or Atom feed (")


def test_a_failed_feed_keeps_its_old_validators(site, state):
    state.set_validators(site.url("/gone"), Validators('"old"', None))
    poll_feeds([Feed(site.url("/gone"), "gone")], state, site.fetch).commit(state)
    assert state.validators(site.url("/gone")) == Validators('"old"', None)

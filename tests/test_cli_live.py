"""`ukraine-bot add` and `ukraine-bot fetch` as a user runs them, against pages and feeds served on loopback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.ingest.store import page_file_name
from bot.state.store import StateStore
from tests.fakes.fixtures import fake_slack  # noqa: F401, F811 (fixture)
from tests.ingest.site import Page, html, redirect, serve
from tests.test_cli import SEEDS, cli_env, fingerprint, no_traceback, run_cli

PAGES = Path(__file__).resolve().parent / "ingest" / "pages"
CANONICAL = "https://thoisu.example.vn/the-gioi/ngoai-truong-hoi-dam-ba-lan-123.html"


@pytest.fixture
def site():
    yield from serve()


@pytest.fixture
def live(seed_index, tmp_path):
    """A copy of the seed corpus and its index; fetching from loopback allowed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    return corpus, out


def env(**extra):
    return cli_env(UKRAINE_BOT_FETCH_PRIVATE="true", **extra)


def add(corpus: Path, out: Path, *urls: str, json_out: bool = False, timeout: str = "10"):
    args = ["add", *urls, "--seeds", str(corpus), "--out", str(out), "--timeout", timeout] + (["--json"] if json_out else [])
    result = run_cli(*args, env=env())
    no_traceback(result)
    return result


def test_add_fetches_stores_indexes_and_prints_what_was_indexed(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    result = add(corpus, out, site.url("/a"))
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert line.startswith("indexed: Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan — 2024-03-05 · Báo Thời Sự")
    assert "Bùi Thanh Sơn" in line and "Sikorski" in line
    assert (corpus / page_file_name(CANONICAL)).exists()
    assert "Indexed 6 articles" in result.stdout


def test_add_json_reads_the_article_back_from_the_index(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    data = json.loads(add(corpus, out, site.url("/a"), json_out=True).stdout)
    [outcome] = data["outcomes"]
    assert outcome["status"] == "indexed"
    article = outcome["article"]
    assert (article["published"], article["url"], article["id"]) == ("2024-03-05", CANONICAL, page_file_name(CANONICAL)[:-5])
    assert any("Sikorski" in p for p in article["people"])


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (None, "404"),
        (html((PAGES / "index.html").read_bytes()), "no article text"),
        (Page(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}), "not an HTML page"),
        (redirect("/loop"), "redirect loop"),
    ],
    ids=["404", "not-an-article", "not-html", "redirect-loop"],
)
def test_a_url_that_cannot_be_added_gives_one_line_and_changes_nothing(site, live, route, reason):
    corpus, out = live
    if route is not None:
        site.routes["/loop"] = route
    before = fingerprint(out)
    files = sorted(p.name for p in corpus.iterdir())
    result = add(corpus, out, site.url("/loop"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed: ") and site.url("/loop") in lines[0], result.stderr
    assert reason.lower() in lines[0].lower()
    assert fingerprint(out) == before
    assert sorted(p.name for p in corpus.iterdir()) == files


def test_a_page_that_is_too_large_or_too_slow_is_refused_in_one_line(site, live):
    corpus, out = live
    site.routes["/big"] = html(b"<html>" + b"x" * (3 * 1024 * 1024) + b"</html>")
    site.routes["/slow"] = Page(200, b"<html>" + b"x" * 100 + b"</html>", {"Content-Type": "text/html"}, drip=(1, 0.5))
    before = fingerprint(out)
    result = add(corpus, out, site.url("/big"), site.url("/slow"), timeout="1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "/big: too large" in lines[0]
    assert "/slow: timed out after 1 s" in lines[1]
    assert fingerprint(out) == before


def test_add_with_one_good_and_one_bad_url_indexes_the_good_one_and_exits_1(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    result = add(corpus, out, site.url("/a"), site.url("/gone"))
    assert result.returncode == 1
    assert result.stdout.startswith("indexed: ")
    assert "404" in result.stderr and "/gone" in result.stderr


def test_add_refuses_loopback_addresses_unless_allowed(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    result = run_cli("add", site.url("/a"), "--seeds", str(corpus), "--out", str(out), env=cli_env())
    assert result.returncode == 2
    assert "127.0.0.1" in result.stderr and site.requests == []


def rss(*links: str) -> Page:
    items = "".join(f"<item><title>Tin {n}</title><link>{link}</link><guid>{link}</guid></item>" for n, link in enumerate(links))
    body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    return Page(200, body.encode("utf-8"), {"Content-Type": "application/rss+xml", "ETag": '"v1"'})


def fetch(corpus: Path, out: Path, *extra: str, **environ: str):
    result = run_cli("fetch", "--seeds", str(corpus), "--out", str(out), *extra, env=env(**environ))
    no_traceback(result)
    return result


def test_fetch_indexes_new_feed_items_and_then_asks_only_for_changes(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    site.routes["/rss"] = rss(site.url("/a"))
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/rss')}\n  name: Thời Sự\n", encoding="utf-8")
    first = fetch(corpus, out)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("indexed: Ngoại trưởng Việt Nam hội đàm")
    second = fetch(corpus, out)
    assert second.returncode == 0
    assert "No new articles in 1 feed(s)." in second.stdout
    assert site.headers_of("/rss")[-1].get("if-none-match") == '"v1"'
    assert len(site.headers_of("/a")) == 1


def test_fetch_names_a_feed_that_is_not_xml_and_still_polls_the_others(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    site.routes["/rss"] = rss(site.url("/a"))
    site.routes["/bad"] = Page(200, b"this is not a feed {", {"Content-Type": "text/plain"})
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/bad')}\n- url: {site.url('/rss')}\n", encoding="utf-8")
    result = fetch(corpus, out)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem: ")]
    assert len(problems) == 1 and "/bad" in problems[0] and "not an RSS or Atom feed" in problems[0]
    assert result.stdout.startswith("indexed: ")


def test_fetch_with_only_failing_feeds_keeps_the_index(site, live):
    corpus, out = live
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/gone')}\n", encoding="utf-8")
    before = fingerprint(out)
    result = fetch(corpus, out)
    assert result.returncode == 2
    assert "404" in result.stderr
    assert fingerprint(out) == before


def test_fetch_without_a_feeds_file_says_where_it_looked(live):
    corpus, out = live
    result = fetch(corpus, out)
    assert result.returncode == 2
    assert str(corpus / "feeds.yml") in result.stderr


def test_fetch_without_slack_tokens_prints_the_notices_it_would_send(site, live):
    corpus, out = live
    state = StateStore(out.with_name("state.db"))
    state.mark_checked(["000_4ae53418e66acca5"])  # a bot has run: what is indexed now is the baseline
    state.add_watch("C1", "person", "Sikorski")
    state.close()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    site.routes["/rss"] = rss(site.url("/a"))
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/rss')}\n", encoding="utf-8")
    result = fetch(corpus, out)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("not sent (no SLACK_BOT_TOKEN)")]
    assert "C1" in line and "Sikorski" in line


def test_fetch_with_a_bot_token_sends_the_notices_to_slack_once(site, live, fake_slack):  # noqa: F811
    from tests.fakes.fixtures import BOT_TOKEN

    corpus, out = live
    state = StateStore(out.with_name("state.db"))
    state.mark_checked(["000_4ae53418e66acca5"])
    watch = state.add_watch("C777", "person", "Sikorski")
    state.close()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    site.routes["/rss"] = rss(site.url("/a"))
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/rss')}\n", encoding="utf-8")
    result = fetch(corpus, out, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=fake_slack.base_url)
    assert result.returncode == 0, result.stderr
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "C777" and "Sikorski" in post.params["text"]
    assert any(line.startswith("sent: notice for C777") for line in result.stdout.splitlines())
    assert StateStore(out.with_name("state.db")).was_sent(watch.id, page_file_name(CANONICAL)[:-5])
    assert fetch(corpus, out, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=fake_slack.base_url).returncode == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("interval", ["10s", "soon", "0"])
def test_run_refuses_a_fetch_interval_that_is_not_one_or_under_a_minute(interval):
    result = run_cli("run", "--fetch-every", interval)
    assert result.returncode == 2
    assert "--fetch-every" in result.stderr and "Traceback" not in result.stderr


def test_fetch_with_one_failing_feed_and_nothing_new_elsewhere_exits_1(site, live):
    corpus, out = live
    site.routes["/rss"] = rss()
    (corpus / "feeds.yml").write_text(f"- url: {site.url('/rss')}\n- url: {site.url('/gone')}\n", encoding="utf-8")
    result = fetch(corpus, out)
    assert result.returncode == 1
    [problem] = [line for line in result.stderr.splitlines() if line.startswith("problem: ")]
    assert "/gone" in problem and "404" in problem


def test_add_to_a_missing_folder_fetches_nothing_and_says_so(site, tmp_path):
    result = add(tmp_path / "nope", tmp_path / "index.db", site.url("/a"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"ukraine-bot add: {tmp_path / 'nope'}: corpus folder not found; nothing was fetched"
    assert site.requests == []


def test_add_when_the_corpus_cannot_be_indexed_keeps_the_page_and_the_previous_index(site, live):
    corpus, out = live
    (corpus / "sources.yml").write_text("- file: [unclosed\n", encoding="utf-8")
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    before = fingerprint(out)
    result = add(corpus, out, site.url("/a"))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "saved in" in line and "not indexed" in line and "sources.yml" in line and "previous index is unchanged" in line
    assert fingerprint(out) == before
    assert (corpus / page_file_name(CANONICAL)).exists()  # kept: the next index run picks it up


def test_add_into_a_folder_without_an_index_builds_one(site, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    result = add(corpus, tmp_path / "index.db", site.url("/a"))
    assert result.returncode == 0, result.stderr
    assert "Indexed 1 articles" in result.stdout


def test_add_never_prints_a_bidi_control_from_a_pages_title(site, live):
    corpus, out = live
    page = (PAGES / "article.html").read_bytes().replace(
        "<h1>Ngoại trưởng Việt Nam".encode(), "<h1>\u202eNgoại trưởng Việt Nam".encode()
    ).replace(b"<title>", "<title>\u202e".encode()).replace(b'content="Ngo', 'content="\u202eNgo'.encode())
    site.routes["/a"] = html(page)
    result = add(corpus, out, site.url("/a"))
    assert result.returncode == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "Ngoại trưởng Việt Nam hội đàm" in result.stdout

"""Adding fetched pages to the index: each URL ends indexed or failed, and a busy index is waited for."""

import shutil
import threading
import time
from pathlib import Path

import pytest

from bot.build.live import add_urls
from bot.index.writer import build_lock
from tests.conftest import SEEDS
from tests.ingest.site import html, serve

PAGES = Path(__file__).resolve().parent.parent / "ingest" / "pages"


@pytest.fixture
def site():
    yield from serve()


@pytest.fixture
def live(seed_index, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "data" / "index.db"
    out.parent.mkdir()
    shutil.copyfile(seed_index, out)
    return corpus, out


def test_an_add_while_another_build_writes_the_index_waits_for_it_then_indexes(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    held = threading.Event()

    def other_build():
        with build_lock(out):
            held.set()
            time.sleep(1.0)

    other = threading.Thread(target=other_build)
    other.start()
    held.wait(5)
    started = time.monotonic()
    report = add_urls(corpus, out, [site.url("/a")], site.fetch)
    other.join()
    assert [o.status for o in report.outcomes] == ["indexed"]
    assert time.monotonic() - started >= 0.9


def test_an_add_that_cannot_get_the_index_in_time_fails_naming_it_and_keeps_the_page(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    with build_lock(out):
        report = add_urls(corpus, out, [site.url("/a")], site.fetch, busy_wait=0.2)
    [outcome] = report.outcomes
    assert outcome.status == "failed"
    assert "not indexed" in outcome.reason and "another" in outcome.reason
    assert any(p.name.startswith("web_") for p in corpus.iterdir())


def test_the_same_url_given_twice_is_fetched_once(site, live):
    corpus, out = live
    site.routes["/a"] = html((PAGES / "article.html").read_bytes())
    report = add_urls(corpus, out, [site.url("/a"), site.url("/a") + " "], site.fetch)
    assert len(report.outcomes) == 1 and len(site.headers_of("/a")) == 1

"""New articles in the index checked against the watchlists: the baseline, each article once, retries."""

import shutil

import pytest

from bot.alerts.live import check_new_articles
from bot.alerts.ratelimit import RateLimiter
from bot.index.articles import article_ids
from bot.index.reader import open_index
from bot.state.store import StateStore

GENEVA = "004_04ef1faf11f1ddc1"  # the Lavrov–Blinken talks of 2022-01-21


@pytest.fixture
def index(seed_index, tmp_path):
    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    return out


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


def no_wait() -> RateLimiter:
    return RateLimiter(sleep=lambda _: None)


def ids(index):
    db = open_index(index)
    try:
        return article_ids(db)
    finally:
        db.close()


def test_the_first_check_takes_the_index_as_the_baseline_and_sends_nothing(index, state):
    state.add_watch("C1", "person", "Lavrov")
    sent = []
    checked = check_new_articles(index, state, sent.append, no_wait())
    assert checked.baseline and sent == []
    assert state.unchecked(ids(index)) == []


def test_an_article_not_yet_checked_sends_its_notices_once(index, state):
    state.mark_checked([i for i in ids(index) if i != GENEVA])  # as if Geneva were just indexed
    watch = state.add_watch("C1", "pair", "Blinken", "Lavrov")
    sent = []
    first = check_new_articles(index, state, sent.append, no_wait())
    assert first.articles == [GENEVA] and [n.watch.id for n in sent] == [watch.id]
    assert "Lavrov" in sent[0].evidence or "Blinken" in sent[0].evidence
    assert check_new_articles(index, state, sent.append, no_wait()).articles == []
    assert len(sent) == 1


def test_an_article_whose_notice_failed_is_checked_again_next_time(index, state):
    state.mark_checked([i for i in ids(index) if i != GENEVA])
    state.add_watch("C1", "person", "Lavrov")

    def down(notice):
        raise ConnectionError("Slack unreachable")

    failed = check_new_articles(index, state, down, no_wait())
    assert [f.article for f in failed.failures] == [GENEVA]
    sent = []
    assert check_new_articles(index, state, sent.append, no_wait()).articles == [GENEVA]
    assert len(sent) == 1

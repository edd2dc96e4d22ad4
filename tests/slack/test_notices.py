"""The bot's notice checker: a check only when the index file changed, undelivered notices retried later."""

import os
import shutil

import pytest

from bot.alerts.ratelimit import RateLimiter
from bot.index.articles import article_ids
from bot.index.reader import open_index
from bot.slack import notices
from bot.slack.notices import NoticeChecker
from bot.state.store import StateStore

GENEVA = "004_04ef1faf11f1ddc1"


@pytest.fixture
def index(seed_index, tmp_path):
    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    return out


@pytest.fixture
def state(index, tmp_path):
    store = StateStore(tmp_path / "state.db")
    db = open_index(index)
    store.mark_checked([i for i in article_ids(db) if i != GENEVA])  # Geneva is the one new article
    db.close()
    store.add_watch("C1", "person", "Lavrov")
    yield store
    store.close()


def checker(index, state, post):
    return NoticeChecker(index, state, post, RateLimiter(sleep=lambda _: None))


def test_an_unchanged_index_is_not_checked_again(index, state):
    sent = []
    watcher = checker(index, state, sent.append)
    assert watcher.check_if_changed().articles == [GENEVA]
    assert watcher.check_if_changed() is None
    assert len(sent) == 1


def test_a_changed_index_file_is_checked(index, state):
    watcher = checker(index, state, lambda n: None)
    watcher.check_if_changed()
    st = index.stat()
    os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert watcher.check_if_changed() is not None


def test_undelivered_notices_are_retried_after_a_pause_not_at_once(index, state, monkeypatch):
    attempts = []

    def down(notice):
        attempts.append(notice)
        raise ConnectionError("Slack unreachable")

    watcher = checker(index, state, down)
    assert watcher.check_if_changed().failures
    assert watcher.check_if_changed() is None  # within the pause
    monkeypatch.setattr(notices, "RETRY_AFTER", 0.0)
    watcher.check()  # fails again, now with no pause before the next try
    assert watcher.check_if_changed() is not None
    assert len(attempts) == 3


def test_a_missing_index_is_logged_not_raised(tmp_path, state):
    assert checker(tmp_path / "gone.db", state, lambda n: None).check() is None

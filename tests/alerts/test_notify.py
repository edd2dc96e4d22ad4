"""Sending notices: once per watch and article, paced per channel, retried when delivery fails."""

import pytest

from bot.alerts.notify import send_notices
from bot.alerts.ratelimit import RateLimiter
from bot.alerts.watch import ArticlePerson, NewArticle
from bot.state.store import StateStore

ARTICLE = NewArticle(
    id="web_0123456789abcdef",
    title="Ngoại trưởng Nga và Mỹ gặp nhau tại Riyadh",
    sentences=("Ngoại trưởng Nga Sergei Lavrov đã gặp Ngoại trưởng Mỹ Marco Rubio tại Riyadh.",),
    people=(ArticlePerson("Sergei Lavrov", frozenset(), (0,)), ArticlePerson("Marco Rubio", frozenset(), (0,))),
)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


@pytest.fixture
def slept():
    return []


@pytest.fixture
def limiter(slept):
    return RateLimiter(rate=1.0, clock=Clock(), sleep=slept.append)


def test_each_satisfied_watch_is_posted_to_its_owner(state, limiter):
    state.add_watch("C1", "person", "Lavrov")
    state.add_watch("U2", "pair", "Lavrov", "Rubio")
    state.add_watch("C3", "person", "Zelensky")
    posted = []
    send_notices([ARTICLE], state, posted.append, limiter)
    assert [(n.watch.owner, n.evidence) for n in posted] == [("C1", ARTICLE.sentences[0]), ("U2", ARTICLE.sentences[0])]


def test_a_notice_is_not_posted_again_on_the_next_run(state, limiter):
    state.add_watch("C1", "person", "Lavrov")
    posted = []
    send_notices([ARTICLE], state, posted.append, limiter)
    again = send_notices([ARTICLE], state, posted.append, limiter)
    assert len(posted) == 1
    assert again.sent == []


def test_notices_to_one_channel_are_paced(state, limiter, slept):
    state.add_watch("C1", "person", "Lavrov")
    state.add_watch("C1", "person", "Rubio")
    state.add_watch("C1", "word", "Riyadh")
    send_notices([ARTICLE], state, lambda notice: None, limiter)
    assert slept == [1.0, 2.0]


def test_a_failed_delivery_is_reported_and_retried_next_time(state, limiter):
    watch = state.add_watch("C1", "person", "Lavrov")

    def down(notice):
        raise ConnectionError("Slack unreachable")

    failed = send_notices([ARTICLE], state, down, limiter)
    assert [str(f) for f in failed.failures] == [
        f"notice for watch {watch.id} (C1) on article {ARTICLE.id}: ConnectionError: Slack unreachable"
    ]
    posted = []
    send_notices([ARTICLE], state, posted.append, limiter)
    assert len(posted) == 1


def test_one_failed_delivery_does_not_stop_the_others(state, limiter):
    state.add_watch("C1", "person", "Lavrov")
    state.add_watch("C2", "person", "Rubio")
    posted = []

    def c1_down(notice):
        if notice.watch.owner == "C1":
            raise RuntimeError("channel_not_found")
        posted.append(notice)

    result = send_notices([ARTICLE], state, c1_down, limiter)
    assert [n.watch.owner for n in posted] == ["C2"]
    assert len(result.failures) == 1

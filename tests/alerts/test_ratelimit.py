"""Pacing per channel: about one message a second each, channels independent."""

import threading

import pytest

from bot.alerts.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_message_to_a_channel_goes_at_once():
    assert RateLimiter(clock=Clock()).delay("C1") == 0.0


def test_the_next_messages_wait_one_second_each():
    limiter = RateLimiter(rate=1.0, clock=Clock())
    assert [limiter.delay("C1") for _ in range(4)] == [0.0, 1.0, 2.0, 3.0]


def test_channels_are_paced_independently():
    limiter = RateLimiter(clock=Clock())
    limiter.delay("C1")
    assert limiter.delay("C2") == 0.0


def test_time_passing_frees_a_slot():
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    limiter.delay("C1")
    clock.now += 1.0
    assert limiter.delay("C1") == 0.0


def test_a_burst_is_sent_at_once_and_then_paced():
    limiter = RateLimiter(rate=1.0, burst=3, clock=Clock())
    assert [limiter.delay("C1") for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]


def test_an_idle_channel_saves_up_no_more_than_the_burst():
    clock = Clock()
    limiter = RateLimiter(burst=2, clock=clock)
    limiter.delay("C1")
    clock.now += 60
    assert [limiter.delay("C1") for _ in range(3)] == [0.0, 0.0, 1.0]


def test_wait_sleeps_for_the_delay():
    slept: list[float] = []
    limiter = RateLimiter(rate=2.0, clock=Clock(), sleep=slept.append)
    limiter.wait("C1")
    limiter.wait("C1")
    assert slept == [0.5]


def test_threads_sending_at_once_get_successive_slots():
    limiter = RateLimiter(clock=Clock())
    delays: list[float] = []
    start = threading.Barrier(5)

    def send() -> None:
        start.wait()
        delays.append(limiter.delay("C1"))

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(delays) == [0.0, 1.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (1, 0)])
def test_a_rate_or_burst_that_allows_nothing_is_refused(rate, burst):
    with pytest.raises(ValueError, match="rate must be > 0 and burst >= 1"):
        RateLimiter(rate, burst)

"""Posting workers: a job goes with how to post it, never shows the token, and needs workers that post."""

from __future__ import annotations

import pytest

from bot.serve.pool import AnswerPool
from bot.slack.worker import Delivery, RemoteDelivery, runs_jobs


def test_a_delivery_never_shows_its_token():
    delivery = Delivery(token="xoxb-secret-token", api_url="http://127.0.0.1:9/api/")

    assert "xoxb" not in repr(delivery) and "xoxb" not in str(delivery)


def test_a_pool_whose_workers_only_answer_cannot_be_given_answers_to_post(seed_index):
    with AnswerPool(seed_index, workers=1) as pool:
        assert not runs_jobs(pool)
        with pytest.raises(ValueError, match="bot.slack.worker"):
            RemoteDelivery(pool, Delivery(token="xoxb-t"))

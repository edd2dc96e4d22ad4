"""A bounded load test: 300 signed slash commands, 20 at a time, over HTTP loopback to the waitress-served app."""

from __future__ import annotations

import statistics
from concurrent.futures import ThreadPoolExecutor

from benchmarks.stats import percentile, rss_mb

from .harness import ACK_LIMIT, posts, settle

COMMANDS = 300
CONCURRENCY = 20
QUERIES = ["who Sullivan", "ai là Lavrov", "on 2022-01-21", "Nga", "who ngoại trưởng Nga", "2022-01"]


def test_300_concurrent_commands_are_all_acknowledged_within_three_seconds_and_answered(bot, fake_slack):
    rss_before = rss_mb()

    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        results = list(pool.map(lambda i: bot.command(QUERIES[i % len(QUERIES)])[0], range(COMMANDS)))
    answers = posts(fake_slack, 2 * COMMANDS, timeout=60)  # a summary and its thread for each

    acks = [r.elapsed for r in results]
    rss_after = rss_mb()
    print(
        f"\nload: {COMMANDS} commands at concurrency {CONCURRENCY}: ack p50 {statistics.median(acks) * 1000:.1f} ms, "
        f"p99 {percentile(acks, 0.99) * 1000:.1f} ms, max {max(acks) * 1000:.1f} ms; "
        f"RSS {rss_before:.1f} MB before, {rss_after:.1f} MB after"
    )
    assert [r.status for r in results] == [200] * COMMANDS
    assert max(acks) < ACK_LIMIT
    assert all(call.ok for call in answers)
    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2 * COMMANDS  # each answered exactly once

"""Digest timing: due at the channel's local time, once a day, not long after."""

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.alerts.schedule import due_digests
from bot.state.records import Digest

HANOI = "Asia/Ho_Chi_Minh"  # UTC+7, no daylight saving


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_a_digest_is_due_at_its_local_time():
    digest = Digest("C1", "07:30", HANOI, None)
    assert due_digests([digest], utc(2024, 3, 5, 0, 29)) == []
    [due] = due_digests([digest], utc(2024, 3, 5, 0, 30))
    assert (due.digest, due.day) == (digest, date(2024, 3, 5))


def test_the_day_is_the_channels_local_day():
    # 23:30 UTC on 4 March is already 06:30 on 5 March in Hanoi.
    [due] = due_digests([Digest("C1", "06:00", HANOI, None)], utc(2024, 3, 4, 23, 30))
    assert due.day == date(2024, 3, 5)


def test_a_digest_sent_today_is_not_due_again():
    assert due_digests([Digest("C1", "07:30", HANOI, date(2024, 3, 5))], utc(2024, 3, 5, 2, 0)) == []


def test_a_digest_sent_yesterday_is_due_today():
    assert len(due_digests([Digest("C1", "07:30", HANOI, date(2024, 3, 4))], utc(2024, 3, 5, 2, 0))) == 1


def test_a_missed_digest_is_sent_late_within_the_grace_period_only():
    digest = Digest("C1", "07:30", HANOI, None)
    assert len(due_digests([digest], utc(2024, 3, 5, 6, 29))) == 1  # 13:29 local
    assert due_digests([digest], utc(2024, 3, 5, 6, 30)) == []  # 13:30 local: six hours late
    assert len(due_digests([digest], utc(2024, 3, 5, 6, 30), grace=timedelta(hours=12))) == 1


def test_each_channel_keeps_its_own_zone():
    hanoi = Digest("C1", "08:00", HANOI, None)
    kyiv = Digest("C2", "08:00", "Europe/Kyiv", None)  # UTC+2 in winter
    hour = timedelta(hours=1)
    assert [d.digest.channel for d in due_digests([hanoi, kyiv], utc(2024, 1, 10, 1, 0), hour)] == ["C1"]
    assert [d.digest.channel for d in due_digests([hanoi, kyiv], utc(2024, 1, 10, 6, 0), hour)] == ["C2"]


def test_summer_time_moves_the_utc_hour_not_the_local_one():
    kyiv = Digest("C2", "08:00", "Europe/Kyiv", None)  # UTC+3 in summer
    assert due_digests([kyiv], utc(2024, 7, 10, 4, 59)) == []
    assert len(due_digests([kyiv], utc(2024, 7, 10, 5, 0))) == 1


def test_a_time_skipped_by_the_spring_change_falls_after_the_gap():
    # Kyiv jumps from 03:00 to 04:00 on 31 March 2024 (01:00 UTC).
    kyiv = Digest("C2", "03:30", "Europe/Kyiv", None)
    assert due_digests([kyiv], utc(2024, 3, 31, 0, 59)) == []
    assert len(due_digests([kyiv], utc(2024, 3, 31, 1, 31))) == 1


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        due_digests([], datetime(2024, 3, 5, 7, 30))

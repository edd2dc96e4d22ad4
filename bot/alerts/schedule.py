"""When a channel's daily digest is due, in the channel's own time zone.

A digest set for 07:30 Asia/Ho_Chi_Minh is due from 07:30 local time until
it has been sent that local day. A bot that was down at 07:30 still sends it
when it comes back, but only within a grace period (six hours by default):
a morning digest arriving at midnight is noise, so a day missed by more is
skipped, not sent late. Daylight-saving changes are zoneinfo's business; a
time that does not exist on the day of a change falls after the gap.

Pure: the caller passes the time, claims a digest with
`StateStore.mark_digest_sent(channel, day)` (true only once per day), and
only then posts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.state.records import Digest

DEFAULT_GRACE = timedelta(hours=6)


@dataclass(frozen=True)
class DueDigest:
    digest: Digest
    day: date  # the channel's local date the digest is for


def _scheduled(digest: Digest, day: date, zone: ZoneInfo) -> datetime:
    hours, minutes = (int(part) for part in digest.time.split(":"))
    local = datetime.combine(day, time(hours, minutes), zone)
    # Round-trip through UTC so a wall time inside a spring-forward gap lands after it.
    return local.astimezone(ZoneInfo("UTC")).astimezone(zone)


def due_digests(digests: Iterable[Digest], now: datetime, grace: timedelta = DEFAULT_GRACE) -> list[DueDigest]:
    """The digests to send at `now` (an aware datetime), each with the local day it is for."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone (datetime.now(timezone.utc))")
    due: list[DueDigest] = []
    for digest in digests:
        zone = ZoneInfo(digest.tz)
        today = now.astimezone(zone).date()
        if digest.last_sent is not None and digest.last_sent >= today:
            continue
        at = _scheduled(digest, today, zone)
        if at <= now < at + grace:
            due.append(DueDigest(digest, today))
    return due

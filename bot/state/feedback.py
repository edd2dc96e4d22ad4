"""What users said about answers (👍/👎, and why), in the state file's `feedback` table.

The index is rebuilt and swapped whole, so what users write cannot live there; the
state file (UKRAINE_BOT_STATE, default state.db beside the index) is the bot's own,
opened through StateStore, which owns its schema. This module is the Slack side's
view of it: votes up or down, a reason from the 👎 form, and what the bot answered
(its headline and article ids) with the channel it was asked in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, get_args

from bot.state.api import State
from bot.state.lazy import LazyState
from bot.state.records import MAX_FEEDBACK_TEXT

Vote = Literal["up", "down"]
Reason = Literal["wrong_person", "missing_article", "wrong_date", "other"]
REASONS: tuple[Reason, ...] = get_args(Reason)
MAX_COMMENT = MAX_FEEDBACK_TEXT

@dataclass(frozen=True)
class Feedback:
    """One vote on one answer: who, when, the question, what the bot answered (headline and article ids), why."""

    at: str
    user: str
    vote: Vote
    query: str
    answer: str
    articles: tuple[str, ...]
    reason: Reason | None = None
    comment: str = ""
    channel: str | None = None

    def to_dict(self) -> dict:
        return {"at": self.at, "user": self.user, "channel": self.channel, "vote": self.vote, "reason": self.reason,
                "comment": self.comment, "query": self.query, "answer": self.answer, "articles": list(self.articles)}


class FeedbackStore:
    """Feedback in the state: the SQLite file at `path` (created with its folder on the first vote, not
    before), or whatever `opener` opens — the shared PostgreSQL state when replicas use one."""

    def __init__(self, path: Path, opener: Callable[[], State] | None = None) -> None:
        self.path = Path(path)
        self._state = LazyState(self.path, opener)

    def record(
        self,
        *,
        user: str,
        vote: Vote,
        query: str,
        answer: str,
        articles: tuple[str, ...] = (),
        reason: Reason | None = None,
        comment: str = "",
        channel: str | None = None,
    ) -> Feedback:
        """Store one vote; a reason that is not one of REASONS is stored as "other"."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be up or down, not {vote!r}")
        if reason is not None and reason not in REASONS:
            reason = "other"
        shown = {"answer": answer, "articles": list(articles), "channel": channel}
        self._state.get().record_feedback(query=query, answer=shown, verdict="good" if vote == "up" else "bad", user=user,
                                      reason=reason, text=comment[:MAX_COMMENT] or None)
        return Feedback(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), user, vote, query, answer, tuple(articles),
                        reason, comment[:MAX_COMMENT], channel)

    def list(self, limit: int | None = None) -> list[Feedback]:
        """Stored feedback, newest first (all of it, or the `limit` newest); empty when nothing was stored."""
        if not self._state.may_hold_anything():
            return []
        out = []
        for item in self._state.get().feedback(limit=2**62 if limit is None else limit):
            shown = item.answer if isinstance(item.answer, dict) else {"answer": str(item.answer)}
            reason = item.reason if item.reason in REASONS else None
            out.append(Feedback(
                at=item.ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
                user=item.user,
                vote="up" if item.verdict == "good" else "down",
                query=item.query,
                answer=str(shown.get("answer", "")),
                articles=tuple(str(a) for a in shown.get("articles") or ()),
                reason=reason,
                comment=item.text or "",
                channel=shown.get("channel"),
            ))
        return out

"""What users said about answers (👍/👎, and why): one SQLite table, `feedback`, in the state file.

The index is rebuilt and swapped whole, so what users write cannot live there; the
state file (UKRAINE_BOT_STATE, default state.db beside the index) is the bot's own.
Each call opens its own connection: listeners run on many threads, and a write is a
single short transaction, so SQLite's own locking is enough.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

Vote = Literal["up", "down"]
Reason = Literal["wrong_person", "missing_article", "wrong_date", "other"]
REASONS: tuple[Reason, ...] = get_args(Reason)
MAX_COMMENT = 3000  # Slack's own cap on a plain text input is 3,000 characters

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback(
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    channel TEXT,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    reason TEXT,
    comment TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL,
    answer TEXT NOT NULL,
    articles TEXT NOT NULL
)
"""


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
    """The `feedback` table of the state file; created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute(SCHEMA)
        return db

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
        item = Feedback(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), user, vote, query, answer,
                        tuple(articles), reason, comment[:MAX_COMMENT], channel)
        db = self._connect()
        try:
            with db:
                db.execute(
                    "INSERT INTO feedback(at, user, channel, vote, reason, comment, query, answer, articles)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (item.at, item.user, item.channel, item.vote, item.reason, item.comment, item.query, item.answer,
                     json.dumps(list(item.articles))),
                )
        finally:
            db.close()
        return item

    def list(self, limit: int | None = None) -> list[Feedback]:
        """Stored feedback, newest first (all of it, or the `limit` newest); empty when nothing was stored."""
        if not self.path.exists():
            return []
        db = self._connect()
        try:
            rows = db.execute(
                "SELECT at, user, vote, query, answer, articles, reason, comment, channel FROM feedback"
                " ORDER BY id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        finally:
            db.close()
        return [Feedback(at, user, vote, query, answer, tuple(json.loads(arts)), reason, comment, channel)
                for at, user, vote, query, answer, arts, reason, comment, channel in rows]

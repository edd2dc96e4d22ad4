"""The engine's answers: plain data, rendered elsewhere (Block Kit, text, JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Evidence:
    text: str
    date: str | None = None  # ISO date (or month) the sentence reports, when it reports one
    sentence: int | None = None  # position in the cleaned article, for highlighting on its page


@dataclass
class ArticleHit:
    id: str
    title: str
    url: str | None
    outlet: str | None
    published: str | None
    summary: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ActorMatch:
    name: str
    role: str | None
    aliases: list[str]
    score: float
    roles: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    name: str
    score: float
    role: str | None = None


@dataclass
class DateRange:
    start: str
    end: str
    precision: str = "day"

    @property
    def label(self) -> str:
        if self.precision == "day":
            return self.start
        return self.start[:7] if self.precision == "month" else self.start[:4]


@dataclass
class Answer:
    """What the bot knows for one query.

    `error` is a machine-readable reason when there is no regular answer
    ("invalid_date", "no_actor", "no_results", "empty_query", "index_unavailable");
    `detail` carries the human-readable specifics.
    """

    query: str
    intent: str  # who | on | search | help | unknown
    target: str = ""  # the name, date or words the query is about, as the user wrote them
    actor: ActorMatch | None = None
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    date: DateRange | None = None
    nearest: list[str] = field(default_factory=list)
    articles: list[ArticleHit] = field(default_factory=list)
    error: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.date is not None:
            data["date"] = {"start": self.date.start, "end": self.date.end, "precision": self.date.precision}
        return data

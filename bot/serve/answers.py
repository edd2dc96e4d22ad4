"""The engine's answers: plain data, rendered elsewhere (Block Kit, text, JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# How the articles of an answer are ordered, stated so a reader never has to guess: newest first
# (who, pair), most dated mentions of the day first (on), best match first (search).
Order = Literal["newest", "mentions", "relevance"]


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
    evidence: list[Evidence] = field(default_factory=list)  # the best few, quoted in the message
    sentences: list[Evidence] = field(default_factory=list)  # every sentence naming the person asked about


@dataclass
class ActorMatch:
    name: str
    role: str | None
    aliases: list[str]
    score: float
    roles: list[str] = field(default_factory=list)
    n_articles: int | None = None  # how many articles in the index name them


@dataclass
class Candidate:
    name: str
    score: float
    role: str | None = None


@dataclass(frozen=True)
class RoleSeen:
    """A role as the articles print it, and the first and last day it was given (sentence or article date)."""

    role: str
    first: str | None
    last: str | None


@dataclass(frozen=True)
class DatedLine:
    """One dated thing from an article sentence: the day, the sentence shortened, and who it names."""

    date: str
    text: str
    article: str  # the article id
    sentence: int
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Companion:
    name: str
    n: int  # articles naming both


@dataclass(frozen=True)
class PersonProfile:
    """What the articles say about one person, across all of them (not one article's summary)."""

    roles: tuple[RoleSeen, ...]
    events: tuple[DatedLine, ...]  # date order
    n_articles: int
    first_seen: str | None
    last_seen: str | None
    companions: tuple[Companion, ...]


@dataclass
class DateRange:
    start: str
    end: str
    precision: str = "day"

    @property
    def label(self) -> str:
        if self.precision == "day":
            return self.start
        if self.precision == "month":
            return self.start[:7]
        if self.precision == "year":
            return self.start[:4]
        if self.precision == "quarter":
            return f"{self.start[:4]}-Q{(int(self.start[5:7]) - 1) // 3 + 1}"
        return f"{self.start}/{self.end}"


@dataclass
class Answer:
    """What the bot knows for one query.

    `error` is a machine-readable reason when there is no regular answer
    ("invalid_date", "no_actor", "no_results", "empty_query", "index_unavailable");
    `detail` carries the human-readable specifics. `reading` says, per label language, how the
    question was understood, so a misreading shows in the answer itself.
    """

    query: str
    intent: str  # who | on | search | pair | help | exit | unknown
    target: str = ""  # the name, date or words the query is about, as the user wrote them
    actor: ActorMatch | None = None
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    date: DateRange | None = None
    nearest: list[str] = field(default_factory=list)
    articles: list[ArticleHit] = field(default_factory=list)
    error: str | None = None
    detail: str | None = None
    reading: dict[str, str] = field(default_factory=dict)  # {"en": …, "vi": …}
    people: list[str] = field(default_factory=list)  # a question about two or more people, as resolved
    actors: list[ActorMatch] = field(default_factory=list)  # those people (pair); `actor` is the first
    outlet: str | None = None  # the outlet the answer is limited to, as the index spells it
    other_years: list[int] = field(default_factory=list)  # a day asked without its year: the other years that have it
    order: Order | None = None
    profile: PersonProfile | None = None  # who: what the articles say about the person
    # on: the dated sentences of the period, one per event; the views (subclasses below) hold EventItems
    events: list[DatedLine] | list[EventItem] = field(default_factory=list)
    # who with a role ("ai là ngoại trưởng Mỹ"), and the role view: everyone the articles give the role
    holders: list[Holder] = field(default_factory=list)
    recent_events: list[EventItem] = field(default_factory=list)  # who: the person's last three events

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.date is not None:
            data["date"] = {"start": self.date.start, "end": self.date.end, "precision": self.date.precision}
        data["period"] = dict(data["date"]) if self.date is not None else None
        return data


@dataclass
class Report:
    """One sentence of one article that reports an event: what every rendered line cites."""

    article: str
    sentence: int
    text: str
    title: str
    url: str | None
    outlet: str | None
    published: str | None
    source: str | None = None  # the outlet the sentence itself cites ("theo Reuters")


@dataclass
class EventItem:
    """One event as the views show it. `date` is as precise as the reports ("2022-01-21", "2022-01")."""

    date: str | None
    precision: str | None
    action: str
    people: list[str]
    place: str | None
    text: str
    articles: list[str]
    future: bool
    reports: list[Report] = field(default_factory=list)
    announced: str | None = None  # the first publication date that reported it
    happened: bool | None = None  # for a past scheduled event: whether a later report has it taking place

    def to_dict(self, upcoming: bool = False) -> dict:
        data: dict[str, object] = {
            "date": self.date, "precision": self.precision, "action": self.action, "people": self.people,
            "place": self.place, "text": self.text, "articles": self.articles, "future": self.future,
        }
        if upcoming:
            data |= {"announced": self.announced, "happened": self.happened}
        return data


@dataclass
class Counterpart:
    name: str
    events: int
    last: str | None


@dataclass
class Holder:
    """Someone the articles give a role, and the first and last dates they do."""

    name: str
    first: str
    last: str


def _view_base(answer: Answer) -> dict:
    data: dict[str, object] = {"query": answer.query, "intent": answer.intent, "target": answer.target, "error": answer.error,
            "detail": answer.detail}
    if answer.error:
        data["suggestions"] = answer.suggestions
    return data


@dataclass
class TimelineAnswer(Answer):
    """`timeline X`: what one person did, oldest first."""

    events: list[EventItem] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _view_base(self) | {
            "actor": self.actor.name if self.actor else None, "events": [e.to_dict() for e in self.events],
        }


@dataclass
class ContactsAnswer(Answer):
    """`contacts X` (their counterparts) or `X và Y gặp nhau` (the events of both)."""

    people: list[str] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)
    counterparts: list[Counterpart] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _view_base(self) | {
            "people": self.people, "events": [e.to_dict() for e in self.events],
            "counterparts": [asdict(c) for c in self.counterparts],
        }


@dataclass
class RoleAnswer(Answer):
    """`ai là ngoại trưởng Mỹ ngày D`: who the articles give that role, and who held it on D."""

    role: str = ""
    holder: str | None = None  # the one holding it on the date asked

    def to_dict(self) -> dict:
        return _view_base(self) | {
            "role": self.role, "date": self.date.label if self.date else None, "actor": self.holder,
            "holders": [asdict(h) for h in self.holders],
        }


@dataclass
class UpcomingAnswer(Answer):
    """`sắp tới`: events reported as future, the coming ones soonest first, then the past ones."""

    events: list[EventItem] = field(default_factory=list)
    today: str = ""

    def to_dict(self) -> dict:
        return _view_base(self) | {"today": self.today, "events": [e.to_dict(upcoming=True) for e in self.events]}


ViewAnswer = TimelineAnswer | ContactsAnswer | RoleAnswer | UpcomingAnswer

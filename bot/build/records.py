"""The rows one article adds to the index, the build's metadata, and the report a build returns."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.build.analysis import cache_key
from bot.build.corpus import Problem, RawArticle
from bot.build.curated import Curated
from bot.build.events import Lexicon, article_events
from bot.build.grouping import ArticleActor
from bot.build.people import _actor_json, _known_surnames, _skey, _unconfirmed_surnames
from bot.build.summary import summarise
from bot.index.schema import ArticleRow, DateRow, EventRow
from bot.index.writer import IndexWriter
from bot.shared.text import fold_fast


@dataclass
class BuildReport:
    out: Path
    articles: int = 0
    actors: int = 0
    dated_mentions: int = 0
    reused: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line each, for the operator (a build cache started afresh)

    def summary_line(self) -> str:
        line = (
            f"Indexed {self.articles} articles, {self.actors} people, {self.dated_mentions} dated mentions"
            f" in {self.seconds:.1f} s ({self.reused} reused) → {self.out}"
        )
        if self.problems:
            line += f"; {len(self.problems)} problem(s)"
        return line



def _meta_hash(article: RawArticle) -> str:
    m = article.meta
    fields = [article.file, m.title, m.outlet, m.url, m.published.isoformat() if m.published else None,
              m.author, m.note]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()



def _summary(title: str, p: dict, people: list[ArticleActor]) -> str:
    """The article's summary: it prefers sentences that name people and dates."""
    per_sentence = Counter(s for a in people for s in a.sentences)
    dated = Counter(d["s"] for d in p["dates"])
    return summarise(p["sentences"], title, per_sentence, dated)



def _article_row(article: RawArticle, p: dict, people: list[ArticleActor] | None) -> ArticleRow:
    """The article's row; people None: not known yet, the summary is written later (`set_summary`)."""
    title = article.meta.title or article.id
    return ArticleRow(
        id=article.id, file=article.file, title=title, outlet=article.meta.outlet,
        url=article.meta.url,
        published=article.meta.published.isoformat() if article.meta.published else None,
        author=article.meta.author, note=article.meta.note,
        summary=_summary(title, p, people) if people is not None else "",
        sha256=article.sha256, sentences=p["sentences"],
        cache_key=cache_key(article), meta_hash=_meta_hash(article),
    )



def _add_article(writer: IndexWriter, article: RawArticle, p: dict, people: list[ArticleActor],
                 curated: Curated, rowid: int | None = None) -> list[str]:
    """Write one article with its dates, pre-merge people and surnames; returns its folded sentences."""
    folded = [fold_fast(s) for s in p["sentences"]]
    writer.add_article(_article_row(article, p, people), folded, rowid)
    confirmed = _known_surnames([p])
    writer.set_article_surnames(article.id, confirmed, _unconfirmed_surnames(p) - confirmed)
    writer.add_dates(
        DateRow(article.id, d["s"], d["start"], d["end"], d["precision"], d["text"]) for d in p["dates"]
    )
    writer.add_article_actors(article.id, [(_skey(a.name, curated), _actor_json(a)) for a in people])
    return folded



def _article_people(writer: IndexWriter, article_id: str) -> list[tuple[str, set[str], set[int]]]:
    """The corpus people of one article as the index now holds them: (name, spellings, sentences)."""
    rowid = writer._article(article_id)[0]
    return [
        (name, set(json.loads(aliases)) | {name}, set(json.loads(sentences)))
        for name, aliases, sentences in writer.db.execute(
            "SELECT a.name, a.aliases, aa.sentences FROM actor_articles aa JOIN actors a ON a.rowid = aa.actor"
            " WHERE aa.article = ? ORDER BY a.name", (rowid,)
        )
    ]


def _add_events(writer: IndexWriter, article_id: str, published: date | None, p: dict, lex: Lexicon) -> int:
    """Write the events of one article, its people resolved to the corpus people already written.

    Resolving here, after the cross-article merge, is what lets one meeting reported as
    "Putin" in one article and "Vladimir Putin" in another be one event with two sources.
    """
    people = _article_people(writer, article_id)

    def resolve(name: str, sentence: int) -> str | None:
        found = sorted(n for n, spellings, sentences in people if name in spellings and sentence in sentences)
        return found[0] if len(found) == 1 else None

    events = article_events(p["sentences"], p["mentions"], p["dates"], published, resolve, lex)
    writer.add_events(
        EventRow(article_id, e.sentence, e.action, e.people, e.start, e.end, e.precision, e.date_source,
                 e.future, e.place, e.source)
        for e in events
    )
    return len(events)


def _set_build_meta(
    writer: IndexWriter, articles: int, actors: int, dated: int, fingerprint: str, problems, **extra: object
) -> None:
    """What a later build and `index` report read back: counts, the corpus fingerprint, the problems."""
    published_from = extra.get("published_from")
    if isinstance(published_from, dict):  # by article id, however the build came by them
        extra["published_from"] = dict(sorted(published_from.items()))
    writer.set_meta(
        built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        articles=articles,
        actors=actors,
        dated_mentions=dated,
        fingerprint=fingerprint,
        problem_list=[[p.file, p.reason] for p in problems],
        **extra,
    )

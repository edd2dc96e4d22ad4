"""A complete index from per-article work arriving one article at a time, without holding it all.

Each article's rows (the article, its sentences, dates) are written as its work arrives, and only
what the cross-article pass needs of it is kept: its id, cache key, title and date, and the surnames
it confirms. The pass then reads each article's work again, one at a time, from where it is kept
(the build cache), three times: to group its names into people (summary, per-article people), to
order a merged person's evidence by its sentences, and for its events once every person is written.
The rows are the ones a whole-corpus pass writes, in the same order (tests/build/test_stream.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Callable

from bot.build.analysis import PIPELINE_VERSION, _mentions
from bot.build.corpus import Problem, RawArticle
from bot.build.curated import load_curated
from bot.build.events import load_lexicon
from bot.build.grouping import ArticleActor, group_article
from bot.build.merging import Actor
from bot.build.people import (
    _actor_json,
    _actor_row,
    _evidence_order,
    _known_surnames,
    _skey,
    _unconfirmed_surnames,
    merge_parts,
    name_counts_json,
)
from bot.build.records import _add_events, _article_row, _set_build_meta, _summary
from bot.index.schema import ROWID_GAP, DateRow
from bot.index.writer import IndexWriter
from bot.shared.text import fold_fast


@dataclass(slots=True)
class Kept:
    """What the cross-article pass keeps of one article while the rest arrive."""

    id: str
    key: str  # where its work is kept
    title: str
    published: date | None


def _ordered(orders: dict[str, tuple[list[int], int]], article_id: str, _idxs: list[int]) -> tuple[list[int], int]:
    return orders[article_id]


class StreamWriter:
    """Writes one new index: `add` each article in corpus order as its work arrives, then `finish`.

    `payload_of(key)` gives an added article's work again (from the build cache, or wherever the
    caller keeps it); it is called once per article in each pass of `finish`.
    """

    def __init__(self, writer: IndexWriter, payload_of: Callable[[str], dict]) -> None:
        self.writer = writer
        self.payload_of = payload_of
        self.curated = load_curated()
        self.kept: list[Kept] = []
        self.known: set[str] = set()
        self.n_dates = 0
        self.published_from: dict[str, str] = {}

    def add(self, article: RawArticle, key: str, payload: dict) -> None:
        """Write one article's own rows; its summary and people follow once every article is in."""
        self.writer.add_article(
            _article_row(article, payload, None), [fold_fast(s) for s in payload["sentences"]],
            rowid=(len(self.kept) + 1) * ROWID_GAP,
        )
        self.writer.add_dates(
            DateRow(article.id, d["s"], d["start"], d["end"], d["precision"], d["text"]) for d in payload["dates"]
        )
        # A surname confirmed as a person anywhere names a person everywhere.
        confirmed = _known_surnames([payload])
        self.writer.set_article_surnames(article.id, confirmed, _unconfirmed_surnames(payload) - confirmed)
        self.known |= confirmed
        self.n_dates += len(payload["dates"])
        if article.meta.published_from:
            self.published_from[article.id] = article.meta.published_from
        self.kept.append(Kept(article.id, key, article.meta.title or article.id, article.meta.published))

    def finish(self, problems: list[Problem] | tuple[()], state: dict) -> tuple[int, dict[str, float]]:
        """The cross-article pass and the build's metadata: (people, timings)."""
        stage: dict[str, float] = {}
        writer, curated = self.writer, self.curated
        t_merge = time.perf_counter()
        per_article: dict[str, list[ArticleActor]] = {}
        for k in self.kept:
            p = self.payload_of(k.key)
            people = group_article(_mentions(p), self.known)
            per_article[k.id] = people
            writer.set_summary(k.id, _summary(k.title, p, people))
            writer.add_article_actors(k.id, [(_skey(a.name, curated), _actor_json(a)) for a in people])
        rowids = {k.id: n * ROWID_GAP for n, k in enumerate(self.kept, 1)}
        merged: list[Actor] = []
        for skey, counts, people_of_skey in merge_parts(per_article, curated, rowids.__getitem__):
            writer.set_surname_groups(skey, name_counts_json(counts))
            merged.extend(people_of_skey)
        merged.sort(key=lambda a: (-len(a.articles), a.name))
        del per_article
        stage["merge"] = time.perf_counter() - t_merge

        t_write = time.perf_counter()
        in_article: dict[str, list[int]] = {}
        for i, actor in enumerate(merged):
            for aid in actor.articles:
                in_article.setdefault(aid, []).append(i)
        orders: list[dict[str, tuple[list[int], int]]] = [{} for _ in merged]
        for k in self.kept:
            if k.id in in_article:
                actors = in_article.pop(k.id)
                sentences = self.payload_of(k.key)["sentences"]
                # Only the sentences that name someone are looked at (most are not): fold just those.
                named = {j for i in actors for j in merged[i].articles[k.id]}
                folded = [fold_fast(s) if j in named else "" for j, s in enumerate(sentences)]
                for i in actors:
                    orders[i][k.id] = _evidence_order(merged[i], merged[i].articles[k.id], folded)
        for actor, order in zip(merged, orders):
            writer.add_actor(_actor_row(actor, curated, partial(_ordered, order)))
        del orders
        lex = load_lexicon()
        writer.index_article_people()
        for k in self.kept:
            _add_events(writer, k.id, k.published, self.payload_of(k.key), lex)
        writer.put_files(state.get("files", {}))
        _set_build_meta(
            writer, len(self.kept), len(merged), self.n_dates, state.get("fingerprint", ""), problems,
            pipeline=PIPELINE_VERSION, sources_sha=state.get("sources_sha", ""), listed_files=state.get("listed", []),
            published_from=self.published_from, code_version=state.get("code_version", ""),
        )
        stage["write"] = time.perf_counter() - t_write
        return len(merged), stage

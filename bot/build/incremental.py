"""Apply a change of the corpus to the index in one transaction, when that gives the same index as a rebuild.

A change is files added (anywhere in the corpus order), removed, or rewritten (removed, then added
again). Only what it concerns is done again:

- the articles added are analysed (or taken from the build cache) and take a rowid between their
  neighbours' (`ROWID_GAP`), so the index orders them as a rebuild would;
- a surname that the change makes known or unknown as a person's regroups only the articles that
  name it in runs nothing marks as a person (`article_surnames`);
- people are merged again only under the surnames the change touches, from the per-article people
  the index keeps; a person whose name and roles are unchanged keeps the order of their evidence,
  and one with a new role finds the sentences giving it with the full-text index, without reading
  or folding their other articles;
- events are written again only for the articles whose people changed.

tests/build/test_incremental.py holds every kind of change equal to a full rebuild, table by table.
"""

from __future__ import annotations

import json
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from bot.build.analysis import _analyse_all, _mentions, cache_key
from bot.build.corpus import Problem, RawArticle, load_corpus
from bot.build.curated import Curated, load_curated
from bot.build.events import load_lexicon
from bot.build.grouping import ArticleActor, group_article
from bot.build.merging import Actor, add_people, count_full_names, finish, group_names, merge_corpus
from bot.build.people import (
    _actor_from_json,
    _actor_json,
    _actor_row,
    _evidence_order,
    _known_surnames,
    _skey,
    _unconfirmed_surnames,
    evidence_keys,
    lead_first,
    name_counts_from_json,
    name_counts_json,
)
from bot.build.records import BuildReport, _add_events, _article_row, _set_build_meta, _summary
from bot.index.reader import read_cache
from bot.index.schema import ROWID_GAP, SENTENCES_PER_ARTICLE, DateRow
from bot.index.writer import IndexWriter
from bot.shared.text import fold_fast

MAX_INCREMENTAL = 200  # more changed files than this: rewrite the whole index


class _Rebuild(Exception):
    """The change cannot be applied in place (work missing from the cache, no rowid left between two
    articles): the transaction is rolled back and the index rewritten."""


@dataclass
class Change:
    """File names: `added` new or rewritten, `removed` gone or rewritten."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return set(self.added) | set(self.removed)


def corpus_change(previous: dict, state: dict) -> Change | None:
    """How the corpus differs from the one the index was built from, if an in-place change can apply it.

    Its cost is in the files that changed, not in the folder's size: an add to 100,000 files must not
    compare or hash them all again."""
    old = previous.get("files") or {}
    if not old or not previous.get("fingerprint") or state["sources_sha"] != previous.get("sources_sha"):
        return None
    if state.get("code_version") != previous.get("code_version"):
        return None  # the code or data that make an index changed (or an index older than this record): redo all
    files = state["files"]
    if not files:
        return None  # no article file left: the full build refuses it, leaving the index
    # Unchanged files carry the very tuple the index recorded (build_state keeps it), so the set difference
    # of the two item views, done in C, leaves only the names that came, went or changed.
    differ = {n for n, _ in files.items() ^ old.items()}
    added = sorted(n for n in differ if n in files and (n not in old or old[n][0] != files[n][0]))
    removed = sorted(n for n in differ if n in old and (n not in files or files[n][0] != old[n][0]))
    change = Change(added, removed)
    if not change.names or len(change.names) > MAX_INCREMENTAL:
        return None
    if change.names & set(previous.get("listed_files", [])):
        return None  # sources.yml names them: their metadata and problems are not theirs alone
    sorted_names = (list(files), list(old))  # both dicts are in name order
    if any(_shares_stem(name, names) for name in change.names for names in sorted_names):
        return None  # which of two files of one name is indexed depends on both
    return change


def _shares_stem(name: str, keys: list[str]) -> bool:
    """Whether another of `keys` (sorted) has the stem of `name`: those all start with "stem.", side by side."""
    stem = _stem(name)
    i = bisect_left(keys, stem + ".")
    while i < len(keys) and keys[i].startswith(stem + "."):
        if keys[i] != name and _stem(keys[i]) == stem:
            return True
        i += 1
    return False


def _stem(name: str) -> str:
    """`Path(name).stem`, at a tenth of the cost."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


@dataclass
class _Removed:
    id: str
    payload: dict
    skeys: set[str]


def _incremental(
    folder: Path, out: Path, previous: dict, state: dict, report: BuildReport,
    workers: int | None, progress: Callable[[int, int], None] | None,
) -> bool:
    """Apply the change to the previous index in place of a full rewrite, when that gives the same index.

    Returns False, having written nothing, when it does not apply."""
    change = corpus_change(previous, state)
    if change is None:
        return False
    loaded = load_corpus(Path(folder), set(change.added))
    added = loaded.articles
    touched = change.names
    problems = [Problem(f, r) for f, r in previous.get("problem_list", []) if f not in touched] + loaded.problems
    n_old = int(previous.get("articles", 0))
    t_analyse = time.perf_counter()
    payloads: dict[str, dict] = {}
    cache = read_cache(out, [cache_key(a) for a in added])
    todo = []
    for a in added:
        if cache_key(a) in cache:
            payloads[a.id] = json.loads(cache[cache_key(a)])
        else:
            todo.append(a)

    def done(article: RawArticle, payload: dict) -> None:
        payloads[article.id] = payload
        if progress:
            progress(len(payloads), len(added))

    _analyse_all(todo, workers, done)
    analyse_seconds = time.perf_counter() - t_analyse
    t_merge = time.perf_counter()
    try:
        with IndexWriter.in_place(out) as writer:
            n_removed, removed_dates = _Apply(writer, out, added, payloads, change.removed).run()
            total = n_old - n_removed + len(added)
            if total <= 0:
                raise _Rebuild("no article left: the full build says why")
            n_actors = writer.db.execute("SELECT count(*) FROM actors").fetchone()[0]
            writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in added})
            writer.db.executemany("DELETE FROM build_files WHERE name = ?", [(n,) for n in change.removed])
            writer.put_files({n: state["files"][n] for n in change.added})
            dated = int(previous.get("dated_mentions", 0)) - removed_dates + sum(
                len(payloads[a.id]["dates"]) for a in added)
            gone = {Path(n).stem for n in change.removed}
            published_from = {k: v for k, v in (previous.get("published_from") or {}).items() if k not in gone}
            published_from.update({a.id: a.meta.published_from for a in added if a.meta.published_from})
            _set_build_meta(writer, total, n_actors, dated, state["fingerprint"], problems,
                            published_from=published_from, code_version=state["code_version"])
    except _Rebuild:
        return False
    report.problems = problems
    report.articles = total
    report.actors = n_actors
    report.dated_mentions = dated
    report.reused = total - len(todo)
    stage: Counter[str] = Counter()
    for payload in payloads.values():
        stage.update(payload.get("timing", {}))
    report.stage_seconds = {**stage, "analyse": analyse_seconds, "merge": time.perf_counter() - t_merge}
    return True


class _Apply:
    """One change, inside the writer's transaction; `run` returns (articles removed, their dated mentions)."""

    def __init__(self, writer: IndexWriter, out: Path, added: list[RawArticle], payloads: dict[str, dict],
                 removed_files: list[str]) -> None:
        self.writer, self.db, self.out = writer, writer.db, out
        self.added, self.payloads, self.removed_files = added, payloads, removed_files
        self.curated: Curated = load_curated()
        # Articles whose own work this change reads (added, regrouped): id -> work.
        self.fresh: dict[str, dict] = {a.id: payloads[a.id] for a in added}
        self.skeys: set[str] = set()  # grouping surnames whose people this change may alter
        self.slow: set[str] = set()  # of which those an older article leaves or changes: merged again
        self.regrouped: set[str] = set()
        self.people: dict[str, list[ArticleActor]] = {}  # added articles' people

    def run(self) -> tuple[int, int]:
        removed = self._remove()
        gained = _known_surnames(self.payloads.values())
        lost = {s for r in removed for s in _known_surnames([r.payload])}
        was = {s: self._known(s) for s in gained | lost}
        for r in removed:
            self.writer.delete_events([r.id])
            self.writer.delete_article(r.id, [fold_fast(s) for s in r.payload["sentences"]])
            self.skeys |= r.skeys
            self.slow |= r.skeys
        for a in sorted(self.added, key=lambda a: a.file):
            self._add(a)
        flipped = {s for s, before in was.items() if self._known(s) != before}
        for aid, payload in self._unconfirmed_in(flipped).items():
            self.fresh[aid] = payload
            self.regrouped.add(aid)
        for aid, payload in self.fresh.items():
            self._group(aid, payload)
        recoloured = self._merge()
        lex = load_lexicon()
        again = sorted((recoloured | self.regrouped) - {a.id for a in self.added})
        older = self._payloads(again)
        self.writer.delete_events(again)
        for aid in again:
            published = self.writer._article(aid)[1]
            _add_events(self.writer, aid, date.fromisoformat(published) if published else None, older[aid], lex)
        for a in self.added:
            _add_events(self.writer, a.id, a.meta.published, self.payloads[a.id], lex)
        return len(removed), sum(len(r.payload["dates"]) for r in removed)

    # -- articles ---------------------------------------------------------------------------------

    def _remove(self) -> list[_Removed]:
        found = []
        for name in self.removed_files:
            row = self.db.execute("SELECT rowid, id FROM articles WHERE file = ?", (name,)).fetchone()
            if row is None:
                continue  # it was skipped (its problem is dropped with it)
            rowid, aid = row
            skeys = {k for (k,) in self.db.execute("SELECT skey FROM article_actors WHERE article = ?", (rowid,))}
            found.append(_Removed(aid, self._cached([aid])[aid], skeys))
        return found

    def _add(self, article: RawArticle) -> None:
        p = self.payloads[article.id]
        self.writer.add_article(_article_row(article, p, None), [fold_fast(s) for s in p["sentences"]],
                                self._place(article.file))
        self.writer.add_dates(
            DateRow(article.id, d["s"], d["start"], d["end"], d["precision"], d["text"]) for d in p["dates"]
        )
        confirmed = _known_surnames([p])
        self.writer.set_article_surnames(article.id, confirmed, _unconfirmed_surnames(p) - confirmed)

    def _place(self, file: str) -> int:
        """A rowid between those of the articles before and after `file` in corpus order."""
        (before,) = self.db.execute("SELECT max(rowid) FROM articles WHERE file < ?", (file,)).fetchone()
        (after,) = self.db.execute("SELECT min(rowid) FROM articles WHERE file > ?", (file,)).fetchone()
        low, high = before or 0, after if after is not None else (before or 0) + 2 * ROWID_GAP
        if high - low < 2:
            raise _Rebuild(f"no rowid left between the neighbours of {file}")
        return low + (high - low) // 2 if after is not None else low + ROWID_GAP

    def _payloads(self, ids: Iterable[str]) -> dict[str, dict]:
        """The work of these indexed articles: as this change read it, else from the build cache."""
        ids = list(ids)
        return {**self._cached([i for i in ids if i not in self.fresh]), **{i: self.fresh[i] for i in ids if i in self.fresh}}

    def _cached(self, ids: list[str]) -> dict[str, dict]:
        """The cached work of these articles as the index holds them."""
        keys: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            keys.update(self.db.execute(
                f"SELECT id, cache_key FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
        cached = read_cache(self.out, [k for k in keys.values() if k])
        if len(keys) != len(ids) or any(k not in cached for k in keys.values()):
            raise _Rebuild("an article's work is not in the build cache")
        return {aid: json.loads(cached[k]) for aid, k in keys.items()}

    # -- people -----------------------------------------------------------------------------------

    def _known(self, surname: str) -> bool:
        """Whether some article now in the index confirms the surname as a person's."""
        return self.db.execute(
            "SELECT 1 FROM article_surnames WHERE surname = ? AND confirmed = 1 LIMIT 1", (surname,)
        ).fetchone() is not None

    def _unconfirmed_in(self, surnames: set[str]) -> dict[str, dict]:
        """The work of the older articles that name these surnames only in unconfirmed runs."""
        added = {a.id for a in self.added}
        ids = sorted({aid for s in surnames for (aid,) in self.db.execute(
            "SELECT a.id FROM article_surnames x JOIN articles a ON a.rowid = x.article"
            " WHERE x.surname = ? AND x.confirmed = 0", (s,))} - added)
        return self._payloads(ids)

    def _group(self, article_id: str, payload: dict) -> None:
        """Group one article's names into people as the whole corpus now reads them."""
        known = {s for s in _unconfirmed_surnames(payload) if self._known(s)}
        people = group_article(_mentions(payload), known | _known_surnames([payload]))
        rows = [(_skey(a.name, self.curated), _actor_json(a)) for a in people]
        rowid = self.writer._article(article_id)[0]
        before = self.db.execute(
            "SELECT skey, data FROM article_actors WHERE article = ? ORDER BY rowid", (rowid,)).fetchall()
        if article_id in self.regrouped and before == rows:
            self.regrouped.discard(article_id)
            del self.fresh[article_id]
            return
        self.skeys |= {k for k, _ in before} | {k for k, _ in rows}
        if article_id in self.regrouped:
            self.slow |= {k for k, _ in before} | {k for k, _ in rows}
        self.people[article_id] = people
        self.writer.replace_article_actors(article_id, rows)
        title = self.db.execute("SELECT title FROM articles WHERE rowid = ?", (rowid,)).fetchone()[0]
        self.writer.set_summary(article_id, _summary(title, payload, people))

    def _merge(self) -> set[str]:
        """Merge the people under the touched surnames; the older articles whose people changed."""
        recoloured: set[str] = set()
        for skey in sorted(self.skeys):
            if skey not in self.slow and self._merge_added(skey):
                continue
            recoloured |= self._merge_again(skey)
        return recoloured - set(self.fresh)

    def _rowid(self, article_id: str) -> int:
        return self.writer._article(article_id)[0]

    def _merge_again(self, skey: str) -> set[str]:
        """Merge every article's people under one surname again, from the per-article people kept."""
        part: dict[str, list[ArticleActor]] = {}
        for aid, data in self.db.execute(
            "SELECT a.id, x.data FROM article_actors x JOIN articles a ON a.rowid = x.article"
            " WHERE x.skey = ? ORDER BY x.article, x.rowid", (skey,)
        ):
            part.setdefault(aid, []).append(_actor_from_json(data))
        self.writer.load_articles(part)
        previous = self._previous_people(skey)
        merged = merge_corpus(part, self.curated, self._rowid)
        rows = [_actor_row(m, self.curated, self._order(m, previous.get(m.name)))
                for m in sorted(merged, key=lambda a: (-len(a.articles), a.name))]
        self.writer.replace_actors([skey], rows)
        counts = count_full_names(part, self.curated, self._rowid)
        self.writer.set_surname_groups(skey, name_counts_json(counts) if part else None)
        return _recoloured(part, previous, merged)

    def _merge_added(self, skey: str) -> bool:
        """Merge the added articles' people under one surname into the people the index holds, without
        reading the others' — when that is what merging them all gives: the spellings group as before,
        and no person gains a spelling (which could change whom an older article's event names).
        Returns False, having written nothing, when it is not."""
        row = self.db.execute("SELECT names FROM surname_groups WHERE skey = ?", (skey,)).fetchone()
        if row is None and self.db.execute("SELECT 1 FROM actors WHERE skey = ? LIMIT 1", (skey,)).fetchone():
            return False
        before = name_counts_from_json(row[0]) if row else {}
        new_part = {
            a.id: [p for p in self.people[a.id] if _skey(p.name, self.curated) == skey]
            for a in sorted(self.added, key=lambda a: self._rowid(a.id))
        }
        new_part = {aid: people for aid, people in new_part.items() if people}
        after = count_full_names(new_part, self.curated, self._rowid, before)
        was, now = group_names(before), group_names(after)
        if now.surname_owner != was.surname_owner or any(now.canonical_of.get(k) != v for k, v in was.canonical_of.items()):
            return False
        added: dict[str, Actor] = {}
        for aid, people in new_part.items():
            add_people(added, aid, self._rowid(aid), people, now, self.curated)
        updates: list[tuple[int | None, Actor, list[str] | None, int]] = []
        for name, new in added.items():
            found = self.db.execute(
                "SELECT rowid, roles, aliases, n_articles, role_counts FROM actors WHERE skey = ? AND name = ?",
                (skey, name)).fetchone()
            if found is None:
                updates.append((None, finish(new, self.curated), None, len(new.articles)))
                continue
            rowid, roles, aliases, n_articles, role_counts = found
            actor = _joined(new, set(json.loads(aliases)), json.loads(role_counts))
            if actor is None:
                return False
            keys = evidence_keys(Actor(name, set(), json.loads(roles), {}))
            updates.append((rowid, finish(actor, self.curated), keys, n_articles + len(new.articles)))
        for rowid, actor, before_keys, n_articles in updates:
            if rowid is None or before_keys is None:
                self.writer.add_actor(_actor_row(actor, self.curated, self._order(actor, None)))
                continue
            older: dict[str, tuple[list[int], int]] = {}
            if before_keys != evidence_keys(actor):  # a new role: its sentences in older articles move up
                older = {aid: (json.loads(s), lead) for aid, s, lead in self.db.execute(
                    "SELECT a.id, x.sentences, x.lead FROM actor_articles x JOIN articles a ON a.rowid = x.article"
                    " WHERE x.actor = ?", (rowid,))}
                actor.articles = {**{aid: sorted(o) for aid, (o, _) in older.items()}, **actor.articles}
            actor_row = _actor_row(actor, self.curated, self._order(actor, _Before(before_keys, set(), older)))
            for aid, (o, lead) in older.items():  # only the rows that change are written
                if actor_row.articles[aid] == o and actor_row.leads[aid] == lead:
                    del actor_row.articles[aid], actor_row.leads[aid]
            self.writer.update_actor(rowid, actor_row, n_articles)
        self.writer.set_surname_groups(skey, name_counts_json(after))
        return True

    def _previous_people(self, skey: str) -> dict[str, _Before]:
        people: dict[str, _Before] = {}
        for rowid, name, roles, aliases in self.db.execute(
            "SELECT rowid, name, roles, aliases FROM actors WHERE skey = ?", (skey,)
        ):
            articles = {aid: (json.loads(s), lead) for aid, s, lead in self.db.execute(
                "SELECT a.id, aa.sentences, aa.lead FROM actor_articles aa JOIN articles a ON a.rowid = aa.article"
                " WHERE aa.actor = ?", (rowid,))}
            keys = evidence_keys(Actor(name, set(), json.loads(roles), {}))
            people[name] = _Before(keys, set(json.loads(aliases)), articles)
        return people

    def _order(self, actor: Actor, before: _Before | None) -> Callable[[str, list[int]], tuple[list[int], int]]:
        """Each article's evidence order for `actor`, redoing only what its new name, role or sentences change."""
        keys = evidence_keys(actor)
        found: dict[tuple[str, ...], set[int]] = {}

        def giving(wanted: list[str]) -> set[int]:
            """Rowids of the sentences holding any of these phrases, from the full-text index."""
            key = tuple(wanted)
            if key not in found:
                expr = " OR ".join(f'"{k}"' for k in wanted)
                found[key] = {r for (r,) in self.db.execute(
                    "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", (expr,))} if wanted else set()
            return found[key]

        articles_of: dict[tuple[str, ...], set[str]] = {}

        def in_articles(wanted: list[str]) -> set[str]:
            """The ids of the articles holding a sentence with any of these phrases."""
            key = tuple(wanted)
            if key not in articles_of:
                rowids = sorted({r // SENTENCES_PER_ARTICLE for r in giving(wanted)})
                articles_of[key] = set()
                for start in range(0, len(rowids), 500):
                    part = rowids[start:start + 500]
                    articles_of[key] |= {i for (i,) in self.db.execute(
                        f"SELECT id FROM articles WHERE rowid IN ({','.join('?' * len(part))})", part)}
            return articles_of[key]

        def order(aid: str, idxs: list[int]) -> tuple[list[int], int]:
            if aid in self.fresh:
                wanted = set(idxs)
                folded = {i: fold_fast(s) for i, s in enumerate(self.fresh[aid]["sentences"]) if i in wanted}
                return _evidence_order(actor, idxs, [folded.get(i, "") for i in range(max(idxs, default=-1) + 1)])
            old = before.articles.get(aid) if before else None
            if before is not None and old is not None and sorted(old[0]) == idxs:
                if before.keys == keys:
                    return old
                if set(before.keys) <= set(keys):  # a new role: only its sentences can move up
                    added = sorted(set(keys) - set(before.keys))
                    if aid not in in_articles(added):
                        return old  # none of its sentences gives the new role: the order stands (most articles)
                    hits = set(old[0][: old[1]]) | _in_article(self.writer, aid, idxs, giving(added))
                    return lead_first(idxs, hits), len(hits)
            hits = _in_article(self.writer, aid, idxs, giving(keys))
            return lead_first(idxs, hits), len(hits)

        return order


@dataclass
class _Before:
    """A merged person as the index held them before the change."""

    keys: list[str]
    aliases: set[str]
    articles: dict[str, tuple[list[int], int]]  # article id -> (evidence order, lead)


def _joined(new: Actor, aliases: set[str], role_counts: list) -> Actor | None:
    """A person the index holds (their spellings, and their roles as counted) with the added articles'
    mentions of them; None when that would change a spelling (a new alias, or a role first seen now
    in a spelling other than the one kept)."""
    if new.aliases - aliases - {new.name}:
        return None
    actor = Actor(new.name, aliases | new.aliases, [], dict(new.articles))
    for role, n, seen in role_counts:
        actor.roles.append(role)
        actor.role_counts[role] = n
        actor.role_seen[role] = (seen[0], seen[1], seen[2])
    for role in new.roles:
        same = next((x for x in actor.roles if x.lower() == role.lower()), None)
        if same is None:
            actor.roles.append(role)
            actor.role_seen[role] = new.role_seen[role]
        elif same != role and new.role_seen[role] < actor.role_seen[same]:
            return None
        else:
            actor.role_seen[same] = min(actor.role_seen[same], new.role_seen[role])
        actor.role_counts[same or role] += new.role_counts[role]
    actor.roles.sort(key=lambda r: actor.role_seen[r])
    return actor


def _in_article(writer: IndexWriter, article_id: str, idxs: list[int], rowids: set[int]) -> set[int]:
    base = writer._article(article_id)[0] * SENTENCES_PER_ARTICLE
    return {i for i in idxs if base + i in rowids}


def _recoloured(part: dict[str, list[ArticleActor]], before: dict[str, _Before], merged: list[Actor]) -> set[str]:
    """The articles whose events may name other people now: where the people under this surname, or
    the sentences they cover, differ from before; or where a person gained or lost a spelling that
    another person of the same article is named by (an event's name may now fit both, or one)."""
    then: dict[str, set[tuple[str, tuple[int, ...]]]] = {}
    for name, person in before.items():
        for aid, (order, _) in person.articles.items():
            then.setdefault(aid, set()).add((name, tuple(sorted(order))))
    now: dict[str, set[tuple[str, tuple[int, ...]]]] = {}
    for actor in merged:
        for aid, idxs in actor.articles.items():
            now.setdefault(aid, set()).add((actor.name, tuple(idxs)))
    changed = {aid for aid in set(then) | set(now) if then.get(aid) != now.get(aid)}
    for actor in merged:
        was = before.get(actor.name)
        spellings = (actor.aliases | {actor.name}) ^ ((was.aliases | {actor.name}) if was else set())
        if not spellings:
            continue
        for aid in actor.articles:
            if any(spellings & (p.aliases | {p.name}) for p in part.get(aid, []) if p.name != actor.name):
                changed.add(aid)
    return changed

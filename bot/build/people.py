"""People across articles: the cross-article merge, one surname at a time, and the keys serving looks them up by."""

from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator

from bot.build.curated import Curated, load_curated
from bot.build.grouping import ArticleActor, _surname, fold_name
from bot.build.merging import Actor, NameCounts, count_full_names, merge_corpus
from bot.index.schema import ActorRow, fts_tokens
from bot.shared.roles import canonical_role


def actor_keys(actor: Actor, curated: Curated | None = None) -> list[tuple[str, str]]:
    """Folded lookup keys for the serving path: names, aliases, surnames and roles."""
    keys = {(fold_name(actor.name), "name")}
    for alias in actor.aliases:
        keys.add((fold_name(alias), "alias"))
    keys.add((fold_name(actor.name).split()[-1], "surname"))
    curated = curated or load_curated()
    for variant, canonical in curated.aliases.items():
        if canonical == actor.name:
            keys.add((variant, "alias"))
    for role in actor.roles:
        if len(role.split()) >= 2:
            keys.add((fold_name(role), "role"))
            keys.add((canonical_role(fold_name(role)), "role"))  # "Bộ trưởng Ngoại giao Hoa Kỳ" as "ngoại trưởng Mỹ"
    return sorted(keys)



def _skey(name: str, curated: Curated) -> str:
    """The surname that decides which merged person a name joins (that of its curated canonical form)."""
    return _surname(curated.aliases.get(fold_name(name), name))



def merge_people(
    per_article: dict[str, list[ArticleActor]], curated: Curated, rowid_of: Callable[[str], int] | None = None,
) -> list[Actor]:
    """`actors.merge_corpus`, one surname at a time.

    merge_corpus only ever joins names that share a surname (of their canonical form), so running it
    per surname gives the same people, while its name grouping, quadratic in the number of distinct
    names, stays small. tests/build/test_pipeline.py holds the two equal.
    """
    merged = [a for _, _, actors in merge_parts(per_article, curated, rowid_of) for a in actors]
    return sorted(merged, key=lambda a: (-len(a.articles), a.name))


def merge_parts(
    per_article: dict[str, list[ArticleActor]], curated: Curated, rowid_of: Callable[[str], int] | None = None,
) -> Iterator[tuple[str, NameCounts, list[Actor]]]:
    """For each grouping surname: its full names' counts (what an add merges into) and its people."""
    if rowid_of is None:
        rowid_of = {aid: i for i, aid in enumerate(per_article)}.__getitem__
    parts: dict[str, dict[str, list[ArticleActor]]] = {}
    for article_id, people in per_article.items():
        for a in people:
            parts.setdefault(_skey(a.name, curated), {}).setdefault(article_id, []).append(a)
    for skey, part in parts.items():
        yield skey, count_full_names(part, curated, rowid_of), merge_corpus(part, curated, rowid_of)



def evidence_keys(actor: Actor) -> list[str]:
    """The phrases that make a sentence say who this is: the full name and each role, as full-text
    terms (a sentence gives them when it holds those words in a row, as the full-text index finds them)."""
    keys = {" ".join(fts_tokens(fold_name(k))) for k in [actor.name, *actor.roles]}
    return sorted(k for k in keys if k)


def _gives(keys: list[str], folded: str) -> bool:
    words = " " + " ".join(fts_tokens(folded)) + " "
    return any(f" {k} " in words for k in keys)


def _evidence_order(actor: Actor, idxs: list[int], folded: list[str]) -> tuple[list[int], int]:
    """Sentences that give the full name or a role first: they say most about who this is; and how many do."""
    keys = evidence_keys(actor)
    hits = {i for i in idxs if i < len(folded) and _gives(keys, folded[i])}
    return lead_first(idxs, hits), len(hits)


def lead_first(idxs: list[int], hits: set[int]) -> list[int]:
    """`idxs` with the sentences in `hits` first, each part in text order."""
    return sorted(idxs, key=lambda i: (i not in hits, i))



def _actor_json(a: ArticleActor) -> str:
    return json.dumps([a.name, sorted(a.aliases), a.roles, a.sentences], ensure_ascii=False)



def _actor_from_json(data: str) -> ArticleActor:
    name, aliases, roles, sentences = json.loads(data)
    return ArticleActor(name=name, aliases=set(aliases), roles=roles, sentences=sentences)



def _known_surnames(payloads: Iterable[dict]) -> set[str]:
    """The surnames these articles confirm as people's (a title, role, speech verb or tagger label)."""
    return {_surname(m["name"]) for p in payloads for m in p["mentions"] if m["evidence"]}


def _unconfirmed_surnames(payload: dict) -> set[str]:
    """The surnames of the article's runs that nothing in it marks as a person's."""
    return {_surname(m["name"]) for m in payload["mentions"] if not m["evidence"]}


Order = Callable[[str, list[int]], tuple[list[int], int]]


def _actor_row(actor: Actor, curated: Curated, order: Order) -> ActorRow:
    ordered = {aid: order(aid, idxs) for aid, idxs in actor.articles.items()}
    return ActorRow(
        name=actor.name, roles=actor.roles, aliases=sorted(actor.aliases),
        keys=actor_keys(actor, curated),
        articles={aid: o for aid, (o, _) in ordered.items()},
        skey=_skey(actor.name, curated),
        leads={aid: lead for aid, (_, lead) in ordered.items()},
        role_counts=role_counts_json(actor),
    )


def role_counts_json(actor: Actor) -> str:
    """The roles the articles give, with how often and where each was first seen, in that order."""
    return json.dumps(sorted(([r, actor.role_counts[r], list(seen)] for r, seen in actor.role_seen.items()),
                             key=lambda x: x[2]), ensure_ascii=False)


def name_counts_json(counts: NameCounts) -> str:
    return json.dumps(sorted(([n, c, list(seen)] for n, (c, seen) in counts.items()), key=lambda x: x[2]),
                      ensure_ascii=False)


def name_counts_from_json(data: str) -> NameCounts:
    return {n: (c, (seen[0], seen[1], seen[2])) for n, c, seen in json.loads(data)}

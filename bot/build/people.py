"""People across articles: the cross-article merge, one surname at a time, and the keys serving looks them up by."""

from __future__ import annotations

import json
from typing import Callable, Iterable

from bot.build.curated import Curated, load_curated
from bot.build.grouping import ArticleActor
from bot.build.merging import Actor, merge_corpus
from bot.index.schema import ActorRow
from bot.shared.roles import canonical_role
from bot.shared.text import fold, transliteration_key


def actor_keys(actor: Actor, curated: Curated | None = None) -> list[tuple[str, str]]:
    """Folded lookup keys for the serving path: names, aliases, surnames and roles."""
    keys = {(fold(actor.name), "name")}
    for alias in actor.aliases:
        keys.add((fold(alias), "alias"))
    keys.add((fold(actor.name).split()[-1], "surname"))
    curated = curated or load_curated()
    for variant, canonical in curated.aliases.items():
        if canonical == actor.name:
            keys.add((variant, "alias"))
    for role in actor.roles:
        if len(role.split()) >= 2:
            keys.add((fold(role), "role"))
            keys.add((canonical_role(fold(role)), "role"))  # "Bộ trưởng Ngoại giao Hoa Kỳ" as "ngoại trưởng Mỹ"
    return sorted(keys)



def _skey(name: str, curated: Curated) -> str:
    """The surname that decides which merged person a name joins (that of its curated canonical form)."""
    return transliteration_key(fold(curated.aliases.get(fold(name), name)).split()[-1])



def merge_people(
    per_article: dict[str, list[ArticleActor]], curated: Curated
) -> list[Actor]:
    """`actors.merge_corpus`, one surname at a time.

    merge_corpus only ever joins names that share a surname (of their canonical form), so running it
    per surname gives the same people, while its name grouping, quadratic in the number of distinct
    names, stays small. tests/build/test_pipeline.py holds the two equal.
    """
    parts: dict[str, dict[str, list[ArticleActor]]] = {}
    for article_id, people in per_article.items():
        for a in people:
            parts.setdefault(_skey(a.name, curated), {}).setdefault(article_id, []).append(a)
    merged: list[Actor] = []
    for part in parts.values():
        merged.extend(merge_corpus(part, curated))
    return sorted(merged, key=lambda a: (-len(a.articles), a.name))



def _evidence_order(actor: Actor, idxs: list[int], folded: list[str]) -> list[int]:
    """Sentences that give the full name or a role first: they say most about who this is."""
    keys = [fold(actor.name)] + [fold(r) for r in actor.roles]
    return sorted(idxs, key=lambda i: (not any(k in (folded[i] if i < len(folded) else "") for k in keys), i))



def _actor_json(a: ArticleActor) -> str:
    return json.dumps([a.name, sorted(a.aliases), a.roles, a.sentences], ensure_ascii=False)



def _actor_from_json(data: str) -> ArticleActor:
    name, aliases, roles, sentences = json.loads(data)
    return ArticleActor(name=name, aliases=set(aliases), roles=roles, sentences=sentences)



def _known_surnames(payloads: Iterable[dict]) -> set[str]:
    return {transliteration_key(fold(m["name"]).split()[-1]) for p in payloads for m in p["mentions"] if m["evidence"]}



def _actor_row(actor: Actor, curated: Curated, order: Callable[[str, list[int]], list[int]]) -> ActorRow:
    return ActorRow(
        name=actor.name, roles=actor.roles, aliases=sorted(actor.aliases),
        keys=actor_keys(actor, curated),
        articles={aid: order(aid, idxs) for aid, idxs in actor.articles.items()},
        skey=_skey(actor.name, curated),
    )

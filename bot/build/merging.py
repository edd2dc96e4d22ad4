"""People across articles: one actor per person, surname-only names joining the one full name that fits."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.build.curated import Curated, load_curated
from bot.build.grouping import ArticleActor, _same_person, _surname
from bot.shared.text import fold


@dataclass
class Actor:
    """A person across the corpus."""

    name: str
    aliases: set[str]
    roles: list[str]
    articles: dict[str, list[int]]  # article id -> sentence indices
    role_counts: Counter = field(default_factory=Counter)


def merge_corpus(per_article: dict[str, list[ArticleActor]], curated: Curated | None = None) -> list[Actor]:
    """One actor per person across articles: surname-only names join the one full name that fits."""
    curated = curated or load_curated()
    full_names: Counter = Counter()
    for actors in per_article.values():
        for a in actors:
            canonical = curated.aliases.get(fold(a.name), a.name)
            if len(canonical.split()) >= 2:
                full_names[canonical] += 1
    # Group spelling variants of full names.
    groups: list[list[str]] = []
    for name, _ in full_names.most_common():
        for g in groups:
            if _same_person(g[0], name):
                g.append(name)
                break
        else:
            groups.append([name])
    canonical_of: dict[str, str] = {}
    for g in groups:
        for n in g:
            canonical_of[fold(n)] = g[0]
    surname_owner: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        surname_owner[_surname(g[0])].append(g[0])

    merged: dict[str, Actor] = {}
    for article_id, actors in per_article.items():
        for a in actors:
            name = curated.aliases.get(fold(a.name), a.name)
            target = canonical_of.get(fold(name))
            if target is None:
                owners = surname_owner.get(_surname(name), [])
                target = owners[0] if len(owners) == 1 else name
            actor = merged.setdefault(target, Actor(target, set(), [], {}))
            actor.aliases |= a.aliases | {a.name}
            for r in a.roles:
                same = next((x for x in actor.roles if x.lower() == r.lower()), None)
                if same is None:
                    actor.roles.append(r)
                actor.role_counts[same or r] += 1
            actor.articles.setdefault(article_id, [])
            actor.articles[article_id] = sorted(set(actor.articles[article_id]) | set(a.sentences))
    for name, roles in curated.roles.items():
        if name in merged:
            for r in roles:
                if r not in merged[name].roles:
                    merged[name].roles.append(r)
    for actor in merged.values():
        actor.roles.sort(key=lambda r: (-actor.role_counts[r], -_role_specificity(r)))
    return sorted(merged.values(), key=lambda a: (-len(a.articles), a.name))


def _role_specificity(role: str) -> int:
    """A role with a qualifier ("Ngoại trưởng Nga") says more than a bare head ("Ngoại trưởng")."""
    return len(role.split())

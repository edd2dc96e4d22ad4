"""People across articles: one actor per person, surname-only names joining the one full name that fits.

The merge of one surname's names is three steps, so that an article added later can be merged
into what the index keeps of the others (`bot.build.incremental`) and give what merging them all
again would: count the full names (with where each was first seen), group their spellings, and
fold each article's people into the groups' actors.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from bot.build.curated import Curated, load_curated
from bot.build.grouping import ArticleActor, _same_person, _surname, fold_name

# Where a name or role was first seen: (article rowid, person's place in the article, role's place).
Seen = tuple[int, int, int]


@dataclass
class Actor:
    """A person across the corpus."""

    name: str
    aliases: set[str]
    roles: list[str]
    articles: dict[str, list[int]]  # article id -> sentence indices
    role_counts: Counter = field(default_factory=Counter)
    role_seen: dict[str, Seen] = field(default_factory=dict)  # each role's first mention, in corpus order


@dataclass(frozen=True)
class Groups:
    """Which full name each spelling belongs to, and the full names each surname could be."""

    canonical_of: dict[str, str]
    surname_owner: dict[str, list[str]]

    def target(self, name: str) -> str:
        """The person a (canonical) name is: its group's full name, the one full name its surname fits, or itself."""
        found = self.canonical_of.get(fold_name(name))
        if found is not None:
            return found
        owners = self.surname_owner.get(_surname(name), [])
        return owners[0] if len(owners) == 1 else name


NameCounts = dict[str, tuple[int, Seen]]  # canonical full name -> (articles' people bearing it, first seen)


def count_full_names(
    per_article: dict[str, list[ArticleActor]], curated: Curated, rowid_of: Callable[[str], int],
    counts: NameCounts | None = None,
) -> NameCounts:
    """How often each full name (two words or more, in its curated form) is a person's, added to `counts`."""
    counts = dict(counts or {})
    for article_id, actors in per_article.items():
        for pos, a in enumerate(actors):
            canonical = curated.aliases.get(fold_name(a.name), a.name)
            if len(canonical.split()) >= 2:
                n, seen = counts.get(canonical, (0, (rowid_of(article_id), pos, 0)))
                counts[canonical] = (n + 1, min(seen, (rowid_of(article_id), pos, 0)))
    return counts


def group_names(counts: NameCounts) -> Groups:
    """Spelling variants of full names grouped under the most common one (ties: the first seen)."""
    groups: list[list[str]] = []
    for name in sorted(counts, key=lambda n: (-counts[n][0], counts[n][1])):
        for g in groups:
            if _same_person(g[0], name):
                g.append(name)
                break
        else:
            groups.append([name])
    canonical_of = {fold_name(n): g[0] for g in groups for n in g}
    surname_owner: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        surname_owner[_surname(g[0])].append(g[0])
    return Groups(canonical_of, dict(surname_owner))


def add_people(
    merged: dict[str, Actor], article_id: str, rowid: int, actors: list[ArticleActor], groups: Groups,
    curated: Curated,
) -> None:
    """Fold one article's people into the actors they are (`finish` orders their roles afterwards)."""
    for pos, a in enumerate(actors):
        target = groups.target(curated.aliases.get(fold_name(a.name), a.name))
        actor = merged.setdefault(target, Actor(target, set(), [], {}))
        actor.aliases |= a.aliases | {a.name}
        for i, r in enumerate(a.roles):
            same = next((x for x in actor.roles if x.lower() == r.lower()), None)
            if same is None:
                actor.roles.append(r)
                actor.role_seen[r] = (rowid, pos, i)
            else:
                actor.role_seen[same] = min(actor.role_seen.get(same, (rowid, pos, i)), (rowid, pos, i))
            actor.role_counts[same or r] += 1
        actor.articles[article_id] = sorted(set(actor.articles.get(article_id, [])) | set(a.sentences))


def finish(actor: Actor, curated: Curated) -> Actor:
    """The actor's roles as answers give them: curated ones added, the most often given first."""
    for r in curated.roles.get(actor.name, []):
        if r not in actor.roles:
            actor.roles.append(r)
    actor.roles.sort(key=lambda r: (-actor.role_counts[r], -_role_specificity(r)))
    return actor


def merge_corpus(
    per_article: dict[str, list[ArticleActor]], curated: Curated | None = None,
    rowid_of: Callable[[str], int] | None = None,
) -> list[Actor]:
    """One actor per person across articles: surname-only names join the one full name that fits.

    `per_article` is in corpus order; `rowid_of` gives each article's place in it (default: that order)."""
    curated = curated or load_curated()
    if rowid_of is None:
        rowid_of = {aid: i for i, aid in enumerate(per_article)}.__getitem__
    groups = group_names(count_full_names(per_article, curated, rowid_of))
    merged: dict[str, Actor] = {}
    for article_id, actors in per_article.items():
        add_people(merged, article_id, rowid_of(article_id), actors, groups, curated)
    return sorted((finish(a, curated) for a in merged.values()), key=lambda a: (-len(a.articles), a.name))


def _role_specificity(role: str) -> int:
    """A role with a qualifier ("Ngoại trưởng Nga") says more than a bare head ("Ngoại trưởng")."""
    return len(role.split())

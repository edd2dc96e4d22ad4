"""One article's mentions merged into people: full names first, then surnames, initials and spelling variants.

A run the text does not mark as a person (no title, role, speech verb or tagger label) is kept
only when its surname is one the corpus confirmed elsewhere (`known_surnames`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from rapidfuzz import fuzz

from bot.build.actors import NAME_PARTICLES, Mention, find_mentions
from bot.build.curated import Gazetteer
from bot.shared.text import fold_fast, transliteration_key

# Names are folded each time two are compared or one is merged: hundreds of thousands of times in a
# large build, over a few thousand distinct spellings. (fold_fast is fold, table-driven.)
fold_name = lru_cache(maxsize=1 << 17)(fold_fast)


@dataclass
class ArticleActor:
    """A person as one article names them."""

    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


@lru_cache(maxsize=1 << 17)
def _surname(name: str) -> str:
    """The surname a name is grouped by, spelled as its romanisations agree ("Medinskiy" as "Medinsky")."""
    return transliteration_key(fold_name(name).split()[-1])


def _initials(given: list[str]) -> str | None:
    """"v." -> "v", "j. d." -> "jd", "jd" -> "jd"; None when the given names are not all initials."""
    parts = [g.strip(".") for g in given]
    if all(len(p) == 1 for p in parts):
        return "".join(parts)
    if len(parts) == 1 and len(parts[0]) == 2 and given[0].isalpha():
        return parts[0]
    return None


def _same_person(a: str, b: str) -> bool:
    """"Sergei Shoigu" ~ "Sergey Shoigu", "V. Putin" ~ "Vladimir Putin": same surname, and given names
    that are near-identical or whose initials agree. "Hunter Biden" and "Joe Biden" stay apart."""
    fa, fb = fold_name(a).split(), fold_name(b).split()
    if transliteration_key(fa[-1]) != transliteration_key(fb[-1]):
        return False
    if len(fa) == 1 or len(fb) == 1:
        return True
    ga, gb = fa[:-1], fb[:-1]
    ia, ib = _initials(ga), _initials(gb)
    if ia is not None or ib is not None:
        # An initial stands for a given name: compare first letters ("John F. Kerry" ~ "J. Kerry").
        la = ia if ia is not None else "".join(g[0] for g in ga)
        lb = ib if ib is not None else "".join(g[0] for g in gb)
        return la.startswith(lb) or lb.startswith(la)
    # A middle initial may be left out ("John F. Kerry" ~ "John Kerry").
    ga = [g for g in ga if len(g.strip(".")) > 1] or ga
    gb = [g for g in gb if len(g.strip(".")) > 1] or gb
    return fuzz.ratio(" ".join(ga), " ".join(gb)) >= 70


_VARIANT_MIN_RATIO = 85


def _spelling_variant(a: str, b: str) -> bool:
    """Two full names one article spells two ways ("Vladimir Medinsky" / "Vladimir Medinskiy"): the same
    given names and a surname a letter or two apart. Only full names: "Zelenska" alone may be
    Zelensky's wife, so a lone surname never joins a person by resemblance."""
    fa, fb = fold_name(a).split(), fold_name(b).split()
    if len(fa) < 2 or len(fb) < 2 or fa[-1] == fb[-1] or fa[-1][0] != fb[-1][0]:
        return False
    if min(len(fa[-1]), len(fb[-1])) < 5:
        return False
    return (fuzz.ratio(fa[-1], fb[-1]) >= _VARIANT_MIN_RATIO
            and fuzz.ratio(" ".join(fa[:-1]), " ".join(fb[:-1])) >= _VARIANT_MIN_RATIO)


def group_article(mentions: list[Mention], known_surnames: Iterable[str] = ()) -> list[ArticleActor]:
    """Merge one article's mentions into people; drop runs nothing marks as a person."""
    confirmed = [m for m in mentions if m.evidence]
    persons: dict[str, ArticleActor] = {}
    by_surname: dict[str, list[str]] = defaultdict(list)
    # Full names first, so surnames attach to them.
    for m in sorted(confirmed, key=lambda m: -len(m.name.split())):
        key = next((k for k in persons if _same_person(k, m.name)), None)
        if key is None and len(m.name.split()) == 1:
            given = [k for k in persons if len(k.split()) >= 2 and fold_name(k).split()[0] == fold_name(m.name)]
            key = given[0] if len(given) == 1 else None
        if key is None:
            variants = [k for k in persons if _spelling_variant(k, m.name)]
            if len(variants) == 1:
                key = variants[0]
                by_surname[_surname(m.name)].append(key)
        if key is None:
            key = m.name
            persons[key] = ArticleActor(name=m.name)
            by_surname[_surname(m.name)].append(key)
    known = set(known_surnames)
    for m in mentions:
        candidates = [k for k in by_surname.get(_surname(m.name), [])
                      if _same_person(k, m.name) or _spelling_variant(k, m.name)]
        if not candidates and len(m.name.split()) == 1:
            # "Jared và tôi ...": a lone given name, in an article that names exactly one person
            # with that given name, is that person, not somebody new.
            given = [k for k in persons if len(k.split()) >= 2 and fold_name(k).split()[0] == fold_name(m.name)]
            candidates = given if len(given) == 1 else []
        if candidates:
            key = max(candidates, key=lambda k: len(k.split()))
        elif _surname(m.name) in known:
            key = m.name
            persons.setdefault(key, ArticleActor(name=m.name))
        else:
            continue
        actor = persons[key]
        actor.aliases.add(m.name)
        words = m.name.split()
        for i, w in enumerate(words[1:-1], start=1):
            if w in NAME_PARTICLES:
                # "Ursula von der Leyen" is called "bà von der Leyen": the particles open the surname.
                actor.aliases.add(" ".join(words[i:]))
                break
        if len(m.name.split()) > len(actor.name.split()):
            actor.name = m.name
        if m.role and m.role.lower() not in {r.lower() for r in actor.roles}:
            actor.roles.append(m.role)
        if m.sentence not in actor.sentences:
            actor.sentences.append(m.sentence)
    for actor in persons.values():
        actor.sentences.sort()
    return [a for a in persons.values() if a.sentences]


def extract_article_actors(
    sentences: list[str],
    gaz: Gazetteer,
    ner: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[ArticleActor]:
    return group_article(find_mentions(sentences, gaz, ner))

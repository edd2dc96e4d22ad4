"""Which watchlist notices a newly indexed article calls for, each with the sentence that shows why.

A pure function of the article (its sentences and the people found in it)
and the watches, so it can be tested without Slack, an index or a clock;
claiming and sending the notices is the caller's job (claim with
`StateStore.mark_sent` first, so a notice goes out once).

Matching ignores case and diacritics, like every other lookup in the bot:

- person: the watch names one of the article's people, by full name, by an
  alias the article uses, or by the last words of either ("Lavrov" for
  "Sergei Lavrov", "Sơn" for "Bùi Thanh Sơn");
- pair: the article names both people of the pair;
- word: the word or phrase stands as whole words in a sentence ("Nga" in
  "phái đoàn Nga", not in "ngày"), for the same reason feed keywords do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.shared.text import fold
from bot.state.records import Watch


@dataclass(frozen=True)
class ArticlePerson:
    """A person as one article names them: the name, its other forms, and the sentences (by index)."""

    name: str
    aliases: frozenset[str] = frozenset()
    sentences: tuple[int, ...] = ()

    def forms(self) -> list[str]:
        return [fold(f) for f in (self.name, *sorted(self.aliases)) if fold(f)]


@dataclass(frozen=True)
class NewArticle:
    """What the index knows of an article just added."""

    id: str
    title: str
    sentences: tuple[str, ...]
    people: tuple[ArticlePerson, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Notice:
    """One watch's reason to tell its owner about one article."""

    watch: Watch
    article: NewArticle
    evidence: str
    people: tuple[str, ...] = field(default=())


def _names(watch_value: str, form: str) -> bool:
    """The watch is this form, or its last word(s)."""
    return form == watch_value or form.endswith(" " + watch_value)


def _person(article: NewArticle, value: str) -> ArticlePerson | None:
    key = fold(value)
    if not key:
        return None
    for person in article.people:
        if any(_names(key, form) for form in person.forms()):
            return person
    return None


def _word_in(folded_sentence: str, key: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded_sentence) is not None


def _first_sentence(article: NewArticle, person: ArticlePerson, key: str) -> int | None:
    """The first sentence the person is named in: as the index recorded, else by searching the text."""
    known = sorted(i for i in person.sentences if 0 <= i < len(article.sentences))
    if known:
        return known[0]
    forms = [*person.forms(), key]
    for i, sentence in enumerate(article.sentences):
        folded = fold(sentence)
        if any(_word_in(folded, form) for form in forms):
            return i
    return None


def _evidence(article: NewArticle, index: int | None) -> str:
    return article.sentences[index] if index is not None else article.title


def _person_notice(watch: Watch, article: NewArticle) -> Notice | None:
    person = _person(article, watch.value)
    if person is None:
        return None
    index = _first_sentence(article, person, fold(watch.value))
    return Notice(watch, article, _evidence(article, index), (person.name,))


def _pair_notice(watch: Watch, article: NewArticle) -> Notice | None:
    if watch.other is None:
        return None
    first, second = _person(article, watch.value), _person(article, watch.other)
    if first is None or second is None or first == second:
        return None
    together = sorted(set(first.sentences) & set(second.sentences))
    if together and together[0] < len(article.sentences):
        index: int | None = together[0]
    else:
        candidates = [
            i
            for i in (_first_sentence(article, first, fold(watch.value)), _first_sentence(article, second, fold(watch.other)))
            if i is not None
        ]
        index = min(candidates) if candidates else None
    return Notice(watch, article, _evidence(article, index), (first.name, second.name))


def _word_notice(watch: Watch, article: NewArticle) -> Notice | None:
    key = fold(watch.value)
    if not key:
        return None
    for sentence in (article.title, *article.sentences):
        if _word_in(fold(sentence), key):
            return Notice(watch, article, sentence)
    return None


_MATCHERS = {"person": _person_notice, "pair": _pair_notice, "word": _word_notice}


def notices_for(article: NewArticle, watches: Iterable[Watch]) -> list[Notice]:
    """One notice per watch the article satisfies, in the order of `watches`."""
    found: list[Notice] = []
    for watch in watches:
        notice = _MATCHERS[watch.kind](watch, article)
        if notice is not None:
            found.append(notice)
    return found

"""The words of an answer that every surface shares: its headline, why it failed, where an article comes from."""

from __future__ import annotations

from urllib.parse import quote

from bot.render.event_lines import event_phrase
from bot.render.labels import count_articles, cut, labels, period_label
from bot.serve.answers import Answer, ArticleHit, Evidence


def headline(answer: Answer, lang: str = "en") -> str:
    """One line saying what the answer is about (plain, unescaped)."""
    L = labels(lang)
    if answer.error:
        return error_text(answer, lang)
    if answer.intent == "who" and answer.actor:
        role = f" — {answer.actor.role}" if answer.actor.role else ""
        return f"{answer.actor.name}{role}"
    if answer.intent == "pair" and answer.people:
        return L["pair_title"].format(p=_and(answer.people, lang))
    if answer.intent == "on" and answer.date:
        if answer.date.precision in ("day", "month", "year"):
            when = period_label(answer.date.start, answer.date.precision, lang)
        else:  # a quarter or a range: as the question was read
            when = L["on_title"].format(d=_period_words(answer, lang))
        # A person on a date (a follow-up in a thread): both are what the answer is about.
        return f"{when} — {answer.actor.name}" if answer.actor else when
    if answer.intent == "search":
        return L["search_title"].format(q=cut(answer.target, 80))
    return L["help_title"]



def error_text(answer: Answer, lang: str = "en") -> str:
    L = labels(lang)
    q = cut(answer.target or answer.query, 80)
    if answer.detail == "unknown_outlet":
        return L["unknown_outlet"].format(o=cut(answer.outlet or "", 80))
    if answer.error == "no_actor":
        return L["no_actor"].format(q=q)
    if answer.error == "no_results" and answer.intent == "on" and answer.date and answer.actor:
        return L["no_results_person_on"].format(p=answer.actor.name, d=answer.date.label)
    if answer.error == "no_results" and answer.intent == "on" and answer.date:
        return L["no_results_on"].format(d=_period_words(answer, lang))
    if answer.error == "no_results" and answer.intent == "pair" and answer.people:
        return L["no_results_pair"].format(p=_and(answer.people, lang))
    if answer.error == "no_results" and answer.intent == "who" and answer.actor and answer.date:
        return L["no_results_who"].format(name=answer.actor.name, d=_period_words(answer, lang))
    if answer.error == "no_results":
        return L["no_results_search"].format(q=q)
    if answer.error == "invalid_date":
        # The engine explains in English; another language says it in its own words, never mixed.
        detail = cut((answer.detail or q).rstrip("."), 200) if lang == "en" else q
        return L["invalid_date"].format(detail=detail, q=q)
    return L.get(answer.error or "", L["internal_error"])



def source_of(hit: ArticleHit, lang: str = "en", public_url: str | None = None) -> tuple[str, str | None]:
    """(label, link) for an article: its own url, else the app's article page, else just the outlet."""
    label = hit.outlet or labels(lang)["unknown_source"]
    if hit.url:
        return label, hit.url
    if public_url:
        marks = ",".join(str(e.sentence) for e in quotes(hit)[0] if e.sentence is not None)  # what the thread quotes
        return label, f"{public_url.rstrip('/')}/articles/{quote(hit.id, safe='')}" + (f"?hl={marks}" if marks else "")
    return label, None


def _and(names: list[str], lang: str) -> str:
    return (" and " if lang == "en" else " và ").join(names)


def _period_words(answer: Answer, lang: str) -> str:
    """A day, month or year as ISO (what was always shown); a quarter or range as it was read."""
    assert answer.date is not None
    if answer.date.precision in ("day", "month", "year") or not answer.reading:
        return answer.date.label
    return answer.date.label if answer.intent != "on" else answer.reading.get(lang, answer.date.label)


def reading_line(answer: Answer, lang: str = "en") -> str | None:
    """How the question was read, so a misreading is visible: "Read as: Lavrov, January 2022"."""
    reading = answer.reading.get(lang) if answer.reading else None
    if not reading or answer.error == "invalid_date":  # the headline already says how the date was read
        return None
    return labels(lang)["read_as"].format(r=cut(reading, 200))


def order_words(answer: Answer, lang: str = "en") -> str | None:
    return labels(lang).get(f"order_{answer.order}") if answer.order else None


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return ""
    return first if first == last or not last else f"{first} – {last}"


def holders_line(answer: Answer, lang: str = "en") -> list[str]:
    """For a role asked without a date: everyone the articles give it, most recent first, with when."""
    if len(answer.holders) < 2:
        return []
    L = labels(lang)
    spans = "; ".join(
        f"{h.name} ({h.first}{' – ' + h.last if h.last != h.first else ''})" for h in answer.holders[:8]
    )
    return [f"{L['holders_by_recency']}: {spans}"]


def recent_event_lines(answer: Answer, lang: str = "en") -> list[str]:
    """A person's last events, one line each ("2022-01-21 · met · with Sergei Lavrov · in Genève")."""
    if not answer.recent_events or answer.actor is None:
        return []
    L = labels(lang)
    focus = (answer.actor.name,)
    return [f"{L['recent_events']}:"] + [f"  {event_phrase(e, lang, focus)}" for e in answer.recent_events]


def profile_lines(answer: Answer, lang: str = "en", events: int = 5) -> list[str]:
    """What the articles say about the person (plain, unescaped): who else held the role asked, roles
    with when, the latest `events` dated events (in date order), counts, companions."""
    return holders_line(answer, lang) + _profile_lines(answer, lang, events)


def _profile_lines(answer: Answer, lang: str, events: int) -> list[str]:
    p = answer.profile
    if p is None:
        return []
    L = labels(lang)
    out = []
    roles = [f"{r.role} ({_span(r.first, r.last)})" if r.first else r.role for r in p.roles]
    if roles:
        out.append(f"{L['roles']}: " + "; ".join(roles))
    out += [f"{e.date} — {e.text}" for e in p.events[-events:]]  # the latest, in date order
    out.append(L["seen"].format(count=count_articles(p.n_articles, lang), a=p.first_seen or "?", b=p.last_seen or "?"))
    if p.companions:
        out.append(f"{L['named_with']}: " + ", ".join(f"{c.name} ({c.n})" for c in p.companions))
    return out


def event_lines(answer: Answer, limit: int = 6) -> list[str]:
    """The events of a date answer, one line each with who was involved (plain, unescaped)."""
    return [
        f"{e.date} — {e.text}" + (f" ({', '.join(e.people)})" if e.people else "")
        for e in answer.events[:limit]
    ]


def pair_counts(answer: Answer, lang: str = "en") -> str | None:
    """For two people never named together: how many articles each has."""
    if answer.intent != "pair" or answer.articles or not answer.actors:
        return None
    L = labels(lang)
    return " · ".join(L["pair_counts"].format(name=a.name, count=count_articles(a.n_articles or 0, lang)) for a in answer.actors)


def other_years_line(answer: Answer, lang: str = "en") -> str | None:
    if not answer.other_years:
        return None
    return f"{labels(lang)['other_years']}: " + ", ".join(str(y) for y in sorted(answer.other_years))


MAX_QUOTES = 5  # sentences quoted per article in the thread: the best first, then the others naming the person


def quotes(hit: ArticleHit, limit: int = MAX_QUOTES) -> tuple[list[Evidence], int]:
    """The sentences to quote for an article (its evidence, then the other sentences naming the
    person, in article order) and how many more there are."""
    shown = list(hit.evidence)
    seen = {e.sentence for e in shown}
    rest = [s for s in hit.sentences if s.sentence not in seen]
    room = max(0, limit - len(shown))
    return shown + rest[:room], max(0, len(rest) - room)

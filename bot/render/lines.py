"""The words of an answer that every surface shares: its headline, why it failed, where an article comes from."""

from __future__ import annotations

from urllib.parse import quote

from bot.render.labels import cut, labels, period_label
from bot.serve.answers import Answer, ArticleHit


def headline(answer: Answer, lang: str = "en") -> str:
    """One line saying what the answer is about (plain, unescaped)."""
    L = labels(lang)
    if answer.error:
        return error_text(answer, lang)
    if answer.intent == "who" and answer.actor:
        role = f" — {answer.actor.role}" if answer.actor.role else ""
        return f"{answer.actor.name}{role}"
    if answer.intent == "on" and answer.date:
        when = period_label(answer.date.start, answer.date.precision, lang)
        # A person on a date (a follow-up in a thread): both are what the answer is about.
        return f"{when} — {answer.actor.name}" if answer.actor else when
    if answer.intent == "search":
        return L["search_title"].format(q=cut(answer.target, 80))
    return L["help_title"]



def error_text(answer: Answer, lang: str = "en") -> str:
    L = labels(lang)
    q = cut(answer.target or answer.query, 80)
    if answer.error == "no_actor":
        return L["no_actor"].format(q=q)
    if answer.error == "no_results" and answer.intent == "on" and answer.date and answer.actor:
        return L["no_results_person_on"].format(p=answer.actor.name, d=answer.date.label)
    if answer.error == "no_results" and answer.intent == "on" and answer.date:
        return L["no_results_on"].format(d=answer.date.label)
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
        marks = ",".join(str(e.sentence) for e in hit.evidence if e.sentence is not None)
        return label, f"{public_url.rstrip('/')}/articles/{quote(hit.id, safe='')}" + (f"?hl={marks}" if marks else "")
    return label, None

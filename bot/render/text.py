"""An answer as plain text, for a terminal, the console and `ask`."""

from __future__ import annotations

from bot.render.event_lines import (
    event_phrase,
    focus_of,
    is_view,
    role_line,
    sources_phrase,
    upcoming_status,
    view_title,
)
from bot.render.labels import HELP_EXAMPLES, count_articles, count_of, labels
from bot.render.lines import (
    event_lines,
    headline,
    order_words,
    other_years_line,
    pair_counts,
    profile_lines,
    quotes,
    reading_line,
    recent_event_lines,
    source_of,
)
from bot.serve.answers import Answer, ContactsAnswer, EventItem, RoleAnswer, TimelineAnswer, UpcomingAnswer
from bot.shared.text import visible


def render_text(answer: Answer, lang: str = "en", public_url: str | None = None) -> str:
    """The answer as a person reads it in a terminal, with no control or bidi character from the text."""
    return visible(_render_text(answer, lang, public_url))


def _render_text(answer: Answer, lang: str, public_url: str | None) -> str:
    L = labels(lang)
    if is_view(answer):
        return render_view_text(answer, lang)
    if answer.intent in ("help", "exit") or answer.error == "empty_query":
        lines = [L["help_title"] if answer.intent == "help" else L["empty_query"], ""]
        lines += [f"  /ukraine {ex:<24} {L[key]}" for ex, key in HELP_EXAMPLES]
        return "\n".join(lines)
    lines = [headline(answer, lang)]
    read = reading_line(answer, lang)
    if read:
        lines.append(read)
    if answer.error:
        if answer.suggestions:
            lead = L["outlets"] if answer.detail == "unknown_outlet" else L["did_you_mean"]
            lines.append(f"{lead}: {', '.join(answer.suggestions)}" + ("" if answer.detail == "unknown_outlet" else "?"))
        if answer.nearest:
            lines.append(f"{L['nearest']}: {', '.join(answer.nearest)}")
        for extra in (pair_counts(answer, lang), other_years_line(answer, lang)):
            if extra:
                lines.append(extra)
        return "\n".join(lines)
    if answer.actor and answer.intent == "who":
        others = [a for a in answer.actor.aliases if a != answer.actor.name]
        if others:
            lines.append(f"{L['also_known']}: {', '.join(others)}")
        if answer.candidates:
            lines.append(f"{L['or_maybe']}: " + ", ".join(c.name for c in answer.candidates))
    lines += profile_lines(answer, lang, events=10)
    lines += recent_event_lines(answer, lang)
    lines += event_lines(answer, limit=12)
    years = other_years_line(answer, lang)
    if years:
        lines.append(years)
    order = order_words(answer, lang)
    lines.append(count_articles(len(answer.articles), lang) + (f", {order}" if order else ""))
    for n, hit in enumerate(answer.articles, 1):
        when = f" ({hit.published})" if hit.published else ""
        lines.append(f"{n}. {hit.title}{when}")
        lines.append(f"   {hit.summary}")
        shown, more = quotes(hit)
        for ev in shown:
            tag = f" [{ev.date}]" if ev.date else ""
            lines.append(f"   > {ev.text}{tag}")
        if more:
            lines.append("   " + count_of(more, "more_sentences", "more_sentence_one", lang))
        label, link = source_of(hit, lang, public_url)
        lines.append(f"   {L['source']}: {label}" + (f" <{link}>" if link else ""))
    return "\n".join(lines)



def render_view_text(answer: Answer, lang: str = "en") -> str:
    """A view answer in a terminal: its title, then one function per view."""
    lines = [view_title(answer, lang)]
    if answer.error:
        if answer.suggestions:
            lines.append(f"{labels(lang)['did_you_mean']}: {', '.join(answer.suggestions)}?")
        return "\n".join(lines)
    if isinstance(answer, TimelineAnswer):
        lines += timeline_text(answer, lang)
    elif isinstance(answer, ContactsAnswer):
        lines += contacts_text(answer, lang)
    elif isinstance(answer, RoleAnswer):
        lines += role_text(answer, lang)
    elif isinstance(answer, UpcomingAnswer):
        lines += upcoming_text(answer, lang)
    return "\n".join(lines)


def _event_lines(item: EventItem, n: int, lang: str, focus: tuple[str, ...], status: str = "") -> list[str]:
    """One event: the line, the sentence that reports it, and where each report comes from."""
    head = f"{n}. {event_phrase(item, lang, focus)}" + (f" ({status})" if status else "")
    out = [head, f"   > {item.text}"]
    out.append(f"   {labels(lang)['source']}: {sources_phrase(item, lang)} [" + ", ".join(
        f"{r.article}#{r.sentence}" for r in item.reports) + "]")
    return out


def timeline_text(answer: TimelineAnswer, lang: str = "en") -> list[str]:
    lines = [count_of(len(answer.events), "events_n", "event_one", lang)]
    for n, item in enumerate(answer.events, 1):
        lines += _event_lines(item, n, lang, focus_of(answer))
    return lines


def contacts_text(answer: ContactsAnswer, lang: str = "en") -> list[str]:
    L = labels(lang)
    lines = []
    if answer.counterparts:
        lines.append(f"{L['counterparts']}: " + ", ".join(
            f"{c.name} ({c.events}{', ' + c.last if c.last else ''})" for c in answer.counterparts))
    lines.append(count_of(len(answer.events), "events_n", "event_one", lang))
    for n, item in enumerate(answer.events, 1):
        lines += _event_lines(item, n, lang, focus_of(answer))
    return lines


def role_text(answer: RoleAnswer, lang: str = "en") -> list[str]:
    L = labels(lang)
    lines = [role_line(answer, lang), f"{L['role_holders']}:"]
    for h in answer.holders:
        lines.append(f"  {h.name}: " + L["from_to"].format(a=h.first, b=h.last))
    for hit in answer.articles:
        for ev in hit.evidence:
            lines.append(f"   > {ev.text} [{hit.id}#{ev.sentence}, {ev.date}]")
    return lines


def upcoming_text(answer: UpcomingAnswer, lang: str = "en") -> list[str]:
    lines = [count_of(len(answer.events), "events_n", "event_one", lang)]
    for n, item in enumerate(answer.events, 1):
        lines += _event_lines(item, n, lang, (), upcoming_status(item, answer.today, lang))
    return lines

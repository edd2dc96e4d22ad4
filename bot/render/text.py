"""An answer as plain text, for a terminal, the console and `ask`."""

from __future__ import annotations

from bot.render.labels import HELP_EXAMPLES, labels
from bot.render.lines import (
    event_lines,
    headline,
    order_words,
    other_years_line,
    pair_counts,
    profile_lines,
    quotes,
    reading_line,
    source_of,
)
from bot.serve.answers import Answer


def render_text(answer: Answer, lang: str = "en", public_url: str | None = None) -> str:
    """The answer as a person reads it in a terminal."""
    L = labels(lang)
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
    lines += event_lines(answer, limit=12)
    years = other_years_line(answer, lang)
    if years:
        lines.append(years)
    order = order_words(answer, lang)
    lines.append(L["articles"].format(n=len(answer.articles)) + (f", {order}" if order else ""))
    for n, hit in enumerate(answer.articles, 1):
        when = f" ({hit.published})" if hit.published else ""
        lines.append(f"{n}. {hit.title}{when}")
        lines.append(f"   {hit.summary}")
        shown, more = quotes(hit)
        for ev in shown:
            tag = f" [{ev.date}]" if ev.date else ""
            lines.append(f"   > {ev.text}{tag}")
        if more:
            lines.append("   " + L["more_sentences"].format(n=more))
        label, link = source_of(hit, public_url, lang)
        lines.append(f"   {L['source']}: {label}" + (f" <{link}>" if link else ""))
    return "\n".join(lines)

"""An answer as plain text, for a terminal, the console and `ask`."""

from __future__ import annotations

from bot.render.labels import HELP_EXAMPLES, count_articles, labels
from bot.render.lines import headline, source_of
from bot.serve.answers import Answer
from bot.shared.text import visible


def render_text(answer: Answer, lang: str = "en", public_url: str | None = None) -> str:
    """The answer as a person reads it in a terminal, with no control or bidi character from the text."""
    return visible(_render_text(answer, lang, public_url))


def _render_text(answer: Answer, lang: str, public_url: str | None) -> str:
    L = labels(lang)
    if answer.intent == "help" or answer.error == "empty_query":
        lines = [L["help_title"] if answer.intent == "help" else L["empty_query"], ""]
        lines += [f"  /ukraine {ex:<24} {L[key]}" for ex, key in HELP_EXAMPLES]
        return "\n".join(lines)
    lines = [headline(answer, lang)]
    if answer.error:
        if answer.suggestions:
            lines.append(f"{L['did_you_mean']}: {', '.join(answer.suggestions)}?")
        if answer.nearest:
            lines.append(f"{L['nearest']}: {', '.join(answer.nearest)}")
        return "\n".join(lines)
    if answer.actor:
        others = [a for a in answer.actor.aliases if a != answer.actor.name]
        if others:
            lines.append(f"{L['also_known']}: {', '.join(others)}")
        if answer.candidates:
            lines.append(f"{L['or_maybe']}: " + ", ".join(c.name for c in answer.candidates))
    lines.append(count_articles(len(answer.articles), lang))
    for n, hit in enumerate(answer.articles, 1):
        when = f" ({hit.published})" if hit.published else ""
        lines.append(f"{n}. {hit.title}{when}")
        lines.append(f"   {hit.summary}")
        for ev in hit.evidence:
            tag = f" [{ev.date}]" if ev.date else ""
            lines.append(f"   > {ev.text}{tag}")
        label, link = source_of(hit, lang, public_url)
        lines.append(f"   {L['source']}: {label}" + (f" <{link}>" if link else ""))
    return "\n".join(lines)

"""The analyst's views as Slack Block Kit: a short first message, then the events page by page in the thread.

One line per event: its date, what happened, with whom, where, and its sources; under it the
sentence that reports it, linked to its article, so every line can be checked against the words
it came from. Everything taken from articles or users is escaped.
"""

from __future__ import annotations

from bot.render.blocks import (
    MAX_BLOCKS,
    SlackMessage,
    _context,
    _fallback,
    _link,
    _section,
    escape,
)
from bot.render.event_lines import (
    event_phrase,
    events_of,
    focus_of,
    role_line,
    sources_phrase,
    upcoming_status,
    view_title,
)
from bot.render.labels import count_of, cut, labels
from bot.serve.answers import Answer, ContactsAnswer, EventItem, Report, RoleAnswer, UpcomingAnswer

EVENTS_PAGE = 8  # events per thread message: two blocks each, well inside Slack's 50
MAX_QUOTE = 500


def _report_link(r: Report, public_url: str | None, lang: str) -> str:
    """The article a report comes from: its own link, else the app's page with the sentence marked."""
    label = cut(f"{r.title} ({r.outlet or labels(lang)['unknown_source']})", 90)
    url = r.url or (f"{public_url.rstrip('/')}/articles/{r.article}?hl={r.sentence}" if public_url else None)
    return _link(label, url)


def event_blocks(item: EventItem, lang: str, public_url: str | None, focus: tuple[str, ...], status: str = "") -> list[dict]:
    head = f"*{escape(event_phrase(item, lang, focus))}*" + (f" _({escape(status)})_" if status else "")
    quote = f"> {escape(cut(item.text, MAX_QUOTE))}"
    sources = f"{labels(lang)['source']}: {escape(sources_phrase(item, lang))}"
    links = " · ".join(_report_link(r, public_url, lang) for r in item.reports[:3])
    return [_section(f"{head}\n{quote}"), _context(f"{sources} · {links}")]


def _status(answer: Answer, item: EventItem, lang: str) -> str:
    return upcoming_status(item, answer.today, lang) if isinstance(answer, UpcomingAnswer) else ""


def view_summary(answer: Answer, lang: str = "en", public_url: str | None = None) -> SlackMessage:
    """The first message: what the view is about, its headline facts, the first events."""
    L = labels(lang)
    title = view_title(answer, lang)
    blocks = [_section(f"*{escape(title)}*")]
    if answer.error:
        if answer.suggestions:
            blocks.append(_section(f"{L['did_you_mean']}: " + ", ".join(f"*{escape(s)}*" for s in answer.suggestions) + "?"))
        return SlackMessage(text=_fallback(title), blocks=blocks)
    if isinstance(answer, RoleAnswer):
        lines = [escape(role_line(answer, lang))]
        lines += [f"• {escape(h.name)}: " + escape(L["from_to"].format(a=h.first, b=h.last)) for h in answer.holders[:10]]
        blocks.append(_section("\n".join(lines)))
        quotes = [
            f"> {escape(cut(ev.text, 300))} _({escape(ev.date)})_ — {_link(cut(hit.title, 60), hit.url)}"
            for hit in answer.articles[:3] for ev in hit.evidence[:1]
        ]
        if quotes:
            blocks.append(_section("\n".join(quotes)))
        return SlackMessage(text=_fallback(f"{title} — {role_line(answer, lang)}"), blocks=blocks)
    if isinstance(answer, ContactsAnswer) and answer.counterparts:
        blocks.append(_section(f"{L['counterparts']}: " + ", ".join(
            f"*{escape(c.name)}* ({c.events})" for c in answer.counterparts[:15])))
    events = events_of(answer)
    focus = focus_of(answer)
    first = [f"• {escape(event_phrase(e, lang, focus))}" for e in events[:3]]
    if first:
        blocks.append(_section("\n".join(first)))
    count = count_of(len(events), "events_n", "event_one", lang)
    blocks.append(_context(count + (f" · {L['more_in_thread']}" if events else "")))
    return SlackMessage(text=_fallback(f"{title} — {count}"), blocks=blocks)


def view_page(
    answer: Answer, page: int = 0, lang: str = "en", public_url: str | None = None, action_value: str | None = None,
) -> SlackMessage:
    """Page `page` of the events for the thread, with "Show more" when more remain."""
    L = labels(lang)
    events = events_of(answer)
    a = page * EVENTS_PAGE
    chunk = events[a : a + EVENTS_PAGE]
    if not chunk:
        return SlackMessage(text=L["no_more"], blocks=[_context(L["no_more"])])
    text = L["events_page"].format(a=a + 1, b=a + len(chunk), n=len(events))
    blocks: list[dict] = [_context(text)]
    for item in chunk:
        blocks.extend(event_blocks(item, lang, public_url, focus_of(answer), _status(answer, item, lang)))
    if a + EVENTS_PAGE < len(events) and action_value is not None:
        blocks.append({
            "type": "actions",
            "block_id": "more",
            "elements": [{
                "type": "button", "action_id": "show_more", "text": {"type": "plain_text", "text": L["show_more"]},
                "value": action_value,
            }],
        })
    return SlackMessage(text=text, blocks=blocks[:MAX_BLOCKS])

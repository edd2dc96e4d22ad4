"""An answer as Slack Block Kit: the short first message, the pages of the thread, the help.

Every piece of text that came from a user or an article is escaped for
Slack's mrkdwn (&, <, >), so nothing a user types can become a mention,
@channel or link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.render.labels import HELP_EXAMPLES, cut, labels
from bot.render.lines import headline, source_of
from bot.render.values import ArticleRef, article_value
from bot.serve.answers import Answer, ArticleHit

READ_ACTION = "read_article"  # the "Read" button beside each article: opens it in a modal
PAGE_SIZE = 3  # articles in the first message and in each "Show more" page


MAX_BLOCKS = 50


MAX_SECTION_TEXT = 3000


MAX_HEADER_TEXT = 150


MAX_MESSAGE_TEXT = 40_000  # the top-level `text` (notifications, fallback), which Slack also parses for mentions


MAX_BUTTON_VALUE = 2000


def escape(text: str | None) -> str:
    """Slack mrkdwn escaping: the only three characters Slack asks apps to escape."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")



@dataclass
class SlackMessage:
    """A message ready for chat.postMessage: fallback text plus blocks."""

    text: str
    blocks: list[dict]

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}



def _fallback(text: str) -> str:
    """The top-level `text`: Slack parses it for mentions and links too, so it is escaped like the blocks."""
    return cut(escape(text), MAX_MESSAGE_TEXT)



def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, MAX_SECTION_TEXT)}}



def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, MAX_SECTION_TEXT)}]}



def _link(label: str, url: str | None) -> str:
    if not url:
        return escape(label)
    safe_url = url.replace(">", "%3E").replace("<", "%3C").replace("|", "%7C")
    return f"<{safe_url}|{escape(label).replace('|', '¦')}>"



def _source_links(answer: Answer, public_url: str | None, lang: str, limit: int = PAGE_SIZE) -> str:
    parts = []
    for hit in answer.articles[:limit]:
        label, link = source_of(hit, public_url, lang)
        title = cut(hit.title, 60)
        parts.append(_link(f"{title} ({label})", link))
    return " · ".join(parts)



def help_message(lang: str = "en", reason: str | None = None, intro: str | None = None) -> SlackMessage:
    """The commands with examples, under an intro line (why the user is seeing help)."""
    L = labels(lang)
    intro = intro or (L["empty_query"] if reason == "empty_query" else L["help_title"])
    rows = "\n".join(f"• `/ukraine {escape(ex)}` — {L[key]}" for ex, key in HELP_EXAMPLES)
    return SlackMessage(text=_fallback(intro), blocks=[_section(f"*{escape(intro)}*"), _section(rows)])



def summary_message(answer: Answer, lang: str = "en", public_url: str | None = None) -> SlackMessage:
    """The short first answer: what it is about, 1–3 lines, and the source links."""
    L = labels(lang)
    if answer.intent == "help" or answer.error == "empty_query":
        return help_message(lang, answer.error)
    title = headline(answer, lang)
    blocks = [_section(f"*{escape(title)}*")]
    if answer.error:
        extra = []
        if answer.suggestions:
            extra.append(f"{L['did_you_mean']}: " + ", ".join(f"*{escape(s)}*" for s in answer.suggestions) + "?")
        if answer.nearest:
            extra.append(f"{L['nearest']}: " + ", ".join(escape(d) for d in answer.nearest))
        if extra:
            blocks.append(_section("\n".join(extra)))
        return SlackMessage(text=_fallback(title), blocks=blocks)
    lines = []
    if answer.actor:
        others = [a for a in answer.actor.aliases if a != answer.actor.name]
        if others:
            lines.append(f"{L['also_known']}: {escape(', '.join(others[:8]))}")
        if answer.candidates:
            lines.append(f"{L['or_maybe']}: " + ", ".join(escape(c.name) for c in answer.candidates))
    first = answer.articles[0] if answer.articles else None
    if first is not None and first.summary.strip():
        lines.append(escape(cut(first.summary.strip(), 350)))
    if any(line.strip() for line in lines):  # Slack rejects a section whose text is empty
        blocks.append(_section("\n".join(lines)))
    count = L["articles"].format(n=len(answer.articles))
    blocks.append(_context(f"{count} · {_source_links(answer, public_url, lang)}"))
    if len(answer.articles) > 0:
        blocks.append(_context(L["more_in_thread"]))
    return SlackMessage(text=_fallback(f"{title} — {count}"), blocks=blocks)



def article_blocks(hit: ArticleHit, lang: str = "en", public_url: str | None = None) -> list[dict]:
    """One article in the thread: linked title, outlet and date, summary, quoted evidence."""
    L = labels(lang)
    label, link = source_of(hit, public_url, lang)
    meta = [escape(label)]
    if hit.published:
        meta.append(f"{L['published']} {escape(hit.published)}")
    text = f"*{_link(cut(hit.title, 200), link)}*\n_{' · '.join(meta)}_\n{escape(hit.summary)}"
    highlight = tuple(e.sentence for e in hit.evidence if e.sentence is not None)
    read = {
        "type": "button",
        "action_id": READ_ACTION,
        "text": {"type": "plain_text", "text": L["read"]},
        "value": article_value(ArticleRef(hit.id, highlight)),
    }
    blocks = [{**_section(text), "accessory": read}]
    quotes = []
    for ev in hit.evidence:
        tag = f" _({escape(ev.date)})_" if ev.date else ""
        quotes.append(f"> {escape(cut(ev.text, 600))}{tag}")
    if quotes:
        blocks.append(_section("\n".join(quotes)))
    return blocks



def detail_page(
    answer: Answer,
    page: int = 0,
    lang: str = "en",
    public_url: str | None = None,
    action_value: str | None = None,
) -> SlackMessage:
    """Page `page` of the articles, for the thread; a "Show more" button when more remain."""
    L = labels(lang)
    total = len(answer.articles)
    a = page * PAGE_SIZE
    chunk = answer.articles[a : a + PAGE_SIZE]
    if not chunk:
        return SlackMessage(text=L["no_more"], blocks=[_context(L["no_more"])])
    blocks: list[dict] = [_context(L["page"].format(a=a + 1, b=a + len(chunk), n=total))]
    for hit in chunk:
        blocks.append({"type": "divider"})
        blocks.extend(article_blocks(hit, lang, public_url))
    if a + PAGE_SIZE < total and action_value is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "more",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "show_more",
                        "text": {"type": "plain_text", "text": L["show_more"]},
                        "value": action_value,
                    }
                ],
            }
        )
    blocks = blocks[:MAX_BLOCKS]
    text = L["page"].format(a=a + 1, b=a + len(chunk), n=total)
    return SlackMessage(text=text, blocks=blocks)



def more_value(query: str, page: int) -> str:
    """The button's value: the query and the next page (Slack caps values at 2,000 characters).

    JSON escaping can make a query longer (a control character becomes six), so the
    query is shortened until the encoded value fits.
    """
    q = query[:1500]
    while True:
        value = json.dumps({"q": q, "p": page}, ensure_ascii=False)
        if len(value) <= MAX_BUTTON_VALUE:
            return value
        q = q[: max(0, len(q) - (len(value) - MAX_BUTTON_VALUE + 5) // 6 - 1)]



def parse_more_value(value: str) -> tuple[str, int]:
    data = json.loads(value)
    return str(data["q"]), max(0, int(data["p"]))

"""The "Find sources" answer: each person and date of a message, with up to three articles that support it."""

from __future__ import annotations

from bot.render.blocks import MAX_BLOCKS, READ_ACTION, SlackMessage, escape
from bot.render.labels import count_articles, cut, labels
from bot.render.lines import headline, source_of
from bot.render.values import ArticleRef, article_value
from bot.serve.answers import Answer
from bot.serve.sources import Sources

ARTICLES_PER_ITEM = 3


def _item_blocks(answer: Answer, lang: str, public_url: str | None) -> list[dict]:
    L = labels(lang)
    lines = [f"*{escape(headline(answer, lang))}* · {count_articles(len(answer.articles), lang)}"]
    for hit in answer.articles[:ARTICLES_PER_ITEM]:
        label, link = source_of(hit, lang, public_url)
        title = escape(cut(hit.title, 120))
        if link:
            safe = link.replace(">", "%3E").replace("<", "%3C").replace("|", "%7C")
            title = f"<{safe}|{title.replace('|', '¦')}>"
        when = escape(hit.published or L["date_unknown"])
        lines.append(f"• {title} ({escape(label)}, {when})")
    first = answer.articles[0] if answer.articles else None
    block: dict = {"type": "section", "text": {"type": "mrkdwn", "text": cut("\n".join(lines), 3000)}}
    if first is not None:
        highlight = tuple(e.sentence for e in first.evidence if e.sentence is not None)
        block["accessory"] = {"type": "button", "action_id": READ_ACTION,
                              "text": {"type": "plain_text", "text": L["read"]},
                              "value": article_value(ArticleRef(first.id, highlight))}
    return [block]


def sources_message(sources: Sources, lang: str = "en", public_url: str | None = None) -> SlackMessage:
    """One message: a heading, then the people, then the dates (or a line saying the articles name none)."""
    L = labels(lang)
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(L['sources_title'])}*"}}]
    if not sources.people and not sources.dates:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": L["sources_none"]}]})
        return SlackMessage(text=L["sources_none"], blocks=blocks)
    for title, answers in ((L["sources_people"], sources.people), (L["sources_dates"], sources.dates)):
        if answers:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(title)}]})
            for answer in answers:
                blocks.extend(_item_blocks(answer, lang, public_url))
    names = [headline(a, lang) for a in (*sources.people, *sources.dates)]
    return SlackMessage(text=escape(cut(f"{L['sources_title']}: {'; '.join(names)}", 3000)), blocks=blocks[:MAX_BLOCKS])

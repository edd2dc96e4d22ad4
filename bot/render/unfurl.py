"""The preview Slack shows under a link to one of the bot's article pages: title, outlet and date, the quoted lines."""

from __future__ import annotations

from bot.render.article_view import Article
from bot.render.blocks import escape
from bot.render.labels import cut, labels

MAX_QUOTED = 2


def article_unfurl(article: Article, highlight: tuple[int, ...] = (), lang: str = "en") -> dict:
    """One entry of chat.unfurl's `unfurls`: blocks, escaped like every article text."""
    L = labels(lang)
    meta = " · ".join(escape(x) for x in (article.outlet or L["unknown_source"], article.published or L["date_unknown"]))
    text = f"*{escape(cut(article.title, 200))}*\n_{meta}_"
    quoted = [article.sentences[i] for i in highlight if 0 <= i < len(article.sentences)][:MAX_QUOTED]
    if quoted:
        text += "\n" + "\n".join(f"> {escape(cut(s, 400))}" for s in quoted)
    return {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": cut(text, 3000)}}]}

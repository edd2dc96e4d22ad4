"""The App Home tab: what the bot is, example questions as buttons, how fresh the index is, who and what is in it.

A Home view holds at most 100 blocks; this one needs about fifteen. Article titles
and people's names come from the index and are escaped like any article text.
"""

from __future__ import annotations

from bot.render.blocks import MAX_HEADER_TEXT, READ_ACTION, escape, query_buttons
from bot.render.labels import HELP_EXAMPLES, count_articles, cut, labels
from bot.render.values import ArticleRef, article_value
from bot.serve.overview import IndexOverview

MAX_HOME_BLOCKS = 100


def _people(n: int, lang: str) -> str:
    L = labels(lang)
    return L["home_people_one"] if n == 1 else L["home_people"].format(n=n)


def _when(built_at: str | None, lang: str) -> str:
    return built_at.replace("T", " ").replace("Z", " UTC") if built_at else labels(lang)["home_unknown"]


def home_view(overview: IndexOverview | None, lang: str = "en") -> dict:
    """The Home tab; without an overview (the index could not be read) it still says what the bot is."""
    L = labels(lang)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(L["home_title"], MAX_HEADER_TEXT)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": L["home_intro"]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(L['home_try'])}*"}},
        *query_buttons([(ex, ex) for ex, _ in HELP_EXAMPLES], "examples", limit=len(HELP_EXAMPLES)),
    ]
    if overview is not None:
        freshness = L["home_freshness"].format(
            articles=count_articles(overview.articles, lang),
            people=_people(overview.people, lang),
            newest=escape(overview.newest_published or L["home_unknown"]),
            built=_when(overview.built_at, lang),
        )
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": freshness}]})
        if overview.top_people:
            blocks.append({"type": "divider"})
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(L['home_top_people'])}*"}})
            blocks += query_buttons([(p.name, f"who {p.name}") for p in overview.top_people], "top_people")
        if overview.latest_articles:
            blocks.append({"type": "divider"})
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(L['home_latest'])}*"}})
            for a in overview.latest_articles:
                meta = " · ".join(escape(x) for x in (a.outlet or L["unknown_source"], a.published or L["date_unknown"]))
                blocks.append({
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": f"*{escape(cut(a.title, 200))}*\n_{meta}_"},
                    "accessory": {"type": "button", "action_id": READ_ACTION,
                                  "text": {"type": "plain_text", "text": L["read"]},
                                  "value": article_value(ArticleRef(a.id))},
                })
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}

"""What the bot's buttons carry: small JSON values, read back when Slack sends the click.

Slack caps a button value at 2,000 characters and private_metadata at 3,000; a value
never holds more than the click needs (an article id and sentence numbers, or a query),
so a click is answered from the index as it is then, not from a copy of an old answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

MAX_BUTTON_VALUE = 2000
MAX_QUERY = 1500
MAX_HIGHLIGHTS = 50


@dataclass(frozen=True)
class ArticleRef:
    """An article to read, the sentences to highlight in it, and the page of it to show."""

    article_id: str
    highlight: tuple[int, ...] = ()
    page: int = 0


def article_value(ref: ArticleRef) -> str:
    """The value of a "Read" or page button (ids are short; the highlights are capped)."""
    data: dict[str, object] = {"a": ref.article_id, "h": list(ref.highlight[:MAX_HIGHLIGHTS])}
    if ref.page:
        data["p"] = ref.page
    return json.dumps(data, separators=(",", ":"))


def parse_article_value(value: str) -> ArticleRef:
    """The ArticleRef a button carried; ValueError for anything the bot did not write."""
    try:
        data = json.loads(value)
        article_id = data["a"]
        highlight = tuple(int(i) for i in data.get("h", []))
        page = max(0, int(data.get("p", 0)))
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError("not an article button value") from exc
    if not isinstance(article_id, str) or not article_id:
        raise ValueError("not an article button value")
    return ArticleRef(article_id, highlight, page)


def query_value(query: str) -> str:
    """The value of a button that runs a query (a suggestion, Share, feedback).

    JSON escaping can make a query longer (a control character becomes six), so the
    query is shortened until the encoded value fits.
    """
    q = query[:MAX_QUERY]
    while True:
        value = json.dumps({"q": q}, ensure_ascii=False)
        if len(value) <= MAX_BUTTON_VALUE:
            return value
        q = q[: max(0, len(q) - (len(value) - MAX_BUTTON_VALUE + 5) // 6 - 1)]


def parse_query_value(value: str) -> str:
    """The query a button carried; ValueError for anything the bot did not write."""
    try:
        query = json.loads(value)["q"]
    except (TypeError, KeyError, json.JSONDecodeError) as exc:
        raise ValueError("not a query button value") from exc
    if not isinstance(query, str):
        raise ValueError("not a query button value")
    return query

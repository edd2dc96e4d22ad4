"""An article as a small HTML page, for `GET /articles/<id>` over HTTP: every piece of text escaped."""

from __future__ import annotations

import html


def article_page(engine, article_id: str, highlight: set[int]) -> str | None:
    """The cleaned article as a small HTML page, the quoted sentences highlighted."""
    article = engine.article(article_id)
    if article is None:
        return None
    esc = html.escape
    meta = " · ".join(esc(x) for x in (article["outlet"], article["published"]) if x)
    body = "\n".join(
        f'<p id="s{i}"{" class=hl" if i in highlight else ""}>{esc(s)}</p>'
        for i, s in enumerate(article["sentences"])
    )
    source = f'<p><a href="{esc(article["url"])}">{esc(article["url"])}</a></p>' if article["url"] else ""
    return (
        "<!doctype html><html lang=vi><head><meta charset=utf-8>"
        f"<title>{esc(article['title'])}</title>"
        "<style>body{font:16px/1.5 sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
        ".hl{background:#fff3a8}</style></head><body>"
        f"<h1>{esc(article['title'])}</h1><p><em>{meta}</em></p>{source}{body}</body></html>"
    )

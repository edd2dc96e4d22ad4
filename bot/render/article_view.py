"""An article as a Slack modal: the cleaned text, the sentences that answer the question highlighted.

Slack allows 100 blocks in a modal and 3,000 characters in a section, so a long
article is split into pages; "Previous page"/"Next page" buttons inside the modal
carry the article id, the highlights and the page to show (the listener redraws the
modal with views.update). Every sentence is escaped for mrkdwn: article text is
never trusted to be free of `<`, `>` or `&`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from bot.render.blocks import MAX_HEADER_TEXT, MAX_SECTION_TEXT, READ_ACTION, escape
from bot.render.labels import cut, labels
from bot.render.values import ArticleRef, article_value

MAX_VIEW_BLOCKS = 100
MAX_MODAL_TITLE = 24
PAGE_CHARS = 8000  # article text on one page: a screenful or two, well inside Slack's limits
PAGE_SECTIONS = 60  # text sections on one page, leaving room for the header and buttons
SECTION_CHARS = MAX_SECTION_TEXT - 100
MAX_WHY = 5  # highlighted sentences repeated above the text on the first page
CALLBACK_ID = "article"
PAGE_ACTION = "article_page"
__all__ = ["READ_ACTION", "PAGE_ACTION", "BROWSER_ACTION", "Article", "article_modal", "gone_modal"]
BROWSER_ACTION = "open_in_browser"


@dataclass(frozen=True)
class Article:
    """The cleaned article as the index holds it (see bot.serve.rows.article_text)."""

    id: str
    title: str
    url: str | None
    outlet: str | None
    published: str | None
    sentences: tuple[str, ...]

    @classmethod
    def from_row(cls, row: dict) -> "Article":
        return cls(
            id=str(row["id"]),
            title=str(row.get("title") or row["id"]),
            url=row.get("url"),
            outlet=row.get("outlet"),
            published=row.get("published"),
            sentences=tuple(str(s) for s in row.get("sentences") or ()),
        )


def _sentence_text(text: str, highlighted: bool) -> str:
    return f"> {escape(text)}" if highlighted else escape(text)


def text_sections(article: Article, highlight: set[int]) -> list[str]:
    """The article as mrkdwn sections: runs of plain sentences, each highlighted sentence quoted on its own."""
    sections: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            sections.append(" ".join(run))
            run.clear()

    for i, sentence in enumerate(article.sentences):
        if i == 0 and i not in highlight and sentence.strip() == article.title.strip():
            continue  # the headline, already the modal's header
        piece = cut(sentence, SECTION_CHARS)
        if i in highlight:
            flush()
            sections.append(_sentence_text(piece, True))
            continue
        piece = _sentence_text(piece, False)
        if run and len(" ".join(run)) + 1 + len(piece) > SECTION_CHARS:
            flush()
        run.append(piece)
    flush()
    return sections


def pages_of(sections: Sequence[str]) -> list[list[str]]:
    """Sections grouped into pages of at most PAGE_CHARS characters and PAGE_SECTIONS sections."""
    pages: list[list[str]] = [[]]
    size = 0
    for section in sections:
        page = pages[-1]
        if page and (size + len(section) > PAGE_CHARS or len(page) >= PAGE_SECTIONS):
            pages.append([])
            size = 0
        pages[-1].append(section)
        size += len(section)
    return pages


def _button(text: str, action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": text}, "value": value}


def page_link(public_url: str, article_id: str, highlight: Sequence[int]) -> str:
    """The article's page on the HTTP app, the highlighted sentences in its query string."""
    marks = ",".join(str(i) for i in highlight)
    return f"{public_url.rstrip('/')}/articles/{article_id}" + (f"?hl={marks}" if marks else "")


def article_modal(article: Article, ref: ArticleRef, lang: str = "en", public_url: str | None = None) -> dict:
    """The modal for page `ref.page` of `article` (a page past the end shows the last one)."""
    L = labels(lang)
    highlight = set(ref.highlight)
    pages = pages_of(text_sections(article, highlight))
    page = min(ref.page, len(pages) - 1)
    meta = [escape(article.outlet or L["unknown_source"]), escape(article.published or L["date_unknown"])]
    if len(pages) > 1:
        meta.append(L["article_page"].format(a=page + 1, n=len(pages)))
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(article.title, MAX_HEADER_TEXT)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(meta)}]},
    ]
    if article.url:
        safe = article.url.replace(">", "%3E").replace("<", "%3C").replace("|", "%7C")
        link = f"{L['source_link']}: <{safe}|{escape(cut(article.url, 200))}>"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": link}})
    why = [i for i in ref.highlight if 0 <= i < len(article.sentences)][:MAX_WHY]
    if page == 0 and why:
        quoted = "\n".join(f"> {escape(cut(article.sentences[i], 500))}" for i in why)
        text = cut(f"*{escape(L['why_this'])}*\n{quoted}", MAX_SECTION_TEXT)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    blocks.append({"type": "divider"})
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": s}} for s in pages[page] if s]
    buttons = []
    if page > 0:
        buttons.append(_button(L["previous_page"], PAGE_ACTION + "_back", article_value(
            ArticleRef(article.id, ref.highlight, page - 1))))
    if page + 1 < len(pages):
        buttons.append(_button(L["next_page"], PAGE_ACTION, article_value(ArticleRef(article.id, ref.highlight, page + 1))))
    if public_url:
        buttons.append({
            "type": "button",
            "action_id": BROWSER_ACTION,
            "text": {"type": "plain_text", "text": L["open_in_browser"]},
            "url": page_link(public_url, article.id, ref.highlight),
        })
    if buttons:
        blocks.append({"type": "actions", "block_id": "article_pages", "elements": buttons})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": cut(L["article_modal_title"], MAX_MODAL_TITLE)},
        "close": {"type": "plain_text", "text": cut(L["close"], MAX_MODAL_TITLE)},
        "private_metadata": json.dumps({"a": article.id, "p": page}),
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }


def gone_modal(lang: str = "en") -> dict:
    """What the modal says when the article was dropped from the index since the answer was posted."""
    L = labels(lang)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": cut(L["article_modal_title"], MAX_MODAL_TITLE)},
        "close": {"type": "plain_text", "text": cut(L["close"], MAX_MODAL_TITLE)},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": L["article_gone"]}}],
    }

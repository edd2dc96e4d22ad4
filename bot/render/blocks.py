"""An answer as Slack Block Kit: the short first message, the pages of the thread, the help.

Every piece of text that came from a user or an article is escaped for
Slack's mrkdwn (&, <, >), so nothing a user types can become a mention,
@channel or link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.render.event_lines import has_event_pages, is_view
from bot.render.labels import HELP_EXAMPLES, SLACK_HELP_EXAMPLES, count_articles, count_of, cut, labels, page_range
from bot.render.lines import (
    event_lines,
    headline,
    order_words,
    other_years_line,
    pair_counts,
    profile_lines,
    quotes,
    reading_line,
    recent_event_lines,
    source_of,
)
from bot.render.values import ArticleRef, article_value, query_value
from bot.serve.answers import Answer, ArticleHit
from bot.shared.text import visible

READ_ACTION = "read_article"  # the "Read" button beside each article: opens it in a modal
QUERY_ACTION = "run_query"  # a suggestion, nearest date or other match: runs that query (ids get a _<n> suffix)
SHARE_ACTION = "share_answer"  # under a private answer: posts it in the channel
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
MAX_QUERY_BUTTONS = 5
PAGE_SIZE = 3  # articles in the first message and in each "Show more" page


MAX_BLOCKS = 50


MAX_SECTION_TEXT = 3000


MAX_HEADER_TEXT = 150


MAX_MESSAGE_TEXT = 40_000  # the top-level `text` (notifications, fallback), which Slack also parses for mentions


MAX_BUTTON_VALUE = 2000


def escape(text: str | None) -> str:
    """Slack mrkdwn escaping (the only three characters Slack asks apps to escape), with control and
    bidi characters dropped so an article cannot reorder or garble the message around it."""
    return visible(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")



@dataclass
class SlackMessage:
    """A message ready for chat.postMessage: fallback text plus blocks."""

    text: str
    blocks: list[dict]

    def as_kwargs(self) -> dict:
        # The bot's own links are sources, listed on purpose: Slack's previews of them would bury the answer.
        return {"text": self.text, "blocks": self.blocks, "unfurl_links": False, "unfurl_media": False}



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
        label, link = source_of(hit, lang, public_url)
        # Only the title is the link: the outlet (or "source unknown") is said beside it, not clicked.
        parts.append(f"{_link(cut(hit.title, 60), link)} ({escape(label)})")
    return " · ".join(parts)


def _button(text: str, action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": cut(text, 75)},
            "value": value}


def query_buttons(choices: list[tuple[str, str]], block_id: str, limit: int = MAX_QUERY_BUTTONS) -> list[dict]:
    """One click per (label, query): the query runs as if typed, so nobody retypes a suggestion.

    A list of one actions block, or none when no choice has a label to show (Slack
    rejects an empty button text and an actions block without elements).
    """
    shown = [(label.strip(), query) for label, query in choices if label.strip()][: min(limit, 25)]
    if not shown:
        return []
    return [{
        "type": "actions",
        "block_id": block_id,
        "elements": [_button(label, f"{QUERY_ACTION}_{i}", query_value(query)) for i, (label, query) in enumerate(shown)],
    }]


def feedback_block(query: str) -> dict:
    """👍/👎 under an answer; the value is the query, so the feedback is stored with what was asked."""
    value = query_value(query)
    return {
        "type": "actions",
        "block_id": "feedback",
        "elements": [
            {**_button("👍", FEEDBACK_UP, value), "text": {"type": "plain_text", "text": "👍", "emoji": True}},
            {**_button("👎", FEEDBACK_DOWN, value), "text": {"type": "plain_text", "text": "👎", "emoji": True}},
        ],
    }


def share_block(query: str, lang: str = "en") -> dict:
    """"Share in channel" under an answer only the asker sees."""
    return {"type": "actions", "block_id": "share",
            "elements": [{**_button(labels(lang)["share"], SHARE_ACTION, query_value(query)), "style": "primary"}]}



def help_message(lang: str = "en", reason: str | None = None, intro: str | None = None) -> SlackMessage:
    """The commands with examples, under an intro line (why the user is seeing help)."""
    L = labels(lang)
    intro = intro or (L["empty_query"] if reason == "empty_query" else L["help_title"])
    rows = "\n".join(f"• `/ukraine {escape(ex)}` — {L[key]}" for ex, key in HELP_EXAMPLES + SLACK_HELP_EXAMPLES)
    return SlackMessage(text=_fallback(intro), blocks=[_section(f"*{escape(intro)}*"), _section(rows)])



def summary_message(
    answer: Answer, lang: str = "en", public_url: str | None = None, details: str = "thread"
) -> SlackMessage:
    """The short first answer: what it is about, 1–3 lines, the source links, and 👍/👎.

    `details` says where the articles follow: "thread" (a reply to this message) or
    "below" (the same message, when it goes through a response_url and has no thread).
    Suggestions, nearest dates and other matches are buttons that run that query.
    """
    L = labels(lang)
    if is_view(answer):
        from bot.render.views import view_summary  # views builds on this module's helpers

        view = view_summary(answer, lang, public_url)
        return SlackMessage(text=view.text, blocks=view.blocks[: MAX_BLOCKS - 1] + [feedback_block(answer.query)])
    if answer.intent in ("help", "exit") or answer.error == "empty_query":
        return help_message(lang, answer.error)
    title = headline(answer, lang)
    blocks = [_section(f"*{escape(title)}*")]
    read = reading_line(answer, lang)
    if read:
        blocks.append(_context(escape(read)))
    if answer.error:
        extra = []
        if answer.suggestions and answer.detail == "unknown_outlet":
            extra.append(f"{L['outlets']}: " + ", ".join(escape(s) for s in answer.suggestions))
        elif answer.suggestions:
            extra.append(f"{L['did_you_mean']}: " + ", ".join(f"*{escape(s)}*" for s in answer.suggestions) + "?")
        if answer.nearest:
            extra.append(f"{L['nearest']}: " + ", ".join(escape(d) for d in answer.nearest))
        extra += [escape(x) for x in (pair_counts(answer, lang), other_years_line(answer, lang)) if x]
        if extra:
            blocks.append(_section("\n".join(extra)))
        choices = [(s, f"who {s}") for s in answer.suggestions] + [(d, f"on {d}") for d in answer.nearest]
        if choices:
            blocks += query_buttons(choices, "suggestions")
        blocks.append(feedback_block(answer.query))
        return SlackMessage(text=_fallback(title), blocks=blocks)
    lines = []
    if answer.actor and answer.intent == "who":
        others = [a for a in answer.actor.aliases if a != answer.actor.name]
        if others:
            lines.append(f"{L['also_known']}: {escape(', '.join(others[:8]))}")
        if answer.candidates:
            lines.append(f"{L['or_maybe']}: " + ", ".join(escape(c.name) for c in answer.candidates))
    # A person: what all the articles say about them; a date: its events. Else the first article's summary.
    about = profile_lines(answer, lang, events=3) + recent_event_lines(answer, lang) + event_lines(answer, limit=5)
    lines += [escape(cut(line, 300)) for line in about]
    years = other_years_line(answer, lang)
    if years:
        lines.append(escape(years))
    first = answer.articles[0] if answer.articles else None
    if not about and first is not None and first.summary.strip():
        lines.append(escape(cut(first.summary.strip(), 350)))
    if any(line.strip() for line in lines):  # Slack rejects a section whose text is empty
        blocks.append(_section("\n".join(lines)))
    count = count_articles(len(answer.articles), lang)
    order = order_words(answer, lang)
    blocks.append(_context(f"{count}{f', {order}' if order else ''} · {_source_links(answer, public_url, lang)}"))
    if answer.actor and answer.candidates:
        blocks += query_buttons([(c.name, f"who {c.name}") for c in answer.candidates], "other_matches")
    if answer.actor and answer.recent_events:
        blocks += query_buttons([(L["see_timeline"], f"timeline {answer.actor.name}")], "timeline")
    if len(answer.articles) > 0:
        blocks.append(_context(L["more_in_thread"] if details == "thread" else L["more_below"]))
    blocks.append(feedback_block(answer.query))
    return SlackMessage(text=_fallback(f"{title} — {count}"), blocks=blocks)



def article_blocks(hit: ArticleHit, lang: str = "en", public_url: str | None = None) -> list[dict]:
    """One article in the thread: linked title, outlet and date, summary, quoted evidence."""
    L = labels(lang)
    label, link = source_of(hit, lang, public_url)
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
    shown, more = quotes(hit)
    lines = []
    for ev in shown:
        tag = f" _({escape(ev.date)})_" if ev.date else ""
        lines.append(f"> {escape(cut(ev.text, 600))}{tag}")
    if lines:
        blocks.append(_section("\n".join(lines)))
    if more:
        blocks.append(_context(count_of(more, "more_sentences", "more_sentence_one", lang)))
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
    if has_event_pages(answer):
        from bot.render.views import view_page

        return view_page(answer, page, lang, public_url, action_value)
    total = len(answer.articles)
    a = page * PAGE_SIZE
    chunk = answer.articles[a : a + PAGE_SIZE]
    if not chunk:
        return SlackMessage(text=L["no_more"], blocks=[_context(L["no_more"])])
    blocks: list[dict] = [_context(page_range(a + 1, a + len(chunk), total, lang))]
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
    return SlackMessage(text=page_range(a + 1, a + len(chunk), total, lang), blocks=blocks)



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

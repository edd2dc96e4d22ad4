"""Render engine answers as plain text (terminal, notifications) and as Slack Block Kit.

Every piece of text that came from a user or an article is escaped for
Slack's mrkdwn (&, <, >), so nothing a user types can become a mention,
@channel or link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.answers import Answer, ArticleHit

PAGE_SIZE = 3  # articles in the first message and in each "Show more" page
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_MESSAGE_TEXT = 40_000  # the top-level `text` (notifications, fallback), which Slack also parses for mentions
MAX_BUTTON_VALUE = 2000

LABELS = {
    "en": {
        "help_title": "Ask about the people and dates in the news of US–Russia–Ukraine diplomacy.",
        "help_who": "who is in the news, and in which articles",
        "help_on": "what the articles report on a day, a month or a year",
        "help_search": "articles whose sentences contain those words",
        "help_vi": "Vietnamese works too",
        "also_known": "Also written",
        "roles": "Roles",
        "did_you_mean": "Did you mean",
        "or_maybe": "Other matches",
        "no_actor": "No one in the articles matches “{q}”.",
        "no_results_on": "Nothing reported on {d}.",
        "nearest": "Closest dates with news",
        "no_results_search": "No article mentions “{q}”.",
        "empty_query": "Tell me a name, a date or some words. Try `help`.",
        "invalid_date": "{detail}.",
        "index_unavailable": "Sorry, the article index is unavailable right now. An operator has been told.",
        "internal_error": "Sorry, something went wrong answering that. Please try again.",
        "articles": "{n} article(s)",
        "on_title": "On {d}",
        "search_title": "Articles mentioning “{q}”",
        "published": "published",
        "source": "Source",
        "show_more": "Show more",
        "more_in_thread": "Details in the thread.",
        "page": "Articles {a}–{b} of {n}",
        "no_more": "That was everything.",
        "unknown_source": "source unknown",
    },
    "vi": {
        "help_title": "Hỏi về nhân vật và ngày tháng trong tin ngoại giao Mỹ–Nga–Ukraine.",
        "help_who": "ai được nhắc tới, trong những bài nào",
        "help_on": "các bài báo đưa tin gì vào một ngày, tháng hoặc năm",
        "help_search": "các bài có câu chứa những từ đó",
        "help_vi": "Có thể hỏi bằng tiếng Việt",
        "also_known": "Cách viết khác",
        "roles": "Chức vụ",
        "did_you_mean": "Có phải bạn muốn hỏi",
        "or_maybe": "Kết quả khác",
        "no_actor": "Không có nhân vật nào khớp với “{q}”.",
        "no_results_on": "Không có tin nào vào {d}.",
        "nearest": "Những ngày gần nhất có tin",
        "no_results_search": "Không bài nào nhắc tới “{q}”.",
        "empty_query": "Hãy nhập một tên, một ngày hoặc vài từ khóa. Gõ `help` để xem hướng dẫn.",
        "invalid_date": "Ngày không hợp lệ: {detail}.",
        "index_unavailable": "Xin lỗi, chỉ mục bài báo đang không dùng được. Người vận hành đã được báo.",
        "internal_error": "Xin lỗi, đã có lỗi khi trả lời. Vui lòng thử lại.",
        "articles": "{n} bài",
        "on_title": "Ngày {d}",
        "search_title": "Các bài nhắc tới “{q}”",
        "published": "đăng ngày",
        "source": "Nguồn",
        "show_more": "Xem thêm",
        "more_in_thread": "Chi tiết trong thread.",
        "page": "Bài {a}–{b} trên {n}",
        "no_more": "Đã hết kết quả.",
        "unknown_source": "không rõ nguồn",
    },
}

HELP_EXAMPLES = [
    ("who Sullivan", "help_who"),
    ("ai là Lavrov", "help_who"),
    ("who ngoại trưởng Nga", "help_who"),
    ("on 2022-01-21", "help_on"),
    ("ngày 21/1/2022", "help_on"),
    ("2022-01", "help_on"),
    ("đàm phán Genève", "help_search"),
]


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def escape(text: str | None) -> str:
    """Slack mrkdwn escaping: the only three characters Slack asks apps to escape."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def headline(answer: Answer, lang: str = "en") -> str:
    """One line saying what the answer is about (plain, unescaped)."""
    L = labels(lang)
    if answer.error:
        return error_text(answer, lang)
    if answer.intent == "who" and answer.actor:
        role = f" — {answer.actor.role}" if answer.actor.role else ""
        return f"{answer.actor.name}{role}"
    if answer.intent == "on" and answer.date:
        return L["on_title"].format(d=answer.date.label)
    if answer.intent == "search":
        return L["search_title"].format(q=_cut(answer.target, 80))
    return L["help_title"]


def error_text(answer: Answer, lang: str = "en") -> str:
    L = labels(lang)
    q = _cut(answer.target or answer.query, 80)
    if answer.error == "no_actor":
        return L["no_actor"].format(q=q)
    if answer.error == "no_results" and answer.intent == "on" and answer.date:
        return L["no_results_on"].format(d=answer.date.label)
    if answer.error == "no_results":
        return L["no_results_search"].format(q=q)
    if answer.error == "invalid_date":
        return L["invalid_date"].format(detail=_cut((answer.detail or q).rstrip("."), 200))
    return L.get(answer.error or "", L["internal_error"])


def source_of(hit: ArticleHit, public_url: str | None = None, lang: str = "en") -> tuple[str, str | None]:
    """(label, link) for an article: its own url, else the app's article page, else just the outlet."""
    label = hit.outlet or labels(lang)["unknown_source"]
    if hit.url:
        return label, hit.url
    if public_url:
        marks = ",".join(str(e.sentence) for e in hit.evidence if e.sentence is not None)
        return label, f"{public_url.rstrip('/')}/articles/{hit.id}" + (f"?hl={marks}" if marks else "")
    return label, None


# -- plain text ---------------------------------------------------------------


def render_text(answer: Answer, lang: str = "en", public_url: str | None = None) -> str:
    """The answer as a person reads it in a terminal."""
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
    lines.append(L["articles"].format(n=len(answer.articles)))
    for n, hit in enumerate(answer.articles, 1):
        when = f" ({hit.published})" if hit.published else ""
        lines.append(f"{n}. {hit.title}{when}")
        lines.append(f"   {hit.summary}")
        for ev in hit.evidence:
            tag = f" [{ev.date}]" if ev.date else ""
            lines.append(f"   > {ev.text}{tag}")
        label, link = source_of(hit, public_url, lang)
        lines.append(f"   {L['source']}: {label}" + (f" <{link}>" if link else ""))
    return "\n".join(lines)


# -- Block Kit ------------------------------------------------------------------


@dataclass
class SlackMessage:
    """A message ready for chat.postMessage: fallback text plus blocks."""

    text: str
    blocks: list[dict]

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


def _fallback(text: str) -> str:
    """The top-level `text`: Slack parses it for mentions and links too, so it is escaped like the blocks."""
    return _cut(escape(text), MAX_MESSAGE_TEXT)


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, MAX_SECTION_TEXT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, MAX_SECTION_TEXT)}]}


def _link(label: str, url: str | None) -> str:
    if not url:
        return escape(label)
    safe_url = url.replace(">", "%3E").replace("<", "%3C").replace("|", "%7C")
    return f"<{safe_url}|{escape(label).replace('|', '¦')}>"


def _source_links(answer: Answer, public_url: str | None, lang: str, limit: int = PAGE_SIZE) -> str:
    parts = []
    for hit in answer.articles[:limit]:
        label, link = source_of(hit, public_url, lang)
        title = _cut(hit.title, 60)
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
        lines.append(escape(_cut(first.summary.strip(), 350)))
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
    text = f"*{_link(_cut(hit.title, 200), link)}*\n_{' · '.join(meta)}_\n{escape(hit.summary)}"
    blocks = [_section(text)]
    quotes = []
    for ev in hit.evidence:
        tag = f" _({escape(ev.date)})_" if ev.date else ""
        quotes.append(f"> {escape(_cut(ev.text, 600))}{tag}")
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

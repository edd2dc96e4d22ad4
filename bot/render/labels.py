"""Every label the bot shows, per language, and the help examples: one place for the wording.

A language is shown wholly: every string an answer needs exists in each language here.
"""

from __future__ import annotations

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
        "no_results_person_on": "No article names {p} on {d}.",
        "nearest": "Closest dates with news",
        "no_results_search": "No article mentions “{q}”.",
        "empty_query": "Tell me a name, a date or some words. Try `help`.",
        "invalid_date": "{detail}.",  # the engine's own explanation, which is written in English
        "index_unavailable": "Sorry, the article index is unavailable right now. An operator has been told.",
        "internal_error": "Sorry, something went wrong answering that. Please try again.",
        "articles": "{n} articles",
        "article_one": "1 article",
        "on_title": "On {d}",
        "search_title": "Articles mentioning “{q}”",
        "published": "published",
        "source": "Source",
        "show_more": "Show more",
        "more_in_thread": "Details in the thread.",
        "page": "Articles {a}–{b} of {n}",
        "page_one": "Article {a} of {n}",
        "in_month": "In {m} {y}",
        "in_year": "In {y}",
        "no_more": "That was everything.",
        "unknown_source": "source unknown",
        "read": "Read",
        "article_modal_title": "Article",
        "date_unknown": "date unknown",
        "open_in_browser": "Open in browser",
        "next_page": "Next page",
        "previous_page": "Previous page",
        "article_page": "Page {a} of {n}",
        "why_this": "The sentences that answer the question",
        "article_gone": "That article is no longer in the index.",
        "source_link": "Source",
        "close": "Close",
        "home_title": "Ukraine News",
        "home_intro": "I read Vietnamese news of US–Russia–Ukraine diplomacy and answer who someone is and what"
                      " happened on a day, with the articles and the sentences that say so. Ask with `/ukraine`,"
                      " mention me in a channel, or write to me here.",
        "home_try": "Try a question (the answer comes in Messages)",
        "home_freshness": "{articles} · {people} · newest article {newest} · index built {built}",
        "home_people_one": "1 person",
        "home_people": "{n} people",
        "home_top_people": "Most named",
        "home_latest": "Latest articles",
        "home_unknown": "unknown",
        "sources_title": "Sources for that message",
        "sources_none": "The articles name none of the people or dates in that message.",
        "sources_people": "People",
        "sources_dates": "Dates",
        "console_banner": "ukraine-bot console: the answers the Slack bot gives, without Slack. Type what you would"
                          " type after /ukraine (help for examples); exit, quit, Ctrl-D or Ctrl-C ends it.",
        "share": "Share in channel",
        "shared": "Shared in the channel.",
        "more_below": "Details below.",
        "feedback_thanks": "Thanks for the feedback.",
        "feedback_title": "What was wrong?",
        "feedback_submit": "Send",
        "feedback_reason": "The answer has",
        "feedback_wrong_person": "the wrong person",
        "feedback_missing_article": "an article missing",
        "feedback_wrong_date": "the wrong date",
        "feedback_other": "something else",
        "feedback_comment": "Anything to add?",
        "feedback_query": "Question",
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
        "no_results_person_on": "Không bài nào nhắc tới {p} vào {d}.",
        "nearest": "Những ngày gần nhất có tin",
        "no_results_search": "Không bài nào nhắc tới “{q}”.",
        "empty_query": "Hãy nhập một tên, một ngày hoặc vài từ khóa. Gõ `help` để xem hướng dẫn.",
        "invalid_date": "Ngày không hợp lệ: “{q}” không phải là một ngày có thật.",
        "index_unavailable": "Xin lỗi, chỉ mục bài báo đang không dùng được. Người vận hành đã được báo.",
        "internal_error": "Xin lỗi, đã có lỗi khi trả lời. Vui lòng thử lại.",
        "articles": "{n} bài",
        "article_one": "1 bài",
        "on_title": "Ngày {d}",
        "search_title": "Các bài nhắc tới “{q}”",
        "published": "đăng ngày",
        "source": "Nguồn",
        "show_more": "Xem thêm",
        "more_in_thread": "Chi tiết trong thread.",
        "page": "Bài {a}–{b} trên {n}",
        "page_one": "Bài {a} trên {n}",
        "in_month": "Tháng {m}/{y}",
        "in_year": "Năm {y}",
        "no_more": "Đã hết kết quả.",
        "unknown_source": "không rõ nguồn",
        "read": "Đọc",
        "article_modal_title": "Bài báo",
        "date_unknown": "không rõ ngày",
        "open_in_browser": "Mở trong trình duyệt",
        "next_page": "Trang sau",
        "previous_page": "Trang trước",
        "article_page": "Trang {a}/{n}",
        "why_this": "Những câu trả lời cho câu hỏi",
        "article_gone": "Bài báo này không còn trong chỉ mục.",
        "source_link": "Nguồn",
        "close": "Đóng",
        "home_title": "Tin Ukraine",
        "home_intro": "Tôi đọc tin tiếng Việt về ngoại giao Mỹ–Nga–Ukraine và trả lời ai là ai, ngày nào có chuyện"
                      " gì, kèm các bài báo và những câu nói về điều đó. Hỏi bằng `/ukraine`, nhắc tên tôi trong"
                      " kênh, hoặc nhắn cho tôi ở đây.",
        "home_try": "Thử một câu hỏi (câu trả lời ở mục Tin nhắn)",
        "home_freshness": "{articles} · {people} · bài mới nhất {newest} · chỉ mục lập lúc {built}",
        "home_people_one": "1 nhân vật",
        "home_people": "{n} nhân vật",
        "home_top_people": "Được nhắc nhiều nhất",
        "home_latest": "Bài mới nhất",
        "home_unknown": "không rõ",
        "sources_title": "Nguồn cho tin nhắn đó",
        "sources_none": "Các bài báo không nhắc tới người hay ngày nào trong tin nhắn đó.",
        "sources_people": "Nhân vật",
        "sources_dates": "Ngày",
        "console_banner": "Bảng điều khiển ukraine-bot: câu trả lời giống bot trên Slack, không cần Slack. Gõ như"
                          " sau /ukraine (help để xem ví dụ); thoát, exit, Ctrl-D hoặc Ctrl-C để kết thúc.",
        "share": "Chia sẻ vào kênh",
        "shared": "Đã chia sẻ vào kênh.",
        "more_below": "Chi tiết ở dưới.",
        "feedback_thanks": "Cảm ơn bạn đã góp ý.",
        "feedback_title": "Câu trả lời sai ở đâu?",
        "feedback_submit": "Gửi",
        "feedback_reason": "Câu trả lời có",
        "feedback_wrong_person": "sai người",
        "feedback_missing_article": "thiếu bài báo",
        "feedback_wrong_date": "sai ngày",
        "feedback_other": "lỗi khác",
        "feedback_comment": "Bạn muốn nói thêm?",
        "feedback_query": "Câu hỏi",
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


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def count_articles(n: int, lang: str = "en") -> str:
    """"1 article", "5 articles" ("1 bài", "5 bài"): a count that reads as a phrase, not a template."""
    L = labels(lang)
    return L["article_one"] if n == 1 else L["articles"].format(n=n)


def page_range(a: int, b: int, n: int, lang: str = "en") -> str:
    """"Articles 1–3 of 5", or "Article 1 of 1" for a page of one."""
    L = labels(lang)
    return L["page_one"].format(a=a, n=n) if a == b else L["page"].format(a=a, b=b, n=n)


def period_label(start: str, precision: str, lang: str = "en") -> str:
    """"On 2022-01-21", "In January 2022" ("Tháng 1/2022"), "In 2022" ("Năm 2022")."""
    L = labels(lang)
    if precision == "year" and start[:4].isdigit():
        return L["in_year"].format(y=start[:4])
    month = start[5:7]
    if precision == "month" and start[:4].isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        names = MONTHS.get(lang)
        return L["in_month"].format(m=names[int(month) - 1] if names else int(month), y=start[:4])
    # A day, or a span the engine did not write in ISO form: say it as it is.
    return L["on_title"].format(d=start[:10] if precision == "day" else start[:7] if precision == "month" else start[:4])



def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

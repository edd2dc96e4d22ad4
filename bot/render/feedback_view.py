"""The 👎 modal: what was wrong (one choice) and a free-text comment, with the question it is about.

The question travels in private_metadata (Slack caps it at 3,000 characters), so the
submission is stored with what was asked even though a modal has no message behind it.
"""

from __future__ import annotations

import json

from bot.render.article_view import MAX_MODAL_TITLE
from bot.render.blocks import MAX_SECTION_TEXT, escape
from bot.render.labels import cut, labels
from bot.state.records import MAX_FEEDBACK_TEXT

CALLBACK_ID = "feedback"
REASON_BLOCK, REASON_ACTION = "reason", "choice"
COMMENT_BLOCK, COMMENT_ACTION = "comment", "text"
MAX_METADATA = 3000
REASON_LABELS = {
    "wrong_person": "feedback_wrong_person",
    "missing_article": "feedback_missing_article",
    "wrong_date": "feedback_wrong_date",
    "other": "feedback_other",
}


def feedback_metadata(query: str, channel: str | None) -> str:
    """private_metadata: the question and where it was answered, shortened until it fits Slack's cap."""
    q = query
    while True:
        value = json.dumps({"q": q, "c": channel}, ensure_ascii=False)
        if len(value) <= MAX_METADATA:
            return value
        q = q[: len(q) - (len(value) - MAX_METADATA) - 1]


def parse_feedback_metadata(value: str) -> tuple[str, str | None]:
    """(query, channel) from private_metadata; ValueError for anything the bot did not write."""
    try:
        data = json.loads(value)
        query, channel = data["q"], data.get("c")
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError("not feedback metadata") from exc
    if not isinstance(query, str):
        raise ValueError("not feedback metadata")
    return query, channel if isinstance(channel, str) else None


def feedback_modal(query: str, channel: str | None, lang: str = "en") -> dict:
    """The modal 👎 opens."""
    L = labels(lang)
    options = [{"text": {"type": "plain_text", "text": L[key]}, "value": reason} for reason, key in REASON_LABELS.items()]
    asked = cut(f"*{escape(L['feedback_query'])}:* {escape(query)}", MAX_SECTION_TEXT)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": cut(L["feedback_title"], MAX_MODAL_TITLE)},
        "submit": {"type": "plain_text", "text": cut(L["feedback_submit"], MAX_MODAL_TITLE)},
        "close": {"type": "plain_text", "text": cut(L["close"], MAX_MODAL_TITLE)},
        "private_metadata": feedback_metadata(query, channel),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": asked}},
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "label": {"type": "plain_text", "text": L["feedback_reason"]},
                "element": {"type": "radio_buttons", "action_id": REASON_ACTION, "options": options},
            },
            {
                "type": "input",
                "block_id": COMMENT_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": L["feedback_comment"]},
                "element": {"type": "plain_text_input", "action_id": COMMENT_ACTION, "multiline": True,
                            "max_length": MAX_FEEDBACK_TEXT},
            },
        ],
    }


def submitted(values: dict) -> tuple[str | None, str]:
    """(reason, comment) from a view_submission's state.values; missing parts are None and ""."""
    choice = ((values.get(REASON_BLOCK) or {}).get(REASON_ACTION) or {}).get("selected_option") or {}
    comment = ((values.get(COMMENT_BLOCK) or {}).get(COMMENT_ACTION) or {}).get("value") or ""
    reason = choice.get("value")
    return (reason if isinstance(reason, str) else None), str(comment)

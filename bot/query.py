"""Turn what a user typed into an intent and a target, in English or Vietnamese, with or without diacritics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold, squash

MAX_QUERY_CHARS = 500

_SLACK_MENTION = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<(https?://[^>|]+)(?:\|([^>]*))?>")
_HELP = {"help", "?", "tro giup", "giup", "huong dan", "giup do", "commands", "lenh", "h"}
_WHO_PREFIX = re.compile(r"^(?:who\s+is|who's|who\s+was|who|ai\s+la|ai|tell\s+me\s+about|about|ve)\s*[:\-]?\s+(?P<t>.+)$")
_WHO_SUFFIX = re.compile(r"^(?P<t>.+?)\s+(?:la\s+ai|la\s+nguoi\s+nao|is\s+who)$")
# Words that ask for a date outright, and words that do only when a number follows ("in 2022", not "Nam Phi").
_ON_PREFIX = re.compile(r"^(?:what\s+happened\s+on|on|date|vao\s+ngay|ngay|su\s+kien\s+ngay)\s*[:\-]?\s+(?P<t>.+)$")
_ON_WEAK_PREFIX = re.compile(r"^(?:what\s+happened\s+in|what\s+happened|in|hom|thang|nam|when|vao)\s*[:\-]?\s+(?P<t>.*\d.*)$")
_ON_SUFFIX = re.compile(r"^(?P<t>.+?)\s+(?:co\s+gi|co\s+gi\s+moi|co\s+su\s+kien\s+gi|xay\s+ra\s+gi)$")
_SEARCH_PREFIX = re.compile(r"^(?:search|find|tim|tim\s+kiem)\s*[:\-]?\s+(?P<t>.+)$")


@dataclass(frozen=True)
class ParsedQuery:
    raw: str  # the user's text, cleaned of Slack markup
    intent: str  # who | on | search | help
    target: str  # the part the intent is about, in the user's own spelling


def clean_query(text: str) -> str:
    """Drop Slack mention tokens, unwrap links, trim trailing question marks and cap the length.

    Slack sends what a user typed with &, < and > as entities; they are decoded, and any
    angle bracket left after unwrapping is dropped, so the cleaned query can never carry
    a mention or link of its own (e.g. `<<http://x|!channel>>` unwraps to `!channel`, not `<!channel>`).

    The text is cut before any pattern runs: the link pattern is quadratic in a run of unclosed
    `<http://` (40,000 characters of them took 8.8 s). Markup that unwraps to a query of the
    allowed length fits in a few times that length.
    """
    text = (text or "")[: 4 * MAX_QUERY_CHARS]
    text = _SLACK_MENTION.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = text.replace("<", " ").replace(">", " ")
    text = squash("".join(ch if ch.isprintable() else " " for ch in text))
    return text[:MAX_QUERY_CHARS].strip().rstrip("?？!. ").strip()


def _original_tail(raw: str, folded_tail: str) -> str:
    """The same trailing words as `folded_tail`, in the user's spelling."""
    words = raw.split()
    n = len(folded_tail.split())
    return " ".join(words[-n:]) if n <= len(words) else raw


def _original_head(raw: str, folded_head: str) -> str:
    words = raw.split()
    n = len(folded_head.split())
    return " ".join(words[:n]) if n <= len(words) else raw


def parse(text: str) -> ParsedQuery:
    """Classify a query. Anything that is not help, who or a date is a full-text search."""
    raw = clean_query(text)
    key = fold(raw)
    if not key or key in _HELP:
        return ParsedQuery(raw, "help", "")
    if m := _SEARCH_PREFIX.match(key):
        return ParsedQuery(raw, "search", _original_tail(raw, m.group("t")))
    if m := _WHO_SUFFIX.match(key):
        return ParsedQuery(raw, "who", _original_head(raw, m.group("t")))
    if m := _WHO_PREFIX.match(key):
        return ParsedQuery(raw, "who", _original_tail(raw, m.group("t")))
    if m := _ON_SUFFIX.match(key):
        return ParsedQuery(raw, "on", _original_head(raw, m.group("t")))
    from bot.dates import InvalidDate, parse_query_date

    try:
        if parse_query_date(raw) is not None:
            return ParsedQuery(raw, "on", raw)
    except InvalidDate:
        return ParsedQuery(raw, "on", raw)
    if m := _ON_PREFIX.match(key) or _ON_WEAK_PREFIX.match(key):
        return ParsedQuery(raw, "on", _original_tail(raw, m.group("t")))
    return ParsedQuery(raw, "search", raw)

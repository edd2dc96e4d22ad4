"""Property tests: whatever a user types, parsing, the engine and the renderers answer within Slack's limits.

Hypothesis runs under a fixed, derandomised profile so CI sees the same examples
every time. For a deeper local run with fresh random examples:

    UKRAINE_BOT_HYPOTHESIS=deep python -m pytest tests/quality/test_properties.py

The Slack-limit and escaping checks (`slack_limit_problems`, `escaping_problems`)
are plain functions so other tests can reuse them.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.render.blocks import detail_page, help_message, more_value, parse_more_value, summary_message
from bot.render.labels import labels
from bot.render.text import render_text
from bot.serve.answers import ActorMatch, Answer, ArticleHit, Candidate, DateRange, Evidence
from bot.serve.query import MAX_QUERY_CHARS, parse

# -- profiles -------------------------------------------------------------------

settings.register_profile(
    "ukraine-bot-ci",
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run and every machine
    database=None,  # nothing written into the checkout
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile(
    "ukraine-bot-deep",
    parent=settings.get_profile("ukraine-bot-ci"),
    max_examples=5000,
    derandomize=False,
)
PROFILE = settings.get_profile(
    {"deep": "ukraine-bot-deep"}.get(os.environ.get("UKRAINE_BOT_HYPOTHESIS", ""), "ukraine-bot-ci")
)

# -- what users type --------------------------------------------------------------

MAX_INPUT = 10_000
SLACK_MARKUP = [
    "<@U123>", "<@U123|jake>", "<@W0ADMIN>", "<!channel>", "<!here>", "<!everyone>", "<!subteam^S1|@team>",
    "<#C123|general>", "<http://x|y>", "<https://example.com/a?b=1&c=2>", "<mailto:a@b.vn|thư>",
    "<<http://x|!channel>>", "<<http://x|@U123>>", "<<http://x|!here>>", "&lt;!here&gt;", "&lt;@U999&gt;",
    "&amp;lt;!channel&amp;gt;", "<!channel", "<@U", "<", ">", "&", "&amp;", "|", "*đậm*", "_nghiêng_", "`mã`",
    "```", "> trích", "~gạch~", "<!date^1392734382^{date}|Feb 18>",
]
INVISIBLE = [
    "\u200f", "\u202e", "\u200e", "\u202a", "\u202c", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "\u00ad",
    "\x00", "\x1b[31m", "\r", "\n", "\t", "\x7f", "\u0085", "\u2028", "\u2029", "\u0301", "\u0323",
]
EMOJI = ["😀", "👍🏽", "🇺🇦", "🇷🇺", "👨‍👩‍👧", "🏳️‍🌈", "❤️", ":flag-ua:", "🕊️"]
WORDS = [
    "Sullivan", "Jake Sullivan", "Sulivan", "Lavrov", "Sergei Lavrov", "Putin", "Ushakov", "ngoại trưởng Nga",
    "Ngoại trưởng Mỹ", "ngoai truong nga", "ông", "ai là", "là ai", "who is", "Genève", "đàm phán",
    "Điện Kremlin", "Nhà Trắng", "help", "trợ giúp", "2022-01-21", "21/1/2022", "21.01.2022", "tháng 1/2022",
    "Jan 21 2022", "21 tháng 1 năm 2022", "2022-02-30", "32/1/2022", "tháng 13", "9999", "0000", "2022", "có gì",
    "?", "yesterday", "hôm nay", "Ukraine", "NATO", "ĐÀM PHÁN", "Nga–Mỹ",
]
PREFIXES = ["", "who ", "ai là ", "on ", "ngày ", "who is ", "search ", "in ", "tháng ", "Ai là ", "ON ", "Who "]
SUFFIXES = ["", "?", " là ai", " có gì", "!!!", " ?"]

any_unicode = st.text(max_size=MAX_INPUT)
control_heavy = st.lists(
    st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co")) | st.sampled_from(INVISIBLE + WORDS),
    max_size=300,
).map("".join)
token = st.one_of(st.sampled_from(SLACK_MARKUP + INVISIBLE + EMOJI + WORDS), st.text(max_size=8))
mixed = st.builds(
    lambda parts, sep: sep.join(parts),
    st.lists(token, max_size=60),
    st.sampled_from(["", " ", "  ", "\u200f", "\n"]),
)
# Long inputs are cheap to make by repetition (a 10,000-character draw is slow for hypothesis).
long_text = st.builds(lambda s, n: (s * n)[:MAX_INPUT], st.one_of(mixed, st.text(min_size=1, max_size=40)),
                      st.integers(1, MAX_INPUT))
user_text = st.builds(
    lambda p, body, s: p + body + s,
    st.sampled_from(PREFIXES),
    st.one_of(any_unicode, control_heavy, mixed, long_text),
    st.sampled_from(SUFFIXES),
)

# -- Slack's limits and escaping rules -------------------------------------------

MAX_BLOCKS = 50
MAX_TEXT_OBJECT = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_MESSAGE_TEXT = 40_000
_OWN_LINK = re.compile(r"<https?://[^<>|]*(?:\|[^<>]*)?>")
_QUOTE_MARK = re.compile(r"^> ", re.MULTILINE)
_RAW_AMP = re.compile(r"&(?!amp;|lt;|gt;)")
FORBIDDEN = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<@W", "<#C", "<!subteam")


def _text_objects(block: dict) -> list[tuple[str, dict]]:
    """(role, text object) for every text object in a block."""
    found = []
    if isinstance(block.get("text"), dict):
        found.append((block["type"], block["text"]))
    for field in block.get("fields") or []:
        found.append(("field", field))
    for element in block.get("elements") or []:
        if element.get("type") in ("mrkdwn", "plain_text"):
            found.append(("context", element))
        elif isinstance(element.get("text"), dict):
            found.append((element.get("type", "element"), element["text"]))
    return found


def slack_limit_problems(message: dict) -> list[str]:
    """Everything in a chat.postMessage-style payload that Slack would reject or truncate."""
    problems = []
    text = message.get("text") or ""
    blocks = message.get("blocks") or []
    if len(text) > MAX_MESSAGE_TEXT:
        problems.append(f"text is {len(text)} characters")
    if not text.strip() and not blocks:
        problems.append("empty message")
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks")
    for n, block in enumerate(blocks):
        kind = block.get("type")
        if kind not in {"section", "context", "actions", "divider", "header"}:
            problems.append(f"block {n}: unexpected type {kind!r}")
        if len(block.get("block_id", "")) > 255:
            problems.append(f"block {n}: block_id too long")
        if kind == "context" and not 1 <= len(block.get("elements") or []) <= 10:
            problems.append(f"block {n}: context with {len(block.get('elements') or [])} elements")
        if kind == "section" and len(block.get("fields") or []) > 10:
            problems.append(f"block {n}: more than 10 fields")
        for role, obj in _text_objects(block):
            value = obj.get("text", "")
            limit = {"header": MAX_HEADER, "button": MAX_BUTTON_TEXT, "field": 2000}.get(role, MAX_TEXT_OBJECT)
            if not value.strip():
                problems.append(f"block {n}: empty {role} text")
            if len(value) > limit:
                problems.append(f"block {n}: {role} text is {len(value)} > {limit} characters")
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                if len(element.get("value", "")) > MAX_BUTTON_VALUE:
                    problems.append(f"block {n}: button value is {len(element['value'])} characters")
                if len(element.get("action_id", "")) > 255:
                    problems.append(f"block {n}: action_id too long")
    return problems


def _mrkdwn_strings(message: dict) -> list[str]:
    """The texts Slack parses for markup: the top-level text and mrkdwn objects (plain_text it shows as typed)."""
    out = [message.get("text") or ""]
    for block in message.get("blocks") or []:
        out += [obj.get("text", "") for _, obj in _text_objects(block) if obj.get("type") != "plain_text"]
    return out


def escaping_problems(message: dict) -> list[str]:
    """Text Slack would parse as markup that the bot did not mean: anything but its own links and quote marks."""
    problems = []
    for text in _mrkdwn_strings(message):
        rest = _QUOTE_MARK.sub("", _OWN_LINK.sub("", text))
        for bad in FORBIDDEN:
            if bad in text:
                problems.append(f"{bad!r} in {text[:120]!r}")
        if "<" in rest or ">" in rest:
            problems.append(f"unescaped angle bracket in {text[:120]!r}")
        if _RAW_AMP.search(rest):
            problems.append(f"unescaped & in {text[:120]!r}")
    return problems


def assert_sendable(message: dict) -> None:
    assert not slack_limit_problems(message), slack_limit_problems(message)
    assert not escaping_problems(message), escaping_problems(message)


KNOWN_ERRORS = {None, "invalid_date", "no_actor", "no_results", "empty_query"}


def check_rendered(answer: Answer) -> None:
    """Both renderers, both languages: a readable answer within Slack's limits, nothing the user typed active."""
    for lang in ("en", "vi"):
        text = render_text(answer, lang)
        assert text.strip()
        assert labels(lang)["internal_error"] not in text
        for bad in ("<!channel>", "<!here>", "<!everyone>", "<@U"):
            assert bad not in text
        summary = summary_message(answer, lang, "https://bot.example")
        assert_sendable(summary.as_kwargs())
        assert summary.blocks[0]["text"]["text"].strip("* ")  # the first line says something
        for page in (0, 1):
            details = detail_page(answer, page, lang, "https://bot.example", more_value(answer.query, page + 1))
            assert_sendable(details.as_kwargs())
        if answer.error in {"invalid_date", "empty_query"} or answer.intent == "help":
            intro = render_text(answer, lang).splitlines()[0]
            assert_sendable(help_message(lang, answer.error, intro).as_kwargs())


def check_answer(answer: Answer, typed: str) -> None:
    assert answer.intent in {"who", "on", "search", "pair", "help", "exit"}
    assert answer.error in KNOWN_ERRORS, answer.error
    assert len(answer.query) <= MAX_QUERY_CHARS
    assert "<" not in answer.query and ">" not in answer.query
    if answer.intent == "who" and answer.error is None:
        assert answer.actor is not None and answer.articles
    if answer.intent == "on" and answer.error is None:
        assert answer.date is not None and answer.articles
    if answer.error == "invalid_date":
        assert answer.detail
    if answer.error == "no_results" and answer.intent == "on":
        assert answer.date is not None


# -- parsing ------------------------------------------------------------------------


@PROFILE
@given(user_text)
def test_parse_classifies_anything(text):
    q = parse(text)
    assert q.intent in {"who", "on", "search", "help", "exit", "pair"}
    assert len(q.raw) <= MAX_QUERY_CHARS
    assert "<" not in q.raw and ">" not in q.raw  # no mention, special mention or link survives
    assert all(ch.isprintable() for ch in q.raw)
    if q.intent == "help":
        assert q.target == ""
    else:
        assert q.target.strip()


@PROFILE
@given(st.sampled_from(SLACK_MARKUP), st.sampled_from(PREFIXES), st.sampled_from(WORDS))
def test_markup_never_survives_cleaning(markup, prefix, word):
    q = parse(f"{prefix}{markup} {word} {markup}")
    for bad in ("<!channel>", "<!here>", "<@U", "<!", "<#"):
        assert bad not in q.raw and bad not in q.target


# -- the engine, end to end -----------------------------------------------------------


@PROFILE
@given(any_unicode | long_text)
def test_engine_answers_any_unicode(engine, text):
    answer = engine.answer(text)
    check_answer(answer, text)
    check_rendered(answer)


@PROFILE
@given(user_text)
# Unwrapping a link used to rebuild a live special mention from its label.
@example("<<http://0|!>channel>")
@example("search <<http://x|!here>>")
# The notification text of a message used to carry the user's words unescaped.
@example("who <@U123")
@example("ngày 2022-02-30 &lt;!channel&gt;")
def test_engine_answers_prefixed_and_adversarial_text(engine, text):
    answer = engine.answer(text)
    check_answer(answer, text)
    check_rendered(answer)


MENTIONS = [m for m in SLACK_MARKUP if re.fullmatch(r"<[@#!][^<>]*>", m)]
BIDI_AND_SPACES = ["\u200f", "\u202e", "\u200e", "\u202a", "\u202c", "\u2066", "\u2069", "\u200b", "\u200d",
                   "\ufeff", "\u00ad", "\r", "\n", "\t", "\u2028", " \x00 "]


@PROFILE
@given(st.sampled_from(["who ", "ai là ", "who is ", "Who "]), st.sampled_from(MENTIONS + BIDI_AND_SPACES),
       st.sampled_from(["Sullivan", "Lavrov", "Sergei Lavrov", "ngoại trưởng Nga", "Ushakov"]),
       st.sampled_from(["", "?", " ?", "!!!"]))
def test_mentions_and_invisible_characters_do_not_hide_the_person(engine, prefix, noise, name, end):
    answer = engine.answer(f"{noise}{prefix}{noise}{name}{noise}{end}")
    check_answer(answer, name)
    check_rendered(answer)
    assert answer.actor is not None, (prefix, noise, name, answer.error)


# -- the renderers on any answer ------------------------------------------------------

hostile = st.one_of(st.text(max_size=4000), mixed, st.sampled_from(SLACK_MARKUP))
short = st.one_of(st.text(max_size=40), st.sampled_from(SLACK_MARKUP))
evidence = st.builds(Evidence, hostile, st.none() | short, st.none() | st.integers(0, 10**6))
article = st.builds(
    ArticleHit,
    id=short,
    title=hostile,
    url=st.none() | st.text(max_size=300).map(lambda s: "https://tin.example.vn/" + s),
    outlet=st.none() | hostile,
    published=st.none() | short,
    summary=hostile,
    evidence=st.lists(evidence, max_size=4),
)
answers = st.builds(
    Answer,
    query=st.text(max_size=MAX_INPUT) | long_text,
    intent=st.sampled_from(["who", "on", "search", "help", "unknown"]),
    target=hostile,
    actor=st.none() | st.builds(ActorMatch, hostile, st.none() | hostile, st.lists(hostile, max_size=30),
                                st.floats(0, 100)),
    candidates=st.lists(st.builds(Candidate, hostile, st.floats(0, 100), st.none() | hostile), max_size=10),
    suggestions=st.lists(hostile, max_size=10),
    date=st.none() | st.builds(DateRange, short, short, st.sampled_from(["day", "month", "year"])),
    nearest=st.lists(short, max_size=10),
    articles=st.lists(article, max_size=12),
    error=st.sampled_from(sorted(KNOWN_ERRORS - {None}) + [None, None, "index_unavailable", "something_new"]),
    detail=st.none() | hostile,
)


@PROFILE
@given(answers, st.integers(0, 5), st.sampled_from(["en", "vi"]), st.sampled_from([None, "https://bot.example/"]))
# Found by the deep profile: an article with an empty summary made an empty section, which Slack rejects.
@example(Answer("", "search", "x", articles=[ArticleHit("a", "", None, None, None, "", [])]), 0, "en", None)
@example(Answer("", "who", "", articles=[ArticleHit("a", "t", None, None, None, " \n ", [])]), 0, "vi", None)
# The button value grows under JSON escaping: 1,500 control characters are 9,000 characters of JSON.
@example(Answer("\x01" * 1500, "search", "q", articles=[ArticleHit(str(i), "t", None, None, None, "s", [])
                                                      for i in range(7)]), 0, "en", None)
def test_renderers_keep_any_answer_within_slack_limits(answer, page, lang, public_url):
    assert render_text(answer, lang, public_url).strip()
    assert_sendable(summary_message(answer, lang, public_url).as_kwargs())
    assert_sendable(detail_page(answer, page, lang, public_url, more_value(answer.query, page + 1)).as_kwargs())
    assert_sendable(help_message(lang, answer.error, answer.detail or None).as_kwargs())


@PROFILE
@given(st.text(max_size=MAX_INPUT) | long_text, st.integers(0, 10**6))
@example('"' * 3000, 1)
@example("\x01" * 3000, 1)
def test_show_more_value_fits_and_round_trips(query, page):
    value = more_value(query, page)
    assert len(value) <= MAX_BUTTON_VALUE
    q, p = parse_more_value(value)
    assert p == page and query.startswith(q)


# -- the Slack delivery path with a recording client ------------------------------------


class RecordingClient:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []

    def chat_postMessage(self, **kwargs):  # noqa: N802 - Slack's name
        self.calls.append(("chat.postMessage", kwargs))
        return {"ok": True, "ts": f"17000000{len(self.calls):02d}.000100"}

    def chat_update(self, **kwargs):
        self.calls.append(("chat.update", kwargs))
        return {"ok": True}


@PROFILE
@given(user_text)
def test_delivery_posts_sendable_messages_for_any_text(engine, text):
    from bot.slack.delivery import answer_command, answer_in_thread
    from bot.slack.services import Services

    for lang in ("en", "vi"):
        services = Services(engine=engine, language=lang, public_url="https://bot.example")
        client = RecordingClient()
        answer_in_thread(services, client, "C1", "1700000000.000100", text, "mention")
        responses: list[dict] = []
        answer_command(services, client, lambda **kw: responses.append(kw), "C1", text)
        sent = [kw for _, kw in client.calls] + responses
        assert len(client.calls) >= 1 and sent  # never silence
        for message in sent:
            assert_sendable(message)
            assert labels(lang)["internal_error"] not in (message.get("text") or "")


# -- the checks themselves must be able to fail ------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        {"text": "x" * 40_001},
        {"text": "x", "blocks": [{"type": "divider"}] * 51},
        {"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}]},
        {"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": ""}}]},
        {"text": "x", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]},
        {"text": "x", "blocks": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "value": "v", "text": {"type": "plain_text", "text": "b" * 76}}]}]},
        {"text": "x", "blocks": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "value": "v" * 2001, "text": {"type": "plain_text", "text": "b"}}]}]},
    ],
)
def test_limit_check_catches_oversized_messages(message):
    assert slack_limit_problems(message)


@pytest.mark.parametrize("text", ["hi <!channel>", "<@U123> hi", "a <b", "a & b", "<!here|here>", "x <#C1|g>"])
def test_escaping_check_catches_live_markup(text):
    assert escaping_problems({"text": text})


def test_escaping_check_allows_the_bots_own_links_and_quotes():
    assert not escaping_problems({"text": "*<https://x.vn/a?b=1&c=2|Tin &amp; bài>*\n> trích &lt;dẫn&gt;"})

"""Rendering the views: one line per event that cites its sentence and article, paged within Slack's limits."""

import json

from bot.render.blocks import MAX_BLOCKS, MAX_SECTION_TEXT, detail_page, more_value, summary_message
from bot.render.text import render_text
from bot.render.views import EVENTS_PAGE
from bot.serve.answers import (
    ActorMatch,
    ArticleHit,
    DateRange,
    EventItem,
    Holder,
    Report,
    RoleAnswer,
    TimelineAnswer,
    UpcomingAnswer,
)


def event(n: int, text: str = "Ông Jean Moreau gặp ông Klaus Becker tại Berlin.", url: str | None = None) -> EventItem:
    report = Report(f"art{n}", 4, text, f"Bài {n}", url, "Báo Mẫu", "2024-02-10", "Reuters")
    return EventItem(f"2024-02-{n % 28 + 1:02d}", "day", "met", ["Jean Moreau", "Klaus Becker"], "Berlin", text,
                     [f"art{n}"], False, [report], "2024-02-10")


def timeline(n_events: int, **kw) -> TimelineAnswer:
    events = [event(i, **kw) for i in range(n_events)]
    return TimelineAnswer(
        query="timeline Moreau", intent="timeline", target="Moreau",
        actor=ActorMatch("Jean Moreau", None, ["Jean Moreau"], 100.0), events=events,
        articles=[ArticleHit(e.articles[0], "t", None, None, None, "") for e in events],
    )


def test_an_event_line_says_when_what_with_whom_where():
    text = render_text(timeline(1))
    assert "2024-02-01 · met · with Klaus Becker · in Berlin" in text


def test_every_event_cites_its_sentence_and_article():
    text = render_text(timeline(2))
    assert "> Ông Jean Moreau gặp ông Klaus Becker tại Berlin." in text
    assert "art0#4" in text and "art1#4" in text


def test_every_thread_line_links_its_article_page_with_the_sentence_marked():
    page = detail_page(timeline(1), 0, "en", "https://bot.example", more_value("timeline Moreau", 1))
    blob = json.dumps(page.blocks, ensure_ascii=False)
    assert "https://bot.example/articles/art0?hl=4" in blob
    assert "via Reuters" in blob


def test_show_more_appears_past_the_first_page_of_events():
    answer = timeline(EVENTS_PAGE + 1)
    first = detail_page(answer, 0, "en", None, more_value(answer.query, 1))
    assert first.blocks[-1]["block_id"] == "more"
    second = detail_page(answer, 1, "en", None, more_value(answer.query, 2))
    assert all(b.get("block_id") != "more" for b in second.blocks)


def test_a_page_of_long_events_stays_within_slack_limits():
    answer = timeline(40, text="Ông Jean Moreau gặp ông Klaus Becker. " * 200)
    for page in range(5):
        msg = detail_page(answer, page, "en", None, more_value(answer.query, page + 1))
        assert len(msg.blocks) <= MAX_BLOCKS
        for b in msg.blocks:
            texts = [b["text"]["text"]] if "text" in b and isinstance(b["text"], dict) else [
                e["text"] for e in b.get("elements", []) if "text" in e and isinstance(e["text"], str)]
            assert all(len(t) <= MAX_SECTION_TEXT for t in texts)


def test_article_text_in_an_event_is_escaped():
    msg = detail_page(timeline(1, text="<!channel> gặp & <@U123>"), 0)
    blob = json.dumps(msg.blocks)
    assert "<!channel>" not in blob and "&lt;!channel&gt;" in blob


def test_the_summary_names_the_view_and_counts_the_events():
    msg = summary_message(timeline(3))
    assert msg.blocks[0]["text"]["text"] == "*Timeline: Jean Moreau*"
    assert "3 events" in json.dumps(msg.blocks)


def test_vietnamese_labels_are_wholly_vietnamese():
    text = render_text(timeline(1), "vi")
    assert text.startswith("Dòng thời gian: Jean Moreau")
    assert "gặp · với Klaus Becker · tại Berlin" in text
    assert " with " not in text and "Source" not in text


def test_a_role_answer_says_who_held_it_on_the_day():
    answer = RoleAnswer(query="q", intent="role", target="ngoại trưởng Pháp", role="ngoại trưởng Pháp",
                        date=DateRange("2024-02-10", "2024-02-10"), holder="Jean Moreau",
                        holders=[Holder("Jean Moreau", "2024-02-09", "2024-02-21")])
    text = render_text(answer)
    assert text.splitlines()[:2] == ["ngoại trưởng Pháp on 2024-02-10", "On 2024-02-10: Jean Moreau"]
    assert "Jean Moreau: 2024-02-09 to 2024-02-21" in text


def test_a_past_upcoming_event_says_whether_it_was_reported_held():
    item = event(1)
    item.action, item.future, item.happened = "scheduled", True, True
    answer = UpcomingAnswer(query="sắp tới", intent="upcoming", events=[item], today="2024-08-01")
    assert "(announced 2024-02-10 · reported as held)" in render_text(answer)


def test_a_persons_card_links_to_their_timeline(engine):
    from bot.render.blocks import summary_message

    blocks = summary_message(engine.answer("who Blinken")).blocks
    values = json.dumps(blocks, ensure_ascii=False)
    assert "Latest events" in values and "timeline Antony Blinken" in values

"""The analyst's views answered from a small corpus written for these tests: timeline, contacts,
role at a date, upcoming."""

from datetime import date
from pathlib import Path

import pytest

from bot.build.pipeline import build_index
from bot.serve import views_query
from bot.serve.answers import ContactsAnswer, RoleAnswer, TimelineAnswer, UpcomingAnswer
from bot.serve.engine import Engine

ARTICLES = {
    "a1.txt": (
        "2024-02-10",
        "Ngoại trưởng Pháp Jean Moreau gặp người đồng cấp Đức Klaus Becker tại Berlin hôm 9/2/2024.\n\n"
        "Ông Moreau cho biết hai bên sẽ tiếp tục trao đổi về an ninh châu Âu trong thời gian tới.\n\n"
        "Ông Moreau sẽ gặp Thủ tướng Ba Lan Tomasz Nowicki tại Warsaw vào ngày 20/2/2024.\n",
    ),
    "a2.txt": (
        "2024-02-21",
        "Ngoại trưởng Pháp Jean Moreau đã gặp Thủ tướng Ba Lan Tomasz Nowicki tại Warsaw hôm 20/2/2024.\n\n"
        "Theo Reuters, Ngoại trưởng Jean Moreau và ông Klaus Becker hội đàm tại Berlin hôm 9/2/2024.\n",
    ),
    "a3.txt": (
        "2024-07-02",
        "Ngoại trưởng Pháp Alain Duval nói Paris ủng hộ đàm phán để chấm dứt xung đột càng sớm càng tốt.\n\n"
        "Ông Duval sẽ gặp ông Klaus Becker vào ngày 15/9/2024 để bàn các bước tiếp theo của tiến trình hòa bình.\n",
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("corpus")
    lines = []
    for name, (published, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        lines.append(f"- file: {name}\n  title: Bài {name}\n  outlet: Báo Thử\n  url: null\n  published: {published}\n")
    (folder / "sources.yml").write_text("".join(lines), encoding="utf-8")
    out = tmp_path_factory.mktemp("index") / "index.db"
    build_index(folder, out)
    return Engine(out)


@pytest.fixture
def on_day(monkeypatch):
    def fix(day: date) -> None:
        monkeypatch.setattr(views_query, "today", lambda: day)
        monkeypatch.setattr("bot.serve.views.today", lambda: day)

    return fix


def test_a_timeline_lists_the_persons_events_oldest_first(engine):
    answer = engine.answer("timeline Moreau")
    assert isinstance(answer, TimelineAnswer) and answer.actor.name == "Jean Moreau"
    dates = [e.date for e in answer.events if e.date]
    assert dates == sorted(dates) and dates[0] == "2024-02-09"


def test_one_meeting_reported_by_two_articles_is_one_event_with_both(engine):
    answer = engine.answer("Moreau và Becker gặp nhau")
    met = [e for e in answer.events if e.action == "met" and e.date == "2024-02-09"]
    assert len(met) == 1
    assert met[0].articles == ["a1", "a2"]
    assert met[0].place == "Berlin"


def test_the_timeline_json_has_exactly_its_fields(engine):
    data = engine.answer("dòng thời gian Jean Moreau").to_dict()
    assert data["intent"] == "timeline" and data["actor"] == "Jean Moreau"
    assert set(data["events"][0]) == {"date", "precision", "action", "people", "place", "text", "articles", "future"}


def test_contacts_of_one_person_rank_the_counterparts(engine):
    answer = engine.answer("contacts Moreau")
    assert isinstance(answer, ContactsAnswer)
    # Nowicki: the scheduled meeting and the meeting itself; Becker: one meeting.
    assert [c.name for c in answer.counterparts] == ["Tomasz Nowicki", "Klaus Becker"]
    becker = next(c for c in answer.counterparts if c.name == "Klaus Becker")
    assert (becker.events, becker.last) == (1, "2024-02-09")


def test_contacts_of_two_people_are_only_the_events_of_both(engine):
    answer = engine.answer("Moreau gặp Nowicki khi nào")
    assert answer.people == ["Jean Moreau", "Tomasz Nowicki"]
    assert answer.events and all({"Jean Moreau", "Tomasz Nowicki"} <= set(e.people) for e in answer.events)


def test_the_role_holder_on_a_date_is_the_one_whose_dates_span_it(engine):
    answer = engine.answer("ai là ngoại trưởng Pháp ngày 10/2/2024")
    assert isinstance(answer, RoleAnswer)
    assert answer.holder == "Jean Moreau"
    assert [h.name for h in answer.holders] == ["Jean Moreau", "Alain Duval"]


def test_after_the_last_date_the_most_recent_holder_holds_the_role(engine):
    data = engine.answer("who was French foreign minister in August 2024").to_dict()
    assert (data["intent"], data["actor"]) == ("role", "Alain Duval")
    assert data["holders"][1] == {"name": "Alain Duval", "first": "2024-07-02", "last": "2024-07-02"}


def test_before_anyone_is_given_the_role_nobody_holds_it(engine):
    assert engine.answer("ai là ngoại trưởng Pháp ngày 1/1/2020").holder is None


def test_upcoming_lists_coming_events_soonest_first_then_past_ones(engine, on_day):
    on_day(date(2024, 8, 1))
    answer = engine.answer("sắp tới")
    assert isinstance(answer, UpcomingAnswer)
    assert [e.date for e in answer.events] == ["2024-09-15", "2024-02-20"]
    assert answer.events[0].announced == "2024-07-02"


def test_a_past_scheduled_meeting_says_a_later_article_reports_it_held(engine, on_day):
    on_day(date(2024, 8, 1))
    past = engine.answer("upcoming").events[1]
    assert (past.action, past.happened) == ("scheduled", True)


def test_next_weeks_schedule_keeps_only_the_next_seven_days(engine, on_day):
    on_day(date(2024, 9, 10))
    assert [e.date for e in engine.answer("lịch tuần tới").events] == ["2024-09-15"]
    on_day(date(2024, 8, 1))
    assert engine.answer("lịch tuần tới").error == "no_results"


def test_a_view_of_someone_unknown_says_no_one_matches(engine):
    answer = engine.answer("timeline Xyzzyqu")
    assert answer.error == "no_actor"


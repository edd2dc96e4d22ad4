"""Reading a reply in a thread: a bare date goes with the thread's person, a bare person with its date."""

from __future__ import annotations

from bot.serve.followup import FollowUp, answer_followup, answer_query, read_followup


def test_a_bare_date_is_combined_with_the_threads_person():
    assert read_followup("còn ngày 22/1/2022?", "Sergei Lavrov", None) == FollowUp(
        person="Sergei Lavrov", date="2022-01-22", said="date")


def test_a_day_or_month_without_a_year_takes_the_threads_year():
    assert read_followup("còn ngày 22/1?", "Sergei Lavrov", "2022-01-21").date == "2022-01-22"
    assert read_followup("and in February?", "Sergei Lavrov", "2022-01-21").date == "2022-02"
    assert read_followup("còn tháng 3?", None, "2023-11").date == "2023-03"


def test_a_bare_name_is_combined_with_the_threads_date():
    assert read_followup("còn Lavrov?", None, "2022-01-21") == FollowUp(person="Lavrov", date="2022-01-21",
                                                                        said="person")


def test_a_full_question_stays_as_asked():
    assert read_followup("ai là Blinken?", "Sergei Lavrov", "2022-01-21") == FollowUp(query="ai là Blinken?")


def test_a_reply_that_asks_nothing_is_not_a_follow_up():
    assert read_followup("ok cảm ơn", "Sergei Lavrov", "2022-01-21") is None


def test_a_person_on_a_date_keeps_only_that_days_articles_naming_them(engine):
    answer = answer_followup(engine.answer, FollowUp(person="Lavrov", date="2022-01-21", said="person"))

    day = engine.answer("on 2022-01-21")
    lavrov = {hit.id for hit in engine.answer("who Lavrov").articles}
    assert answer.actor.name == "Sergei Lavrov" and answer.date.label == "2022-01-21"
    assert [h.id for h in answer.articles] == [h.id for h in day.articles if h.id in lavrov]


def test_a_capitalised_reply_naming_nobody_gets_no_answer(engine):
    assert answer_followup(engine.answer, FollowUp(person="Cảm ơn nhé", date="2022-01-21", said="person")) is None


def test_the_combined_answer_can_be_asked_again_by_its_query(engine):
    answer = answer_followup(engine.answer, FollowUp(person="Lavrov", date="2022-01-21", said="person"))

    again = answer_query(engine.answer, answer.query)
    assert again.query == answer.query and [h.id for h in again.articles] == [h.id for h in answer.articles]


def test_a_person_nobody_knows_on_a_date_is_an_ordinary_query(engine):
    assert answer_query(engine.answer, "who Xyzzyqu on 2022-01-21").intent == "who"

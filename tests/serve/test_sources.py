"""Find sources: the people and dates a message names, each answered from the index."""

from __future__ import annotations

from bot.serve.sources import date_candidates, find_sources, name_candidates

MESSAGE = "Ngoại trưởng Sergei Lavrov gặp Blinken tại Genève ngày 21/1/2022; Nga và Mỹ không đạt thỏa thuận."


def test_capitalised_runs_are_name_candidates_with_their_tails():
    names = name_candidates(MESSAGE)

    assert "Sergei Lavrov" in names and "Lavrov" in names and "Blinken" in names
    assert "thỏa" not in names


def test_numeric_dates_and_months_are_date_candidates():
    assert date_candidates("hôm 21/1/2022, 2022-01-20, 21.01.2022 và tháng 1/2022") == [
        "21/1/2022", "2022-01-20", "21.01.2022", "tháng 1/2022"]


def test_the_people_of_a_message_are_found_once_each(engine):
    people = [a.actor.name for a in find_sources(engine.answer, MESSAGE).people]

    assert people == ["Sergei Lavrov", "Antony Blinken"]


def test_a_capitalised_country_is_not_taken_for_the_person_it_fuzzily_matches(engine):
    assert find_sources(engine.answer, "Nga và Mỹ").people == ()


def test_the_dates_of_a_message_come_with_their_articles(engine):
    (day,) = find_sources(engine.answer, MESSAGE).dates

    assert day.date.label == "2022-01-21" and day.articles


def test_a_date_that_does_not_exist_or_has_no_news_is_left_out(engine):
    assert find_sources(engine.answer, "30/2/2022 và 1/3/2022").dates == ()


def test_slack_mentions_and_links_in_the_message_are_not_read_as_names(engine):
    assert find_sources(engine.answer, "<@U0BOT> <https://Lavrov.example|Xem>").people == ()

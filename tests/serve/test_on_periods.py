"""Dates as periods: a quarter, a range or part of a month holds the mentions it contains whole."""

from datetime import date


def ids(answer):
    return [a.id for a in answer.articles]


def test_a_quarter_holds_the_days_and_months_inside_it(newsroom):
    answer = newsroom.answer("quý 1/2022")
    assert answer.date.precision == "quarter"
    assert ids(answer) == ["warsaw"]
    assert [e.date for e in answer.articles[0].evidence] == ["2022-03-01", "2022-02"]


def test_a_month_mention_is_not_inside_part_of_that_month(newsroom):
    assert newsroom.answer("đầu tháng 2/2022").error == "no_results"


def test_a_range_holds_the_days_between_its_ends(newsroom):
    answer = newsroom.answer("từ 1/3/2022 đến 10/5/2022")
    assert answer.date.precision == "range"
    assert sorted(ids(answer)) == ["hoi-nghi", "warsaw"]


def test_a_period_with_nothing_in_it_offers_the_nearest_dates(newsroom):
    answer = newsroom.answer("quý 4/2022")
    assert answer.error == "no_results" and answer.articles == []
    assert "2023-01-21" in answer.nearest


def test_a_date_answer_lists_the_events_of_the_day_with_the_people_in_them(newsroom):
    events = newsroom.answer("on 2023-01-21").events
    assert len(events) == 1
    assert events[0].date == "2023-01-21"
    assert set(events[0].people) == {"Antony Blinken", "Sergei Lavrov"}
    assert "điện đàm" in events[0].text


def test_events_are_in_date_order(newsroom):
    days = [e.date for e in newsroom.answer("năm 2022").events]
    assert days == sorted(days) and len(days) >= 3


def test_an_outlet_limits_a_date_answer(newsroom):
    assert ids(newsroom.answer("năm 2022 trên báo Tin Mẫu")) == ["hoi-nghi"]


def test_relative_words_are_read_against_the_day_given(newsroom):
    answer = newsroom.answer("hôm nay có gì", today=date(2022, 5, 5))
    assert answer.date.start == "2022-05-05"
    assert ids(answer) == ["hoi-nghi"]

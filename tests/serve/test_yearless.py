"""A day typed without its year: the newest year, not after today, in which the articles have it."""

from datetime import date


def test_the_newest_year_with_that_day_is_chosen(newsroom):
    answer = newsroom.answer("21/1", today=date(2023, 6, 1))
    assert answer.date.start == "2023-01-21"
    assert [a.id for a in answer.articles] == ["dien-dam"]


def test_the_other_years_with_that_day_are_listed(newsroom):
    assert newsroom.answer("ngày 21/1", today=date(2023, 6, 1)).other_years == [2021]


def test_a_year_later_than_today_is_not_chosen_but_listed(newsroom):
    answer = newsroom.answer("21/1", today=date(2022, 6, 1))
    assert answer.date.start == "2021-01-21"
    assert answer.other_years == [2023]


def test_the_reading_names_the_year_chosen(newsroom):
    assert newsroom.answer("21/1", today=date(2023, 6, 1)).reading["en"] == "21 January 2023"


def test_a_day_no_year_has_answers_for_this_year_with_the_nearest_dates(newsroom):
    answer = newsroom.answer("15/8", today=date(2023, 6, 1))
    assert answer.error == "no_results"
    assert answer.date.start == "2022-08-15"  # 15/8/2023 is still ahead
    assert answer.nearest


def test_29_february_skips_common_years(newsroom):
    answer = newsroom.answer("29/2", today=date(2023, 6, 1))
    assert answer.date.start[5:] == "02-29"
    assert int(answer.date.start[:4]) % 4 == 0


def test_a_month_without_a_year_takes_the_newest_year_that_has_it(newsroom):
    answer = newsroom.answer("tháng 3", today=date(2023, 6, 1))
    assert answer.date.start == "2022-03-01"
    assert [a.id for a in answer.articles] == ["warsaw"]

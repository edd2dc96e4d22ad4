"""The periods a question names: ranges, days without a year, quarters, parts of a month, relative words."""

from datetime import date

import pytest

from bot.serve.query_dates import InvalidDate, Period, find_period

TUESDAY = date(2022, 3, 15)


def period(text: str) -> Period:
    found = find_period(text, TUESDAY)
    assert found is not None, text
    return found.period


def test_a_day_without_a_year_says_the_year_is_unknown():
    p = period("21/1")
    assert (p.year_known, p.start, p.yearless) == (False, None, ((1, 21), (1, 21)))


def test_a_day_without_a_year_is_placed_in_a_year_the_engine_chooses():
    assert period("21/1").in_year(2023) == Period(date(2023, 1, 21), date(2023, 1, 21), "day")


def test_29_february_without_a_year_has_no_day_in_a_common_year():
    assert period("29/2").in_year(2023) is None


def test_a_yearless_range_past_december_ends_the_next_year():
    p = period("tu 28/12 den 3/1")  # folded "từ 28/12 đến 3/1"
    assert p.in_year(2021) == Period(date(2021, 12, 28), date(2022, 1, 3), "range")


def test_a_range_end_without_a_year_takes_the_other_ends_year():
    assert period("10/1 den 21/1/2022").start == date(2022, 1, 10)


def test_early_middle_and_late_month_are_thirds_of_it():
    # "đầu tháng" days 1–10, "giữa tháng" 11–20, "cuối tháng" 21 to the month's end.
    assert [(period(f"{w} thang 2/2022").start.day, period(f"{w} thang 2/2022").end.day)
            for w in ("dau", "giua", "cuoi")] == [(1, 10), (11, 20), (21, 28)]


def test_a_quarter_is_three_months():
    p = period("quy 2/2022")
    assert (p.start, p.end, p.precision) == (date(2022, 4, 1), date(2022, 6, 30), "quarter")


def test_a_week_runs_monday_to_sunday():
    p = period("tuan nay")
    assert (p.start.weekday(), p.end.weekday(), p.start <= TUESDAY <= p.end) == (0, 6, True)


def test_last_month_is_the_whole_month_before_today():
    p = period("thang truoc")
    assert (p.start, p.end) == (date(2022, 2, 1), date(2022, 2, 28))


def test_an_english_month_name_alone_is_a_month_only_after_in():
    assert find_period("who may", TUESDAY) is None
    assert period("in may").yearless == ((5, 1), (5, 31))


def test_a_bare_four_digit_number_outside_the_news_years_is_not_a_year():
    assert find_period("nghi quyet 2758", TUESDAY) is None


def test_a_range_that_ends_before_it_starts_is_invalid():
    with pytest.raises(InvalidDate, match="ends before it starts"):
        find_period("1/3/2022 den 1/1/2022", TUESDAY)


def test_the_message_for_an_impossible_day_names_it_as_typed():
    with pytest.raises(InvalidDate, match=r"^30/2/2022 is not a real date \(February 2022 has 28 days\)$"):
        find_period("30/2/2022", TUESDAY)


def test_a_day_without_a_year_is_written_the_iso_way():
    assert period("21/1").to_dict() == {"start": "--01-21", "end": "--01-21", "precision": "day"}


@pytest.mark.parametrize(
    "text, en, vi",
    [
        ("thang 1/2022", "January 2022", "tháng 1/2022"),
        ("quy 1/2022", "Q1 2022", "quý 1/2022"),
        ("dau thang 1/2022", "early January 2022", "đầu tháng 1/2022"),
        ("21/1", "21 January (any year)", "21/1 (năm bất kỳ)"),
        ("1/1/2022 den 1/3/2022", "1 January 2022 – 1 March 2022", "1/1/2022 – 1/3/2022"),
        ("hom qua", "yesterday (14 March 2022)", "hôm qua (14/3/2022)"),
    ],
)
def test_a_period_reads_back_in_english_and_vietnamese(text, en, vi):
    assert (period(text).reading("en"), period(text).reading("vi")) == (en, vi)

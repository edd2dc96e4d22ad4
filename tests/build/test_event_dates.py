"""Which date an event takes: its sentence's, the day of the article's news, or the publication date."""

from datetime import date

from bot.build.event_dates import choose_date, in_quote, story_day

PUBLISHED = date(2024, 3, 5)


def day(s: int, iso: str, text: str = "ngày") -> dict:
    return {"s": s, "start": iso, "end": iso, "precision": "day", "text": text}


def test_the_news_day_is_the_first_day_named_a_day_before_publication_at_most():
    assert story_day([day(3, "2024-02-01"), day(1, "2024-03-04")], PUBLISHED) == "2024-03-04"


def test_a_page_that_names_no_recent_day_has_no_news_day():
    assert story_day([day(0, "2024-02-20")], PUBLISHED) is None
    assert story_day([day(0, "2024-03-04")], None) is None


def test_a_sentence_date_beats_the_news_day():
    assert choose_date([day(0, "2024-03-01")], "2024-03-04", PUBLISHED, False, False)[::3] == ("2024-03-01", "mention")


def test_two_different_days_give_no_single_date():
    assert choose_date([day(0, "2024-03-01"), day(0, "2024-03-02")], None, PUBLISHED, False, False)[0] is None


def test_a_day_beats_the_month_and_year_of_the_same_sentence():
    month = {"s": 0, "start": "2024-02-01", "end": "2024-02-29", "precision": "month", "text": "tháng 2"}
    assert choose_date([month, day(0, "2024-02-12")], None, PUBLISHED, False, False)[0] == "2024-02-12"


def test_an_undated_sentence_pointing_back_in_time_has_no_date():
    assert choose_date([], "2024-03-04", PUBLISHED, False, True) == (None, None, None, None)


def test_an_undated_sentence_of_the_day_takes_the_publication_date():
    assert choose_date([], None, PUBLISHED, False, False) == ("2024-03-05", "2024-03-05", "day", "published")


def test_a_quotation_opened_in_the_sentence_before_closes_here():
    # 'sẽ đáp trả", ông X nói': the quote mark after the words closes a quotation.
    sentence = 'Chúng tôi sẽ đáp trả", ông Moreau nói.'
    assert not in_quote(sentence, sentence.index("nói"))
    assert in_quote('Ông Moreau nói: "chúng tôi sẽ gặp', 30)

"""The JSON an answer gives keeps its fields and says how the question was read."""

from datetime import date


def test_json_has_the_reading_in_both_languages(newsroom):
    data = newsroom.answer("Lavrov tháng 1/2023").to_dict()
    assert data["reading"] == {"en": "Lavrov, January 2023", "vi": "Lavrov, tháng 1/2023"}


def test_json_has_the_period_beside_the_date(newsroom):
    data = newsroom.answer("21/1", today=date(2023, 6, 1)).to_dict()
    assert data["period"] == data["date"] == {"start": "2023-01-21", "end": "2023-01-21", "precision": "day"}


def test_json_names_the_people_of_a_pair(newsroom):
    assert newsroom.answer("Blinken và Lavrov").to_dict()["people"] == ["Antony Blinken", "Sergei Lavrov"]


def test_json_gives_each_article_the_sentences_naming_the_person(newsroom):
    article = newsroom.answer("who Blinken").to_dict()["articles"][0]
    assert article["sentences"] and all("Blinken" in s["text"] for s in article["sentences"])


def test_exit_is_an_answer_of_its_own(newsroom):
    assert newsroom.answer("thoát").intent == "exit"

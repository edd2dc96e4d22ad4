"""Word search drops the words that only frame a question, so the rest must all match."""

from bot.serve.search import search_terms


def test_stop_words_are_not_searched_for():
    assert search_terms("những cuộc đàm phán của Nga và Mỹ") == ["cuoc", "dam", "phan", "nga", "my"]


def test_a_capitalised_stop_word_in_a_name_is_searched_for():
    assert search_terms("Ai Cập") == ["ai", "cap"]


def test_a_capitalised_stop_word_opening_a_question_is_not():
    assert search_terms("Những cuộc đàm phán") == ["cuoc", "dam", "phan"]


def test_only_stop_words_are_still_searched_for():
    assert search_terms("the who") == ["the", "who"]


def test_a_sentence_with_every_content_word_is_found(engine):
    answer = engine.answer("tìm những cuộc đàm phán của Nga và Mỹ")
    assert answer.articles
    assert all(
        all(w in e.text.lower() for w in ("đàm phán", "nga", "mỹ")) for e in answer.articles[0].evidence
    )


def test_a_period_limits_a_word_search(newsroom):
    assert [a.id for a in newsroom.answer("NATO năm 2021").articles] == ["brussels"]

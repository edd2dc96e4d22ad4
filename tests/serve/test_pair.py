"""Two people asked about together: the articles naming both, the sentence naming both quoted first."""


def test_two_people_give_the_articles_naming_both(newsroom):
    answer = newsroom.answer("Blinken và Lavrov")
    assert answer.intent == "pair"
    assert answer.people == ["Antony Blinken", "Sergei Lavrov"]
    assert [a.id for a in answer.articles] == ["dien-dam"]


def test_the_sentence_naming_both_is_quoted_first(newsroom):
    first = newsroom.answer("Lavrov and Blinken").articles[0].evidence[0]
    assert "Blinken" in first.text and "Lavrov" in first.text


def test_two_people_never_named_together_say_so_with_each_ones_count(newsroom):
    answer = newsroom.answer("Blinken và Stoltenberg")
    assert answer.error == "no_results" and answer.articles == []
    assert [(a.name, a.n_articles) for a in answer.actors] == [("Antony Blinken", 2), ("Jens Stoltenberg", 2)]


def test_a_period_limits_a_pair(newsroom):
    assert newsroom.answer("Lavrov và Stoltenberg năm 2023").error == "no_results"
    assert [a.id for a in newsroom.answer("Lavrov và Stoltenberg năm 2021").articles] == ["brussels"]


def test_a_bare_pair_with_someone_unknown_is_a_word_search(newsroom):
    answer = newsroom.answer("Blinken và Warsaw")
    assert answer.intent == "search"
    assert [a.id for a in answer.articles] == ["warsaw"]


def test_a_who_question_about_someone_unknown_names_them(newsroom):
    answer = newsroom.answer("ai là Blinken và Xyzzyqu")
    assert answer.error == "no_actor" and answer.detail == "Xyzzyqu"

"""A name typed on its own: the person when the index keys someone by exactly it, else words."""


def test_a_bare_surname_is_the_person(newsroom):
    answer = newsroom.answer("Lavrov")
    assert answer.intent == "who" and answer.actor.name == "Sergei Lavrov"


def test_a_bare_place_stays_a_word_search(newsroom):
    answer = newsroom.answer("Brussels")
    assert answer.intent == "search" and [a.id for a in answer.articles] == ["brussels"]


def test_two_bare_surnames_of_two_people_are_a_pair(newsroom):
    answer = newsroom.answer("Stoltenberg Lavrov")
    assert answer.intent == "pair" and [a.id for a in answer.articles] == ["brussels"]


def test_a_bare_full_name_stays_one_person(newsroom):
    answer = newsroom.answer("Antony Blinken")
    assert answer.intent == "who" and answer.actor.name == "Antony Blinken"


def test_a_bare_misspelling_is_not_taken_for_someone(newsroom):
    assert newsroom.answer("Lavrof").intent == "search"


def test_the_reading_says_which_reading_won(newsroom):
    assert newsroom.answer("Lavrov").reading["en"] == "Lavrov"
    assert newsroom.answer("Brussels").reading["en"] == "the words “Brussels”"

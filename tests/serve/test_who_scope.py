"""`who` answers about the person asked for: newest first, every sentence naming them, a profile,
and limited to a period or an outlet when the question says so."""


def ids(answer):
    return [a.id for a in answer.articles]


def test_articles_are_newest_first_and_say_so(newsroom):
    answer = newsroom.answer("who Lavrov")
    assert ids(answer) == ["dien-dam", "brussels"]
    assert answer.order == "newest"


def test_every_sentence_naming_the_person_is_kept(newsroom):
    warsaw = newsroom.answer("who Blinken").articles[1]
    assert [s.sentence for s in warsaw.sentences] == [1, 2]
    assert all("Blinken" in s.text for s in warsaw.sentences)


def test_a_period_keeps_the_articles_with_the_person_in_it(newsroom):
    answer = newsroom.answer("Blinken tháng 2/2022")
    assert answer.intent == "who"
    assert ids(answer) == ["warsaw"]
    assert answer.articles[0].evidence[0].date == "2022-02"


def test_a_period_without_the_person_keeps_the_person_and_offers_their_dates(newsroom):
    answer = newsroom.answer("who Stoltenberg năm 2023")
    assert answer.actor.name == "Jens Stoltenberg"
    assert answer.articles == [] and answer.error == "no_results"
    assert "2022-05-06" in answer.nearest
    assert "2023-01-21" not in answer.nearest  # a date of an article that does not name him


def test_an_outlet_keeps_only_its_articles(newsroom):
    answer = newsroom.answer("who Blinken trên báo Tin Mẫu")
    assert ids(answer) == ["dien-dam"]
    assert answer.outlet == "Tin Mẫu"


def test_an_outlet_the_index_lacks_is_said_with_the_outlets_it_has(newsroom):
    answer = newsroom.answer("who Blinken trên báo Tuổi Trẻ")
    assert answer.error == "no_results" and answer.detail == "unknown_outlet"
    assert answer.suggestions == ["Báo Thử Nghiệm", "Tin Mẫu"]


def test_the_profile_gives_each_role_with_when_it_was_given(newsroom):
    roles = newsroom.answer("who Lavrov").profile.roles
    assert [(r.role, r.first, r.last) for r in roles] == [("Ngoại trưởng Nga", "2021-01-21", "2023-01-21")]


def test_the_profile_lists_dated_events_in_date_order(newsroom):
    events = newsroom.answer("who Lavrov").profile.events
    assert [e.date for e in events] == ["2021-01-21", "2023-01-21"]
    assert events[0].people == ("Jens Stoltenberg",)


def test_the_profile_counts_articles_and_first_and_last_seen(newsroom):
    p = newsroom.answer("who Blinken").profile
    assert (p.n_articles, p.first_seen, p.last_seen) == (2, "2022-03-02", "2023-01-22")


def test_the_profile_names_who_is_most_often_named_with_the_person(newsroom):
    companions = newsroom.answer("who Lavrov").profile.companions
    assert {(c.name, c.n) for c in companions} == {("Antony Blinken", 1), ("Jens Stoltenberg", 1)}


def test_a_profile_limited_to_a_period_has_only_its_events(newsroom):
    events = newsroom.answer("who Lavrov năm 2023").profile.events
    assert [e.date for e in events] == ["2023-01-21"]

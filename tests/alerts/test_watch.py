"""Watch notices: which watches a new article satisfies, and the sentence that shows it."""

from datetime import datetime, timezone

from bot.alerts.watch import ArticlePerson, NewArticle, notices_for
from bot.state.records import Watch

CREATED = datetime(2024, 3, 5, tzinfo=timezone.utc)
SENTENCES = (
    "Chiều 18/2 tại Riyadh, Ngoại trưởng Nga Sergei Lavrov đã gặp Ngoại trưởng Mỹ Marco Rubio.",
    "Hai bên nhất trí bổ nhiệm đặc phái viên để chuẩn bị cho các cuộc đàm phán về Ukraine.",
    "Ông Lavrov nói cuộc gặp diễn ra trong bầu không khí xây dựng.",
    "Trong khi đó, Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Ukraine tại Hà Nội vào ngày hôm sau.",
)
ARTICLE = NewArticle(
    id="web_0123456789abcdef",
    title="Ngoại trưởng Nga và Mỹ gặp nhau tại Riyadh",
    sentences=SENTENCES,
    people=(
        ArticlePerson("Sergei Lavrov", frozenset({"Lavrov"}), (0, 2)),
        ArticlePerson("Marco Rubio", frozenset(), (0,)),
        ArticlePerson("Bùi Thanh Sơn", frozenset(), (3,)),
    ),
)


def watch(kind, value, other=None, id_=1):
    return Watch(id_, "C1", kind, value, other, CREATED)


def test_a_person_watch_matches_the_full_name_without_case_or_diacritics():
    [notice] = notices_for(ARTICLE, [watch("person", "bui thanh son")])
    assert notice.people == ("Bùi Thanh Sơn",)
    assert notice.evidence == SENTENCES[3]


def test_a_person_watch_matches_the_last_name_alone():
    [notice] = notices_for(ARTICLE, [watch("person", "Rubio")])
    assert notice.people == ("Marco Rubio",)


def test_a_person_watch_matches_an_alias_the_article_uses():
    article = NewArticle("a", "t", SENTENCES[2:3], (ArticlePerson("Sergei Lavrov", frozenset({"Ông Lavrov"}), ()),))
    [notice] = notices_for(article, [watch("person", "ông lavrov")])
    assert notice.evidence == SENTENCES[2]


def test_a_person_watch_does_not_match_part_of_a_word():
    assert notices_for(ARTICLE, [watch("person", "Rub")]) == []


def test_a_person_not_in_the_article_gives_no_notice():
    assert notices_for(ARTICLE, [watch("person", "Zelensky")]) == []


def test_the_evidence_is_the_first_sentence_naming_the_person():
    [notice] = notices_for(ARTICLE, [watch("person", "Lavrov")])
    assert notice.evidence == SENTENCES[0]


def test_without_recorded_sentences_the_evidence_is_found_in_the_text():
    article = NewArticle("a", "t", SENTENCES, (ArticlePerson("Bùi Thanh Sơn"),))
    [notice] = notices_for(article, [watch("person", "Sơn")])
    assert notice.evidence == SENTENCES[3]


def test_a_pair_watch_needs_both_people_named():
    assert len(notices_for(ARTICLE, [watch("pair", "Lavrov", "Rubio")])) == 1
    assert notices_for(ARTICLE, [watch("pair", "Lavrov", "Zelensky")]) == []


def test_a_pair_watch_shows_a_sentence_naming_both():
    article = NewArticle(
        "a", "t", SENTENCES,
        (ArticlePerson("Sergei Lavrov", frozenset(), (2, 0)), ArticlePerson("Marco Rubio", frozenset(), (0,))),
    )
    [notice] = notices_for(article, [watch("pair", "Rubio", "Lavrov")])
    assert notice.evidence == SENTENCES[0]
    assert notice.people == ("Marco Rubio", "Sergei Lavrov")


def test_a_pair_named_in_different_sentences_shows_the_first_of_them():
    article = NewArticle(
        "a", "t", SENTENCES,
        (ArticlePerson("Sergei Lavrov", frozenset(), (2,)), ArticlePerson("Bùi Thanh Sơn", frozenset(), (3,))),
    )
    [notice] = notices_for(article, [watch("pair", "Lavrov", "Bùi Thanh Sơn")])
    assert notice.evidence == SENTENCES[2]


def test_a_pair_is_not_one_person_matched_twice():
    assert notices_for(ARTICLE, [watch("pair", "Lavrov", "Sergei Lavrov")]) == []


def test_a_word_watch_matches_whole_words_without_diacritics():
    [notice] = notices_for(ARTICLE, [watch("word", "dac phai vien")])
    assert notice.evidence == SENTENCES[1]


def test_a_word_watch_does_not_match_inside_another_word():
    # "Nga" (Russia) must not match "ngày" (day) in the last sentence, only the first.
    [notice] = notices_for(NewArticle("a", "t", SENTENCES[3:] + SENTENCES[:1]), [watch("word", "Nga")])
    assert notice.evidence == SENTENCES[0]
    assert notices_for(NewArticle("a", "t", SENTENCES[3:]), [watch("word", "Nga")]) == []


def test_a_word_in_the_title_is_enough():
    [notice] = notices_for(NewArticle("a", "Riyadh đón hai ngoại trưởng", ()), [watch("word", "riyadh")])
    assert notice.evidence == "Riyadh đón hai ngoại trưởng"


def test_each_satisfied_watch_gives_one_notice_in_order():
    watches = [watch("word", "Ukraine", id_=1), watch("person", "Zelensky", id_=2), watch("person", "Lavrov", id_=3)]
    assert [n.watch.id for n in notices_for(ARTICLE, watches)] == [1, 3]

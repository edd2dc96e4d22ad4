"""People across articles: one person however many articles and spellings name them, and no more."""

import pytest

from bot.build.actors import find_mentions
from bot.build.curated import Gazetteer
from bot.build.grouping import ArticleActor, group_article
from bot.build.merging import merge_corpus


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_transliteration_variants_merge_across_articles():
    merged = merge_corpus(
        {
            "a": [ArticleActor("Dmitri Medvedev", {"Dmitri Medvedev"}, ["Phó Chủ tịch Hội đồng An ninh Nga"], [0])],
            "b": [ArticleActor("Dmitry Medvedev", {"Dmitry Medvedev", "Medvedev"}, [], [2, 4])],
        }
    )
    assert len(merged) == 1
    assert set(merged[0].articles) == {"a", "b"}
    assert {"Dmitri Medvedev", "Dmitry Medvedev", "Medvedev"} <= merged[0].aliases


def test_surname_only_article_joins_the_one_full_name_with_that_surname():
    merged = merge_corpus(
        {
            "a": [ArticleActor("Marco Rubio", {"Marco Rubio"}, ["Ngoại trưởng Mỹ"], [0])],
            "b": [ArticleActor("Rubio", {"Rubio"}, [], [1])],
        }
    )
    assert [m.name for m in merged] == ["Marco Rubio"]
    assert set(merged[0].articles) == {"a", "b"}


def test_different_given_names_stay_different_people():
    merged = merge_corpus(
        {
            "a": [ArticleActor("Joe Biden", {"Joe Biden"}, [], [0])],
            "b": [ArticleActor("Hunter Biden", {"Hunter Biden"}, [], [0])],
        }
    )
    assert sorted(m.name for m in merged) == ["Hunter Biden", "Joe Biden"]


def test_one_person_spelled_two_ways_in_two_articles_is_one_person(gaz):
    per_article = {
        "a": group_article(find_mentions(["Trưởng đoàn đàm phán Nga Vladimir Medvinsky cho biết hai bên đã nhất trí."], gaz)),
        "b": group_article(find_mentions(["Trưởng đoàn đàm phán Nga Vladimir Medvinskiy nói vòng tới sẽ diễn ra tại Istanbul."], gaz)),
    }
    (person,) = [a for a in merge_corpus(per_article) if "Medvinsk" in a.name]
    assert set(person.articles) == {"a", "b"}


def test_two_people_whose_surnames_differ_by_romanisation_but_whose_given_names_differ_stay_apart(gaz):
    per_article = {
        "a": group_article(find_mentions(["Đại sứ Nga Pavel Grushkoy cho biết Moscow sẵn sàng đối thoại."], gaz)),
        "b": group_article(find_mentions(["Nhà báo Irina Grushkoi viết rằng các cuộc đàm phán đã bế tắc."], gaz)),
    }
    names = sorted(a.name for a in merge_corpus(per_article) if "Grushko" in a.name)
    assert names == ["Irina Grushkoi", "Pavel Grushkoy"]

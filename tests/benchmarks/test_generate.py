"""The benchmark corpus generator: deterministic, articles the pipeline reads as they were generated,
and a corpus shaped like the news (shared surnames, spellings that vary, new people, clustered dates)."""

import collections
import hashlib
from datetime import date, timedelta

import pytest

from benchmarks.generate import FIRST_DAY, Generator, NewsShape, Person, generate, surname_spellings
from bot.build.corpus import load_corpus


def test_same_seed_same_bytes_and_the_corpus_reader_agrees(tmp_path):
    first = list(generate(20, seed=5, out=tmp_path / "a"))
    again = list(generate(20, seed=5, out=tmp_path / "b"))
    assert [a.text for a in first] == [a.text for a in again]
    assert [a.text for a in generate(3, seed=6)] != [a.text for a in first[:3]]
    corpus = load_corpus(tmp_path / "a")
    assert not corpus.problems
    assert len(corpus.articles) == 20
    for art, raw in zip(first, corpus.articles):
        assert raw.file == art.file
        assert raw.meta.published == art.published
        assert raw.meta.title == art.title
        assert raw.sha256 == hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        assert 450 <= len(art.text.split()) <= 900
        sentences = art.payload()["sentences"]
        for m in art.mentions:
            assert sentences[m["s"]][m["start"] : m["end"]] == m["name"]
        assert art.dates and all(d["text"] in sentences[d["s"]] for d in art.dates)


def test_the_date_formats_the_engine_reads_are_all_there():
    text = "\n".join(a.text for a in generate(20, seed=5))
    for shape in ("ngày 1", "hôm ", "tháng ", "năm 20"):
        assert shape in text
    assert any(c.isdigit() and "." in text for c in text)


# -- closer to the news ---------------------------------------------------------------------------

N = 1000


@pytest.fixture(scope="module")
def corpus():
    return list(generate(N, seed=7))


def _surname(surface: str) -> str:
    return surface.split()[-1]


def _one_letter_off(a: str, b: str) -> bool:
    """b is a with one letter dropped or doubled."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _surface_surnames(corpus) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for art in corpus:
        for mention, person in zip(art.mentions, art.mention_people):
            seen[person].add(_surname(mention["name"]))
    return seen


def test_every_mention_says_which_person_it_names(corpus):
    for art in corpus[:100]:
        assert len(art.mention_people) == len(art.mentions)
        for mention, person in zip(art.mentions, art.mention_people):
            spellings = surname_spellings(_surname(person))
            surface = _surname(mention["name"])
            assert surface in spellings or any(_one_letter_off(s, surface) for s in spellings), (person, surface)


def test_two_different_people_share_a_surname_in_a_large_corpus(corpus):
    by_surname: dict[str, set[str]] = collections.defaultdict(set)
    for art in corpus:
        for person in art.mention_people:
            by_surname[_surname(person)].add(person)
    assert sum(len(people) > 1 for people in by_surname.values()) >= 10


def test_surnames_are_romanized_the_ways_outlets_differ_on():
    assert {"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenski"} <= set(surname_spellings("Zelensky"))
    assert "Lavrentyev" in surname_spellings("Lavrentev")
    assert "Hodorkovsky" in surname_spellings("Khodorkovsky")


def test_given_names_are_romanized_the_ways_outlets_differ_on():
    spellings = Person("Dmitry Zelensky", "Tổng thống Ukraine").spellings()
    assert spellings[0] == ("Dmitry", "Zelensky")
    assert {("Dmitri", "Zelensky"), ("Dmitry", "Zelenskyy"), ("Dmitriy", "Zelenskiy")} <= set(spellings)


def test_one_person_is_spelled_several_ways_across_articles(corpus):
    varied = [p for p, seen in _surface_surnames(corpus).items() if len(set(surname_spellings(_surname(p))) & seen) > 1]
    assert len(varied) >= 20


def test_a_given_name_is_written_more_than_one_way_across_articles(corpus):
    givens: dict[str, set[str]] = collections.defaultdict(set)
    for art in corpus:
        for mention, person in zip(art.mentions, art.mention_people):
            if " " in mention["name"]:
                givens[person].add(mention["name"].split()[0])
    assert sum(len(names) > 1 for names in givens.values()) >= 10


def test_some_mentions_drop_or_double_a_letter_of_the_surname(corpus):
    typos = [
        (person, surface)
        for person, seen in _surface_surnames(corpus).items()
        for surface in seen
        if surface not in surname_spellings(_surname(person))
    ]
    assert len(typos) >= 20
    assert all(any(_one_letter_off(s, surface) for s in surname_spellings(_surname(p))) for p, surface in typos)


def test_new_people_are_first_named_in_every_month_of_the_corpus(corpus):
    first: dict[str, date] = {}
    for art in sorted(corpus, key=lambda a: a.published):
        for person in art.mention_people:
            first.setdefault(person, art.published)
    months = collections.Counter((d.year, d.month) for d in first.values())
    assert len(months) >= 48 and min(months.values()) >= 2


def test_nobody_is_named_before_the_press_first_names_them():
    gen = Generator(seed=7, n=300)
    debut = {p.name: FIRST_DAY + timedelta(days=p.debut) for p in gen.people}
    assert len({p.debut for p in gen.people}) > 1000  # new people nearly every day
    for i in range(300):
        art = gen.article(i)
        assert all(art.published >= debut[person] for person in art.mention_people)


def test_a_pool_of_a_fixed_size_is_known_from_the_first_day():
    gen = Generator(seed=4, people=25, n=40)
    assert len(gen.people) == 25 and {p.debut for p in gen.people} == {0}


def test_a_thousand_articles_use_thousands_of_distinct_words(corpus):
    words = {w.strip(".,;:\"“”").lower() for art in corpus for w in art.text.split()}
    assert len(words) >= 5000


def test_publication_dates_cluster_around_events(corpus):
    per_day = sorted(collections.Counter(art.published for art in corpus).values(), reverse=True)
    busiest = per_day[: max(1, len(per_day) // 20)]
    assert sum(busiest) >= 0.25 * N  # spread evenly over four years, the busiest 5% of days would hold about 5%


def test_the_days_articles_report_cluster_around_events_too(corpus):
    days = collections.Counter(d["start"] for art in corpus for d in art.dates if d["precision"] == "day")
    per_day = sorted(days.values(), reverse=True)
    assert sum(per_day[: max(1, len(per_day) // 20)]) >= 0.25 * sum(per_day)


def test_an_article_is_the_same_generated_alone_or_in_a_run():
    run = list(generate(40, seed=5))
    alone = next(generate(1, seed=5, start=30))
    assert alone.text == run[30].text


def test_a_tidy_shape_spells_each_person_one_way():
    tidy = NewsShape(spelling_variants=False, typo_rate=0)
    for seen in _surface_surnames(list(generate(200, seed=7, shape=tidy))).values():
        assert len(seen) == 1

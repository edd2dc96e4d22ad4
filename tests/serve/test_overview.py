"""The index overview the App Home shows: counts that match the index, people by how often they are named."""

from __future__ import annotations

import re

from bot.serve.overview import index_overview


def test_the_counts_are_those_of_the_index(engine):
    db = engine.session.db()
    overview = index_overview(engine.session)

    assert overview.articles == db.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert overview.people == db.execute("SELECT count(*) FROM actors").fetchone()[0]


def test_the_build_time_and_the_newest_publication_date_are_read_back(engine):
    overview = index_overview(engine.session)

    assert overview.built_at and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", overview.built_at)
    published = [a.published for a in overview.latest_articles if a.published]
    assert overview.newest_published == max(published)


def test_the_most_named_people_come_first(engine):
    people = index_overview(engine.session).top_people

    counts = [p.n_articles for p in people]
    assert counts == sorted(counts, reverse=True) and len(people) == 5
    assert people[0].name == "Vladimir Putin"  # named in all five seed articles


def test_the_latest_articles_are_newest_first(engine):
    dates = [a.published for a in index_overview(engine.session, latest=5).latest_articles if a.published]

    assert dates == sorted(dates, reverse=True)

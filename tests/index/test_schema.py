"""The index's own indexes: what they let the serving side read without a scan."""

from __future__ import annotations

import sqlite3

import pytest

# The nearest-date search of `on` when a day has nothing (bot/serve/on.py).
DAYS_BEFORE = "SELECT DISTINCT start FROM dates{hint} WHERE precision = 'day' AND start < ? ORDER BY start DESC LIMIT ?"
DAYS_AFTER = "SELECT DISTINCT start FROM dates{hint} WHERE precision = 'day' AND start > ? ORDER BY start LIMIT ?"


@pytest.fixture
def db(seed_index):
    connection = sqlite3.connect(f"file:{seed_index}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("query", [DAYS_BEFORE, DAYS_AFTER], ids=["before", "after"])
def test_the_nearest_days_are_read_from_an_index_of_days_alone(db, query):
    plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + query.format(hint=""), ("2022-01-21", 3)))
    assert "USING COVERING INDEX dates_day" in plan


@pytest.mark.parametrize("query", [DAYS_BEFORE, DAYS_AFTER], ids=["before", "after"])
@pytest.mark.parametrize("day", ["1900-01-01", "2021-12-31", "2022-01-21", "2022-02-24", "2023-11-04", "2100-01-01"])
def test_the_day_index_finds_the_same_days_as_reading_every_date(db, query, day):
    indexed = db.execute(query.format(hint=" INDEXED BY dates_day"), (day, 3)).fetchall()
    scanned = db.execute(query.format(hint=" NOT INDEXED"), (day, 3)).fetchall()
    assert indexed == scanned

"""The state store: what the bot must remember across restarts and re-indexing.

Every test taking `state` or `open_store` runs against each backend (SQLite and
PostgreSQL, see conftest.py); the tests of the SQLite file itself take a path.
"""

import sqlite3
import threading
from datetime import date, datetime, timezone

import pytest

from bot.state import records
from bot.state import sql as state_sql
from bot.state import store as state_store
from bot.state.records import Validators
from bot.state.store import StateError, StateStore, default_state_path

# -- the file -----------------------------------------------------------------


def test_the_state_file_sits_beside_the_index_and_is_not_it(tmp_path):
    assert default_state_path(tmp_path / "data" / "index.db") == tmp_path / "data" / "state.db"


def test_the_state_survives_reopening(open_store):
    first = open_store()
    watch = first.add_watch("C1", "person", "Lavrov")
    first.close()
    assert open_store().watches("C1") == [watch]


def test_the_file_is_in_wal_mode(tmp_path):
    StateStore(tmp_path / "state.db").close()
    db = sqlite3.connect(tmp_path / "state.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_another_database_such_as_the_index_is_refused_untouched(tmp_path):
    index = tmp_path / "index.db"
    db = sqlite3.connect(index)
    db.execute("CREATE TABLE articles(id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="not a ukraine-bot state file"):
        StateStore(index)
    tables = sqlite3.connect(index).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("articles",)]


def test_a_file_that_is_not_sqlite_is_named(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database, it is a text file that happens to be long enough" * 20)
    with pytest.raises(StateError, match=f"{path}: not an SQLite database"):
        StateStore(path)


def test_a_file_from_a_newer_schema_is_refused(tmp_path):
    StateStore(tmp_path / "state.db").close()
    db = sqlite3.connect(tmp_path / "state.db")
    db.execute(f"PRAGMA user_version={state_store.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer version"):
        StateStore(tmp_path / "state.db")


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(StateError, match="not found"):
        StateStore(tmp_path / "nope" / "state.db")


# -- feeds --------------------------------------------------------------------


def test_feed_items_are_new_only_the_first_time(state):
    assert state.mark_seen("https://a.example/rss", ["1", "2"]) == ["1", "2"]
    assert state.mark_seen("https://a.example/rss", ["2", "3"]) == ["3"]
    assert state.has_seen("https://a.example/rss", "1")


def test_seen_items_are_kept_per_feed(state):
    state.mark_seen("https://a.example/rss", ["1"])
    assert state.mark_seen("https://b.example/rss", ["1"]) == ["1"]


def test_a_feed_remembers_only_its_newest_items(state, monkeypatch):
    monkeypatch.setattr(records, "MAX_SEEN_PER_FEED", 3)
    for item in ["1", "2", "3", "4"]:
        state.mark_seen("f", [item])
    assert [state.has_seen("f", item) for item in ["1", "2", "3", "4"]] == [False, True, True, True]


def test_feed_validators_are_stored_and_replaced(state):
    assert state.validators("f") == Validators()
    state.set_validators("f", Validators('"v1"', "Tue, 05 Mar 2024 10:00:00 GMT"))
    state.set_validators("f", Validators('"v2"', None))
    assert state.validators("f") == Validators('"v2"', None)


# -- watchlists ---------------------------------------------------------------


def test_a_watch_is_listed_for_its_owner_only(state):
    watch = state.add_watch("C1", "person", "  Sergei   Lavrov ")
    assert (watch.owner, watch.kind, watch.value) == ("C1", "person", "Sergei Lavrov")
    assert state.watches("C1") == [watch]
    assert state.watches("U2") == []


def test_the_same_watch_added_twice_is_one_watch(state):
    first = state.add_watch("C1", "word", "Nga")
    assert state.add_watch("C1", "word", "nga") == first
    assert len(state.watches("C1")) == 1


def test_watch_values_match_without_diacritics(state):
    assert state.add_watch("C1", "word", "Điện Kremlin") == state.add_watch("C1", "word", "dien kremlin")


def test_a_pair_is_the_same_pair_in_either_order(state):
    first = state.add_watch("C1", "pair", "Rubio", "Lavrov")
    assert state.add_watch("C1", "pair", "Lavrov", "Rubio") == first
    assert str(first) == "Lavrov & Rubio"


@pytest.mark.parametrize(
    ("kind", "value", "other", "message"),
    [
        ("pair", "Lavrov", None, "two names"),
        ("pair", "Lavrov", "lavrov", "two different names"),
        ("person", "Lavrov", "Rubio", "one value"),
        ("word", "   ", None, "needs a name or a word"),
        ("word", "x" * 101, None, "longer than 100"),
        ("topic", "Nga", None, "unknown watch kind"),
    ],
)
def test_a_bad_watch_is_refused_with_the_reason(state, kind, value, other, message):
    with pytest.raises(ValueError, match=message):
        state.add_watch("C1", kind, value, other)
    assert state.watches("C1") == []


def test_an_owner_can_hold_only_so_many_watches(state, monkeypatch):
    monkeypatch.setattr(records, "MAX_WATCHES_PER_OWNER", 2)
    state.add_watch("C1", "word", "Nga")
    state.add_watch("C1", "word", "Mỹ")
    with pytest.raises(ValueError, match="remove one first"):
        state.add_watch("C1", "word", "Ukraine")
    assert state.add_watch("C2", "word", "Ukraine").owner == "C2"


def test_a_watch_can_be_removed_only_by_its_owner(state):
    watch = state.add_watch("C1", "person", "Lavrov")
    assert not state.remove_watch("C2", watch.id)
    assert state.remove_watch("C1", watch.id)
    assert state.watches("C1") == []
    assert not state.remove_watch("C1", watch.id)


# -- notices ------------------------------------------------------------------


def test_a_notice_is_recorded_once_even_when_marked_twice(state):
    watch = state.add_watch("C1", "person", "Lavrov")
    assert state.mark_sent(watch.id, "web_0123456789abcdef")
    assert not state.mark_sent(watch.id, "web_0123456789abcdef")
    assert state.was_sent(watch.id, "web_0123456789abcdef")


def test_a_notice_sent_before_a_restart_is_not_sent_again(open_store):
    first = open_store()
    watch = first.add_watch("C1", "person", "Lavrov")
    first.mark_sent(watch.id, "a1")
    first.close()
    assert not open_store().mark_sent(watch.id, "a1")


def test_only_one_of_many_threads_claims_a_notice(state):
    watch = state.add_watch("C1", "person", "Lavrov")
    claims: list[bool] = []
    start = threading.Barrier(8)

    def claim() -> None:
        start.wait()
        claims.append(state.mark_sent(watch.id, "a1"))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims) == [False] * 7 + [True]


def test_a_released_notice_can_be_claimed_again(state):
    watch = state.add_watch("C1", "person", "Lavrov")
    state.mark_sent(watch.id, "a1")
    state.release_sent(watch.id, "a1")
    assert not state.was_sent(watch.id, "a1")
    assert state.mark_sent(watch.id, "a1")


def test_removing_a_watch_forgets_its_notices(state):
    watch = state.add_watch("C1", "person", "Lavrov")
    state.mark_sent(watch.id, "a1")
    state.remove_watch("C1", watch.id)
    assert not state.was_sent(watch.id, "a1")
    assert not state.mark_sent(watch.id, "a1")  # no watch, nothing to send


# -- requests answered --------------------------------------------------------


def test_a_request_key_is_first_only_once(state):
    assert state.first_time("event:Ev0001", ttl_seconds=600)
    assert not state.first_time("event:Ev0001", ttl_seconds=600)


def test_request_keys_are_independent(state):
    assert state.first_time("event:Ev0001", ttl_seconds=600)
    assert state.first_time("command:1.2.abc", ttl_seconds=600)


def test_a_request_key_is_new_again_once_its_lifetime_is_over(state, clock):
    state.first_time("event:Ev0001", ttl_seconds=600)
    clock.advance(600)
    assert state.first_time("event:Ev0001", ttl_seconds=600)
    assert not state.first_time("event:Ev0001", ttl_seconds=600)


def test_a_request_key_is_remembered_across_a_restart(open_store, clock):
    open_store(clock).first_time("event:Ev0001", ttl_seconds=600)
    assert not open_store(clock).first_time("event:Ev0001", ttl_seconds=600)


@pytest.mark.parametrize(("key", "ttl", "message"), [("", 600, "must not be empty"), ("event:E", 0, "must be positive")])
def test_an_empty_request_key_or_lifetime_is_refused(state, key, ttl, message):
    with pytest.raises(ValueError, match=message):
        state.first_time(key, ttl_seconds=ttl)


def test_only_one_of_many_threads_is_first_with_a_request_key(state):
    firsts: list[bool] = []
    start = threading.Barrier(8)

    def claim() -> None:
        start.wait()
        firsts.append(state.first_time("event:Ev0001", ttl_seconds=600))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(firsts) == [False] * 7 + [True]


def test_expired_request_keys_are_deleted_from_the_file(tmp_path, clock, monkeypatch):
    store = StateStore(tmp_path / "state.db", now=clock)
    monkeypatch.setattr(state_sql, "ONCE_CLEANUP_EVERY", 0)
    store.first_time("event:old", ttl_seconds=10)
    clock.advance(60)
    store.first_time("event:new", ttl_seconds=10)
    keys = sqlite3.connect(tmp_path / "state.db").execute("SELECT key FROM once_keys").fetchall()
    store.close()
    assert keys == [("event:new",)]


def test_a_file_from_the_first_schema_is_upgraded_keeping_its_state(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    for statement in state_store._SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO digests VALUES ('C1', '07:30', 'UTC', NULL)")
    db.execute(f"PRAGMA application_id={state_store.APPLICATION_ID}")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = StateStore(path)
    assert store.digest("C1") is not None
    assert store.first_time("event:Ev0001", ttl_seconds=600)
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == state_store.SCHEMA_VERSION


# -- digests ------------------------------------------------------------------


def test_a_digest_is_scheduled_and_moved(state):
    state.set_digest("C1", "7:30", "Asia/Ho_Chi_Minh")
    digest = state.set_digest("C1", "18:00", "Europe/Kyiv")
    assert (digest.channel, digest.time, digest.tz, digest.last_sent) == ("C1", "18:00", "Europe/Kyiv", None)
    assert state.digests() == [digest]


@pytest.mark.parametrize(("time", "tz", "message"), [("25:00", "UTC", "HH:MM"), ("7h30", "UTC", "HH:MM"), ("07:30", "Mars/Base", "time zone")])
def test_a_bad_digest_time_or_zone_is_refused(state, time, tz, message):
    with pytest.raises(ValueError, match=message):
        state.set_digest("C1", time, tz)
    assert state.digest("C1") is None


def test_a_digest_is_marked_sent_once_per_day(state):
    state.set_digest("C1", "07:30", "UTC")
    assert state.mark_digest_sent("C1", date(2024, 3, 5))
    assert not state.mark_digest_sent("C1", date(2024, 3, 5))
    assert state.mark_digest_sent("C1", date(2024, 3, 6))
    assert state.digest("C1").last_sent == date(2024, 3, 6)


def test_a_removed_digest_is_not_listed(state):
    state.set_digest("C1", "07:30", "UTC")
    assert state.remove_digest("C1")
    assert state.digests() == []


# -- feedback -----------------------------------------------------------------


def test_feedback_keeps_the_answer_as_shown(state):
    answer = {"kind": "who", "people": ["Sergei Lavrov"], "article": "a1"}
    state.record_feedback(query="Ai gặp Rubio?", answer=answer, verdict="bad", reason="wrong_person", text="Không phải Lavrov", user="U1")
    [item] = state.feedback()
    assert (item.query, item.answer, item.verdict, item.reason, item.text, item.user) == (
        "Ai gặp Rubio?", answer, "bad", "wrong_person", "Không phải Lavrov", "U1"
    )
    assert item.ts.tzinfo is not None


def test_feedback_is_listed_newest_first(state):
    for n in range(3):
        state.record_feedback(query=f"q{n}", answer=None, verdict="good", user="U1")
    assert [f.query for f in state.feedback(limit=2)] == ["q2", "q1"]


def test_feedback_with_an_unknown_verdict_is_refused(state):
    with pytest.raises(ValueError, match="unknown verdict"):
        state.record_feedback(query="q", answer=None, verdict="meh", user="U1")


def test_long_feedback_text_is_cut_to_the_cap(state):
    state.record_feedback(query="q", answer=None, verdict="bad", text="x" * 5000, user="U1")
    assert len(state.feedback()[0].text) == records.MAX_FEEDBACK_TEXT


# -- articles checked against the watchlists ------------------------------------


def test_an_article_is_unchecked_until_marked(state):
    assert state.unchecked(["a", "b"]) == ["a", "b"] and not state.has_checked_any()
    state.mark_checked(["a"])
    assert state.unchecked(["a", "b"]) == ["b"] and state.has_checked_any()


def test_checked_articles_survive_reopening(open_store):
    open_store().mark_checked(["a"])
    assert open_store().unchecked(["a"]) == []


def test_articles_checked_since_a_time_are_the_new_ones(state, clock):
    state.mark_checked(["old"])
    clock.advance(60)
    since = clock.now
    clock.advance(60)
    state.mark_checked(["new"])
    assert state.checked_since(since) == ["new"]


def test_baseline_articles_are_checked_but_never_new_since_any_time(state):
    state.mark_checked(["old"], baseline=True)
    assert state.unchecked(["old"]) == []
    assert state.checked_since(datetime(1970, 1, 1, tzinfo=timezone.utc)) == []


def test_a_version_2_state_file_is_upgraded_keeping_its_watches(tmp_path):
    path = tmp_path / "state.db"
    store = StateStore(path)
    store.add_watch("C1", "person", "Lavrov")
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE checked_articles")
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    upgraded = StateStore(path)
    assert [str(w) for w in upgraded.watches("C1")] == ["Lavrov"]
    upgraded.mark_checked(["a"])
    assert upgraded.unchecked(["a"]) == []
    upgraded.close()

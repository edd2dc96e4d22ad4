"""The build cache: a file of its own beside the index, read as empty when it cannot be used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.index.cache import BuildCache, cache_path, pack
from bot.index.reader import read_cache


def test_the_build_cache_is_named_after_its_index():
    assert cache_path(Path("/data/index.db")) == Path("/data/index.cache.db")


def test_the_served_index_holds_no_build_cache_and_the_file_beside_it_holds_every_article(seed_index):
    db = sqlite3.connect(f"file:{seed_index}?mode=ro", uri=True)
    try:
        tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        keys = {k for (k,) in db.execute("SELECT cache_key FROM articles")}
    finally:
        db.close()
    assert "cache" not in tables
    assert set(read_cache(seed_index)) == keys and len(keys) == 5


def test_only_the_asked_keys_are_read(seed_index):
    key = next(iter(read_cache(seed_index)))
    assert list(read_cache(seed_index, [key, "no such key"])) == [key]


def test_a_cache_file_that_is_not_a_database_reads_as_empty(tmp_path):
    index = tmp_path / "index.db"
    cache_path(index).write_bytes(b"not a database at all" * 100)
    assert read_cache(index) == {}


def test_a_build_over_a_corrupt_cache_file_starts_it_afresh_and_says_so_in_one_line(tmp_path):
    index = tmp_path / "index.db"
    cache_path(index).write_bytes(b"not a database at all" * 100)
    cache, note = BuildCache.open(index)
    cache.put_payload("k", pack('{"sentences": []}'))
    cache.close()
    assert note is not None and "\n" not in note and str(cache_path(index)) in note
    assert read_cache(index) == {"k": '{"sentences": []}'}


def test_entries_are_readable_by_others_once_committed_before_the_build_ends(tmp_path):
    index = tmp_path / "index.db"
    cache, _ = BuildCache.open(index)
    cache.put_payload("a", pack("{}"))
    assert read_cache(index) == {}
    cache.commit()
    assert read_cache(index) == {"a": "{}"}
    cache.close()

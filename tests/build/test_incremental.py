"""Rebuilding: an unchanged corpus is left alone, new articles are added in place, and either way the
index answers exactly as a full rebuild would."""

import json
import shutil
import sqlite3

from benchmarks.generate import generate
from bot.build.analysis import _mentions
from bot.build.curated import load_curated
from bot.build.grouping import group_article
from bot.build.merging import merge_corpus
from bot.build.people import merge_people
from bot.build.pipeline import build_index
from bot.index.cache import cache_path
from bot.serve.engine import Engine


def _people(path):
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT x.name, x.roles, x.aliases, x.n_articles,"
        " (SELECT group_concat(k.key || ':' || k.kind, ',') FROM (SELECT key, kind FROM actor_keys"
        "   WHERE actor = x.rowid ORDER BY key, kind) k),"
        " (SELECT group_concat(a.id || '=' || aa.sentences, ';') FROM (SELECT * FROM actor_articles"
        "   WHERE actor = x.rowid ORDER BY article) aa JOIN articles a ON a.rowid = aa.article)"
        " FROM actors x"
    ).fetchall()
    dates = db.execute(
        "SELECT a.id, d.sentence, d.start, d.precision FROM dates d JOIN articles a ON a.rowid = d.article"
        " ORDER BY 1, 2, 3, 4"
    ).fetchall()
    ranks = db.execute(
        "SELECT r.period, a.id, r.n, r.published FROM date_rank r JOIN articles a ON a.rowid = r.article ORDER BY 1, 2"
    ).fetchall()
    return sorted(rows), dates, ranks


def _events(path):
    """Every event with its people and reports, by content (rowids differ between builds)."""
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT e.key, e.action, e.start, e.end, e.precision,"
        " (SELECT group_concat(name, '+') FROM (SELECT name FROM event_people WHERE event = e.rowid ORDER BY name)),"
        " (SELECT group_concat(x, ';') FROM (SELECT a.id || '#' || r.sentence || '#' || ifnull(r.date_source, '')"
        "   || '#' || r.future || '#' || ifnull(r.place, '') || '#' || ifnull(r.source, '') AS x"
        "   FROM event_articles r JOIN articles a ON a.rowid = r.article WHERE r.event = e.rowid ORDER BY x))"
        " FROM events e"
    ).fetchall()
    return sorted(rows, key=repr)


def _answers(path, queries):
    engine = Engine(path)
    return [json.dumps(engine.answer(q).to_dict(), ensure_ascii=False, sort_keys=True) for q in queries]


def test_merging_one_surname_at_a_time_is_merge_corpus(tmp_path):
    per_article = {}
    for art in generate(120, seed=3):
        p = art.payload()
        per_article[art.file] = group_article(_mentions(p))
    curated = load_curated()
    expected = merge_corpus(per_article, curated)
    got = merge_people(per_article, curated)
    assert [(a.name, sorted(a.aliases), a.roles, a.articles) for a in got] == [
        (a.name, sorted(a.aliases), a.roles, a.articles) for a in expected
    ]


def test_an_unchanged_corpus_is_not_rewritten(seed_index, tmp_path):
    from tests.conftest import SEEDS

    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    before = out.stat().st_mtime_ns
    report = build_index(SEEDS, out)
    assert report.reused == report.articles == 5
    assert out.stat().st_mtime_ns == before


def test_a_new_article_is_added_in_place_and_answers_as_a_full_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    arts = list(generate(40, seed=4, out=corpus, people=25))
    out = tmp_path / "index.db"
    build_index(corpus, out)
    # Articles whose people the corpus already knows, one after the other as a newsroom adds them.
    for extra in generate(3, seed=4, out=corpus, start=40, people=25):
        inode = out.stat().st_ino
        report = build_index(corpus, out)
        assert report.articles == len(list(corpus.glob("*.txt")))
        if out.stat().st_ino == inode:
            break
    else:
        raise AssertionError("no new article was added in place")
    full = tmp_path / "full.db"
    shutil.copyfile(out, full)
    shutil.copyfile(cache_path(out), cache_path(full))
    # Force a full rewrite from the cache.
    with sqlite3.connect(full) as db:
        db.execute("UPDATE meta SET value = '\"\"' WHERE key = 'fingerprint'")
    report = build_index(corpus, full, incremental=False)
    assert report.reused == report.articles
    assert _people(out) == _people(full)
    assert _events(out) == _events(full)
    assert _events(out), "the generated corpus reports meetings and statements"
    names = [a.mentions[0]["name"] for a in arts[:10]]
    queries = [f"who {n}" for n in names] + [f"who {n.split()[-1]}" for n in names] + [
        "who ngoại trưởng Nga", "on 2022", "on 2023-05", "đàm phán hòa bình", f"who {names[0][:-2]}",
    ]
    assert _answers(out, queries) == _answers(full, queries)


def test_a_change_to_the_event_rules_rewrites_an_unchanged_corpus(seed_index, tmp_path, monkeypatch):
    from bot.build import state
    from tests.conftest import SEEDS

    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    # Events are read when the index is written, so their rules are part of what makes an index current.
    assert "bot.build.events" in state.INDEX_MODULES
    monkeypatch.setattr(state, "_code_version", lambda: "other rules")
    before = out.stat().st_mtime_ns
    build_index(SEEDS, out)
    assert out.stat().st_mtime_ns != before


def _write_article(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_an_added_article_that_names_someone_in_full_renames_them_in_older_events(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # The older article knows him only as "ông Moreau"; the newer one gives his full name.
    _write_article(corpus, "a1.txt", "Bộ ngoại giao Pháp ra thông cáo về cuộc khủng hoảng kéo dài ở châu Âu.\n\n"
                   "Ngày 12/2/2024, ông Moreau đã hội đàm với ông Klaus Becker tại Berlin về an ninh châu Âu.\n")
    out = tmp_path / "index.db"
    build_index(corpus, out)
    assert [(row[2], row[5]) for row in _events(out) if row[1] == "met"] == [("2024-02-12", "Klaus Becker+Moreau")]
    _write_article(corpus, "a2.txt", "Ngoại trưởng Pháp Jean Moreau cho biết Paris ủng hộ đàm phán hòa bình sớm.\n\n"
                   "Ngày 20/2/2024, ông Moreau gặp ông Klaus Becker tại Paris để bàn tiếp các bước tiếp theo.\n")
    inode = out.stat().st_ino
    build_index(corpus, out)
    full = tmp_path / "full.db"
    build_index(corpus, full, incremental=False)
    assert _events(out) == _events(full)
    met = sorted((row[2], row[5]) for row in _events(out) if row[1] == "met")
    assert met == [("2024-02-12", "Jean Moreau+Klaus Becker"), ("2024-02-20", "Jean Moreau+Klaus Becker")]
    assert out.stat().st_ino == inode, "the new article was added in place"

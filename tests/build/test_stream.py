"""The streamed build: each article's work goes to the cache and the index as it arrives, and the index
is the one a pass over the whole corpus held in memory writes, row for row, however it was analysed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from functools import partial
from pathlib import Path

import pytest

from benchmarks.generate import generate
from bot.build import pipeline
from bot.build.analysis import PIPELINE_VERSION, _mentions, cache_key
from bot.build.corpus import load_corpus
from bot.build.curated import load_curated
from bot.build.events import load_lexicon
from bot.build.grouping import group_article
from bot.build.people import _actor_row, _evidence_order, _known_surnames, merge_parts, name_counts_json
from bot.build.pipeline import build_index
from bot.build.records import _add_article, _add_events, _set_build_meta
from bot.build.state import build_state
from bot.index.reader import read_cache
from bot.index.schema import ROWID_GAP
from bot.index.writer import IndexWriter
from tests.conftest import SEEDS


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows in storage order (the full-text index by its rowids), without the build time."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%' ORDER BY name")]
        rows = {n: db.execute(f"SELECT * FROM {n}").fetchall() for n in names}
        rows["meta"] = [r for r in rows["meta"] if r[0] != "built_at"]
        rows["sentences_fts"] = db.execute("SELECT rowid FROM sentences_fts ORDER BY rowid").fetchall()
        return rows
    finally:
        db.close()


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = tables(a), tables(b)
    assert sorted(ta) == sorted(tb)
    for name in ta:
        assert ta[name] == tb[name], name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """40 generated articles (enough for a pool of workers), the seeds with their sources.yml, a bad file."""
    folder = tmp_path_factory.mktemp("stream") / "corpus"
    list(generate(40, seed=4, out=folder, people=25))
    for path in SEEDS.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "zz_bad.txt").write_bytes(b"x\xff\xfe")
    return folder


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one") / "index.db"
    report = build_index(corpus, out, workers=1)
    assert report.articles == 45 and [p.file for p in report.problems] == ["zz_bad.txt"]
    return out


def whole_corpus_index(folder: Path, payloads: dict[str, dict], out: Path) -> None:
    """The cross-article pass as it was written with every article's work in memory at once."""
    corpus = load_corpus(folder)
    articles, state = corpus.articles, build_state(folder)
    curated = load_curated()
    known = _known_surnames(payloads[a.id] for a in articles)
    per_article = {a.id: group_article(_mentions(payloads[a.id]), known) for a in articles}
    rowids = {a.id: n * ROWID_GAP for n, a in enumerate(articles, 1)}
    parts = list(merge_parts(per_article, curated, rowids.__getitem__))
    merged = sorted((a for _, _, actors in parts for a in actors), key=lambda a: (-len(a.articles), a.name))
    with IndexWriter.fresh(out) as writer:
        for skey, counts, _ in parts:
            writer.set_surname_groups(skey, name_counts_json(counts))
        folded = {}
        for n, a in enumerate(articles, 1):
            folded[a.id] = _add_article(writer, a, payloads[a.id], per_article[a.id], curated, n * ROWID_GAP)
        for actor in merged:
            writer.add_actor(_actor_row(actor, curated, partial(
                lambda actor, aid, idxs: _evidence_order(actor, idxs, folded[aid]), actor)))
        lex = load_lexicon()
        for a in articles:
            _add_events(writer, a.id, a.meta.published, payloads[a.id], lex)
        writer.put_files(state["files"])
        _set_build_meta(
            writer, len(articles), len(merged), sum(len(payloads[a.id]["dates"]) for a in articles),
            state["fingerprint"], corpus.problems, pipeline=PIPELINE_VERSION, sources_sha=state["sources_sha"],
            listed_files=state["listed"],
            published_from={a.id: a.meta.published_from for a in articles if a.meta.published_from},
            code_version=state["code_version"],
        )


def test_the_streamed_index_is_the_whole_corpus_pass_table_by_table(corpus, one_worker, tmp_path):
    cached = read_cache(one_worker)
    payloads = {a.id: json.loads(cached[cache_key(a)]) for a in load_corpus(corpus).articles}
    whole = tmp_path / "whole.db"
    whole_corpus_index(corpus, payloads, whole)
    assert_same_tables(one_worker, whole)


def test_a_build_with_two_worker_processes_is_the_build_in_one_process(corpus, one_worker, tmp_path):
    out = tmp_path / "index.db"
    report = build_index(corpus, out, workers=2)
    assert report.reused == 0
    assert_same_tables(one_worker, out)


def test_a_build_on_a_dask_cluster_is_the_build_in_one_process(corpus, one_worker, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            out = tmp_path / "index.db"
            report = build_index(corpus, out, executor=client.get_executor(pure=False), remote=True)
    assert report.reused == 0 and [p.file for p in report.problems] == ["zz_bad.txt"]
    assert_same_tables(one_worker, out)


def test_each_article_s_work_is_in_the_cache_as_soon_as_it_is_taken_in(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CACHE_COMMIT_EVERY", 1)
    out = tmp_path / "index.db"
    seen: list[tuple[int, int]] = []
    build_index(corpus, out, workers=1, progress=lambda done, _total: seen.append((done, len(read_cache(out)))))
    assert seen[:3] == [(1, 1), (2, 2), (3, 3)]
    assert all(stored >= done for done, stored in seen)


def test_a_build_stopped_half_way_keeps_the_work_done_so_far(corpus, tmp_path):
    out = tmp_path / "index.db"

    def stop(done: int, _total: int) -> None:
        if done == 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, out, workers=1, progress=stop)
    assert not out.exists()
    report = build_index(corpus, out, workers=1)
    assert report.reused == 20 and report.articles == 45


def test_a_rebuild_reads_no_unchanged_article_file_again(corpus, one_worker, tmp_path, monkeypatch):
    out = tmp_path / "index.db"
    shutil.copy(one_worker, out)
    shutil.copy(one_worker.with_name("index.cache.db"), out.with_name("index.cache.db"))

    real = pipeline.read_article_bytes

    def refuse(path):
        if path.name != "zz_bad.txt":  # a file that is not an article is read again, to say so again
            raise AssertionError(f"{path} was read again")
        return real(path)

    monkeypatch.setattr("bot.build.work.read_article_bytes", refuse)
    monkeypatch.setattr("bot.build.pipeline.read_article_bytes", refuse)
    report = build_index(corpus, out, incremental=False, workers=1)
    assert (report.articles, report.reused) == (45, 45)
    assert_same_tables(one_worker, out)


def test_a_corrupt_cache_file_is_one_note_and_every_article_is_analysed_again(corpus, one_worker, tmp_path):
    out = tmp_path / "index.db"
    out.with_name("index.cache.db").write_bytes(b"garbage" * 1000)
    report = build_index(corpus, out, workers=1)
    assert report.reused == 0 and len(report.notes) == 1 and "index.cache.db" in report.notes[0]
    assert_same_tables(one_worker, out)


def test_an_index_written_from_given_work_one_article_at_a_time_is_the_build_of_that_work(corpus, one_worker, tmp_path):
    cached = read_cache(one_worker)
    loaded = load_corpus(corpus)
    out = tmp_path / "index.db"
    pairs = ((a, json.loads(cached[cache_key(a)])) for a in loaded.articles)
    pipeline.write_streamed(pairs, out, loaded.problems, build_state(corpus))
    assert_same_tables(one_worker, out)

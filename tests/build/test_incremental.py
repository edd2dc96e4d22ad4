"""Rebuilding: an unchanged corpus is left alone, new articles are added in place, and either way the
index answers exactly as a full rebuild would."""

import json
import shutil
import sqlite3

import pytest

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
    monkeypatch.setattr(state, "code_version", lambda: "other rules")
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


# -- every kind of change, compared with a full rebuild table by table -------------------------------


def index_content(path) -> dict[str, list]:
    """Every table of an index by content, rowids read as what they stand for (an article's id and
    place in the corpus order, an event's key): two builds of one corpus must agree on all of it."""
    db = sqlite3.connect(path)
    try:
        q = lambda sql: db.execute(sql).fetchall()  # noqa: E731
        db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'sentences_fts', 'instance')")
        content = {
            "articles": q("SELECT id, file, title, outlet, url, published, author, note, summary, sha256, cache_key,"
                          " meta_hash FROM articles ORDER BY rowid"),
            "sentences": q("SELECT a.id, s.idx, s.text FROM sentences s JOIN articles a ON a.rowid = s.article"
                           " ORDER BY a.rowid, s.idx"),
            "full text": sorted(q("SELECT v.term, a.id, v.doc % 100000, v.offset FROM vocab v"
                                  " JOIN articles a ON a.rowid = v.doc / 100000")),
            "term_df": q("SELECT * FROM term_df ORDER BY term"),
            "dates": q("SELECT a.id, d.sentence, d.start, d.end, d.precision, d.text FROM dates d"
                       " JOIN articles a ON a.rowid = d.article ORDER BY a.rowid, d.rowid"),
            "date_rank": q("SELECT r.period, a.id, r.n, r.published FROM date_rank r"
                           " JOIN articles a ON a.rowid = r.article ORDER BY r.period, a.rowid"),
            "article_actors": q("SELECT a.id, x.skey, x.data FROM article_actors x"
                                " JOIN articles a ON a.rowid = x.article ORDER BY a.rowid, x.rowid"),
            "article_surnames": sorted(q("SELECT x.surname, x.confirmed, a.id FROM article_surnames x"
                                         " JOIN articles a ON a.rowid = x.article")),
            "leads": sorted(q("SELECT p.name, a.id, x.sentences, x.lead, x.n, x.published FROM actor_articles x"
                              " JOIN actors p ON p.rowid = x.actor JOIN articles a ON a.rowid = x.article")),
            "dangling": q("SELECT count(*) FROM actor_articles WHERE actor NOT IN (SELECT rowid FROM actors)"
                          " OR article NOT IN (SELECT rowid FROM articles)")
                        + q("SELECT count(*) FROM actor_keys WHERE actor NOT IN (SELECT rowid FROM actors)"),
            "build_files": q("SELECT name, sha256, size FROM build_files ORDER BY name"),
            "meta": q("SELECT key, value FROM meta WHERE key != 'built_at' ORDER BY key"),
        }
    finally:
        db.close()
    content["people"] = list(_people(path))
    content["events"] = _events(path)
    return content


def assert_same_index(a, b) -> None:
    ca, cb = index_content(a), index_content(b)
    for name in ca:
        assert ca[name] == cb[name], name


def rebuilt(corpus, out, tmp_path):
    """The corpus built from scratch (reusing the cached work of each article, as a rewrite does)."""
    full = tmp_path / f"full-{out.stat().st_mtime_ns}.db"
    shutil.copyfile(cache_path(out), cache_path(full))
    build_index(corpus, full, incremental=False)
    return full


def changed_in_place(corpus, out, **kwargs) -> bool:
    inode = out.stat().st_ino
    build_index(corpus, out, **kwargs)
    return out.stat().st_ino == inode


ARTICLE = "Tin thế giới\n\nHà Nội, ngày 3/3/2024\n\n{}\n"


def write(folder, name, *paragraphs):
    (folder / name).write_text(ARTICLE.format("\n\n".join(paragraphs)), encoding="utf-8")


@pytest.fixture
def small(tmp_path):
    """A corpus of a few hand-written articles, built."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "b1.txt", "Ngoại trưởng Pháp Jean Moreau cho biết Paris ủng hộ đàm phán hòa bình sớm.",
          "Ngày 12/2/2024, ông Moreau đã hội đàm với ông Klaus Becker tại Berlin về an ninh châu Âu.")
    write(corpus, "b3.txt", "Bộ trưởng Quốc phòng Đức Klaus Becker thăm Warsaw ngày 20/2/2024.",
          "Tại Warsaw, ông Becker gặp Thủ tướng Ba Lan Adam Nowicki để bàn về viện trợ quân sự.")
    write(corpus, "b5.txt", "Các đề xuất trong báo cáo Lindqvist được nhiều nước ủng hộ.",
          "Ngày 1/3/2024, ông Klaus Becker phát biểu tại hội nghị an ninh ở Munich.")
    out = tmp_path / "index.db"
    build_index(corpus, out)
    return corpus, out


def surnames(out, confirmed):
    db = sqlite3.connect(out)
    try:
        return {(s, a) for s, a in db.execute(
            "SELECT x.surname, a.id FROM article_surnames x JOIN articles a ON a.rowid = x.article"
            " WHERE x.confirmed = ?", (confirmed,))}
    finally:
        db.close()


def people_of(out, article):
    db = sqlite3.connect(out)
    try:
        return sorted(n for (n,) in db.execute(
            "SELECT p.name FROM actor_articles x JOIN actors p ON p.rowid = x.actor"
            " JOIN articles a ON a.rowid = x.article WHERE a.id = ?", (article,)))
    finally:
        db.close()


def test_an_article_confirming_a_new_surname_regroups_only_the_older_articles_that_name_it(small, tmp_path):
    corpus, out = small
    # "trong báo cáo Lindqvist": nothing marks the run as a person's, and no article confirms the surname yet.
    assert ("lindqvist", "b5") in surnames(out, 0) and "Lindqvist" not in " ".join(people_of(out, "b5"))
    write(corpus, "b9.txt", "Đặc phái viên Liên hợp quốc Erik Lindqvist nói rằng các bên đã sẵn sàng đối thoại.")
    assert changed_in_place(corpus, out)
    assert "Erik Lindqvist" in people_of(out, "b5")
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_removing_the_only_article_that_confirms_a_surname_drops_it_from_the_others(small, tmp_path):
    corpus, out = small
    write(corpus, "b9.txt", "Đặc phái viên Liên hợp quốc Erik Lindqvist nói rằng các bên đã sẵn sàng đối thoại.")
    build_index(corpus, out)
    (corpus / "b9.txt").unlink()
    assert changed_in_place(corpus, out)
    assert not [n for n in people_of(out, "b5") if "Lindqvist" in n]
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_an_article_that_sorts_between_two_others_is_placed_between_them(small, tmp_path):
    corpus, out = small
    write(corpus, "b2.txt", "Ngày 15/2/2024, ông Klaus Becker hội đàm với ông Moreau tại Paris.")
    write(corpus, "a0.txt", "Thủ tướng Ba Lan Adam Nowicki cho biết Warsaw sẽ tăng ngân sách quốc phòng.")
    assert changed_in_place(corpus, out)
    db = sqlite3.connect(out)
    assert [i for (i,) in db.execute("SELECT id FROM articles ORDER BY rowid")] == ["a0", "b1", "b2", "b3", "b5"]
    db.close()
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_new_role_for_a_person_of_several_articles_reorders_only_its_own_sentences(small, tmp_path):
    corpus, out = small
    write(corpus, "b7.txt", "Phó Thủ tướng Đức Klaus Becker cho biết Berlin sẽ gửi thêm viện trợ.",
          "Ông Becker nói thêm rằng quyết định sẽ được công bố trong tuần tới.")
    assert changed_in_place(corpus, out)
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_rewritten_article_replaces_its_old_self(small, tmp_path):
    corpus, out = small
    write(corpus, "b3.txt", "Thủ tướng Ba Lan Adam Nowicki tiếp Ngoại trưởng Pháp Jean Moreau ngày 22/2/2024.")
    assert changed_in_place(corpus, out)
    assert "Klaus Becker" not in people_of(out, "b3")
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_page_saved_under_the_name_of_an_indexed_article_is_not_added_in_place(small, tmp_path):
    corpus, out = small
    # Which of "b3.txt" and "b3.html" is indexed depends on both: the index is rewritten, naming the one skipped.
    (corpus / "b3.html").write_text("<html><body><h1>Tin</h1><p>Ông Klaus Becker tới Vilnius.</p></body></html>",
                                    encoding="utf-8")
    assert not changed_in_place(corpus, out)
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_file_whose_name_only_begins_like_an_indexed_one_is_added_in_place(small, tmp_path):
    corpus, out = small
    write(corpus, "b3.extra.txt", "Ngày 6/3/2024, ông Klaus Becker gặp ông Moreau tại Vienna.")
    write(corpus, "b30.txt", "Thủ tướng Ba Lan Adam Nowicki thăm Praha ngày 7/3/2024.")
    assert changed_in_place(corpus, out)
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_an_index_that_does_not_record_the_code_it_was_built_by_is_rewritten(small, tmp_path):
    corpus, out = small
    db = sqlite3.connect(out)
    db.execute("DELETE FROM meta WHERE key = 'code_version'")
    db.commit()
    db.close()
    write(corpus, "b8.txt", "Ngày 5/3/2024, ông Klaus Becker gặp ông Moreau tại Brussels.")
    assert not changed_in_place(corpus, out)
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_an_add_given_the_files_it_wrote_does_not_scan_the_folder_and_still_sees_unindexed_pages(
    small, tmp_path, monkeypatch
):
    from bot.build import state

    corpus, out = small
    write(corpus, "b8.txt", "Ngày 5/3/2024, ông Klaus Becker gặp ông Moreau tại Brussels.")
    write(corpus, "b6.txt", "Thủ tướng Ba Lan Adam Nowicki thăm Kyiv ngày 4/3/2024.")  # saved earlier, not indexed
    monkeypatch.setattr(state, "scan_folder", lambda *a, **k: pytest.fail("the whole folder was hashed"))
    assert changed_in_place(corpus, out, changed=["b8.txt"])
    monkeypatch.undo()
    assert {"b6", "b8"} <= {a for (a,) in sqlite3.connect(out).execute("SELECT id FROM articles")}
    assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_sequence_of_adds_removals_and_rewrites_stays_a_full_rebuild(tmp_path):
    import random

    corpus = tmp_path / "corpus"
    # People keep arriving, surnames are shared and spelled several ways: changes confirm new surnames.
    arts = list(generate(36, seed=9, out=corpus))
    spare = [a.text for a in arts[24:]]
    for a in arts[24:]:
        (corpus / a.file).unlink()
    out = tmp_path / "index.db"
    build_index(corpus, out)
    rng = random.Random(5)
    for step in range(6):
        names = sorted(p.name for p in corpus.glob("*.txt"))
        if step % 3 == 0:  # two new files, one of them among the others
            (corpus / f"{names[rng.randrange(len(names))][:-4]}_x{step}.txt").write_text(spare.pop(), encoding="utf-8")
            (corpus / f"zz_{step}.txt").write_text(spare.pop(), encoding="utf-8")
        elif step % 3 == 1:
            for name in rng.sample(names, 2):
                (corpus / name).unlink()
        else:
            (corpus / rng.choice(names)).write_text(spare.pop(), encoding="utf-8")
        assert changed_in_place(corpus, out), f"step {step} rewrote the index"
        assert_same_index(out, rebuilt(corpus, out, tmp_path))


def test_a_sentence_gives_a_name_or_role_exactly_when_the_full_text_index_finds_the_phrase():
    """The evidence order and the in-place re-ranking of a new role must agree on every sentence."""
    from bot.build.people import _gives
    from bot.index.schema import fts_tokens
    from bot.shared.text import fold

    sentences = [
        "Ngoại trưởng Nga Sergei Lavrov (phải) bắt tay ông Blinken.", "Phát biểu của Lavrov-Blinken hôm qua.",
        "Bộ trưởng Ngoại giao Hoa Kỳ, ông Antony J. Blinken, nói.", "Ông Blinken's trợ lý cho biết.",
        "«Ngoại trưởng» Nga nói: \"không\".", "Cựu ngoại trưởng Mỹ Henry Kissinger (1923–2023).",
        "Ngoai truongx Nga", "Thủ tướng Đức Olaf Scholz_và Tổng thống Pháp.", "Путин встретился с Лавровым.",
    ]
    keys = ["Ngoại trưởng Nga", "Antony J. Blinken", "Blinken", "Lavrov", "Olaf Scholz", "Путин", "Tổng thống Pháp"]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(folded, content='', tokenize='unicode61')")
    db.executemany("INSERT INTO f(rowid, folded) VALUES (?, ?)", [(i, fold(s)) for i, s in enumerate(sentences)])
    for key in keys:
        phrase = " ".join(fts_tokens(fold(key)))
        found = {r for (r,) in db.execute("SELECT rowid FROM f WHERE f MATCH ?", (f'"{phrase}"',))}
        assert found == {i for i, s in enumerate(sentences) if _gives([phrase], fold(s))}, key

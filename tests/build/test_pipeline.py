"""Building the index: partial failures still index the rest; fatal ones leave the old index alone."""

import sqlite3

import pytest

from bot.build.corpus import CorpusError
from bot.build.pipeline import build_index
from bot.index.cache import cache_path
from bot.serve.engine import Engine

ARTICLE_A = """Ngoại trưởng Pháp thăm Kiev

Hoàng Mai | 14/02/2025, 08:30

Ngoại trưởng Pháp Jean-Noël Barrot đã tới Kiev hôm 13/2 để hội đàm với người đồng cấp Ukraine Andrii Sybiha về viện trợ quân sự.

Ông Barrot cho biết Paris sẽ tiếp tục hỗ trợ Ukraine trong năm 2025.

Bài liên quan
Tổng thống Brazil Lula da Silva thăm Trung Quốc
Ngày 20.2, Tổng thống Brazil Lula da Silva tới Bắc Kinh để hội đàm với Chủ tịch Tập Cận Bình.
"""

ARTICLE_B = """Đặc phái viên Mỹ tới Moscow

Đặc phái viên Mỹ Steve Witkoff đã gặp Tổng thống Nga Vladimir Putin tại Điện Kremlin ngày 11/2/2025.

Ông Witkoff nói cuộc gặp kéo dài hơn ba giờ và diễn ra trong bầu không khí xây dựng.
"""


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / "sources.yml").write_text(
        "- file: b.txt\n  title: Đặc phái viên Mỹ tới Moscow\n  outlet: Báo Thử\n  url: https://thu.vn/b\n  published: 2025-02-12\n",
        encoding="utf-8",
    )
    return folder


def test_build_writes_an_index_that_answers(corpus, tmp_path):
    out = tmp_path / "index.db"
    report = build_index(corpus, out)
    assert report.articles == 2 and not report.problems
    answer = Engine(out).answer("who Witkoff")
    assert answer.actor.name == "Steve Witkoff"
    assert [a.id for a in answer.articles] == ["b"]


def test_article_not_in_sources_gets_its_dateline(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    answer = Engine(out).answer("on 2025-02-14")
    assert "a" in [a.id for a in answer.articles]


def test_teaser_people_and_dates_are_not_indexed(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    engine = Engine(out)
    assert engine.answer("who Lula da Silva").actor is None
    assert engine.answer("on 2025-02-20").articles == []


def test_bad_file_is_named_and_the_rest_indexed(corpus, tmp_path):
    (corpus / "bad.txt").write_bytes(b"H\xf4i \xf0\xe0m")
    out = tmp_path / "index.db"
    report = build_index(corpus, out)
    assert report.articles == 2
    assert [p.file for p in report.problems] == ["bad.txt"]
    assert out.exists()


def test_unreadable_sources_leaves_the_previous_index_untouched(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    before = out.read_bytes()
    (corpus / "sources.yml").write_text("- file: [broken\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        build_index(corpus, out)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("index.db.*.tmp"))


def test_missing_folder_writes_nothing(tmp_path):
    out = tmp_path / "index.db"
    with pytest.raises(CorpusError):
        build_index(tmp_path / "missing", out)
    assert not out.exists()


def test_rebuilding_an_unchanged_corpus_reuses_every_article(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    again = build_index(corpus, out)
    assert again.reused == 2


def test_a_changed_article_is_redone_and_the_rest_reused(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    (corpus / "a.txt").write_text(ARTICLE_A + "\nÔng Sybiha cảm ơn Pháp.\n", encoding="utf-8")
    again = build_index(corpus, out)
    assert again.reused == 1


def test_index_records_its_schema_version(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    from bot.index.schema import SCHEMA_VERSION

    assert sqlite3.connect(out).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_same_day_in_an_article_is_the_first_day_of_the_last_dated_sentence(tmp_path):
    import sqlite3

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Hai bên chuẩn bị đàm phán\n"
        "Tối 16/2, Bộ Ngoại giao Thụy Sĩ cho biết vòng đàm phán dự kiến diễn ra ngày 17-18/2 tại Geneva.\n"
        "Trong một phát biểu cùng ngày, Tổng thống Mỹ bày tỏ hy vọng sớm đạt thỏa thuận.\n",
        encoding="utf-8",
    )
    (folder / "sources.yml").write_text(
        "- file: a.txt\n  title: Hai bên chuẩn bị đàm phán\n  outlet: Báo Mẫu\n  url: null\n  published: 2026-02-17\n",
        encoding="utf-8",
    )
    out = tmp_path / "index.db"
    build_index(folder, out)
    db = sqlite3.connect(out)
    dated = {text: start for text, start in db.execute("SELECT text, start FROM dates")}
    assert dated["cùng ngày"] == "2026-02-16"


def test_a_build_whose_cache_file_is_missing_analyses_every_article_again_to_the_same_index(corpus, tmp_path):
    out = tmp_path / "index.db"
    build_index(corpus, out)
    with sqlite3.connect(out) as db:
        before = db.execute("SELECT id, summary, sha256 FROM articles ORDER BY rowid").fetchall()
    cache_path(out).unlink()
    report = build_index(corpus, out, incremental=False)
    assert (report.articles, report.reused) == (2, 0)
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT id, summary, sha256 FROM articles ORDER BY rowid").fetchall() == before

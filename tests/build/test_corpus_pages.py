"""Saved web pages in the corpus folder: read like `.txt` articles, described by the page where sources.yml is silent."""

import shutil
from datetime import date
from pathlib import Path

from bot.build.corpus import load_corpus
from bot.build.incremental import corpus_change
from bot.build.pipeline import build_index
from bot.build.state import _previous, build_state, scan_folder
from bot.index.cache import cache_path
from bot.serve.engine import Engine
from tests.conftest import SEEDS

PAGES = Path(__file__).resolve().parent.parent / "ingest" / "pages"
CANONICAL = "https://thoisu.example.vn/the-gioi/ngoai-truong-hoi-dam-ba-lan-123.html"


def page(folder: Path, name: str = "web_0001.html", source: str = "article.html") -> Path:
    target = folder / name
    shutil.copyfile(PAGES / source, target)
    return target


def test_a_saved_page_is_an_article_with_the_pages_metadata(tmp_path):
    page(tmp_path)
    article = load_corpus(tmp_path).articles[0]
    assert article.id == "web_0001"
    assert article.text.startswith("Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan\n")
    meta = article.meta
    assert (meta.title, meta.outlet, meta.url, meta.published, meta.author) == (
        "Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan", "Báo Thời Sự", CANONICAL, date(2024, 3, 5), "Minh Anh",
    )


def test_the_text_of_a_page_has_no_menu_or_footer(tmp_path):
    page(tmp_path)
    text = load_corpus(tmp_path).articles[0].text
    assert "Bùi Thanh Sơn" in text
    assert "Trang chủ" not in text and "Bản quyền" not in text


def test_sources_yml_wins_over_what_the_page_declares(tmp_path):
    page(tmp_path)
    (tmp_path / "sources.yml").write_text(
        "- file: web_0001.html\n  title: Tiêu đề của tòa soạn\n  published: 2024-03-04\n", encoding="utf-8"
    )
    meta = load_corpus(tmp_path).articles[0].meta
    assert (meta.title, meta.published) == ("Tiêu đề của tòa soạn", date(2024, 3, 4))
    assert meta.outlet == "Báo Thời Sự"  # what sources.yml does not give still comes from the page


def test_an_htm_page_is_read_too(tmp_path):
    page(tmp_path, "web_0001.htm")
    assert [a.file for a in load_corpus(tmp_path).articles] == ["web_0001.htm"]


def test_a_page_without_an_article_is_named_and_the_rest_read(tmp_path):
    page(tmp_path)
    page(tmp_path, "web_0002.html", "index.html")
    corpus = load_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["web_0001.html"]
    assert [p.file for p in corpus.problems] == ["web_0002.html"]
    assert "no article text" in corpus.problems[0].reason


def test_a_page_and_a_text_file_of_the_same_name_are_not_both_read(tmp_path):
    page(tmp_path, "a.html")
    (tmp_path / "a.txt").write_text("Tiêu đề\n\nHai bên thảo luận về viện trợ quân sự cho Ukraine.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.html"]
    assert [p.file for p in corpus.problems] == ["a.txt"]
    assert "same name" in corpus.problems[0].reason


def test_the_folder_scan_counts_pages_as_article_files(tmp_path):
    page(tmp_path)
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    files, _ = scan_folder(tmp_path)
    assert sorted(files) == ["web_0001.html"]


def indexed_copy(seed_index: Path, tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "index.db"
    shutil.copyfile(seed_index, out)
    shutil.copyfile(cache_path(seed_index), cache_path(out))  # the build cache travels with its index
    return corpus, out


def test_a_page_added_to_an_indexed_folder_is_the_one_new_file_an_incremental_add_considers(seed_index, tmp_path):
    corpus, out = indexed_copy(seed_index, tmp_path)
    page(corpus, "web_0001.html")
    previous = _previous(out)
    assert previous is not None
    change = corpus_change(previous, build_state(corpus, previous["files"]))
    assert change is not None and (change.added, change.removed) == (["web_0001.html"], [])


def test_a_page_added_to_an_indexed_folder_is_indexed_reusing_the_rest_and_answers(seed_index, tmp_path):
    corpus, out = indexed_copy(seed_index, tmp_path)
    page(corpus, "web_0001.html")
    report = build_index(corpus, out)
    assert (report.articles, report.reused, report.problems) == (6, 5, [])
    answer = Engine(out).answer("who Sikorski").to_dict()
    assert "web_0001" in str(answer)

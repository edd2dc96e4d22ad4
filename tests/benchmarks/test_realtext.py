"""The real-text build benchmark: copies of real pages that differ in bytes but read, and index, as their originals."""

import hashlib
import shutil
import sqlite3

import pytest

from benchmarks.realtext import BuildRun, Builds, RealTextRate, build_fresh, copy_marker, copy_pages
from bot.build.clean import clean
from bot.build.corpus import load_corpus
from bot.build.pipeline import build_index
from tests.conftest import SEEDS

PAGES = sorted(SEEDS.glob("*.txt"))[:2]
COPIES = 3 * len(PAGES)


@pytest.fixture
def pages(tmp_path):
    """Two of the seed pages with their sources.yml entries, as a folder of their own."""
    import yaml

    folder = tmp_path / "pages"
    folder.mkdir()
    for page in PAGES:
        shutil.copy(page, folder / page.name)
    entries = [e for e in yaml.safe_load((SEEDS / "sources.yml").read_text(encoding="utf-8"))
               if e["file"] in {p.name for p in PAGES}]
    (folder / "sources.yml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return folder


def _original(copy_name: str) -> str:
    return copy_name.split("_", 1)[1]


def test_copy_markers_are_blank_lines_each_different():
    markers = [copy_marker(n) for n in range(1, 5001)]
    assert len(set(markers)) == len(markers)
    assert all(m and not m.strip() for m in markers)


def test_every_copy_has_bytes_of_its_own(pages, tmp_path):
    copies = copy_pages(pages, tmp_path / "copies", COPIES)
    assert len(copies) == COPIES
    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in copies}
    hashes |= {hashlib.sha256(p.read_bytes()).hexdigest() for p in PAGES}
    assert len(hashes) == COPIES + len(PAGES)


def test_a_copy_reads_as_its_original_with_its_sources_entry(pages, tmp_path):
    copy_pages(pages, tmp_path / "copies", COPIES)
    originals = {a.file: a for a in load_corpus(pages).articles}
    corpus = load_corpus(tmp_path / "copies")
    assert not corpus.problems
    assert len(corpus.articles) == COPIES
    for article in corpus.articles:
        original = originals[_original(article.file)]
        assert clean(article.text).body == clean(original.text).body
        assert (article.meta.title, article.meta.published, article.meta.url) == (
            original.meta.title, original.meta.published, original.meta.url)


def test_copying_again_replaces_the_previous_copies(pages, tmp_path):
    copy_pages(pages, tmp_path / "copies", COPIES)
    copy_pages(pages, tmp_path / "copies", 1)
    assert len(load_corpus(tmp_path / "copies").articles) == 1


def test_every_copy_of_a_page_names_the_same_people_as_the_page(pages, tmp_path):
    folder = tmp_path / "copies"
    copy_pages(pages, folder, COPIES)
    for page in PAGES:  # the originals in the same build, to compare each copy with
        shutil.copy(page, folder / page.name)
    report = build_index(folder, tmp_path / "index.db")
    assert not report.problems
    db = sqlite3.connect(tmp_path / "index.db")
    people: dict[str, set[str]] = {}
    for file, name in db.execute("SELECT ar.file, ac.name FROM actor_articles aa JOIN articles ar ON ar.rowid ="
                                 " aa.article JOIN actors ac ON ac.rowid = aa.actor"):
        people.setdefault(file, set()).add(name)
    for page in PAGES:
        assert people[page.name]
        copies = [f for f in people if f != page.name and _original(f) == page.name]
        assert len(copies) == COPIES // len(PAGES)
        assert all(people[c] == people[page.name] for c in copies)


def test_a_fresh_build_counts_the_articles_and_people_it_indexed(pages, tmp_path):
    run = build_fresh(pages, tmp_path / "index.db")
    assert run.articles == len(PAGES)
    assert run.people > 0
    assert run.seconds > 0


def test_a_fresh_build_that_skips_a_file_is_an_error(pages, tmp_path):
    (pages / "999_empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(RuntimeError, match="expected 3 articles"):
        build_fresh(pages, tmp_path / "index.db")


def test_the_ratio_is_the_real_rate_over_the_generated_rate_over_all_builds():
    real = Builds((BuildRun(100, 5, 2.0, 10.0, 1.0), BuildRun(100, 5, 2.0, 30.0, 3.0)))
    generated = Builds((BuildRun(100, 50, 4.0, 5.0, 2.0), BuildRun(100, 50, 4.0, 15.0, 2.0)))
    rate = RealTextRate(real, generated)
    assert real.rate == pytest.approx(5.0)
    assert rate.ratio == pytest.approx(0.5)
    assert real.kb_rate == pytest.approx(10.0)
    table = rate.table()
    assert "| articles/s | 5.0 | 10.0 | 0.50 |" in table
    assert "| wall per build (s) | 10.0, 30.0 | 5.0, 15.0 |  |" in table

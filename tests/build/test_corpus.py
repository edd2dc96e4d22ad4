"""Reading a corpus: every bad file or entry is named with its reason, the rest is read."""

import codecs
from datetime import date

import pytest

from bot.build.corpus import CorpusError, load_corpus, load_sources

ARTICLE = "Ngoại trưởng Pháp gặp người đồng cấp Ukraine\n\nHai bên thảo luận về viện trợ quân sự.\n"


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def reasons(corpus):
    return {p.file: p.reason for p in corpus.problems}


def test_missing_folder_cannot_be_read(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")


def test_sources_that_is_not_yaml_cannot_be_read(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: a.txt\n  title: [unclosed\n")
    with pytest.raises(CorpusError, match="sources.yml"):
        load_corpus(tmp_path)


def test_sources_that_is_not_a_list_cannot_be_read(tmp_path):
    write(tmp_path, "sources.yml", "file: a.txt\n")
    with pytest.raises(CorpusError, match="list"):
        load_corpus(tmp_path)


def test_file_not_in_sources_takes_its_first_line_as_title(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].meta.title == "Ngoại trưởng Pháp gặp người đồng cấp Ukraine"
    assert corpus.articles[0].id == "a"


def test_file_not_in_sources_takes_its_dateline_as_publication_date(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề bài báo\nHà Linh | 05/03/2024, 10:15\n" + ARTICLE)
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].meta.published == date(2024, 3, 5)


def test_sources_metadata_is_used(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: a.txt\n  title: T\n  outlet: O\n  url: https://x.vn/a\n  published: 2024-03-05\n")
    meta = load_corpus(tmp_path).articles[0].meta
    assert (meta.title, meta.outlet, meta.url, meta.published) == ("T", "O", "https://x.vn/a", date(2024, 3, 5))


def test_empty_file_is_skipped_and_named(tmp_path):
    write(tmp_path, "empty.txt", "  \n")
    write(tmp_path, "a.txt", ARTICLE)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert "empty" in reasons(corpus)["empty.txt"]


def test_binary_file_is_skipped_and_named(tmp_path):
    write(tmp_path, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    corpus = load_corpus(tmp_path)
    assert "binary" in reasons(corpus)["blob.txt"]


def test_non_utf8_file_is_skipped_and_named(tmp_path):
    write(tmp_path, "old.txt", b"H\xf4i \xf0\xe0m t\xe1i Gen\xe8ve")
    corpus = load_corpus(tmp_path)
    assert "UTF-8" in reasons(corpus)["old.txt"]


def test_utf16_with_bom_is_read(tmp_path):
    write(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].text.startswith("Ngoại trưởng")


def test_oversized_file_is_skipped_and_named(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.build.corpus.MAX_ARTICLE_BYTES", 100)
    write(tmp_path, "big.txt", ARTICLE * 10)
    corpus = load_corpus(tmp_path)
    assert "larger" in reasons(corpus)["big.txt"]


def test_unknown_keys_are_reported_and_the_entry_kept(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: a.txt\n  title: T\n  colour: red\n")
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].meta.title == "T"
    assert any("colour" in p.reason for p in corpus.problems)


def test_bad_published_date_is_reported_and_the_dateline_used(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: a.txt\n  published: 2022-02-30\n")
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].meta.published is None
    assert any("published" in p.reason for p in corpus.problems)


def test_duplicate_entries_are_reported_and_the_first_used(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: a.txt\n  title: First\n- file: a.txt\n  title: Second\n")
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].meta.title == "First"
    assert any("duplicate" in p.reason for p in corpus.problems)


def test_entry_for_a_missing_file_is_reported(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sources.yml", "- file: gone.txt\n  title: Gone\n")
    corpus = load_corpus(tmp_path)
    assert any("gone.txt" in p.file for p in corpus.problems)


def test_entry_without_file_key_is_reported(tmp_path):
    write(tmp_path, "sources.yml", "- title: Orphan\n")
    _, problems, _ = load_sources(tmp_path / "sources.yml")
    assert "no 'file'" in problems[0].reason

"""The benchmark corpus generator: deterministic, and articles the pipeline reads as they were generated."""

import hashlib

from benchmarks.generate import generate
from bot.build.corpus import load_corpus


def test_same_seed_same_bytes_and_the_corpus_reader_agrees(tmp_path):
    first = list(generate(20, seed=5, out=tmp_path / "a"))
    again = list(generate(20, seed=5, out=tmp_path / "b"))
    assert [a.text for a in first] == [a.text for a in again]
    assert [a.text for a in generate(3, seed=6)] != [a.text for a in first[:3]]
    corpus = load_corpus(tmp_path / "a")
    assert not corpus.problems
    assert len(corpus.articles) == 20
    for art, raw in zip(first, corpus.articles):
        assert raw.file == art.file
        assert raw.meta.published == art.published
        assert raw.meta.title == art.title
        assert raw.sha256 == hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        assert 450 <= len(art.text.split()) <= 900
        sentences = art.payload()["sentences"]
        for m in art.mentions:
            assert sentences[m["s"]][m["start"] : m["end"]] == m["name"]
        assert art.dates and all(d["text"] in sentences[d["s"]] for d in art.dates)


def test_the_date_formats_the_engine_reads_are_all_there():
    text = "\n".join(a.text for a in generate(20, seed=5))
    for shape in ("ngày 1", "hôm ", "tháng ", "năm 20"):
        assert shape in text
    assert any(c.isdigit() and "." in text for c in text)

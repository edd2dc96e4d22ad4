"""Hostile corpus folders: links that leave the folder, YAML bombs, and files read before their size is checked."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from bot.build.corpus import MAX_ARTICLE_BYTES, MAX_SOURCES_BYTES, CorpusError, load_corpus
from bot.build.pipeline import build_index
from bot.build.state import scan_folder

GOOD = """Đặc phái viên Mỹ tới Moscow

Đặc phái viên Mỹ Steve Witkoff đã gặp Tổng thống Nga Vladimir Putin tại Điện Kremlin ngày 11/2/2025.
"""

BILLION_LAUGHS = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

# A list of entries that are not mappings: each one's repr goes into a problem line.
BOMB_IN_A_MESSAGE = "- &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"- &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)


@pytest.fixture
def folder(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    return corpus


def test_a_symlink_that_leaves_the_corpus_folder_is_skipped_and_named(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["good"]
    assert any(p.file == "passwd.txt" and "outside the corpus folder" in p.reason for p in corpus.problems)


def test_a_symlink_that_leaves_the_folder_is_not_hashed_by_the_scan(folder, tmp_path):
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    files, _ = scan_folder(folder)
    assert "passwd.txt" not in files


def test_a_symlink_to_a_file_inside_the_folder_is_indexed(folder):
    (folder / "zz_alias.txt").symlink_to(folder / "good.txt")
    assert sorted(a.id for a in load_corpus(folder).articles) == ["good", "zz_alias"]


def test_a_billion_laughs_sources_yml_is_refused_at_once(folder):
    (folder / "sources.yml").write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(CorpusError, match="alias"):
        load_corpus(folder)
    assert time.perf_counter() - started < 1.0


def test_an_alias_bomb_never_reaches_a_problem_line(folder):
    (folder / "sources.yml").write_text(BOMB_IN_A_MESSAGE, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder)
    assert len(str(caught.value)) < 500


def test_an_over_size_sources_yml_is_refused_without_parsing_it(folder):
    with open(folder / "sources.yml", "wb") as fh:
        fh.truncate(MAX_SOURCES_BYTES + 1)
    with pytest.raises(CorpusError, match="larger than"):
        load_corpus(folder)


def test_long_values_are_cut_before_they_go_into_a_problem_line(folder):
    (folder / "sources.yml").write_text(f"- {'x' * 100_000}\n- file: good.txt\n  url: javascript:{'k' * 100_000}\n"
                                        f"  published: '{'9' * 100_000}'\n- file: {'g' * 100_000}.txt\n",
                                        encoding="utf-8")
    problems = load_corpus(folder).problems
    assert problems and all(len(str(p)) < 400 for p in problems)


def test_the_scan_checks_the_size_before_reading_a_file(folder, monkeypatch):
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES * 50)
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    files, _ = scan_folder(folder)
    assert not any(p.endswith("huge.txt") for p in opened)
    assert files["huge.txt"][1] == MAX_ARTICLE_BYTES * 50


def test_a_build_with_a_link_out_of_the_folder_does_not_index_its_target(folder, tmp_path):
    (tmp_path / "secret.txt").write_text("Mật khẩu bí mật của máy chủ\n\nroot:x:0:0\n", encoding="utf-8")
    (folder / "zz.txt").symlink_to(tmp_path / "secret.txt")
    out = tmp_path / "index.db"
    report = build_index(folder, out)
    db = sqlite3.connect(out)
    assert [i for (i,) in db.execute("SELECT id FROM articles")] == ["good"]
    assert any(p.file == "zz.txt" for p in report.problems)


def _index_cli(folder: Path, out: Path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "bot", "index", "--seeds", str(folder), "--out", str(out)],
                          cwd=root, capture_output=True, text=True, timeout=300)


def test_a_file_name_with_a_newline_cannot_forge_a_problem_line(folder, tmp_path):
    (folder / "x\nproblem: forged.txt").write_bytes(b"\x00binary")
    (folder / "bidi\u202etxt.exe.txt").write_bytes(b"\x00binary")
    result = _index_cli(folder, tmp_path / "index.db")
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert not any(line.startswith("problem: forged") for line in lines)
    assert "x\\nproblem: forged.txt" in result.stderr and "\u202e" not in result.stderr
    assert "bidi\\u202etxt.exe.txt" in result.stderr


def test_a_file_name_that_is_not_utf8_is_skipped_and_named_without_a_traceback(folder, tmp_path):
    os.close(os.open(os.fsencode(folder) + b"/bad\xff.txt", os.O_CREAT | os.O_WRONLY))
    with open(os.fsencode(folder) + b"/bad\xff.txt", "wb") as fh:
        fh.write(GOOD.encode())
    result = _index_cli(folder, tmp_path / "index.db")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "bad\\xff.txt: skipped: the file name is not valid UTF-8" in result.stderr

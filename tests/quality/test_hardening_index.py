"""Builds that crash, collide or cannot write: the next build leaves one consistent index and nothing
stale beside it, a running reader recovers without a restart, and a build that cannot write says so
in one line (exit 2) with the previous index intact."""

from __future__ import annotations

import fcntl
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import generate
from bot.build.pipeline import build_index
from bot.index.cache import cache_path
from bot.index.reader import IndexUnavailable
from bot.index.writer import IndexWriteError
from bot.serve.engine import Engine

ROOT = Path(__file__).resolve().parents[2]

# Runs `ukraine-bot index` and SIGKILLs it as it starts its KILL_AT-th SQL statement. The add's
# page cache is shrunk so pages spill into the index before COMMIT: a kill then leaves the index
# half-overwritten beside a hot journal, the state a crash inside the commit leaves.
KILLER = """
import os, signal, sqlite3, sys
import bot.index.writer
kill_at, count = int(os.environ["KILL_AT"]), [0]
real_connect = sqlite3.connect
def tick(_sql):
    count[0] += 1
    if count[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
def connect(*args, **kwargs):
    db = real_connect(*args, **kwargs)
    db.set_trace_callback(tick)
    return db
sqlite3.connect = connect
real_init = bot.index.writer.IndexWriter.__init__
def init(self, *args, **kwargs):
    real_init(self, *args, **kwargs)
    self.db.execute("PRAGMA cache_size=2")
bot.index.writer.IndexWriter.__init__ = init
from bot.cli import main
code = main(sys.argv[1:])
with open(os.environ["COUNT_TO"], "w") as fh:
    fh.write(str(count[0]))
sys.exit(code)
"""


def run_index(folder: Path, out: Path, env: dict[str, str] | None = None, code: str | None = None,
              **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "bot"]
    return subprocess.run(
        [*command, "index", "--seeds", str(folder), "--out", str(out)],
        cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300, **kwargs,
    )


def leftovers(out: Path) -> list[str]:
    """What lies beside the index besides the index and its build cache."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, cache_path(out).name))


def copy_index(out: Path, to: Path) -> None:
    """The index and the build cache beside it, as an operator moving an index moves both."""
    shutil.copy(out, to)
    shutil.copy(cache_path(out), cache_path(to))


def integrity(out: Path) -> str:
    db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, Path, str]:
    """A 40-article corpus and its index, and the name of a 41st article that is added in place."""
    root = tmp_path_factory.mktemp("base")
    folder, out = root / "corpus", root / "data" / "index.db"
    list(generate(40, seed=4, out=folder, people=25))
    build_index(folder, out)
    list(generate(3, seed=4, out=root / "extra", start=40, people=25))
    for path in sorted((root / "extra").glob("*.txt")):
        trial = root / "trial"
        shutil.rmtree(trial, ignore_errors=True)
        shutil.copytree(root, trial, ignore=shutil.ignore_patterns("trial", "extra"))
        shutil.copy(path, trial / "corpus" / path.name)
        inode = (trial / "data" / "index.db").stat().st_ino
        build_index(trial / "corpus", trial / "data" / "index.db")
        if (trial / "data" / "index.db").stat().st_ino == inode:
            shutil.copy(path, root / path.name)
            return folder, out, path.name
    raise AssertionError("no generated article is added in place")


@pytest.fixture
def copy(base, tmp_path) -> tuple[Path, Path, Path]:
    """A fresh copy of the base corpus and index, and the extra article to add."""
    folder, out, extra = base
    shutil.copytree(folder, tmp_path / "corpus")
    (tmp_path / "data").mkdir()
    copy_index(out, tmp_path / "data" / "index.db")
    return tmp_path / "corpus", tmp_path / "data" / "index.db", base[1].parent.parent / extra


def statements_in_an_add(copy, tmp_path) -> int:
    folder, out, extra = copy
    shutil.copy(extra, folder / extra.name)
    result = run_index(folder, out, {"KILL_AT": "0", "COUNT_TO": str(tmp_path / "count")}, KILLER)
    assert result.returncode == 0, result.stderr
    return int((tmp_path / "count").read_text())


def test_a_build_killed_at_any_statement_of_an_add_is_repaired_by_the_next_build(base, tmp_path):
    """Kill points spread over the add, including late ones where the index is half-overwritten."""
    folder, out, extra = base
    probe = tmp_path / "probe"
    probe.mkdir()
    shutil.copytree(folder, probe / "corpus")
    (probe / "data").mkdir()
    copy_index(out, probe / "data" / "index.db")
    total = statements_in_an_add((probe / "corpus", probe / "data" / "index.db", out.parent.parent / extra), probe)
    points = sorted({1, 5, 20, total // 4, total // 2, (3 * total) // 4, total - 20, total - 3, total - 1})
    hot_journals = 0
    for n in points:
        run = tmp_path / f"kill{n}"
        shutil.copytree(folder, run / "corpus")
        (run / "data").mkdir()
        index = run / "data" / "index.db"
        copy_index(out, index)
        reader = Engine(index)
        shutil.copy(out.parent.parent / extra, run / "corpus" / extra)
        killed = run_index(run / "corpus", index, {"KILL_AT": str(n), "COUNT_TO": str(run / "count")}, KILLER)
        assert killed.returncode == -signal.SIGKILL, (n, killed.stderr)
        hot_journals += (index.parent / "index.db-journal").exists()
        try:  # the bot keeps taking queries meanwhile; while the journal is hot they may fail
            reader.answer("on 2022")
        except IndexUnavailable:
            pass
        again = run_index(run / "corpus", index)
        assert again.returncode == 0, (n, again.stderr)
        assert leftovers(index) == [], n
        assert integrity(index) == "ok", n
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 41, n
        db.close()
        assert reader.answer("on 2022").error is None, n  # the bot that was running before the crash
    assert hot_journals >= 3, "the kill points should include adds that left a hot journal"


def test_a_second_build_while_one_holds_the_index_is_refused_in_one_line(copy):
    folder, out, extra = copy
    shutil.copy(extra, folder / extra.name)
    before = out.read_bytes()
    fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)  # as a running build holds it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run_index(folder, out)
    finally:
        os.close(fd)
    assert result.returncode == 2
    assert "another `ukraine-bot index` is writing" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == before


def test_stale_temporary_files_of_a_killed_build_are_removed_by_the_next(copy):
    folder, out, _ = copy
    stale = out.with_name("index.db.abc123.tmp")
    stale.write_bytes(b"half a database")
    build_index(folder, out)
    assert not stale.exists()


def test_an_out_path_that_is_a_folder_is_one_line_and_exit_2(copy, tmp_path):
    folder, _, _ = copy
    target = tmp_path / "a-folder"
    target.mkdir()
    result = run_index(folder, target)
    assert result.returncode == 2 and "is a folder" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(IndexWriteError):
        build_index(folder, target)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_index_folder_is_one_line_and_exit_2(copy):
    folder, out, extra = copy
    (folder / "zzzz.txt").write_text((folder / extra.name).read_text() if (folder / extra.name).exists()
                                     else extra.read_text(), encoding="utf-8")
    before = out.read_bytes()
    out.parent.chmod(0o555)
    try:
        result = run_index(folder, out)
    finally:
        out.parent.chmod(0o755)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert out.read_bytes() == before


def _small_file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG, as on a full disk


@pytest.mark.parametrize("change", ["an article added in place", "sources.yml changed: a rewrite"])
def test_a_full_disk_during_a_rebuild_is_one_line_and_exit_2_with_the_old_index_intact(copy, change):
    from bot.index.reader import open_index

    folder, out, _ = copy
    (folder / "000_new_first.txt").write_text(
        "Tin mới\n\nNgoại trưởng Nga Sergei Lavrov gặp Ngoại trưởng Mỹ Marco Rubio ngày 18/2/2025.\n", encoding="utf-8")
    if "sources.yml" in change:
        with (folder / "sources.yml").open("a", encoding="utf-8") as fh:
            fh.write("\n# checked\n")
    before = out.read_bytes()
    result = run_index(folder, out, preexec_fn=_small_file_limit)
    assert result.returncode == 2, result.stderr
    assert "could not write" in result.stderr and "Traceback" not in result.stderr
    # What serving does first: a change whose commit failed half-way, and that the full disk kept from
    # undoing itself, is rolled back by the next open.
    open_index(out).close()
    assert out.read_bytes() == before
    # The build cache may keep a journal its own rollback could not write: only builds read the cache,
    # and each first rolls it back, as the next one here does.
    assert [n for n in leftovers(out) if n != cache_path(out).name + "-journal"] == []
    assert run_index(folder, out).returncode == 0
    assert leftovers(out) == []


def test_an_index_with_a_hostile_trigger_is_not_built_upon_but_replaced(copy):
    folder, out, extra = copy
    with sqlite3.connect(out) as db:
        db.execute("CREATE TRIGGER t AFTER INSERT ON articles BEGIN SELECT RAISE(ABORT, 'hostile'); END")
    shutil.copy(extra, folder / extra.name)
    result = run_index(folder, out)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 41


def test_a_query_that_never_ends_on_a_hostile_index_is_stopped_with_a_clear_error(tmp_path):
    """A file with the right version whose `articles` is an endless view: open_index must not hang."""
    import time

    from bot.index.reader import IndexUnavailable, open_index
    from bot.index.schema import SCHEMA_VERSION

    path = tmp_path / "hostile.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE VIEW articles AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
                   " SELECT x AS id FROM c")
        db.execute("CREATE VIRTUAL TABLE sentences_fts USING fts5(folded, content='')")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    started = time.perf_counter()
    with pytest.raises(IndexUnavailable, match="step budget"):
        open_index(path)
    assert time.perf_counter() - started < 30


# Runs a full build with the build cache committed every 5 articles and SIGKILLs it as the 20th
# article is taken in: the cache then holds work that no index has received.
KILL_MID_BUILD = """
import os, signal, sys
from bot.build import pipeline
pipeline.CACHE_COMMIT_EVERY = 5
def progress(done, total):
    if done == 20:
        os.kill(os.getpid(), signal.SIGKILL)
pipeline.build_index(sys.argv[1], sys.argv[2], progress=progress, workers=1)
"""


def test_a_full_build_killed_half_way_leaves_the_previous_index_and_the_next_build_reuses_its_work(base, tmp_path):
    folder, out, _ = base
    index = tmp_path / "data" / "index.db"
    index.parent.mkdir()
    shutil.copy(out, index)  # the previous index, without its cache: every article is analysed anew
    with sqlite3.connect(index) as db:  # and built from something else: the next build rewrites it all
        db.execute("UPDATE meta SET value = '\"\"' WHERE key = 'fingerprint'")
    before = index.read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILL_MID_BUILD, str(folder), str(index)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert index.read_bytes() == before
    again = run_index(folder, index)
    assert again.returncode == 0, again.stderr
    reused = int(re.search(r"\((\d+) reused\)", again.stdout)[1])
    assert reused >= 15 and leftovers(index) == []  # the work committed before the kill
    assert integrity(index) == "ok" and integrity(cache_path(index)) == "ok"
    fresh = tmp_path / "fresh" / "index.db"
    build_index(folder, fresh, workers=1)
    for table in ("articles", "actors", "actor_articles", "dates", "events", "event_articles"):
        rows = []
        for path in (index, fresh):
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows.append(db.execute(f"SELECT * FROM {table}").fetchall())
            db.close()
        assert rows[0] == rows[1], table

"""Re-indexing while serving: queries in threads never fail or see a half-written or mixed index, and a
rebuilt index (a new person in it) is answered from without a restart."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest

from bot.build.corpus import CorpusError
from bot.build.pipeline import build_index
from bot.serve.engine import Engine
from bot.shared.text import fold

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SULLIVAN = "000_4ae53418e66acca5"
GENEVA = "004_04ef1faf11f1ddc1"
# Sorts before every seed file, so adding it shifts every article's and most people's row ids.
EXTRA = "0000_witkoff.txt"
EXTRA_TEXT = """Đặc phái viên Mỹ tới Moscow

Đặc phái viên Mỹ Steve Witkoff đã gặp Tổng thống Nga Vladimir Putin tại Điện Kremlin ngày 11/2/2025.

Ông Witkoff nói cuộc gặp kéo dài hơn ba giờ và diễn ra trong bầu không khí xây dựng tại Genève.
"""
QUERIES = ["who Sullivan", "who Witkoff", "who Putin", "on 2022-01-21", "on 2025-02-11", "Genève", "ai là Lavrov",
           "who Sulivan", "who ngoại trưởng Nga", "on 2022", "help"]


def contents(path: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Titles and sentences per article id, read straight from an index file."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        titles = dict(db.execute("SELECT id, title FROM articles"))
        sentences: dict[str, list[str]] = {}
        for aid, text in db.execute(
            "SELECT a.id, s.text FROM sentences s JOIN articles a ON a.rowid = s.article ORDER BY s.article, s.idx"
        ):
            sentences.setdefault(aid, []).append(text)
        return titles, sentences
    finally:
        db.close()


@pytest.fixture
def setup(tmp_path):
    """A corpus folder, its index, and what the index holds with and without the extra article."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    out = tmp_path / "data" / "index.db"
    (folder / EXTRA).write_text(EXTRA_TEXT, encoding="utf-8")
    report = build_index(folder, out)
    assert not report.problems
    with_extra = contents(out)
    (folder / EXTRA).unlink()
    build_index(folder, out)
    without = contents(out)
    assert Path(EXTRA).stem in with_extra[0] and Path(EXTRA).stem not in without[0]
    return folder, out, with_extra


def toggle_extra(folder: Path, present: bool) -> None:
    if present:
        (folder / EXTRA).write_text(EXTRA_TEXT, encoding="utf-8")
    else:
        (folder / EXTRA).unlink(missing_ok=True)


def consistency_problems(query: str, answer, titles: dict[str, str], sentences: dict[str, list[str]]) -> list[str]:
    """What an answer from a whole, single index could not contain."""
    problems = []
    extra_id = Path(EXTRA).stem
    for hit in answer.articles:
        if titles.get(hit.id) != hit.title:
            problems.append(f"{query}: article {hit.id} titled {hit.title!r}")
        for ev in hit.evidence:
            if ev.text not in sentences.get(hit.id, []):
                problems.append(f"{query}: evidence {ev.text[:60]!r} is not a sentence of {hit.id}")
    ids = [h.id for h in answer.articles]
    if query == "who Sullivan" and (answer.actor is None or answer.actor.name != "Jake Sullivan" or ids != [SULLIVAN]):
        problems.append(f"{query}: {answer.actor} {ids}")
    if query == "who Sullivan" and not all("Sullivan" in ev.text for h in answer.articles for ev in h.evidence):
        problems.append(f"{query}: evidence without the name")
    if query == "who Witkoff" and not (
        (answer.actor is None and answer.error == "no_actor")
        or (answer.actor.name == "Steve Witkoff" and ids == [extra_id])
    ):
        problems.append(f"{query}: {answer.actor} {ids}")
    if query == "who Putin":
        seeds = {t for t in titles if t != extra_id}
        if answer.actor is None or answer.actor.name != "Vladimir Putin" or set(ids) not in (seeds, seeds | {extra_id}):
            problems.append(f"{query}: {answer.actor} {ids}")
    if query == "on 2022-01-21" and GENEVA not in ids:
        problems.append(f"{query}: {ids}")
    if query == "Genève":
        if not ids or not all("geneve" in fold(ev.text) for h in answer.articles for ev in h.evidence):
            problems.append(f"{query}: {ids}")
    if query != "help" and answer.error not in (None, "no_actor", "no_results"):
        problems.append(f"{query}: error {answer.error}")
    return problems


def test_the_index_file_is_always_whole_during_rebuilds(setup):
    """Readers opening the file at any moment get the old index or the new one, complete."""
    from bot.index.schema import SCHEMA_VERSION

    folder, out, _ = setup
    stop = threading.Event()
    seen: list[tuple[str, int, int]] = []
    errors: list[str] = []

    def snapshot() -> None:
        while not stop.is_set():
            try:
                db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
                try:
                    check = db.execute("PRAGMA quick_check").fetchone()[0]
                    version = db.execute("PRAGMA user_version").fetchone()[0]
                    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
                    seen.append((check, version, articles))
                finally:
                    db.close()
            except sqlite3.Error as exc:
                errors.append(repr(exc))

    readers = [threading.Thread(target=snapshot, daemon=True) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        for present in (True, False, True, False, True):
            toggle_extra(folder, present)
            build_index(folder, out)
            time.sleep(0.05)
    finally:
        stop.set()
        for t in readers:
            t.join(30)
    assert errors == []
    assert len(seen) > 20
    assert {c for c, _, _ in seen} == {"ok"} and {v for _, v, _ in seen} == {SCHEMA_VERSION}
    assert {n for _, _, n in seen} <= {5, 6}
    assert not list(out.parent.glob("*.tmp"))


def test_an_answer_never_mixes_two_indexes(setup):
    """Another thread reloads a rebuilt index in the middle of an answer: the answer still reads one index."""
    folder, out, (titles, sentences) = setup
    engine = Engine(out)
    original_db = engine.session.db
    state = {"calls": 0, "at": 0}

    lock = engine.session.lock

    def db_with_a_reload_in_between():
        state["calls"] += 1
        if state["calls"] >= state["at"] > 0:
            if lock is not None and lock.locked():
                return original_db()  # the engine is mid-reload itself: a real reload would wait; try later
            state["at"] = 0
            toggle_extra(folder, True)
            # The build runs beside the answer, as another process would: a rewrite renames its new file
            # over the old one at once; a change made in place commits once this answer's read ends.
            builder = threading.Thread(target=build_in_background, daemon=True)
            builder.start()
            builder.join(5)
            state["builder"] = builder
            other = threading.Thread(target=engine.reload_if_changed, daemon=True)
            other.start()
            other.join(10)
            assert not other.is_alive(), "reload_if_changed blocked"
        return original_db()

    build_errors: list[str] = []

    def build_in_background() -> None:
        try:
            build_index(folder, out)
        except Exception as exc:  # noqa: BLE001 - reported below
            build_errors.append(f"{type(exc).__name__}: {exc}")

    engine.session.db = db_with_a_reload_in_between  # type: ignore[method-assign]
    problems = []
    for query in ["on 2022-01-21", "on 2022", "who Sullivan", "who Sulivan", "who Putin", "Genève"]:
        for at in range(2, 6):
            toggle_extra(folder, False)
            build_index(folder, out)
            engine.reload_if_changed()
            state.update(calls=0, at=at)
            try:
                answer = engine.answer(query)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{query} (reload before _db call {at}): {type(exc).__name__}: {exc}")
                continue
            finally:
                builder = state.pop("builder", None)
                if builder is not None:
                    builder.join(60)
                    assert not builder.is_alive(), "the build waited for ever on the answer"
            problems += [f"{p} (reload before _db call {at})" for p in consistency_problems(query, answer, titles, sentences)]
    assert problems == [] and build_errors == [], "\n".join(problems + build_errors)


def test_queries_in_threads_never_fail_while_the_index_is_rebuilt(setup):
    folder, out, (titles, sentences) = setup
    engine = Engine(out)
    stop = threading.Event()
    errors: list[str] = []
    problems: list[str] = []
    served = [0] * 4

    def serve(n: int) -> None:
        i = n
        while not stop.is_set():
            query = QUERIES[i % len(QUERIES)]
            i += 1
            try:
                answer = engine.answer(query)
            except BaseException:  # noqa: BLE001 - any failure is the finding
                errors.append(f"{query}: {traceback.format_exc()}")
                continue
            problems.extend(consistency_problems(query, answer, titles, sentences))
            served[n] += 1

    threads = [threading.Thread(target=serve, args=(n,), daemon=True) for n in range(4)]
    for t in threads:
        t.start()
    rebuilds = 0
    try:
        for present in (True, False, True, False, True, False, True):
            time.sleep(0.15)
            toggle_extra(folder, present)
            report = build_index(folder, out)
            assert not report.problems and report.articles == 5 + present
            rebuilds += 1
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert errors == [], errors[:3]
    assert problems == [], problems[:10]
    assert rebuilds == 7 and all(n > 10 for n in served), served
    assert not list(out.parent.glob("*.tmp"))
    # The last build has the extra article: the running engine answers from it.
    answer = engine.answer("who Witkoff")
    assert answer.actor is not None and answer.actor.name == "Steve Witkoff"
    assert [a.id for a in answer.articles] == [Path(EXTRA).stem]


def test_reload_if_changed_picks_up_a_new_person_without_a_restart(setup):
    folder, out, _ = setup
    engine = Engine(out)
    assert engine.answer("who Witkoff").actor is None
    assert engine.reload_if_changed() is False  # nothing changed yet
    toggle_extra(folder, True)
    build_index(folder, out)
    assert engine.reload_if_changed() is True
    answer = engine.answer("who Witkoff")
    assert answer.actor.name == "Steve Witkoff"
    assert engine.answer("on 2025-02-11").articles[0].id == Path(EXTRA).stem
    assert len(engine.answer("who Putin").articles) == 6


def test_a_rebuild_by_the_cli_is_picked_up_by_a_running_engine(setup):
    folder, out, _ = setup
    engine = Engine(out)
    assert engine.answer("who Witkoff").actor is None
    toggle_extra(folder, True)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "index", "--seeds", str(folder), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_"))},
             "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert engine.answer("who Witkoff").actor.name == "Steve Witkoff"


def test_the_watcher_reloads_a_rebuilt_index(setup, caplog):
    from bot.app import _watch_index

    folder, out, _ = setup
    engine = Engine(out)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_index, args=(engine, stop, 0.05), daemon=True)
    caplog.set_level(logging.INFO, logger="ukraine_bot")
    watcher.start()
    try:
        toggle_extra(folder, True)
        build_index(folder, out)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "index reloaded" not in caplog.text:
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(5)
    assert "index reloaded" in caplog.text
    assert engine.reload_if_changed() is False  # the watcher already did it
    assert engine.answer("who Witkoff").actor.name == "Steve Witkoff"


def test_a_rebuild_that_cannot_run_leaves_the_engine_serving_the_old_index(setup):
    folder, out, _ = setup
    engine = Engine(out)
    before = engine.answer("who Sullivan")
    (folder / "sources.yml").write_text("- file: [broken\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        build_index(folder, out)
    assert engine.reload_if_changed() is False
    assert engine.answer("who Sullivan").to_dict() == before.to_dict()

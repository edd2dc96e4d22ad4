"""A bad index file: `ukraine-bot ask` says to run `ukraine-bot index` (no traceback, non-zero exit),
a missing one is built, and in Slack the user gets a short apology, never silence or a traceback."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.index.reader import IndexUnavailable
from bot.index.schema import SCHEMA_VERSION
from bot.render.blocks import more_value
from bot.render.labels import labels
from bot.serve.engine import Engine
from bot.slack.delivery import answer_command, answer_in_thread, show_more
from bot.slack.services import Services

ROOT = Path(__file__).resolve().parents[2]


# -- ways an index goes bad -------------------------------------------------------------


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(path.stat().st_size))


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _set_version(path: Path, version: int) -> None:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={version}")
    db.commit()
    db.close()


def old_schema(path: Path) -> None:
    _set_version(path, SCHEMA_VERSION - 1)


def newer_schema(path: Path) -> None:
    _set_version(path, SCHEMA_VERSION + 1)


def not_an_index(path: Path) -> None:
    """A valid SQLite file with the right version number and none of the tables."""
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes(x)")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.commit()
    db.close()


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def damaged_page(path: Path) -> None:
    """The sentences table's root page overwritten: the file opens and passes the start-up checks."""
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sentences'").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


OPEN_FAULTS = [random_bytes, truncated, header_only, zero_bytes, old_schema, newer_schema, not_an_index, a_folder]


@pytest.fixture
def index(seed_index, tmp_path) -> Path:
    path = tmp_path / "data" / "index.db"
    path.parent.mkdir()
    shutil.copy2(seed_index, path)
    return path


def spoil(path: Path, fault) -> None:
    """Apply `fault` to a copy and swap it in atomically, as a botched copy or restore would."""
    if fault in (a_folder,):
        fault(path)
        return
    tmp = path.with_name("spoiled.db")
    shutil.copy2(path, tmp)
    fault(tmp)
    os.replace(tmp, path)


# -- the engine ---------------------------------------------------------------------------


@pytest.mark.parametrize("fault", OPEN_FAULTS, ids=lambda f: f.__name__)
def test_engine_refuses_a_bad_index_with_a_clear_reason(index, fault):
    spoil(index, fault)
    with pytest.raises(IndexUnavailable, match="ukraine-bot index"):
        Engine(index)


def test_engine_refuses_a_missing_index(tmp_path):
    with pytest.raises(IndexUnavailable, match="ukraine-bot index"):
        Engine(tmp_path / "nothing.db")


@pytest.mark.parametrize("fault", OPEN_FAULTS, ids=lambda f: f.__name__)
def test_a_bad_index_swapped_in_while_serving_is_refused_not_half_read(index, fault):
    engine = Engine(index)
    assert engine.answer("who Sullivan").actor.name == "Jake Sullivan"
    spoil(index, fault)
    with pytest.raises(IndexUnavailable):
        engine.answer("who Sullivan")


@pytest.mark.parametrize("query", ["who Sullivan", "on 2022-01-21", "Genève"])
def test_damage_found_while_answering_is_reported_as_an_unavailable_index(index, query):
    spoil(index, damaged_page)
    engine = Engine(index)  # opens: the damage is past the pages the start-up checks read
    with pytest.raises(IndexUnavailable):
        engine.answer(query)


# -- the command line ---------------------------------------------------------------------


def ask(*args: str, index: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_"))}
    environ.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", *args, "--index", str(index)],
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=environ, cwd=ROOT, timeout=120,
    )


def says_run_index(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode != 0
    assert "run `ukraine-bot index`" in result.stderr
    assert result.stderr.startswith("ukraine-bot ask: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one clear line


@pytest.mark.parametrize("fault", OPEN_FAULTS + [damaged_page], ids=lambda f: f.__name__)
def test_ask_on_a_bad_index_says_to_run_index(index, fault):
    before = None
    spoil(index, fault)
    if index.is_file():
        before = index.read_bytes()
    result = ask("who Sullivan", "--json", index=index)
    says_run_index(result)
    assert result.returncode == 2
    assert result.stdout == ""
    if before is not None:
        assert index.read_bytes() == before  # ask never "repairs" or rewrites a file it cannot read


def test_ask_names_the_schema_versions(index):
    spoil(index, old_schema)
    result = ask("who Sullivan", index=index)
    assert f"schema version {SCHEMA_VERSION - 1}" in result.stderr and f"reads {SCHEMA_VERSION}" in result.stderr


def test_ask_reading_stdin_from_a_damaged_index_answers_every_line_with_the_reason(index):
    import json

    spoil(index, damaged_page)
    result = ask(index=index, stdin="who Sullivan\nhelp\non 2022-01-21\n")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["query"] for o in objects] == ["who Sullivan", "help", "on 2022-01-21"]
    assert objects[0]["error"] == "index_unavailable" and "ukraine-bot index" in objects[0]["detail"]
    assert objects[1]["intent"] == "help"  # help needs no index


def test_ask_builds_a_missing_index(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    index = tmp_path / "missing" / "index.db"
    result = ask("who Sullivan", index=index, UKRAINE_BOT_SEEDS=str(seeds))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Jake Sullivan")
    assert index.is_file() and Engine(index).answer("who Lavrov").actor.name == "Sergei Lavrov"


def test_run_on_a_bad_index_says_to_run_index(index):
    spoil(index, random_bytes)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_"))}
    environ.update(PYTHONPATH=str(ROOT), UKRAINE_BOT_INDEX=str(index))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], input="", capture_output=True, text=True, env=environ, cwd=ROOT,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2
    assert "ukraine-bot run:" in result.stderr and "run `ukraine-bot index`" in result.stderr


# -- the Slack path -----------------------------------------------------------------------


class RecordingClient:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []

    def chat_postMessage(self, **kwargs):  # noqa: N802 - Slack's name
        self.calls.append(("chat.postMessage", kwargs))
        return {"ok": True, "ts": "1700000000.000200"}

    def chat_update(self, **kwargs):
        self.calls.append(("chat.update", kwargs))
        return {"ok": True}


class Responder:
    def __init__(self):
        self.calls: list[dict] = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)


def apologies(lang: str) -> set[str]:
    L = labels(lang)
    return {L["index_unavailable"], L["internal_error"]}


def assert_short_apology(message: dict, lang: str, reason: str | None = "index_unavailable") -> None:
    text = message["text"]
    assert text in apologies(lang), text
    if reason:
        assert text == labels(lang)[reason]
    assert len(text) < 200 and "Traceback" not in text and "sqlite" not in text.lower()
    assert [b["text"]["text"] for b in message["blocks"]] == [text]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("fault", OPEN_FAULTS, ids=lambda f: f.__name__)
def test_slack_users_get_a_short_apology_for_a_bad_index(index, fault, lang):
    services = Services(engine=Engine(index), language=lang)
    spoil(index, fault)

    client = RecordingClient()
    answer_in_thread(services, client, "C1", "1700000000.000100", "who Sullivan", "mention")
    assert len(client.calls) == 1
    method, posted = client.calls[0]
    assert method == "chat.postMessage" and posted["thread_ts"] == "1700000000.000100" and posted["channel"] == "C1"
    assert_short_apology(posted, lang)

    client, respond = RecordingClient(), Responder()
    answer_command(services, client, respond, "C1", "ai là Lavrov")
    assert client.calls == []  # nothing in the channel
    assert len(respond.calls) == 1 and respond.calls[0]["response_type"] == "ephemeral"
    assert_short_apology(respond.calls[0], lang)

    client, respond = RecordingClient(), Responder()
    body = {"channel": {"id": "C1"}, "container": {"channel_id": "C1"},
            "message": {"ts": "1700000000.000300", "text": "x", "blocks": []}}
    show_more(services, client, respond, body, more_value("who Putin", 1))
    assert client.calls == []
    assert len(respond.calls) == 1
    assert_short_apology(respond.calls[0], lang)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_slack_users_get_an_apology_for_damage_found_while_answering(index, lang):
    spoil(index, damaged_page)
    services = Services(engine=Engine(index), language=lang)
    client = RecordingClient()
    answer_in_thread(services, client, "D1", "1700000000.000100", "who Sullivan", "dm")
    assert len(client.calls) == 1
    assert_short_apology(client.calls[0][1], lang)


def test_slack_users_get_an_apology_when_the_index_file_is_deleted_while_serving(index):
    engine = Engine(index)
    services = Services(engine=engine, language="en")
    index.unlink()
    client = RecordingClient()
    import threading

    # A thread that had no connection yet must open the file, which is gone.
    worker = threading.Thread(
        target=answer_in_thread, args=(services, client, "C1", "1700000000.000100", "who Sullivan", "mention")
    )
    worker.start()
    worker.join(30)
    assert len(client.calls) == 1
    text = client.calls[0][1]["text"]
    assert text == labels("en")["index_unavailable"] or text.startswith("Jake Sullivan")

"""The `ukraine-bot` command as a user runs it: `python -m bot` in a subprocess, on temporary paths only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SUMMARY = re.compile(
    r"^Indexed (?P<articles>\d+) articles, (?P<people>\d+) people, (?P<dated>\d+) dated mentions"
    r" in (?P<seconds>\d+(?:\.\d+)?) s\b.*→ (?P<out>.+?)(?:; (?P<problems>\d+) problem\(s\))?$"
)


def cli_env(**extra: str | os.PathLike) -> dict[str, str]:
    """The caller's environment without Slack tokens or bot settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_", "PUBLIC_URL"))}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=env or cli_env(), cwd=cwd or ROOT,
        timeout=timeout,
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def fingerprint(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.tmp"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed corpus indexed once through the CLI; the run's result and the index path."""
    out = tmp_path_factory.mktemp("cli") / "index.db"
    result = run_cli("index", "--seeds", str(SEEDS), "--out", str(out))
    return result, out


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def previous(built, tmp_path) -> Path:
    """A good index from an earlier build, at a path a failing build will be pointed at."""
    out = tmp_path / "out" / "index.db"
    out.parent.mkdir()
    shutil.copy2(built[1], out)
    return out


# -- index ------------------------------------------------------------------------------


def test_index_exits_0_and_prints_one_summary_line(built):
    result, out = built
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    m = SUMMARY.match(lines[0])
    assert m, lines[0]
    assert int(m["articles"]) == 5
    assert int(m["people"]) > 5
    assert int(m["dated"]) > 5
    assert float(m["seconds"]) >= 0
    assert m["problems"] is None
    assert Path(m["out"]) == out and out.exists()
    assert not leftovers(out.parent)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_index_on_a_scheduler_that_does_not_answer_is_one_line_exit_2_and_leaves_the_previous_index(seeds, previous):
    before = fingerprint(previous)
    result = run_cli("index", "--seeds", str(seeds), "--out", str(previous), "--scheduler", f"tcp://127.0.0.1:{_free_port()}")
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "could not reach the Dask scheduler" in result.stderr, result.stderr
    assert fingerprint(previous) == before


def test_index_on_a_dask_scheduler_builds_the_index_a_local_build_does(seeds, tmp_path):
    distributed = pytest.importorskip("distributed")
    from tests.build.test_stream import assert_same_tables

    local = tmp_path / "local.db"
    assert run_cli("index", "--seeds", str(seeds), "--out", str(local), "--workers", "1").returncode == 0
    # A scheduler on a TCP port and one worker, as `dask scheduler` and `dask worker` would run them; the
    # worker runs here, so it has this package (a cluster's workers need it) but not the corpus folder.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        out = tmp_path / "cluster.db"
        result = run_cli("index", "--seeds", str(seeds), "--out", str(out), "--scheduler", cluster.scheduler_address)
        on_cluster = [name for name in cluster.scheduler.task_prefixes if "analyse" in name]
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert on_cluster  # the articles were analysed by the cluster's worker, not by the command itself
    assert_same_tables(local, out)


def test_index_on_a_scheduler_without_distributed_installed_says_how_to_install_it(seeds, tmp_path):
    missing = tmp_path / "site"
    (missing / "distributed").mkdir(parents=True)
    (missing / "distributed" / "__init__.py").write_text("raise ImportError('No module named distributed')\n")
    env = cli_env()
    env["PYTHONPATH"] = f"{missing}{os.pathsep}{env['PYTHONPATH']}"
    result = run_cli("index", "--seeds", str(seeds), "--out", str(tmp_path / "index.db"),
                     "--scheduler", "tcp://127.0.0.1:8786", env=env)
    no_traceback(result)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "pip install 'ukraine-bot[cluster]'" in result.stderr
    assert not (tmp_path / "index.db").exists()


@pytest.mark.parametrize("workers", ["0", "-1", "many"])
def test_index_refuses_a_number_of_workers_below_one(seeds, tmp_path, workers):
    result = run_cli("index", "--seeds", str(seeds), "--out", str(tmp_path / "index.db"), "--workers", workers)
    assert result.returncode == 2 and "is not a number of processes" in result.stderr
    assert not (tmp_path / "index.db").exists()


def test_index_with_one_worker_builds_the_same_index_in_its_own_process(built, tmp_path):
    import sqlite3

    out = tmp_path / "index.db"
    result = run_cli("index", "--seeds", str(SEEDS), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    rows = []
    for path in (built[1], out):
        with sqlite3.connect(path) as db:
            rows.append([db.execute(f"SELECT * FROM {t}").fetchall() for t in ("articles", "actors", "events")])
    assert rows[0] == rows[1]


def test_index_uses_the_settings_paths_by_default(seeds, tmp_path):
    out = tmp_path / "data" / "index.db"
    result = run_cli("index", env=cli_env(UKRAINE_BOT_SEEDS=seeds, UKRAINE_BOT_INDEX=out))
    assert result.returncode == 0, result.stderr
    assert out.exists() and str(out) in result.stdout


def test_missing_folder_fails_names_it_and_leaves_the_previous_index(previous, tmp_path):
    before = fingerprint(previous)
    missing = tmp_path / "no-such-folder"
    result = run_cli("index", "--seeds", str(missing), "--out", str(previous))
    no_traceback(result)
    assert result.returncode == 2
    assert str(missing) in result.stderr and "not found" in result.stderr
    assert "previous index is unchanged" in result.stderr
    assert result.stdout == ""
    assert fingerprint(previous) == before
    assert not leftovers(previous.parent)


def test_missing_folder_with_no_previous_index_writes_nothing(tmp_path):
    out = tmp_path / "out" / "index.db"
    result = run_cli("index", "--seeds", str(tmp_path / "nope"), "--out", str(out))
    assert result.returncode == 2
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


@pytest.mark.parametrize(
    "content",
    [
        "- file: 000_4ae53418e66acca5.txt\n  title: [unclosed\n",  # not YAML
        "file: a.txt\ntitle: a mapping, not a list\n",  # YAML, but not a list of entries
        b"- file: a.txt\n  title: H\xf4i \xf0\xe0m\n",  # not UTF-8
    ],
    ids=["not-yaml", "not-a-list", "not-utf8"],
)
def test_unreadable_sources_yml_fails_and_leaves_the_previous_index(seeds, previous, content):
    path = seeds / "sources.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = fingerprint(previous)
    result = run_cli("index", "--seeds", str(seeds), "--out", str(previous))
    no_traceback(result)
    assert result.returncode == 2
    assert "sources.yml" in result.stderr
    assert "Nothing was written" in result.stderr
    assert fingerprint(previous) == before
    assert not leftovers(previous.parent)


def test_a_bad_file_is_named_with_its_reason_and_the_rest_indexed(seeds, tmp_path):
    (seeds / "zz_bad.txt").write_bytes(b"H\xf4i \xf0\xe0m t\xe1i Gen\xe8ve")  # cp1258, not UTF-8
    out = tmp_path / "index.db"
    result = run_cli("index", "--seeds", str(seeds), "--out", str(out))
    no_traceback(result)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1
    assert "zz_bad.txt" in problems[0] and "not UTF-8" in problems[0]
    m = SUMMARY.match(result.stdout.strip())
    assert m and int(m["articles"]) == 5 and m["problems"] == "1"
    answer = json.loads(run_cli("ask", "who Sullivan", "--json", "--index", str(out)).stdout)
    assert answer["actor"]["name"] == "Jake Sullivan"


# -- ask --------------------------------------------------------------------------------


def ask_json(index: Path, *query: str) -> dict:
    result = run_cli("ask", *query, "--json", "--index", str(index))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, "one JSON object on one line"
    return json.loads(lines[0])


def test_ask_who_json_has_every_field(built):
    data = ask_json(built[1], "who Sullivan")
    assert {"query", "intent", "actor", "candidates", "date", "nearest", "articles", "text"} <= set(data)
    assert data["query"] == "who Sullivan"
    assert data["intent"] == "who"
    actor = data["actor"]
    assert {"name", "role", "aliases", "score"} <= set(actor)
    assert actor["name"] == "Jake Sullivan"
    assert actor["role"] and "Sullivan" in actor["aliases"]
    assert isinstance(actor["score"], (int, float)) and actor["score"] >= 86
    assert data["candidates"] == [] and data["date"] is None and data["nearest"] == []
    assert [a["id"][:3] for a in data["articles"]] == ["000"]
    for article in data["articles"]:
        assert {"id", "title", "url", "outlet", "published", "summary", "evidence"} <= set(article)
        assert article["title"] and article["summary"] and article["published"] == "2022-11-07"
        assert article["evidence"]
        for ev in article["evidence"]:
            assert {"text", "date"} <= set(ev)
            assert "Sullivan" in ev["text"]
    assert data["text"].startswith("Jake Sullivan")


def test_ask_json_adds_how_it_read_the_question_and_the_sentences_naming_the_person(built):
    data = ask_json(built[1], "who Sullivan")
    assert data["reading"] == {"en": "Sullivan", "vi": "Sullivan"}
    assert data["order"] == "newest" and data["profile"]["n_articles"] == 1
    sentences = data["articles"][0]["sentences"]
    assert len(sentences) > len(data["articles"][0]["evidence"])
    assert all("Sullivan" in s["text"] for s in sentences)


def test_ask_json_gives_the_period_and_the_people_of_a_pair(built):
    data = ask_json(built[1], "Blinken và Lavrov tháng 1/2022")
    assert data["intent"] == "pair" and data["people"] == ["Antony Blinken", "Sergei Lavrov"]
    assert data["period"] == {"start": "2022-01-01", "end": "2022-01-31", "precision": "month"}


def test_ask_on_json_gives_the_date_range(built):
    data = ask_json(built[1], "on", "2022-01-21")  # several words are one query
    assert data["query"] == "on 2022-01-21" and data["intent"] == "on"
    assert data["date"]["start"] == data["date"]["end"] == "2022-01-21"
    assert {"start", "end"} <= set(data["date"])
    assert "004" in [a["id"][:3] for a in data["articles"]]
    assert data["actor"] is None


def test_ask_on_an_empty_day_gives_the_nearest_dates(built):
    data = ask_json(built[1], "on 2022-01-25")
    assert data["articles"] == [] and data["error"] == "no_results"
    assert data["nearest"] and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in data["nearest"])


def test_ask_prints_the_answer_as_text(built):
    result = run_cli("ask", "ai là Lavrov", "--index", str(built[1]))
    assert result.returncode == 0
    assert result.stdout.startswith("Sergei Lavrov")


def test_ask_reads_queries_from_stdin_one_json_object_per_line(built):
    queries = ["who Sullivan", "on 2022-01-21", "đàm phán Genève", "who Xyzzyqu", "", "ngày 30/2/2022", "ai là Lavrov"]
    result = run_cli("ask", "--index", str(built[1]), stdin="\n".join(queries[:-1]) + "\n" + queries[-1] + "\r\n")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["query"] for o in objects] == queries
    assert [o["intent"] for o in objects] == ["who", "on", "search", "who", "help", "on", "who"]
    assert objects[0]["actor"]["name"] == "Jake Sullivan"
    assert objects[3]["error"] == "no_actor"
    assert objects[5]["error"] == "invalid_date"
    assert all(isinstance(o["text"], str) and o["text"] for o in objects)


def test_ask_with_hostile_input_on_stdin_still_answers_every_line(built):
    lines = ["<!channel> who Sullivan", "\u202ewho\u200f Lavrov", "😀" * 3000, "\x1b[2J", "who " + "x" * 9000]
    result = run_cli("ask", "--json", "--index", str(built[1]), stdin="\n".join(lines) + "\n")
    no_traceback(result)
    assert result.returncode == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == len(lines)
    assert objects[0]["actor"]["name"] == "Jake Sullivan" and "<!channel>" not in result.stdout


def test_ask_builds_a_missing_index_from_the_default_corpus(seeds, tmp_path):
    index = tmp_path / "state" / "index.db"
    result = run_cli("ask", "who Sullivan", env=cli_env(UKRAINE_BOT_SEEDS=seeds, UKRAINE_BOT_INDEX=index))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "No index at" in result.stderr and str(seeds) in result.stderr
    assert "Indexed 5 articles" in result.stderr  # the build's summary goes to stderr, the answer to stdout
    assert result.stdout.startswith("Jake Sullivan")
    assert index.exists()
    again = run_cli("ask", "who Sullivan", env=cli_env(UKRAINE_BOT_SEEDS=seeds, UKRAINE_BOT_INDEX=index))
    assert "No index at" not in again.stderr and again.stdout == result.stdout


def test_ask_without_an_index_or_a_corpus_says_so(tmp_path):
    index = tmp_path / "index.db"
    env = cli_env(UKRAINE_BOT_SEEDS=tmp_path / "no-corpus", UKRAINE_BOT_INDEX=index)
    result = run_cli("ask", "who Sullivan", env=env)
    no_traceback(result)
    assert result.returncode == 2
    assert "could not build the index" in result.stderr and "not found" in result.stderr
    assert not index.exists()


# -- help -------------------------------------------------------------------------------


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("index", "add", "fetch", "ask", "run", "feedback"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["index", "add", "fetch", "ask", "run", "feedback"])
def test_each_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: ukraine-bot " + command)


def test_no_command_prints_usage_not_a_traceback():
    result = run_cli()
    no_traceback(result)
    assert result.returncode == 2 and "usage: ukraine-bot" in result.stderr


def test_ask_help_shows_the_examples(built):
    result = run_cli("ask", "help", "--index", str(built[1]))
    assert result.returncode == 0
    assert "/ukraine who Sullivan" in result.stdout and "/ukraine on 2022-01-21" in result.stdout


def test_ask_piped_into_a_reader_that_leaves_early_prints_no_traceback(built):
    lines = "\n".join(["Nga"] * 400) + "\n"
    proc = subprocess.run(
        f"{sys.executable} -m bot ask --index {built[1]} | head -c 100",
        shell=True, input=lines, capture_output=True, text=True, encoding="utf-8", env=cli_env(), cwd=ROOT, timeout=120,
    )
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_run_over_socket_mode_with_slack_unreachable_ends_with_one_line_and_no_traceback(built):
    env = cli_env(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", SLACK_API_URL="http://127.0.0.1:9/",
                  UKRAINE_BOT_INDEX=built[1])
    result = run_cli("run", env=env, timeout=60)
    no_traceback(result)
    assert result.returncode == 2
    assert "ukraine-bot run: could not start: ConnectionRefusedError" in result.stderr
    assert "`token` will be unused" not in result.stderr


# -- settings reach ask -----------------------------------------------------------------------


def test_ask_speaks_the_language_of_ukraine_bot_language(built):
    result = run_cli("ask", "on 2022-01-21", "--index", str(built[1]), env=cli_env(UKRAINE_BOT_LANGUAGE="vi"))
    assert result.returncode == 0 and result.stdout.startswith("Ngày 2022-01-21")


def test_ask_reads_the_language_and_index_from_the_config_file(built, tmp_path):
    config = tmp_path / "bot.yml"
    config.write_text(f"language: vi\nindex: {built[1]}\n", encoding="utf-8")
    result = run_cli("ask", "on 2022-01-21", env=cli_env(UKRAINE_BOT_CONFIG=config))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ngày 2022-01-21")


def test_the_lang_flag_wins_over_the_settings(built):
    result = run_cli("ask", "on 2022-01-21", "--index", str(built[1]), "--lang", "en",
                     env=cli_env(UKRAINE_BOT_LANGUAGE="vi"))
    assert result.stdout.startswith("On 2022-01-21")


# -- feedback -----------------------------------------------------------------------------


def test_feedback_lists_what_users_said_newest_first(tmp_path):
    from bot.state.feedback import FeedbackStore

    state = tmp_path / "state.db"
    store = FeedbackStore(state)
    store.record(user="U1", vote="up", query="who Sullivan", answer="Jake Sullivan", articles=("000",))
    store.record(user="U2", vote="down", query="on 2022-01-21", answer="On 2022-01-21", reason="missing_article",
                 comment="Thiếu bài Reuters")
    result = run_cli("feedback", "--state", str(state))
    no_traceback(result)
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and len(lines) == 2
    assert "-1 [missing_article] 'on 2022-01-21'" in lines[0] and "Thiếu bài Reuters" in lines[0]
    assert "+1 'who Sullivan' -> Jake Sullivan (U1)" in lines[1]


def test_feedback_json_is_one_object_per_line_with_the_query_and_answer(tmp_path):
    from bot.state.feedback import FeedbackStore

    state = tmp_path / "state.db"
    FeedbackStore(state).record(user="U1", vote="down", query="who X", answer="No one", reason="wrong_person")
    result = run_cli("feedback", "--json", env=cli_env(UKRAINE_BOT_STATE=state))
    (data,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (data["vote"], data["reason"], data["query"], data["answer"]) == ("down", "wrong_person", "who X", "No one")


def test_feedback_with_nothing_stored_says_so_and_succeeds(tmp_path):
    result = run_cli("feedback", "--state", str(tmp_path / "state.db"))
    assert result.returncode == 0 and result.stdout == "" and "No feedback yet." in result.stderr


def test_ask_answers_a_person_on_a_date_as_the_bot_does(built):
    data = ask_json(built[1], "who Lavrov on 2022-01-21")
    assert data["intent"] == "on" and data["actor"]["name"] == "Sergei Lavrov"
    assert data["text"].startswith("On 2022-01-21 — Sergei Lavrov")

"""`ukraine-bot run --http` as a real process: a reload that fails keeps it serving, and /healthz tells;
its answers come from worker processes that are replaced when they die and go when it goes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.fakes.fixtures import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.http_client import post_slash_command
from tests.fakes.payloads import slash_command_payload
from tests.test_cli import ROOT, cli_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_until_serving(url: str, proc: subprocess.Popen, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server never answered")


def test_sighup_with_a_damaged_index_keeps_the_bot_running_and_healthz_says_why(fake_slack, seed_index, tmp_path: Path):
    index = tmp_path / "index.db"
    shutil.copyfile(seed_index, index)
    port = free_port()
    env = cli_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.base_url,
                  UKRAINE_BOT_INDEX=index)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base + "/healthz", proc)
        assert get(base + "/healthz") == (200, "ok")
        index.write_bytes(b"this is no longer an index " * 200)
        proc.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        assert proc.poll() is None
        status, body = get(base + "/healthz")
        assert status == 503 and "ukraine-bot index" in body
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err
    assert "index reload failed, still serving the previous one" in err
    assert "serving Slack over HTTP on 127.0.0.1:" in err


def children(pid: int) -> set[int]:
    """The live child processes of `pid` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_answers_come_from_worker_processes_that_are_replaced_when_killed_and_exit_with_the_bot(
    fake_slack, seed_index, tmp_path: Path
):
    port = free_port()
    env = cli_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.base_url,
                  UKRAINE_BOT_INDEX=seed_index, UKRAINE_BOT_ANSWER_WORKERS="2")
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    events = f"http://127.0.0.1:{port}/slack/events"
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/healthz", proc)
        workers = children(proc.pid)
        assert len(workers) == 2

        killed = min(workers)
        os.kill(killed, signal.SIGKILL)
        for _ in range(4):  # the queries take the workers in turn: one of them finds the dead one
            assert post_slash_command(events, SIGNING_SECRET, slash_command_payload("who Sullivan")).status == 200
        fake_slack.wait_for("chat.postMessage", 8, timeout=20)  # summary and details for each, none lost
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(children(proc.pid)) < 2:
            time.sleep(0.1)
        now = children(proc.pid)
        assert len(now) == 2 and killed not in now
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(running(pid) for pid in now):
        time.sleep(0.1)
    assert not any(running(pid) for pid in now), "a worker outlived the bot"
    assert "Traceback" not in err

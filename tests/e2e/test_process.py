"""`ukraine-bot run --http` as a real process: a reload that fails keeps it serving, and /healthz tells."""

from __future__ import annotations

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

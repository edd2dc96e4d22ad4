"""The console as a person uses it on a terminal (a pseudo-terminal here): banner, answers, and ways out."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from bot.console import run_console
from bot.serve.answers import Answer
from bot.slack.services import Services
from tests.test_cli import cli_env

ROOT = Path(__file__).resolve().parent.parent


def _own_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is the pty, so Ctrl-C sends SIGINT."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`ukraine-bot ask` with no query on a pseudo-terminal, as when typed in a shell."""

    def __init__(self, index: Path, tmp: Path, **env: str) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--index", str(index)],
            stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, close_fds=True,
            env=cli_env(UKRAINE_BOT_STATE=tmp / "state.db", TERM="dumb", **env),
            preexec_fn=_own_terminal,  # noqa: PLW1509 - needed to make the pty the child's controlling terminal
        )
        os.close(slave)
        self.seen = ""

    def read_until(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; the terminal shows {self.seen[-500:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.seen

    def type(self, keys: str) -> None:
        time.sleep(0.2)  # the prompt is drawn a moment before readline puts the terminal in its own mode
        os.write(self.master, keys.encode("utf-8"))

    def exit_code(self, timeout: float = 15) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            os.close(self.master)


@pytest.fixture
def terminal(seed_index, tmp_path):
    made: list[Terminal] = []

    def start(**env: str) -> Terminal:
        made.append(Terminal(seed_index, tmp_path, **env))
        return made[-1]

    yield start
    for t in made:
        if t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait()


def test_the_banner_says_what_the_console_is_and_how_to_leave(terminal):
    shown = terminal().read_until("/ukraine ")

    assert "ukraine-bot console" in shown and "exit" in shown and "Ctrl-D" in shown


def test_a_typed_question_is_answered_like_the_bot(terminal):
    t = terminal()
    t.read_until("/ukraine ")

    t.type("who Sullivan\r")

    assert "Jake Sullivan" in t.read_until("1 article")


@pytest.mark.parametrize("keys", ["exit\r", "quit\r", "thoát\r", "\x04", "\x03"])
def test_exit_quit_thoat_ctrl_d_and_ctrl_c_end_it_cleanly(terminal, keys):
    t = terminal()
    t.read_until("/ukraine ")

    t.type(keys)

    assert t.exit_code() == 0
    assert "Traceback" not in t.seen


def test_the_banner_is_in_vietnamese_when_the_language_is_vi(terminal):
    shown = terminal(UKRAINE_BOT_LANGUAGE="vi").read_until("/ukraine ")

    assert "Bảng điều khiển ukraine-bot" in shown and "console:" not in shown


def test_history_is_kept_for_the_next_session(terminal, tmp_path):
    t = terminal()
    t.read_until("/ukraine ")
    t.type("who Sullivan\r")
    t.read_until("1 article")
    t.type("exit\r")
    assert t.exit_code() == 0

    assert "who Sullivan" in (tmp_path / "console_history").read_text(encoding="utf-8")


class Counting:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def answer(self, text: str) -> Answer:
        self.asked.append(text)
        return Answer(query=text, intent="search", target=text, error="no_results")


def test_an_exit_word_ends_the_console_before_the_lines_after_it(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Lavrov\nthoát\nBlinken\n"))
    engine = Counting()
    assert run_console(Services(engine=engine)) == 0
    assert engine.asked == ["Lavrov"]

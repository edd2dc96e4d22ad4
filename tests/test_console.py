"""The offline console answers line by line and ends on an exit word."""

import io

from bot.console import run_console
from bot.serve.answers import Answer
from bot.slack.services import Services


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

"""The serving path needs only the index, rapidfuzz and the standard library: no build-time NLP."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import sys
from bot.render.blocks import summary_message
from bot.render.text import render_text
from bot.serve.engine import Engine
from bot.app import create_app
from bot.slack.http import make_wsgi
from bot.app import run
from bot.slack.services import Services
engine = Engine(sys.argv[1])
for q in ("who Sullivan", "who Sulivan", "on 2022-01-21", "Genève", "help"):
    answer = engine.answer(q)
    render_text(answer)
    summary_message(answer)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "underthesea" or m.split(".")[:2] == ["bot", "build"])
print(",".join(loaded))
"""


def test_answering_and_rendering_never_import_build_time_modules(seed_index):
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(seed_index)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


NO_INDEX_PROGRAM = """
import sys
from bot.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "underthesea" or m.split(".")[:2] == ["bot", "build"])
print("LOADED=" + ",".join(loaded))
sys.exit(code)
"""


def _without_an_index(tmp_path, *argv: str) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(UKRAINE_BOT_INDEX=str(tmp_path / "index.db"), UKRAINE_BOT_SEEDS=str(ROOT / "seeds"))
    return subprocess.run(
        [sys.executable, "-c", NO_INDEX_PROGRAM, *argv], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=300,
    )


def test_ask_with_no_index_builds_it_in_a_child_process_and_never_loads_the_nlp_toolkit(tmp_path):
    result = _without_an_index(tmp_path, "ask", "who Sullivan")
    assert result.returncode == 0, result.stderr
    assert "Jake Sullivan" in result.stdout and (tmp_path / "index.db").exists()
    assert "LOADED=\n" in result.stdout


def test_run_with_no_index_builds_it_in_a_child_process_and_never_loads_the_nlp_toolkit(tmp_path):
    result = _without_an_index(tmp_path, "run")  # no Slack tokens: the console, which ends at end of input
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "index.db").exists()
    assert "LOADED=\n" in result.stdout

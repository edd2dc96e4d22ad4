"""The serving path needs only the index, rapidfuzz and the standard library: no build-time NLP."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import sys
from bot.app import create_app, make_wsgi
from bot.delivery import Services
from bot.engine import Engine
from bot.render import render_text, summary_message
engine = Engine(sys.argv[1])
for q in ("who Sullivan", "who Sulivan", "on 2022-01-21", "Genève", "help"):
    answer = engine.answer(q)
    render_text(answer)
    summary_message(answer)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "underthesea" or m in ("bot.build", "bot.actors", "bot.clean"))
print(",".join(loaded))
"""


def test_answering_and_rendering_never_import_build_time_modules(seed_index):
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(seed_index)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

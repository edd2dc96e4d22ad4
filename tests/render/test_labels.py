"""One language at a time: every label exists in each language, and a Vietnamese answer has no English in it."""

from __future__ import annotations

import json

from bot.render.blocks import summary_message
from bot.render.labels import LABELS, labels
from bot.render.lines import error_text
from bot.render.text import render_text
from bot.serve.answers import Answer

ENGLISH_LABELS = {v for k, v in LABELS["en"].items() if "{" not in v and len(v) > 3}


def test_every_language_has_every_label():
    assert set(LABELS["vi"]) == set(LABELS["en"])


def test_an_invalid_date_in_vietnamese_is_explained_in_vietnamese():
    answer = Answer(query="on 30/2/2022", intent="on", target="30/2/2022", error="invalid_date",
                    detail="30/2/2022 is not a real date (February 2022 has 28 days)")

    text = error_text(answer, "vi")
    assert text == "Ngày không hợp lệ: “30/2/2022” không phải là một ngày có thật."
    assert "is not a real date" in error_text(answer, "en")


def test_vietnamese_answers_show_no_english_label(engine):
    for query in ("who Sullivan", "on 2022-01-21", "2022-01", "on 2022-03-01", "Genève", "who Xyzzyqu", "on 30/2/2022"):
        answer = engine.answer(query)
        shown = render_text(answer, "vi") + json.dumps(summary_message(answer, "vi").blocks, ensure_ascii=False)
        leaked = [label for label in ENGLISH_LABELS if label in shown and label not in labels("vi").values()]
        assert leaked == [], (query, leaked)
        assert "is not a real date" not in shown and " article" not in shown

"""Every question in tests/questions.yml is read the way its row says."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.serve.query import parse

TABLE = yaml.safe_load((Path(__file__).resolve().parent.parent / "questions.yml").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(TABLE["today"])
DEFAULTS = {"period": None, "people": [], "outlet": None, "role": None, "maybe_person": False, "invalid_date": None}


def expected(row: dict) -> dict:
    want = {**DEFAULTS, **{k: v for k, v in row.items() if k != "q"}}
    want["target"] = str(want["target"])
    want["people"] = [str(p) for p in want["people"]]
    return want


@pytest.mark.parametrize("row", TABLE["rows"], ids=[r["q"] or "(empty)" for r in TABLE["rows"]])
def test_the_question_is_read_as_its_row_says(row):
    assert parse(row["q"], today=TODAY).to_dict() == expected(row)


def test_the_table_covers_at_least_170_questions():
    assert len(TABLE["rows"]) >= 170


def test_no_question_is_listed_twice():
    questions = [r["q"] for r in TABLE["rows"]]
    assert len(questions) == len(set(questions))

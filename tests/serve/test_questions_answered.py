"""Every question of tests/questions.yml is answered from the seed index, with an intent its reading allows."""

from datetime import date
from pathlib import Path

import pytest
import yaml

TABLE = yaml.safe_load((Path(__file__).resolve().parent.parent / "questions.yml").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(TABLE["today"])
# A bare name may turn out to be a person or people; a pair whose people are not all known, words.
ALLOWED = {"who": {"who"}, "on": {"on"}, "help": {"help"}, "exit": {"exit"}, "pair": {"pair", "search"},
           "search": {"search"}}


@pytest.mark.parametrize("row", TABLE["rows"], ids=[r["q"] or "(empty)" for r in TABLE["rows"]])
def test_the_question_gets_an_answer_its_reading_allows(engine, row):
    answer = engine.answer(row["q"], today=TODAY)
    allowed = set(ALLOWED[row["intent"]])
    if row.get("maybe_person"):
        allowed |= {"who", "pair"}
    if row["intent"] == "on" and row.get("outlet"):
        allowed |= {"on"}
    assert answer.intent in allowed
    assert answer.reading or answer.intent in {"help"}

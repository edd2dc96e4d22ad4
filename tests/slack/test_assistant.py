"""What the assistant pane is sent: thread titles cut from the question, and suggested prompts within Slack's limits."""

from __future__ import annotations

from bot.render.labels import HELP_EXAMPLES
from bot.slack.assistant import TITLE_CHARS, suggested_prompts, thread_title


def test_a_short_question_is_its_own_title_on_one_line():
    assert thread_title("who\n  Sullivan ") == "who Sullivan"


def test_a_long_question_is_cut_at_a_word_with_an_ellipsis():
    question = "Blinken và Lavrov gặp nhau ở Genève để bàn về Ukraine và an ninh châu Âu trong tháng Một"

    title = thread_title(question)

    assert len(title) <= TITLE_CHARS and title.endswith("…")
    assert question.startswith(title[:-1]) and question[len(title) - 1] == " "


def test_a_question_without_spaces_is_cut_at_the_limit():
    assert thread_title("x" * 100) == "x" * (TITLE_CHARS - 1) + "…"


def test_the_prompts_are_up_to_four_help_examples_within_slacks_limits():
    examples = {q for q, _ in HELP_EXAMPLES}
    for lang in ("en", "vi"):
        prompts = suggested_prompts(lang)
        assert 3 <= len(prompts) <= 4
        for prompt in prompts:
            assert prompt["message"] in examples and prompt["title"] == prompt["message"]
            assert len(prompt["title"]) <= 75 and len(prompt["message"]) <= 2000


def test_the_prompts_follow_the_language_of_the_labels():
    assert suggested_prompts("en") != suggested_prompts("vi")
    assert suggested_prompts("xx") == suggested_prompts("en")

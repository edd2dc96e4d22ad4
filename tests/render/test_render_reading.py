"""Every answer says how it read the question; a person's answer says what the articles report about them;
a date's answer leads with its events. Wholly in the label language, user text escaped."""

from bot.render.blocks import summary_message
from bot.render.labels import LABELS
from bot.render.text import render_text
from bot.serve.answers import (
    ActorMatch,
    Answer,
    ArticleHit,
    Companion,
    DatedLine,
    DateRange,
    PersonProfile,
    RoleSeen,
)


def article(n: int = 0) -> ArticleHit:
    return ArticleHit(f"a{n}", f"Bài {n}", None, "Báo Mẫu", "2025-02-19", "Tóm tắt của bài đầu tiên.")


def rubio() -> Answer:
    profile = PersonProfile(
        roles=(RoleSeen("Ngoại trưởng Mỹ", "2025-02-18", "2025-03-11"),),
        events=(DatedLine("2025-02-18", "Ông Rubio gặp ông Lavrov tại Riyadh.", "a0", 2, ("Sergei Lavrov",)),),
        n_articles=4, first_seen="2025-02-19", last_seen="2025-03-12",
        companions=(Companion("Sergei Lavrov", 3),),
    )
    return Answer(
        query="who Rubio tháng 2/2025", intent="who", target="Rubio",
        actor=ActorMatch("Marco Rubio", "Ngoại trưởng Mỹ", ["Marco Rubio", "Rubio"], 100.0),
        articles=[article()], order="newest", profile=profile,
        reading={"en": "Rubio, February 2025", "vi": "Rubio, tháng 2/2025"},
    )


def day() -> Answer:
    return Answer(
        query="on 2025-02-18", intent="on", target="2025-02-18", date=DateRange("2025-02-18", "2025-02-18"),
        articles=[article()], order="mentions", reading={"en": "18 February 2025", "vi": "18/2/2025"},
        events=[DatedLine("2025-02-18", "Hai ngoại trưởng <gặp> nhau tại Riyadh.", "a0", 2,
                          ("Marco Rubio", "Sergei Lavrov"))],
    )


def _text_of(element: dict) -> str:
    """An element's words: mrkdwn text is a string, a button's is a plain_text object."""
    text = element.get("text", "")
    return text.get("text", "") if isinstance(text, dict) else text


def summary_text(answer: Answer, lang: str = "en") -> str:
    return "\n".join(
        _text_of(b) + "".join(_text_of(e) for e in b.get("elements", []))
        for b in summary_message(answer, lang).blocks
    )


def test_the_summary_says_how_the_question_was_read():
    assert "Read as: Rubio, February 2025" in summary_text(rubio())


def test_the_reading_is_in_the_label_language():
    text = summary_text(rubio(), "vi")
    assert "Hiểu là: Rubio, tháng 2/2025" in text and "Read as" not in text


def test_the_text_answer_says_how_the_question_was_read():
    assert render_text(rubio()).splitlines()[1] == "Read as: Rubio, February 2025"


def test_a_person_is_summarised_from_all_articles_not_the_first_ones_summary():
    text = summary_text(rubio())
    assert "Ngoại trưởng Mỹ (2025-02-18 – 2025-03-11)" in text
    assert "2025-02-18 — Ông Rubio gặp ông Lavrov tại Riyadh." in text
    assert "4 articles · first seen 2025-02-19 · last seen 2025-03-12" in text
    assert "Often named with: Sergei Lavrov (3)" in text
    assert "Tóm tắt của bài đầu tiên." not in text


def test_the_order_of_the_articles_is_stated():
    assert "1 article, newest first" in summary_text(rubio())


def test_a_date_leads_with_its_events_and_who_was_in_them_escaped():
    text = summary_text(day())
    assert "2025-02-18 — Hai ngoại trưởng &lt;gặp&gt; nhau tại Riyadh. (Marco Rubio, Sergei Lavrov)" in text
    assert "Tóm tắt của bài đầu tiên." not in text


def test_other_years_of_a_day_are_offered():
    answer = day()
    answer.other_years = [2023, 2021]
    assert "Also in other years: 2021, 2023" in render_text(answer)


def test_two_people_never_together_show_each_ones_count():
    answer = Answer(
        query="Rubio và Witkoff", intent="pair", target="Rubio và Witkoff", error="no_results",
        people=["Marco Rubio", "Steve Witkoff"],
        actors=[ActorMatch("Marco Rubio", None, [], 100.0, n_articles=4),
                ActorMatch("Steve Witkoff", None, [], 100.0, n_articles=2)],
    )
    text = render_text(answer)
    assert "No article names Marco Rubio and Steve Witkoff together." in text
    assert "Marco Rubio: 4 articles · Steve Witkoff: 2 articles" in text


def test_an_unknown_outlet_lists_the_outlets_there_are():
    answer = Answer(query="who Rubio trên báo X", intent="who", target="Rubio", error="no_results",
                    detail="unknown_outlet", outlet="X", suggestions=["Báo Mẫu"])
    assert render_text(answer).splitlines()[0] == "No articles from “X” in the index."
    assert "Outlets in the index: Báo Mẫu" in render_text(answer)


def test_exit_outside_the_console_shows_the_help():
    assert summary_message(Answer(query="exit", intent="exit"), "en").blocks == \
        summary_message(Answer(query="help", intent="help"), "en").blocks


def test_every_new_label_exists_in_both_languages():
    assert LABELS["en"].keys() == LABELS["vi"].keys()


def test_the_thread_quotes_the_best_sentences_then_others_naming_the_person_and_counts_the_rest():
    from bot.render.blocks import article_blocks
    from bot.serve.answers import Evidence

    hit = article()
    hit.evidence = [Evidence("Câu tốt nhất về Rubio.", None, 4)]
    hit.sentences = [Evidence(f"Câu {i} về Rubio.", None, i) for i in range(8)]
    text = "\n".join(b.get("text", {}).get("text", "") + "".join(e.get("text", "") for e in b.get("elements", []))
                     for b in article_blocks(hit))
    assert text.index("Câu tốt nhất về Rubio.") < text.index("Câu 0 về Rubio.")
    assert "Câu 3 về Rubio." in text and "Câu 5 về Rubio." not in text
    assert "3 more sentences name them in this article" in text


def test_an_impossible_date_is_not_read_back_twice():
    answer = Answer(query="30/2/2022", intent="on", target="30/2/2022", error="invalid_date",
                    detail="30/2/2022 is not a real date (February 2022 has 28 days)",
                    reading={"en": "30/2/2022 is not a real date (February 2022 has 28 days)"})
    assert "Read as" not in render_text(answer)

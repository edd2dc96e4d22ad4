"""Which questions are view questions, and what they ask for."""

import pytest

from bot.serve.views_query import english_role, read_view


@pytest.mark.parametrize("text", ["timeline Lavrov", "dòng thời gian Lavrov", "dong thoi gian Lavrov", "Lavrov làm gì",
                                  "Lavrov đã làm gì"])
def test_timeline_questions_name_one_person(text):
    view = read_view(text)
    assert view is not None and (view.kind, view.people) == ("timeline", ("Lavrov",))


@pytest.mark.parametrize("text", ["Blinken và Lavrov gặp nhau", "Blinken gặp Lavrov khi nào", "Blinken va Lavrov gap nhau khi nao",
                                  "when did Blinken meet Lavrov", "contacts Blinken và Lavrov"])
def test_pair_questions_name_both_people(text):
    view = read_view(text)
    assert view is not None and (view.kind, view.people) == ("contacts", ("Blinken", "Lavrov"))


def test_contacts_of_one_person():
    view = read_view("contacts Blinken")
    assert view is not None and (view.kind, view.people) == ("contacts", ("Blinken",))


def test_a_role_question_needs_a_date_and_keeps_its_precision():
    view = read_view("ai là ngoại trưởng Mỹ ngày 1/6/2024")
    assert view is not None and (view.kind, view.role) == ("role", "ngoai truong my")
    assert view.when is not None and (view.when.start.isoformat(), view.when.precision) == ("2024-06-01", "day")


def test_an_english_role_question_is_read_in_vietnamese_word_order():
    view = read_view("who was Russian defence minister in June 2024")
    assert view is not None and view.role == "bo truong quoc phong nga"
    assert view.when is not None and view.when.precision == "month"


def test_english_roles_put_the_country_last():
    assert english_role("us secretary of state") == "ngoai truong my"
    assert english_role("prime minister of ukraine") == "thu tuong ukraine"


def test_an_impossible_date_in_a_role_question_is_reported():
    view = read_view("ai là ngoại trưởng Nga ngày 30/2/2022")
    assert view is not None and view.invalid and "30/2/2022" in view.invalid


@pytest.mark.parametrize("text", ["ai là Lavrov", "who Sullivan", "on 2022-01-21", "đàm phán Genève", "ai là ngoại trưởng Nga"])
def test_other_questions_are_not_views(text):
    assert read_view(text) is None


@pytest.mark.parametrize("text, window", [("sắp tới", None), ("upcoming", None), ("lịch tuần tới", 7), ("next week", 7)])
def test_upcoming_questions(text, window):
    view = read_view(text)
    assert view is not None and (view.kind, view.people, view.window_days) == ("upcoming", (), window)

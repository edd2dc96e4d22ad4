"""Which sentences give someone a role, and who holds it on a date (sentences written for these tests)."""

from datetime import date

from bot.serve.answers import Holder
from bot.serve.roles import _gives_role, holder_on, role_keys
from bot.shared.dates import day_span, month_span
from bot.shared.text import fold


def gives(sentence: str, role: str, name: str) -> bool:
    return _gives_role(fold(sentence), role_keys(role), [fold(name), fold(name).split()[-1]])


def test_a_role_right_before_the_name_gives_it():
    assert gives("Ngoại trưởng Pháp Jean Moreau tới Berlin.", "ngoai truong phap", "Jean Moreau")


def test_the_role_set_off_after_the_name_gives_it():
    assert gives("Ông Moreau, tân Ngoại trưởng Pháp, tới Berlin.", "ngoai truong phap", "Jean Moreau")


def test_a_former_holder_is_not_given_the_role():
    # "cựu Ngoại trưởng": the role was theirs, it is not any more.
    assert not gives("Cựu Ngoại trưởng Pháp Jean Moreau tới Berlin.", "ngoai truong phap", "Jean Moreau")


def test_the_role_under_its_other_name_gives_it():
    assert gives("Bộ trưởng Ngoại giao Pháp Jean Moreau tới Berlin.", "ngoai truong phap", "Jean Moreau")


def test_a_role_next_to_someone_else_does_not_give_it():
    assert not gives("Ngoại trưởng Pháp Alain Duval nói về ông Jean Moreau, nhà ngoại giao kỳ cựu.",
                     "ngoai truong phap", "Jean Moreau")


HOLDERS = [Holder("Jean Moreau", "2023-01-05", "2024-02-21"), Holder("Alain Duval", "2024-07-02", "2024-11-30")]


def test_the_holder_is_the_one_whose_dates_span_the_day():
    assert holder_on(HOLDERS, day_span(date(2024, 8, 1))) == "Alain Duval"


def test_between_two_holders_the_one_seen_last_before_holds_it():
    assert holder_on(HOLDERS, day_span(date(2024, 5, 1))) == "Jean Moreau"


def test_a_month_that_overlaps_a_holders_dates_is_theirs():
    assert holder_on(HOLDERS, month_span(2024, 2)) == "Jean Moreau"


def test_nobody_holds_it_before_the_first_date():
    assert holder_on(HOLDERS, day_span(date(2022, 1, 1))) is None

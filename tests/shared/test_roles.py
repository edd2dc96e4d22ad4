"""Roles the press writes several ways have one canonical spelling."""

import pytest

from bot.shared.roles import canonical_role


@pytest.mark.parametrize(
    "one, other",
    [
        ("bo truong ngoai giao my", "ngoai truong my"),
        ("ngoai truong hoa ky", "ngoai truong my"),
        ("phat ngon vien dien kremlin", "nguoi phat ngon kremlin"),
        ("nguoi phat ngon dien kremlin", "nguoi phat ngon kremlin"),
        ("bo truong ngoai giao ukraina", "ngoai truong ukraine"),
    ],
)
def test_synonymous_role_phrases_share_one_canonical_spelling(one, other):
    assert canonical_role(one) == canonical_role(other)


def test_a_role_word_inside_another_word_is_left_alone():
    assert canonical_role("tong thong myanmar") == "tong thong myanmar"

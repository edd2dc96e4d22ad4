"""Build-time rules take time linear in their input, whatever a scraped page repeats.

Scraped pages hold tables, tag clouds and score lists that repeat one shape for thousands of
characters. A pattern that rescans such a run from every position in it (or a rule that slices the
sentence from its start for each match) turns one bad page into minutes of build time. Each test
feeds 25 kB and then 100 kB of one such shape: four times the input must cost well under the
sixteen times a quadratic rule needs (the quadratic versions took 18 s on 20 kB), and 100 kB must
finish within a generous bound.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Callable

import pytest

from bot.build import actors
from bot.build.clean import clean
from bot.build.datelines import find_dateline
from bot.build.dates import extract_dates

SIZE = 100_000
BOUND_SECONDS = 10.0
LINEAR_GROWTH = 8.0  # 4x the input: linear work grows ~4x, quadratic ~16x


def _repeat(shape: str, size: int = SIZE) -> str:
    return (shape * (size // len(shape) + 1))[:size]


def _seconds(fn: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(2):  # the better of two runs, so another process's burst does not count
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def _is_linear(fn: Callable[[str], object], shape: str) -> bool:
    small = _seconds(fn, _repeat(shape, SIZE // 4))
    large = _seconds(fn, _repeat(shape))
    return large < BOUND_SECONDS and large <= LINEAR_GROWTH * small + 0.05


@pytest.fixture(scope="module")
def gaz() -> actors.Gazetteer:
    return actors.Gazetteer.load()


# Shapes that once made date extraction rescan a run of numbers from every number in it.
DATE_SHAPES = ["1 - ", "ngày 1, ", "1 và ", "hôm thứ Hai tuần ", "từ 3 đến ", "tháng 3 ", "Thứ Hai, "]


@pytest.mark.parametrize("shape", DATE_SHAPES)
def test_date_extraction_is_linear_in_a_long_run_of_one_shape(shape: str) -> None:
    assert _is_linear(lambda text: extract_dates(text, date(2024, 3, 1)), shape)


# Shapes that once made person finding look back to the start of the sentence for every name.
NAME_SHAPES = ["Ông Vladimir Putin ", "Xyz Abc ", "Bộ trưởng Ngoại giao ", "hôm thứ Hai tuần ",
               "Ngoại trưởng Sergei Lavrov, ", "J. D. ", "Antony BlinkenSergei "]


@pytest.mark.parametrize("shape", NAME_SHAPES)
def test_person_finding_is_linear_in_a_long_run_of_one_shape(shape: str, gaz: actors.Gazetteer) -> None:
    assert _is_linear(lambda text: actors.find_mentions([text], gaz, None), shape)


@pytest.mark.parametrize("shape", ["1 - ", "Chia sẻ\n", "10:05 | 03/09/2024\n", "Ảnh: AP/Xyz "])
def test_cleaning_and_dateline_reading_are_linear_in_a_long_page(shape: str) -> None:
    assert _is_linear(lambda text: (clean(text), find_dateline(text)), shape)

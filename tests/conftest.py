"""Shared fixtures: the seed corpus indexed once per test session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from bot.build.pipeline import build_index

    out = tmp_path_factory.mktemp("index") / "index.db"
    report = build_index(SEEDS, out)
    assert not report.problems, report.problems
    return out


@pytest.fixture(scope="session")
def engine(seed_index):
    from bot.serve.engine import Engine

    return Engine(seed_index)

"""Shared fixtures: the seed corpus indexed once per test session, and PostgreSQL when one is available."""

import os
import uuid
from pathlib import Path
from typing import Iterator

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


# -- PostgreSQL ------------------------------------------------------------------------------------

POSTGRES_URL_VAR = "UKRAINE_BOT_TEST_POSTGRES_URL"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where .ci/run starts a server, so nothing is skipped silently."""
    if _in_ci():
        pytest.fail(f"CI=true but {reason} (.ci/run starts PostgreSQL and sets {POSTGRES_URL_VAR})")
    pytest.skip(f"{reason}; set {POSTGRES_URL_VAR}=postgresql://user:password@127.0.0.1:PORT/db to run (bash .ci/run starts one)")


def with_search_path(url: str, schema: str) -> str:
    """`url` with its tables put in `schema` (libpq's options parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of the test PostgreSQL server: from UKRAINE_BOT_TEST_POSTGRES_URL, checked to answer."""
    url = os.environ.get(POSTGRES_URL_VAR, "").strip()
    if not url:
        _unavailable(f"no PostgreSQL server for the tests ({POSTGRES_URL_VAR} is not set)")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    from bot.state.api import redact_url

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        pytest.fail(f"{POSTGRES_URL_VAR}={redact_url(url)} does not answer: {str(exc).splitlines()[0]}")
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose tables go into an empty schema of this test's own, dropped afterwards."""
    import psycopg

    schema = "test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    yield with_search_path(postgres_server, schema)
    with psycopg.connect(postgres_server, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")

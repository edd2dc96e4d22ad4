"""How a state URL is shown: never with its password."""

from bot.state.api import is_postgres_url, redact_url


def test_the_password_of_a_url_is_replaced():
    assert redact_url("postgresql://bot:s3cret@db.internal:5432/state") == "postgresql://bot:***@db.internal:5432/state"


def test_a_url_without_a_password_is_shown_as_it_is():
    assert redact_url("postgresql://bot@db.internal/state?sslmode=require") == "postgresql://bot@db.internal/state?sslmode=require"


def test_a_password_in_the_query_hides_the_query():
    shown = redact_url("postgresql://db.internal/state?user=bot&password=s3cret")
    assert "s3cret" not in shown and shown.startswith("postgresql://db.internal/state")


def test_an_ipv6_host_keeps_its_brackets():
    assert redact_url("postgresql://bot:s3cret@[::1]:5432/state") == "postgresql://bot:***@[::1]:5432/state"


def test_a_url_that_cannot_be_parsed_is_not_shown():
    assert "s3cret" not in redact_url("postgresql://bot:s3cret@[::1/state")


def test_postgresql_and_postgres_schemes_name_postgresql():
    assert is_postgres_url("postgresql://db/state") and is_postgres_url("POSTGRES://db/state")
    assert not is_postgres_url("sqlite:///data/state.db")

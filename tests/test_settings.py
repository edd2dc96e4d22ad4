"""Settings: environment first, then an optional YAML file; bad values are named; tokens never shown."""

import pytest

from bot.app import choose_mode
from bot.settings import SettingsError, load_settings


def test_defaults_without_anything_set():
    s = load_settings(env={})
    assert (s.language, s.ephemeral, s.bot_token) == ("en", False, None)


def test_environment_sets_tokens_and_options():
    s = load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1", "UKRAINE_BOT_LANGUAGE": "vi", "UKRAINE_BOT_EPHEMERAL": "true"})
    assert (s.bot_token, s.language, s.ephemeral) == ("xoxb-1", "vi", True)


def test_yaml_file_fills_what_the_environment_leaves(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("language: vi\nephemeral: true\npublic_url: https://bot.example.org\n", encoding="utf-8")
    s = load_settings(cfg, env={"UKRAINE_BOT_EPHEMERAL": "false"})
    assert (s.language, s.ephemeral, s.public_url) == ("vi", False, "https://bot.example.org")


def test_unknown_setting_in_the_file_is_named(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("langauge: vi\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="langauge"):
        load_settings(cfg, env={})


def test_bad_language_is_named():
    with pytest.raises(SettingsError, match="UKRAINE_BOT_LANGUAGE"):
        load_settings(env={"UKRAINE_BOT_LANGUAGE": "fr"})


def test_repr_never_shows_tokens():
    s = load_settings(env={"SLACK_BOT_TOKEN": "xoxb-secret-123", "SLACK_SIGNING_SECRET": "sekrit"})
    assert "xoxb-secret-123" not in repr(s) and "sekrit" not in repr(s)


def test_no_tokens_means_console():
    assert choose_mode(load_settings(env={}), http=False) == "console"


def test_both_socket_tokens_mean_socket_mode():
    assert choose_mode(load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}), http=False) == "socket"


def test_some_tokens_name_the_missing_ones():
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        choose_mode(load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1"}), http=False)


def test_http_needs_the_signing_secret():
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        choose_mode(load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1"}), http=True)


def test_a_slack_api_url_with_credentials_is_refused_so_they_are_never_logged():
    with pytest.raises(SettingsError, match="user name or password"):
        load_settings(env={"SLACK_API_URL": "https://user:secret@slack.example/api/"})


def test_a_slack_api_url_that_is_not_http_is_refused():
    with pytest.raises(SettingsError, match="http"):
        load_settings(env={"SLACK_API_URL": "file:///etc/passwd"})


def test_the_state_url_comes_from_the_environment_or_the_file(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("state_url: postgresql://bot@db.internal/file\n", encoding="utf-8")
    assert load_settings(cfg, env={}).state_url == "postgresql://bot@db.internal/file"
    env = {"UKRAINE_BOT_STATE_URL": "postgresql://bot@db.internal/env"}
    assert load_settings(cfg, env=env).state_url == "postgresql://bot@db.internal/env"


def test_without_a_state_url_the_state_stays_beside_the_index():
    assert load_settings(env={}).state_url is None


def test_repr_never_shows_the_state_urls_password():
    s = load_settings(env={"UKRAINE_BOT_STATE_URL": "postgresql://bot:pg-secret-456@db.internal:5432/state"})
    assert "pg-secret-456" not in repr(s)
    assert "postgresql://bot:***@db.internal:5432/state" in repr(s)


def test_a_state_url_that_is_not_postgresql_is_refused_without_its_password():
    with pytest.raises(SettingsError, match="UKRAINE_BOT_STATE_URL must be a postgresql:// URL") as caught:
        load_settings(env={"UKRAINE_BOT_STATE_URL": "mysql://bot:my-secret-789@db.internal/state"})
    assert "my-secret-789" not in str(caught.value)


def test_private_first_is_off_unless_set_in_the_environment_or_the_file(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("private_first: true\n", encoding="utf-8")
    assert load_settings(env={}).private_first is False
    assert load_settings(env={"UKRAINE_BOT_PRIVATE_FIRST": "yes"}).private_first is True
    assert load_settings(cfg, env={}).private_first is True


def test_the_state_file_sits_beside_the_index_unless_set(tmp_path):
    index = tmp_path / "idx" / "index.db"
    assert load_settings(env={"UKRAINE_BOT_INDEX": str(index)}).state_file == tmp_path / "idx" / "state.db"
    chosen = tmp_path / "elsewhere.db"
    assert load_settings(env={"UKRAINE_BOT_INDEX": str(index), "UKRAINE_BOT_STATE": str(chosen)}).state_file == chosen


def test_the_assistant_pane_is_off_unless_set_in_the_environment_or_the_file(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("assistant: true\n", encoding="utf-8")
    assert load_settings(env={}).assistant is False
    assert load_settings(env={"UKRAINE_BOT_ASSISTANT": "true"}).assistant is True
    assert load_settings(cfg, env={}).assistant is True


def test_an_assistant_setting_that_is_not_true_or_false_is_refused():
    with pytest.raises(SettingsError, match="UKRAINE_BOT_ASSISTANT must be true or false"):
        load_settings(env={"UKRAINE_BOT_ASSISTANT": "maybe"})

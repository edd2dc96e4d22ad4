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


def test_adders_are_a_comma_separated_list_of_user_ids_or_a_star():
    assert load_settings(env={"UKRAINE_BOT_ADDERS": "U1, U2,"}).adders == ("U1", "U2")
    assert load_settings(env={"UKRAINE_BOT_ADDERS": "*"}).adders == ("*",)
    assert load_settings(env={}).adders == ()


def test_the_corpus_folder_comes_from_the_environment(tmp_path):
    assert load_settings(env={"UKRAINE_BOT_SEEDS": str(tmp_path / "c")}).corpus_path == tmp_path / "c"


def test_an_unknown_digest_time_zone_is_refused_naming_the_setting():
    with pytest.raises(SettingsError, match="UKRAINE_BOT_TIMEZONE"):
        load_settings(env={"UKRAINE_BOT_TIMEZONE": "Mars/Olympus"})
    assert load_settings(env={"UKRAINE_BOT_TIMEZONE": "Asia/Ho_Chi_Minh"}).timezone == "Asia/Ho_Chi_Minh"


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


def test_answer_workers_default_to_one_per_core():
    assert load_settings(env={}).answer_workers is None


@pytest.mark.parametrize("value, workers", [("0", 0), ("3", 3), (" 2 ", 2)])
def test_answer_workers_are_set_by_the_environment(value, workers):
    assert load_settings(env={"UKRAINE_BOT_ANSWER_WORKERS": value}).answer_workers == workers


def test_answer_workers_in_the_file_yield_to_the_environment(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("answer_workers: 4\n", encoding="utf-8")
    assert load_settings(cfg, env={}).answer_workers == 4
    assert load_settings(cfg, env={"UKRAINE_BOT_ANSWER_WORKERS": "0"}).answer_workers == 0


@pytest.mark.parametrize("value", ["-1", "two", "1.5", "٣", "100000"])
def test_a_bad_answer_worker_count_is_named(value):
    with pytest.raises(SettingsError, match="UKRAINE_BOT_ANSWER_WORKERS"):
        load_settings(env={"UKRAINE_BOT_ANSWER_WORKERS": value})


def test_the_answer_queue_holds_a_thousand_unless_the_environment_says_otherwise():
    assert load_settings(env={}).answer_queue == 1000
    assert load_settings(env={"UKRAINE_BOT_ANSWER_QUEUE": "50"}).answer_queue == 50


@pytest.mark.parametrize("value", ["0", "-3", "many", "2000000"])
def test_a_bad_answer_queue_size_is_named(value):
    with pytest.raises(SettingsError, match="UKRAINE_BOT_ANSWER_QUEUE"):
        load_settings(env={"UKRAINE_BOT_ANSWER_QUEUE": value})


def test_each_posting_worker_holds_four_jobs_at_once_unless_the_environment_says_otherwise():
    assert load_settings(env={}).jobs_per_worker == 4
    assert load_settings(env={"UKRAINE_BOT_JOBS_PER_WORKER": "8"}).jobs_per_worker == 8


def test_the_jobs_per_worker_may_be_set_in_the_settings_file(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("jobs_per_worker: 2\n", encoding="utf-8")
    assert load_settings(cfg, env={}).jobs_per_worker == 2
    assert load_settings(cfg, env={"UKRAINE_BOT_JOBS_PER_WORKER": "6"}).jobs_per_worker == 6


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5", "65"])
def test_a_bad_jobs_per_worker_count_is_named_with_what_it_may_be(value):
    with pytest.raises(SettingsError, match=r"UKRAINE_BOT_JOBS_PER_WORKER must be a whole number from 1 to 64, got"):
        load_settings(env={"UKRAINE_BOT_JOBS_PER_WORKER": value})


def test_the_posting_pool_holds_as_many_jobs_per_worker_as_set(seed_index):
    from bot.app import make_answerer
    from bot.serve.pool import AnswerPool

    env = {"UKRAINE_BOT_INDEX": str(seed_index), "UKRAINE_BOT_ANSWER_WORKERS": "1", "UKRAINE_BOT_JOBS_PER_WORKER": "3"}
    answerer = make_answerer(load_settings(env=env), "http")
    try:
        assert isinstance(answerer, AnswerPool) and answerer.slots == 3
    finally:
        answerer.close()


def test_slack_modes_answer_in_worker_processes_and_the_console_in_this_one(seed_index):
    from bot.app import make_answerer
    from bot.serve.engine import Engine
    from bot.serve.pool import AnswerPool

    env = {"UKRAINE_BOT_INDEX": str(seed_index), "UKRAINE_BOT_ANSWER_WORKERS": "1"}
    for mode in ("http", "socket"):
        answerer = make_answerer(load_settings(env=env), mode)
        assert isinstance(answerer, AnswerPool) and answerer.workers == 1
        assert answerer.entry == "bot.slack.worker"  # its workers post the answers too
        answerer.close()
    assert isinstance(make_answerer(load_settings(env=env), "console"), Engine)
    in_process = {**env, "UKRAINE_BOT_ANSWER_WORKERS": "0"}
    assert isinstance(make_answerer(load_settings(env=in_process), "http"), Engine)


def test_the_assistant_pane_is_off_unless_set_in_the_environment_or_the_file(tmp_path):
    cfg = tmp_path / "bot.yml"
    cfg.write_text("assistant: true\n", encoding="utf-8")
    assert load_settings(env={}).assistant is False
    assert load_settings(env={"UKRAINE_BOT_ASSISTANT": "true"}).assistant is True
    assert load_settings(cfg, env={}).assistant is True


def test_an_assistant_setting_that_is_not_true_or_false_is_refused():
    with pytest.raises(SettingsError, match="UKRAINE_BOT_ASSISTANT must be true or false"):
        load_settings(env={"UKRAINE_BOT_ASSISTANT": "maybe"})

"""Settings from the environment plus an optional YAML file; paths default to the project's own folders."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.state.api import is_postgres_url, redact_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SLACK_VARS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it."""


def default_seeds() -> Path:
    return Path(os.environ.get("UKRAINE_BOT_SEEDS") or PROJECT_ROOT / "seeds")


def default_index() -> Path:
    return Path(os.environ.get("UKRAINE_BOT_INDEX") or PROJECT_ROOT / "data" / "index.db")


@dataclass
class Settings:
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    api_url: str | None = None  # Slack Web API base URL; tests point it at a fake
    public_url: str | None = None  # where /articles/<id> is reachable over HTTP
    index_path: Path = field(default_factory=default_index)
    language: str = "en"  # labels: en | vi
    ephemeral: bool = False  # slash-command answers only the asker sees
    state_url: str | None = None  # postgresql://… shared by replicas; None: SQLite beside the index
    private_first: bool = False  # answers the asker sees first, with a "Share in channel" button
    state_path: Path | None = None  # feedback and thread memory; None: state.db beside the index
    # Slack users who may add articles by link (/ukraine add URL): user ids, or ("*",) for everyone.
    adders: tuple[str, ...] = ()
    corpus_path: Path = field(default_factory=default_seeds)  # the folder links are added to
    timezone: str | None = None  # digests: when the user's own Slack time zone cannot be read
    answer_workers: int | None = None  # processes answering Slack's queries; None: one per core, 0: in this process
    assistant: bool = False  # Slack's assistant pane (Agents & AI Apps): suggested prompts, status, titles
    # Answers waiting after their ack for a thread to answer them; past this the asker is told "busy".
    answer_queue: int = 1000
    # Jobs each posting worker holds at once: its posts are waits on Slack, during which it answers the next.
    jobs_per_worker: int = 4

    @property
    def state_file(self) -> Path:
        """Where the bot's own writable state lives: UKRAINE_BOT_STATE, else state.db beside the index."""
        return self.state_path or self.index_path.parent / "state.db"

    def __repr__(self) -> str:
        # Never print tokens, even by accident in a log line or a traceback.
        hidden = {k: ("set" if getattr(self, k) else None) for k in ("bot_token", "app_token", "signing_secret")}
        return (
            f"Settings(tokens={hidden}, api_url={self.api_url!r}, public_url={self.public_url!r},"
            f" index_path={str(self.index_path)!r}, language={self.language!r}, ephemeral={self.ephemeral},"
            f" private_first={self.private_first}, assistant={self.assistant}, state_path={str(self.state_file)!r}"
            # The state URL may carry a database password.
            f", state_url={redact_url(self.state_url) if self.state_url else None!r}"
            f", adders={self.adders!r}, corpus_path={str(self.corpus_path)!r}, timezone={self.timezone!r}"
            f", answer_workers={self.answer_workers!r}, answer_queue={self.answer_queue!r}"
            f", jobs_per_worker={self.jobs_per_worker!r})"
        )


def _bool(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be true or false, got {value!r}")


def _whole_number(name: str, value: object, low: int, high: int) -> int | None:
    """A setting that is a whole number from `low` to `high`; None when not set."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise SettingsError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(text)


def _workers(value: object) -> int | None:
    """UKRAINE_BOT_ANSWER_WORKERS: a whole number of processes, 0 to answer in the serving process itself."""
    return _whole_number("UKRAINE_BOT_ANSWER_WORKERS", value, 0, 256)


def _queue(value: object) -> int:
    """UKRAINE_BOT_ANSWER_QUEUE: how many acknowledged requests may wait for their answer at once."""
    found = _whole_number("UKRAINE_BOT_ANSWER_QUEUE", value, 1, 1_000_000)
    return Settings.answer_queue if found is None else found


def _jobs_per_worker(value: object) -> int:
    """UKRAINE_BOT_JOBS_PER_WORKER: how many jobs (answer, render, post) each answering worker holds at once."""
    found = _whole_number("UKRAINE_BOT_JOBS_PER_WORKER", value, 1, 64)
    return Settings.jobs_per_worker if found is None else found


def _check_api_url(url: str) -> None:
    """An http(s) base URL without credentials: the Web API client logs the URL it retries."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
    if parts.username or parts.password:
        raise SettingsError("SLACK_API_URL must not contain a user name or password (they would be logged)")


def _check_state_url(url: str) -> None:
    """A postgresql:// URL; named redacted when it is not, since it may hold a password."""
    if not is_postgres_url(url):
        raise SettingsError(
            f"UKRAINE_BOT_STATE_URL must be a postgresql:// URL such as postgresql://bot:PASSWORD@db-host/ukraine_bot,"
            f" got {redact_url(url)}"
        )


def load_settings(config: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Environment variables win over the YAML file (UKRAINE_BOT_CONFIG or --config)."""
    env = dict(os.environ if env is None else env)
    file_values: dict = {}
    path = config or (Path(env["UKRAINE_BOT_CONFIG"]) if env.get("UKRAINE_BOT_CONFIG") else None)
    if path is not None:
        try:
            file_values = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SettingsError(f"config file {path}: {str(exc).splitlines()[0]}") from None
        if not isinstance(file_values, dict):
            raise SettingsError(f"config file {path}: expected a mapping of settings")
        unknown = set(file_values) - {
            "index", "language", "ephemeral", "private_first", "state", "public_url", "api_url", "state_url",
            "adders", "corpus", "timezone", "answer_workers", "assistant", "answer_queue",
            "jobs_per_worker",
        }
        if unknown:
            raise SettingsError(f"config file {path}: unknown settings {', '.join(sorted(unknown))}")

    def pick(var: str, key: str) -> object:
        return env.get(var) if env.get(var) not in (None, "") else file_values.get(key)

    language = str(pick("UKRAINE_BOT_LANGUAGE", "language") or "en").lower()
    if language not in {"en", "vi"}:
        raise SettingsError(f"UKRAINE_BOT_LANGUAGE must be en or vi, got {language!r}")
    index = pick("UKRAINE_BOT_INDEX", "index")
    adders = pick("UKRAINE_BOT_ADDERS", "adders") or ()
    if isinstance(adders, str):
        adders = adders.split(",")
    if not isinstance(adders, (list, tuple)):
        raise SettingsError(f"UKRAINE_BOT_ADDERS must be comma-separated Slack user ids or *, got {adders!r}")
    corpus = pick("UKRAINE_BOT_SEEDS", "corpus")
    zone = str(pick("UKRAINE_BOT_TIMEZONE", "timezone") or "").strip() or None
    if zone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"UKRAINE_BOT_TIMEZONE {zone!r} is not a known time zone, e.g. Asia/Ho_Chi_Minh") from None
    state = pick("UKRAINE_BOT_STATE", "state")
    api_url = str(pick("SLACK_API_URL", "api_url") or "") or None
    if api_url is not None:
        _check_api_url(api_url)
    state_url = str(pick("UKRAINE_BOT_STATE_URL", "state_url") or "").strip() or None
    if state_url is not None:
        _check_state_url(state_url)
    return Settings(
        adders=tuple(a.strip() for a in map(str, adders) if a.strip()),
        corpus_path=Path(str(corpus)) if corpus else default_seeds(),
        timezone=zone,
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        app_token=env.get("SLACK_APP_TOKEN") or None,
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        api_url=api_url,
        public_url=str(pick("PUBLIC_URL", "public_url") or "") or None,
        index_path=Path(str(index)) if index else default_index(),
        language=language,
        ephemeral=_bool(pick("UKRAINE_BOT_EPHEMERAL", "ephemeral") or False, "UKRAINE_BOT_EPHEMERAL"),
        private_first=_bool(pick("UKRAINE_BOT_PRIVATE_FIRST", "private_first") or False, "UKRAINE_BOT_PRIVATE_FIRST"),
        state_path=Path(str(state)) if state else None,
        state_url=state_url,
        answer_workers=_workers(pick("UKRAINE_BOT_ANSWER_WORKERS", "answer_workers")),
        answer_queue=_queue(pick("UKRAINE_BOT_ANSWER_QUEUE", "answer_queue")),
        jobs_per_worker=_jobs_per_worker(pick("UKRAINE_BOT_JOBS_PER_WORKER", "jobs_per_worker")),
        assistant=_bool(pick("UKRAINE_BOT_ASSISTANT", "assistant") or False, "UKRAINE_BOT_ASSISTANT"),
    )

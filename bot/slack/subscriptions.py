"""`/ukraine add | watch | watching | unwatch | digest`, and links shared to the bot in a direct message.

Routed here from the slash command by its first word. Watches and digests
belong to the channel the command was typed in, or, typed in a direct
message, to the user privately (notices then come to their DM with the bot).
Adding links is for the users UKRAINE_BOT_ADDERS names; the add itself runs
in a child process (`bot.slack.live.LiveCorpus.add`) after the ack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.blocks import escape
from bot.render.live import add_message, message, watch_added, watch_list
from bot.slack.live import MAX_URLS, LiveCorpus
from bot.slack.services import Services
from bot.state.records import WatchKind

log = logging.getLogger("ukraine_bot")

SUBCOMMANDS = ("add", "watch", "watching", "unwatch", "digest")
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>|(https?://\S+)")
_PAIR = re.compile(r"\s*(?:&|\+|\band\b|\bvà\b)\s*", re.IGNORECASE)

Action = Literal["add", "watch", "watching", "unwatch", "digest"]


@dataclass(frozen=True)
class WatchRequest:
    kind: WatchKind
    value: str
    other: str | None = None


def subcommand(text: str) -> Action | None:
    """The live-corpus subcommand `text` starts with, if any (`watch`, not `watchdog`)."""
    first = text.strip().split(maxsplit=1)[0].lower() if text.strip() else ""
    return first if first in SUBCOMMANDS else None  # type: ignore[return-value]


def links_in(text: str) -> list[str]:
    """The web links in a Slack message, as Slack formats them (<url|label>) or typed bare."""
    return [(a or b).rstrip(".,;)") for a, b in _LINK.findall(text)]


def only_links(text: str) -> list[str]:
    """The links, if the message is nothing but links (a link shared to the bot); else []."""
    rest = _LINK.sub(" ", text).strip()
    return links_in(text) if not rest else []


def parse_watch(rest: str) -> WatchRequest:
    """`Lavrov` → person; `Blinken & Lavrov` (or `and`, `và`) → pair; `word trừng phạt` → word."""
    rest = rest.strip().strip('"“”')
    if not rest:
        raise ValueError("say what to watch: `watch Lavrov`, `watch Blinken & Lavrov` or `watch word trừng phạt`")
    head, _, tail = rest.partition(" ")
    if head.lower() in ("word", "từ") and tail.strip():
        return WatchRequest("word", tail.strip().strip('"“”'))
    parts = [p for p in _PAIR.split(rest) if p.strip()]
    if len(parts) == 2:
        return WatchRequest("pair", parts[0], parts[1])
    if len(parts) > 2:
        raise ValueError("a watch takes one person or a pair of two: `watch Blinken & Lavrov`")
    return WatchRequest("person", rest)


def owner_of(command: dict) -> tuple[str, bool]:
    """Whose watch or digest this is: the channel's, or the user's alone when typed in a direct message."""
    channel = command.get("channel_id", "")
    private = channel.startswith("D") or command.get("channel_name") == "directmessage"
    return (command.get("user_id", "") if private else channel), private


def user_timezone(client: WebClient, user: str, fallback: str | None) -> str:
    """The user's Slack time zone (users.info), else the configured one, else UTC."""
    try:
        zone = (client.users_info(user=user).get("user") or {}).get("tz")
        if isinstance(zone, str) and zone:
            return zone
    except (SlackApiError, OSError) as exc:
        log.warning("users.info failed (%s); the digest uses %s", type(exc).__name__, fallback or "UTC")
    return fallback or "UTC"


Reply = Callable[..., object]


def run_add(live: LiveCorpus, user: str, urls: list[str], reply: Reply) -> None:
    if not live.may_add(user):
        reply(**message("Adding articles is not enabled for you; an admin can list your user id in UKRAINE_BOT_ADDERS.").as_kwargs())
        return
    if not urls:
        reply(**message("Give a link to add: `/ukraine add https://…`").as_kwargs())
        return
    result = live.add(urls[:MAX_URLS])
    skipped = [f"only the first {MAX_URLS} links are added at a time; send the other {len(urls) - MAX_URLS} again"] if len(urls) > MAX_URLS else []
    reply(**add_message(result.articles, result.error, [*result.problems, *skipped]).as_kwargs())


def on_subcommand(services: Services, client: WebClient, respond: Reply, command: dict) -> None:
    """Answer one live-corpus subcommand, only to the person who typed it."""
    text = command.get("text", "").strip()
    action = subcommand(text)
    rest = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""

    def reply(**kwargs: object) -> None:
        respond(response_type="ephemeral", **kwargs)

    live = services.live
    if live is None:
        reply(**message("This bot keeps no watchlists or added links (no state store is configured).").as_kwargs())
        return
    owner, private = owner_of(command)
    try:
        if action == "add":
            urls = links_in(rest)
            if live.may_add(command.get("user_id", "")) and urls:
                reply(**message(f"Adding {len(urls)} link(s)…").as_kwargs())
            run_add(live, command.get("user_id", ""), urls, reply)
        elif action == "watch":
            request = parse_watch(rest)
            watch = live.state.add_watch(owner, request.kind, request.value, request.other)
            reply(**watch_added(watch, private).as_kwargs())
        elif action == "watching":
            reply(**watch_list(live.state.watches(owner)).as_kwargs())
        elif action == "unwatch":
            number = rest.strip().lstrip("#")
            if not number.isdigit():
                raise ValueError("say which watch to remove by its number: `/ukraine unwatch 3` (see `/ukraine watching`)")
            if live.state.remove_watch(owner, int(number)):
                reply(**message(f"Stopped watching #{number}.").as_kwargs())
            else:
                reply(**message(f"No watch #{escape(number)} here; `/ukraine watching` lists them.").as_kwargs())
        elif action == "digest":
            digest(live, client, owner, command.get("user_id", ""), rest, reply)
    except ValueError as exc:
        reply(**message(escape(str(exc))).as_kwargs())


def digest(live: LiveCorpus, client: WebClient, owner: str, user: str, rest: str, reply: Reply) -> None:
    words = rest.lower().split()
    if words and words[0] == "off":
        done = live.state.remove_digest(owner)
        reply(**message("Daily digest turned off." if done else "There was no digest here.").as_kwargs())
        return
    if not words:
        current = live.state.digest(owner)
        text = f"Daily digest at {current.time} ({current.tz})." if current else "No digest here. Try `/ukraine digest daily 08:00`."
        reply(**message(escape(text)).as_kwargs())
        return
    if words[0] == "daily":
        words = words[1:]
    if len(words) != 1:
        raise ValueError("say when: `/ukraine digest daily 08:00`, or `/ukraine digest off`")
    zone = user_timezone(client, user, live.timezone)
    scheduled = live.state.set_digest(owner, words[0], zone)
    reply(**message(escape(
        f"Daily digest at {scheduled.time} ({scheduled.tz}): the new articles since the last one, grouped by person."
        " Nothing new, nothing posted."
    )).as_kwargs())

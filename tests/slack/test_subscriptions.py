"""Reading the live-corpus subcommands: what to watch, which links to add, whose watch it is."""

import pytest

from bot.slack.subscriptions import WatchRequest, links_in, only_links, owner_of, parse_watch, subcommand


@pytest.mark.parametrize(
    ("text", "action"),
    [("add https://x.vn/a", "add"), ("Watch Lavrov", "watch"), ("watching", "watching"), ("unwatch 2", "unwatch"),
     ("digest off", "digest"), ("watchdog", None), ("who Lavrov", None), ("", None)],
)
def test_the_first_word_routes_a_command(text, action):
    assert subcommand(text) == action


@pytest.mark.parametrize(
    ("text", "request_"),
    [
        ("Lavrov", WatchRequest("person", "Lavrov")),
        ("Sergei Lavrov", WatchRequest("person", "Sergei Lavrov")),
        ("Blinken & Lavrov", WatchRequest("pair", "Blinken", "Lavrov")),
        ("Blinken and Lavrov", WatchRequest("pair", "Blinken", "Lavrov")),
        ("Blinken và Lavrov", WatchRequest("pair", "Blinken", "Lavrov")),
        ("word trừng phạt", WatchRequest("word", "trừng phạt")),
    ],
)
def test_a_watch_is_a_person_a_pair_or_a_word(text, request_):
    assert parse_watch(text) == request_


@pytest.mark.parametrize("text", ["", "A & B & C"])
def test_a_watch_without_a_name_or_with_three_is_refused_with_the_examples(text):
    with pytest.raises(ValueError, match="watch"):
        parse_watch(text)


def test_links_are_read_as_slack_formats_them_or_bare():
    assert links_in("<https://x.vn/a|x.vn/a> and https://y.vn/b.") == ["https://x.vn/a", "https://y.vn/b"]


def test_a_message_of_only_links_is_a_link_shared_but_a_question_with_a_link_is_not():
    assert only_links(" <https://x.vn/a> ") == ["https://x.vn/a"]
    assert only_links("who wrote <https://x.vn/a>?") == []


def test_a_watch_typed_in_a_channel_is_the_channels_and_in_a_dm_the_users():
    assert owner_of({"channel_id": "C1", "user_id": "U1"}) == ("C1", False)
    assert owner_of({"channel_id": "D1", "user_id": "U1", "channel_name": "directmessage"}) == ("U1", True)


def test_an_add_of_more_than_ten_links_adds_ten_and_says_the_rest_were_not(tmp_path):
    from bot.slack.live import AddResult, LiveCorpus
    from bot.slack.subscriptions import run_add
    from bot.state.store import StateStore

    asked: list[list[str]] = []

    class Recording(LiveCorpus):
        def add(self, urls):
            asked.append(urls)
            return AddResult()

    live = Recording(state=StateStore(tmp_path / "state.db"), index=tmp_path / "i.db", corpus=tmp_path, adders=("*",))
    replies: list[dict] = []
    run_add(live, "U1", [f"https://x.vn/{n}" for n in range(12)], lambda **kw: replies.append(kw))
    assert len(asked[0]) == 10
    assert "send the other 2 again" in str(replies[0]["blocks"])

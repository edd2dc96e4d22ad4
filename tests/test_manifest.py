"""manifest.yml (Socket Mode) and manifest.http.yml declare exactly what the code handles and the scopes it needs.

Scopes are computed from the Web API methods the code calls (`client.<method>(`) and the
events the manifest subscribes to.
"""

import re
from pathlib import Path

import pytest
import yaml

from bot.slack.services import Services

ROOT = Path(__file__).resolve().parent.parent

# Scopes each Web API method and event needs (api.slack.com/methods, /events).
METHOD_SCOPES = {
    "auth_test": None,  # any token may call it
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "chat_delete": "chat:write",
    "reactions_add": "reactions:write",
    "conversations_info": "channels:read",
    "users_info": "users:read",
    "views_open": None,  # views.* need no scope: the trigger_id or the user's own Home tab is the permission
    "views_update": None,
    "views_publish": None,
    "views_push": None,
    "chat_unfurl": "links:write",
    "conversations_replies": "channels:history",
    "assistant_threads_setSuggestedPrompts": "assistant:write",
    "assistant_threads_setStatus": "assistant:write",
    "assistant_threads_setTitle": "assistant:write",
}
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.im": "im:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "app_home_opened": None,  # needs no scope, only the Home tab enabled
    "link_shared": "links:read",
    "assistant_thread_started": None,  # assistant:write, which the assistant.threads.* methods need, covers them
    "assistant_thread_context_changed": None,
}


class RecordingApp:
    """Stands in for Bolt's App to see what the listeners register."""

    def __init__(self):
        self.commands, self.events, self.actions, self.views, self.shortcuts = [], [], [], [], []

    def _record(self, bucket, name):
        bucket.append(name)
        return lambda fn: fn

    def command(self, name):
        return self._record(self.commands, name)

    def event(self, name):
        return self._record(self.events, name)

    def action(self, name):
        return self._record(self.actions, name)

    def view(self, name):
        return self._record(self.views, name)

    def shortcut(self, name):
        return self._record(self.shortcuts, name)


def handler_modules():
    """Every module of handlers/ (create_app registers each; a test below holds it to that)."""
    import importlib
    import pkgutil

    import handlers

    return [importlib.import_module(f"handlers.{m.name}") for m in pkgutil.iter_modules(handlers.__path__)]


def registered(assistant: bool = False):
    app = RecordingApp()
    for module in handler_modules():
        module.register(app, Services(engine=None, assistant=assistant))
    return app


def test_create_app_registers_every_handler_module():
    source = (ROOT / "bot" / "app.py").read_text(encoding="utf-8")
    for module in handler_modules():
        name = module.__name__.split(".")[-1]
        assert f"{name}.register(app, services)" in source, name


MANIFESTS = {
    "socket": yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8")),
    "http": yaml.safe_load((ROOT / "manifest.http.yml").read_text(encoding="utf-8")),
}
# The article pages are served only over HTTP, so only there can links to them be previewed.
HTTP_ONLY_EVENTS = {"link_shared"}
HTTP_ONLY_SCOPES = {"links:read", "links:write"}
# The assistant pane is for workspaces that have it: its declarations are in README ("The assistant pane"),
# added to either manifest by hand, and its listeners are registered only with UKRAINE_BOT_ASSISTANT.
ASSISTANT_ONLY_SCOPES = {"assistant:write"}
both = pytest.mark.parametrize("mode", sorted(MANIFESTS))


def declared_events(mode="socket"):
    return set(MANIFESTS[mode]["settings"]["event_subscriptions"]["bot_events"])


def handled_events(mode):
    return {e for e in registered().events if mode == "http" or e not in HTTP_ONLY_EVENTS}


@both
def test_every_command_the_code_handles_is_declared(mode):
    declared = {c["command"] for c in MANIFESTS[mode]["features"]["slash_commands"]}
    assert set(registered().commands) == declared


@both
def test_every_slash_command_has_a_description_and_usage_hint(mode):
    for c in MANIFESTS[mode]["features"]["slash_commands"]:
        assert c["description"] and c["usage_hint"]


@both
def test_every_event_the_code_handles_is_subscribed(mode):
    events = declared_events(mode)
    for name in handled_events(mode):
        assert any(e == name or e.startswith(name + ".") for e in events), name


@both
def test_every_subscribed_event_has_a_listener(mode):
    handled = set(registered().events)
    for e in declared_events(mode):
        assert e in handled or e.split(".")[0] in handled, e


@both
def test_actions_need_interactivity(mode):
    assert registered().actions and registered().views
    assert MANIFESTS[mode]["settings"]["interactivity"]["is_enabled"] is True


def test_socket_mode_is_on_in_the_socket_manifest_and_off_in_the_http_one():
    assert MANIFESTS["socket"]["settings"]["socket_mode_enabled"] is True
    assert MANIFESTS["http"]["settings"]["socket_mode_enabled"] is False


def test_the_http_manifest_sends_everything_to_the_one_events_url():
    http = MANIFESTS["http"]
    urls = {c["url"] for c in http["features"]["slash_commands"]}
    urls |= {http["settings"]["event_subscriptions"]["request_url"], http["settings"]["interactivity"]["request_url"]}
    assert urls == {"https://YOUR-HOST/slack/events"}


def test_the_http_manifest_previews_links_to_the_app_host_only():
    assert MANIFESTS["http"]["features"]["unfurl_domains"] == ["YOUR-HOST"]
    assert "unfurl_domains" not in MANIFESTS["socket"]["features"]


def code_scopes(mode="socket"):
    needed = {"commands"} if registered().commands or registered().shortcuts else set()  # shortcuts need it too
    source = "\n".join(p.read_text(encoding="utf-8") for p in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")])
    for method in set(re.findall(r"client\.(\w+)\(", source)):
        if METHOD_SCOPES[method]:
            needed.add(METHOD_SCOPES[method])
    for e in declared_events(mode):
        if EVENT_SCOPES[e]:
            needed.add(EVENT_SCOPES[e])
    needed -= ASSISTANT_ONLY_SCOPES
    return needed if mode == "http" else needed - HTTP_ONLY_SCOPES


def readme_assistant_block() -> dict:
    """The manifest additions README gives for the assistant pane (the YAML block under "The assistant pane")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The assistant pane", 1)[1]
    return yaml.safe_load(section.split("```yaml", 1)[1].split("```", 1)[0])


def test_readme_subscribes_exactly_the_events_the_assistant_pane_adds():
    added = set(registered(assistant=True).events) - set(registered().events)
    assert added and set(readme_assistant_block()["settings"]["event_subscriptions"]["bot_events"]) == added


def test_readme_adds_exactly_the_scopes_the_assistant_pane_needs():
    source = (ROOT / "bot" / "slack" / "assistant.py").read_text(encoding="utf-8")
    needed = {METHOD_SCOPES[m] for m in re.findall(r"client\.(\w+)\(", source)}
    needed |= {EVENT_SCOPES[e] for e in readme_assistant_block()["settings"]["event_subscriptions"]["bot_events"]}
    assert set(readme_assistant_block()["oauth_config"]["scopes"]["bot"]) == needed - {None} == ASSISTANT_ONLY_SCOPES


def test_readme_turns_on_the_assistant_view_with_a_description():
    view = readme_assistant_block()["features"]["assistant_view"]
    assert view["assistant_description"]


@both
def test_scopes_are_exactly_what_the_code_needs(mode):
    assert set(MANIFESTS[mode]["oauth_config"]["scopes"]["bot"]) == code_scopes(mode)


@both
def test_every_shortcut_the_code_handles_is_declared_and_none_other(mode):
    declared = {sc["callback_id"] for sc in MANIFESTS[mode]["features"].get("shortcuts", [])}
    assert set(registered().shortcuts) == declared


@both
def test_shortcuts_fit_slacks_limits(mode):
    for sc in MANIFESTS[mode]["features"].get("shortcuts", []):
        assert sc["type"] in ("message", "global") and len(sc["name"]) <= 24 and len(sc["description"]) <= 80


@both
def test_the_home_tab_is_enabled_when_the_code_publishes_it(mode):
    publishes = "app_home_opened" in registered().events
    assert MANIFESTS[mode]["features"]["app_home"]["home_tab_enabled"] is publishes


@both
def test_direct_messages_can_reach_the_bot(mode):
    # message.im is only delivered if users can write in the app's Messages tab.
    if "message" in registered().events:
        home = MANIFESTS[mode]["features"]["app_home"]
        assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False


def test_the_two_manifests_differ_only_in_how_slack_reaches_the_app():
    def core(m):
        features = {k: v for k, v in m["features"].items() if k != "unfurl_domains"}
        features["slash_commands"] = [{k: v for k, v in c.items() if k != "url"} for c in features["slash_commands"]]
        return {"display_information": m["display_information"], "features": features}

    assert core(MANIFESTS["socket"]) == core(MANIFESTS["http"])


def _action_ids(blocks):
    for b in blocks:
        if b.get("accessory", {}).get("action_id"):
            yield b["accessory"]["action_id"]
        if b["type"] == "actions":
            yield from (e["action_id"] for e in b["elements"])


def rendered_actions():
    """Every action_id on every surface the bot renders, in their fullest form."""
    from bot.render.article_view import Article, article_modal
    from bot.render.blocks import detail_page, share_block, summary_message
    from bot.render.values import ArticleRef
    from bot.serve.answers import Answer, ArticleHit

    hits = [ArticleHit(str(i), f"t{i}", None, None, None, "s") for i in range(5)]
    blocks = detail_page(Answer(query="q", intent="search", articles=hits), 0, action_value="v").blocks
    miss = Answer(query="who X", intent="who", target="X", error="no_actor", suggestions=["Y"])
    blocks += summary_message(miss).blocks + [share_block("q")]
    from bot.render.home import home_view

    blocks += home_view(None)["blocks"]
    long = Article("a", "t", None, None, None, tuple(f"Câu {i}." for i in range(3000)))
    blocks += article_modal(long, ArticleRef("a", (), 1), public_url="https://x.example")["blocks"]
    return set(_action_ids(blocks))


def _matches(registered_id, action_id):
    if isinstance(registered_id, re.Pattern):
        return bool(registered_id.match(action_id))
    return registered_id == action_id


def test_every_action_the_code_handles_is_a_button_the_code_renders():
    rendered = rendered_actions()
    for handled in registered().actions:
        assert any(_matches(handled, a) for a in rendered), handled


def test_every_button_the_code_renders_has_a_listener():
    handled = registered().actions
    for action_id in rendered_actions():
        assert any(_matches(h, action_id) for h in handled), action_id

"""Reviewed Block Kit snapshots: what Slack shows for `who Sullivan` and `on 2022-01-21`, and each other surface.

Each message file under tests/snapshots/ holds {"blocks": [...]} for the channel message
and for the thread details; each view file (views/*.json) is a whole modal or Home tab.
A person can paste either into Block Kit Builder (https://app.slack.com/block-kit-builder). After a deliberate rendering change, run
`UPDATE_SNAPSHOTS=1 python -m pytest tests/render/test_render_snapshots.py`, review the
diff, and commit it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.render.blocks import detail_page, more_value, summary_message

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
PUBLIC_URL = "https://ukraine-bot.example.org"


def _rendered(engine, query: str) -> dict:
    answer = engine.answer(query)
    summary = summary_message(answer, "en", PUBLIC_URL)
    details = detail_page(answer, 0, "en", PUBLIC_URL, more_value(answer.query, 1))
    return {
        "channel_message": {"blocks": summary.blocks},
        "thread_details": {"blocks": details.blocks},
    }


@pytest.mark.parametrize("query,name", [("who Sullivan", "who_sullivan"), ("on 2022-01-21", "on_2022-01-21")])
def test_block_kit_matches_the_reviewed_snapshot(engine, query, name):
    path = SNAPSHOTS / f"{name}.json"
    rendered = json.loads(json.dumps(_rendered(engine, query), ensure_ascii=False))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(json.dumps(rendered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert rendered == json.loads(path.read_text("utf-8"))



def _check(path: Path, rendered: dict) -> None:
    rendered = json.loads(json.dumps(rendered, ensure_ascii=False))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(rendered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert rendered == json.loads(path.read_text("utf-8"))


def _surfaces(engine) -> dict:
    """Every view the bot opens or publishes, rendered from the seed index."""
    from bot.render.article_view import Article, article_modal
    from bot.render.values import ArticleRef

    hit = engine.answer("who Sullivan").articles[0]
    highlight = tuple(e.sentence for e in hit.evidence if e.sentence is not None)
    article = Article.from_row(engine.article(hit.id))
    from dataclasses import replace

    from bot.render.feedback_view import feedback_modal
    from bot.render.home import home_view
    from bot.serve.overview import index_overview

    # The build time changes with every build: the snapshot holds a fixed one.
    overview = replace(index_overview(engine.session), built_at="2026-01-01T00:00:00Z")
    return {
        "article_modal": article_modal(article, ArticleRef(hit.id, highlight), "en", PUBLIC_URL),
        "feedback_modal": feedback_modal("who Sullivan", "C123"),
        "home": home_view(overview, "en"),
    }


def _private_messages(engine) -> dict:
    """Messages only the asker sees: a private answer with Share, and a miss with its suggestion buttons."""
    from bot.slack.delivery import private_message
    from bot.slack.services import Services

    services = Services(engine=engine, public_url=PUBLIC_URL, private_first=True)
    from bot.render.sources import sources_message
    from bot.serve.sources import find_sources

    found = find_sources(engine.answer, "Lavrov và Blinken đã gặp nhau ở Genève ngày 21/1/2022.")
    return {
        "find_sources": {"blocks": sources_message(found, "en", PUBLIC_URL).blocks},
        "private_who_sullivan": {"blocks": private_message(services, engine.answer("who Sullivan"), True).blocks},
        "miss_on_2022-03-01": {"blocks": private_message(services, engine.answer("on 2022-03-01"), True).blocks},
    }


@pytest.mark.parametrize("name", ["private_who_sullivan", "miss_on_2022-03-01", "find_sources"])
def test_each_private_message_matches_its_reviewed_snapshot(engine, name):
    _check(SNAPSHOTS / f"{name}.json", _private_messages(engine)[name])


@pytest.mark.parametrize("name", ["article_modal", "feedback_modal", "home"])
def test_each_view_matches_its_reviewed_snapshot(engine, name):
    _check(SNAPSHOTS / "views" / f"{name}.json", _surfaces(engine)[name])

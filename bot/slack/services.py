"""What the listeners are given: the answerer and how to render, typed and passed in at registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.serve.answers import Answer
from bot.serve.overview import IndexOverview
from bot.state.feedback import FeedbackStore
from bot.state.threads import ThreadStore

if TYPE_CHECKING:
    from bot.slack.handoff import Handoff
    from bot.slack.live import LiveCorpus


class Answerer(Protocol):
    """Anything that turns a query into an Answer: the engine, or a fake in tests."""

    def answer(self, text: str) -> Answer: ...

    def article(self, article_id: str) -> dict | None:
        """The cleaned article (id, title, url, outlet, published, sentences), or None if it is not indexed."""
        ...


class Catalog(Protocol):
    """What the index holds, for the App Home."""

    def overview(self) -> IndexOverview: ...


@dataclass(frozen=True, kw_only=True)
class Services:
    """The answerer and the render options; built with keywords, never imported as globals."""

    engine: Answerer
    language: str = "en"
    public_url: str | None = None
    ephemeral: bool = False
    private_first: bool = False  # answers go to the asker first, with "Share in channel"
    feedback: FeedbackStore | None = None  # where 👍/👎 are kept; None: feedback is not stored
    threads: ThreadStore | None = None  # the threads the bot answered in; None: no follow-ups without a mention
    catalog: Catalog | None = None  # the index overview on the App Home; None: the Home shows no figures
    # Added links, watchlists and digests; None when the bot runs without a state store.
    live: LiveCorpus | None = None
    assistant: bool = False  # answer in Slack's assistant pane (UKRAINE_BOT_ASSISTANT)
    # Where listeners leave their work after the ack; None: they answer on Bolt's thread (tests, the console).
    handoff: Handoff | None = None

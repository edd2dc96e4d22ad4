"""Live-corpus messages: escaped like every answer, and a digest within Slack's limits."""

from datetime import date, datetime, timezone

from bot.alerts.watch import NewArticle, Notice
from bot.index.articles import IndexedArticle, IndexedEvent, IndexedPerson
from bot.render.blocks import MAX_BLOCKS, MAX_SECTION_TEXT
from bot.render.live import digest_message
from bot.render.notices import notice_message
from bot.state.records import Watch

WATCH = Watch(1, "C1", "word", "<!channel>", None, datetime(2024, 3, 5, tzinfo=timezone.utc))


def article(n: int, people: tuple[str, ...] = ("Sergei Lavrov",), title: str = "Tin") -> IndexedArticle:
    return IndexedArticle(
        id=f"a{n}", file=f"a{n}.txt", title=f"{title} {n}", outlet=None, url=f"https://x.vn/{n}", published="2024-03-05",
        sentences=("Một câu.",), people=tuple(IndexedPerson(p, (p,), (0,)) for p in people),
    )


def test_a_notice_escapes_the_watch_the_title_and_the_sentence():
    notice = Notice(WATCH, NewArticle("a", "<@U1> & co", ("say <!channel> now",), url="https://x.vn/a"), "say <!channel> now")
    message = notice_message(notice)
    text = message.blocks[0]["text"]["text"]
    assert "<!channel>" not in text and "<@U1>" not in text and "<!channel>" not in message.text
    assert "&lt;!channel&gt;" in text and "<https://x.vn/a|&lt;@U1&gt; &amp; co>" in text


def test_a_digest_groups_articles_under_the_people_they_name_most_named_first():
    message = digest_message([article(1, ("Antony Blinken", "Sergei Lavrov")), article(2), article(3, ())], date(2024, 3, 5))
    sections = [b["text"]["text"] for b in message.blocks[1:]]
    assert sections[0].startswith("*Sergei Lavrov* (2)") and sections[1].startswith("*Antony Blinken* (1)")
    assert sections[-1].startswith("*Other new articles*") and "Tin 3" in sections[-1]


def test_a_digest_of_many_articles_and_people_stays_within_slacks_limits():
    articles = [article(n, tuple(f"Person {n}-{k}" for k in range(20)), title="T" * 400) for n in range(300)]
    message = digest_message(articles, date(2024, 3, 5))
    assert len(message.blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in message.blocks)
    assert "300 new article(s)" in message.text


def test_a_digest_lists_the_events_the_new_articles_report_in_date_order():
    later = IndexedEvent("2024-03-04", "day", "Chiều 4/3, hai bên hội đàm.")
    earlier = IndexedEvent("2024-02-01", "month", "Hồi tháng 2, <@U1> đã đến.")
    a = article(1)
    dated = IndexedArticle(a.id, a.file, a.title, a.outlet, a.url, a.published, a.sentences, a.people, (later, earlier))
    [events] = [b["text"]["text"] for b in digest_message([dated], date(2024, 3, 5)).blocks if "Events" in str(b)]
    assert events.index("*2024-02*") < events.index("*2024-03-04*")
    assert "&lt;@U1&gt;" in events and "<@U1>" not in events


def test_slack_help_shows_watch_digest_and_add_and_the_terminal_help_does_not(seed_index):
    from bot.render.blocks import help_message
    from bot.render.text import render_text
    from bot.serve.engine import Engine

    slack = str(help_message("en").blocks)
    assert "/ukraine watch Lavrov" in slack and "/ukraine digest daily 08:00" in slack and "/ukraine add" in slack
    assert "watch Lavrov" not in render_text(Engine(seed_index).answer("help"), "en")

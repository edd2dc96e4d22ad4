"""`ukraine-bot show`: what the index holds for one article, and why an answer is what it is."""

import json

from bot.render.show import render_report
from bot.serve.engine import Engine
from tests.test_cli import cli_env, run_cli

PUTIN_BIDEN = "002_eb2e849d9fcfff80"  # listed in seeds/sources.yml with its date; prints a byline dateline too


def test_show_gives_the_people_with_roles_and_aliases_the_article_names(engine):
    report = engine.show(PUTIN_BIDEN)
    people = {p.name: p for p in report.people}
    assert "Tổng thống Mỹ" in people["Joe Biden"].roles and "Biden" in people["Joe Biden"].aliases


def test_show_gives_each_dated_mention_with_its_precision_and_sentence(engine):
    report = engine.show(PUTIN_BIDEN)
    (mention,) = [d for d in report.dates if d.start == "2021-12-30"]
    assert mention.precision == "day" and "ngày 30.12" in mention.quote


def test_show_says_where_the_publication_date_came_from(engine):
    assert engine.show(PUTIN_BIDEN).published_from == "sources.yml"


def test_an_unlisted_article_dated_by_its_dateline_says_so(tmp_path):
    from bot.build.pipeline import build_index

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Ngoại trưởng hai nước điện đàm\nMai Anh | 14/03/2024, 08:10\n"
        "Ngoại trưởng Mỹ Antony Blinken đã điện đàm với người đồng cấp Ukraine Dmytro Kuleba.\n",
        encoding="utf-8",
    )
    build_index(folder, tmp_path / "index.db")
    report = Engine(tmp_path / "index.db").show("a")
    assert (report.published, report.published_from) == ("2024-03-14", "dateline")


def test_show_lists_the_lines_dropped_as_page_chrome(engine):
    chrome = engine.show(PUTIN_BIDEN).chrome
    assert "Bài liên quan" in chrome and not any("Tổng thống Mỹ Joe Biden và người đồng cấp" in c for c in chrome)


def test_show_of_an_unknown_article_is_none(engine):
    assert engine.show("no-such-article") is None


def test_the_report_reads_wholly_in_vietnamese_with_the_vietnamese_setting(engine):
    text = render_report(engine.show(PUTIN_BIDEN), "vi")
    assert "Nhân vật bài báo nhắc tới" in text and "People the article names" not in text


def test_ukraine_bot_show_prints_json_and_names_a_missing_article(seed_index):
    shown = run_cli("show", PUTIN_BIDEN, "--json", "--index", str(seed_index), env=cli_env())
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == PUTIN_BIDEN
    missing = run_cli("show", "nope", "--index", str(seed_index), env=cli_env())
    assert missing.returncode == 1 and "no article with id 'nope'" in missing.stderr

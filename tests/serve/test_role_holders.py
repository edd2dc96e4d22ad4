"""A role asked without a date: the person the articles give it most recently, and every holder, with when."""

import pytest

from bot.build.pipeline import build_index
from bot.serve.engine import Engine

ARTICLES = {
    "a.txt": ("2021-03-02", "Thủ tướng Anh Peter Holmwood tới thăm Kiev\n"
              "Thủ tướng Anh Peter Holmwood hôm qua đã tới Kiev để gặp các quan chức Ukraine.\n"
              "Ông Holmwood cam kết tiếp tục viện trợ cho Ukraine.\n"),
    "b.txt": ("2023-05-10", "Thủ tướng Anh mới nhậm chức\n"
              "Thủ tướng Anh Clara Westbrook đã điện đàm với Tổng thống Ukraine.\n"
              "Con rể của Thủ tướng Anh Clara Westbrook, ông Tom Reedley, cũng có mặt tại cuộc họp.\n"
              "Phó Thủ tướng Anh Mark Dunmore cho biết London sẽ gửi thêm viện trợ.\n"
              "Dự họp có Chủ tịch Ủy ban Châu Âu Anna Lindqvist, Thủ tướng Anh Clara Westbrook và Thủ tướng Ý Luca Ferrante.\n"),
}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Engine:
    folder = tmp_path_factory.mktemp("roles")
    entries = []
    for name, (published, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        entries.append(f"- file: {name}\n  title: {text.splitlines()[0]}\n  outlet: Báo Mẫu\n  url: null\n  published: {published}\n")
    (folder / "sources.yml").write_text("".join(entries), encoding="utf-8")
    out = folder / "index.db"
    build_index(folder, out)
    return Engine(out)


def test_a_role_without_a_date_answers_with_its_most_recent_holder(newsroom):
    assert newsroom.answer("ai là thủ tướng Anh").actor.name == "Clara Westbrook"


def test_a_role_without_a_date_lists_every_holder_most_recent_first_with_their_dates(newsroom):
    holders = newsroom.answer("ai là thủ tướng Anh").holders
    assert [(h.name, h.first, h.last) for h in holders] == [
        ("Clara Westbrook", "2023-05-10", "2023-05-10"), ("Peter Holmwood", "2021-03-01", "2021-03-02")]


def test_a_name_after_a_comma_is_not_given_the_role_before_it(newsroom):
    assert "Tom Reedley" not in {h.name for h in newsroom.answer("ai là thủ tướng Anh").holders}


def test_the_deputy_is_not_a_holder_of_the_role(newsroom):
    assert "Mark Dunmore" not in {h.name for h in newsroom.answer("ai là thủ tướng Anh").holders}


def test_a_person_asked_by_name_gets_no_holder_list(newsroom):
    assert newsroom.answer("who Holmwood").holders == []


def test_in_a_list_of_titled_people_a_role_is_the_next_persons_not_the_previous_ones(newsroom):
    assert "Anna Lindqvist" not in {h.name for h in newsroom.answer("ai là thủ tướng Anh").holders}

"""Saved pages: one stable file per article URL, inside the corpus folder, written whole."""

import os

import pytest

from bot.ingest.html import extract_page
from bot.ingest.store import StoreError, is_article_file, page_file_name, save_page, saved_from

URL = "https://thoisu.example.vn/the-gioi/hoi-dam-123.html"
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Hội đàm</title></head><body><article><h1>Hội đàm</h1>"
    "<p>Chiều 4/3, Bộ trưởng Ngoại giao hai nước đã hội đàm về quan hệ song phương và tình hình xung đột tại Ukraine.</p>"
    "<p>Hai bên nhất trí tăng cường trao đổi đoàn các cấp, đồng thời thúc đẩy hợp tác thương mại và giáo dục trong năm tới.</p>"
    "</article></body></html>"
).encode("utf-8")


def test_a_page_file_is_named_by_a_hash_of_its_url():
    name = page_file_name(URL)
    assert name.startswith("web_") and name.endswith(".html")
    assert len(name) == len("web_") + 16 + len(".html")


def test_the_same_address_written_differently_gets_the_same_name():
    assert page_file_name(URL) == page_file_name("HTTPS://ThoiSu.Example.VN/the-gioi/hoi-dam-123.html#binh-luan")


def test_different_articles_get_different_names():
    assert page_file_name(URL) != page_file_name(URL.replace("123", "124"))


def test_a_url_with_dots_and_slashes_cannot_name_a_file_outside_the_folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = save_page(folder, "https://x.example/../../../etc/passwd", PAGE)
    assert path.parent == folder
    assert os.listdir(tmp_path) == ["corpus"]


def test_saving_twice_keeps_one_file_with_the_newer_page(tmp_path):
    save_page(tmp_path, URL, PAGE)
    path = save_page(tmp_path, URL, PAGE.replace(b"Ukraine", b"Ukraina"))
    assert os.listdir(tmp_path) == [path.name]
    assert b"Ukraina" in path.read_bytes()


def test_no_temporary_file_is_left_behind(tmp_path):
    save_page(tmp_path, URL, PAGE)
    assert [p.name for p in tmp_path.iterdir()] == [page_file_name(URL)]


def test_the_saved_page_records_the_url_it_came_from(tmp_path):
    path = save_page(tmp_path, URL + "#top", PAGE)
    assert saved_from(path.read_bytes()) == URL


def test_the_recorded_url_does_not_change_what_is_extracted(tmp_path):
    path = save_page(tmp_path, URL, PAGE)
    assert extract_page(path.read_bytes(), URL).text == extract_page(PAGE, URL).text


def test_a_page_saved_again_records_its_url_once(tmp_path):
    path = save_page(tmp_path, URL, PAGE)
    again = save_page(tmp_path, URL, path.read_bytes())
    assert again.read_bytes().count(b"saved from url=") == 1


def test_a_line_whose_length_does_not_match_is_not_taken_for_a_url():
    assert saved_from(b"<!-- saved from url=(0005)https://x.example/ -->\n<html>") is None
    assert saved_from(b"<html>") is None


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match="corpus folder not found"):
        save_page(tmp_path / "nope", URL, PAGE)


def test_a_symlink_leading_out_of_the_folder_is_not_written_through(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"keep")
    (folder / page_file_name(URL)).symlink_to(outside)
    with pytest.raises(StoreError, match="outside the corpus folder"):
        save_page(folder, URL, PAGE)
    assert outside.read_bytes() == b"keep"


def test_html_pages_live_beside_txt_articles(tmp_path):
    assert is_article_file(tmp_path / "a.txt")
    assert is_article_file(tmp_path / page_file_name(URL))
    assert is_article_file(tmp_path / "B.HTML")
    assert not is_article_file(tmp_path / "sources.yml")
    assert not is_article_file(tmp_path / ".web_x.html.abc.tmp")

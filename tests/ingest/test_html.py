"""A news page becomes article text in the corpus layout, with the metadata the page declares."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from bot.ingest.html import PageError, extract_page

PAGES = Path(__file__).parent / "pages"
URL = "https://thoisu.example.vn/p/123"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def minimal(head: str = "", body_extra: str = "") -> str:
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in (
            "Sáng 10/5, Ngoại trưởng Mỹ đã điện đàm với Ngoại trưởng Ukraine về tiến trình đàm phán và các bảo đảm an ninh cho Kiev.",
            "Hai bên nhất trí duy trì liên lạc thường xuyên và phối hợp chặt chẽ trước hội nghị của nhóm các nước ủng hộ Ukraine vào tháng tới.",
            "Phía Ukraine cảm ơn Mỹ về các gói hỗ trợ đã công bố và đề nghị đẩy nhanh việc chuyển giao hệ thống phòng không cho mùa đông.",
        )
    )
    return f"<html><head><meta charset='utf-8'>{head}<title>Điện đàm Mỹ - Ukraine</title></head><body><article><h1>Điện đàm Mỹ - Ukraine</h1>{paragraphs}{body_extra}</article></body></html>"


def test_the_text_is_the_title_then_one_paragraph_per_line():
    article = extract_page(page("article.html"), URL)
    lines = article.text.split("\n\n")
    assert lines[0] == "Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan"
    assert lines[1].startswith("Chiều 4/3 tại Warszawa, Bộ trưởng Ngoại giao Bùi Thanh Sơn")
    assert lines[-1] == "Cuối buổi hội đàm, hai bộ trưởng đã ký bản ghi nhớ về tham vấn chính trị giữa hai Bộ Ngoại giao, dự kiến tổ chức định kỳ hai năm một lần.\n"
    assert len(article.paragraphs) == 6


@pytest.mark.parametrize(
    "chrome",
    [
        "Trang chủ",  # navigation menu
        "Kinh tế",
        "Tin liên quan",  # related-story block
        "Nga và Trung Quốc tổ chức diễn tập hải quân chung",
        "Giấy phép số 000/GP-BTTTT",  # footer
        "Bản quyền thuộc về",
    ],
)
def test_navigation_related_stories_and_footer_are_dropped(chrome):
    assert chrome not in extract_page(page("article.html"), URL).text


def test_a_related_box_inside_the_main_column_is_dropped():
    text = extract_page(page("jsonld.html"), URL).text
    assert "EU thông qua gói trừng phạt mới" not in text
    assert "Xem thêm" not in text
    assert "Ghi rõ nguồn" not in text


def test_metadata_comes_from_meta_tags_and_the_canonical_link():
    article = extract_page(page("article.html"), URL)
    assert article.title == "Ngoại trưởng Việt Nam hội đàm với người đồng cấp Ba Lan"
    assert article.author == "Minh Anh"
    assert article.outlet == "Báo Thời Sự"
    assert article.canonical_url == "https://thoisu.example.vn/the-gioi/ngoai-truong-hoi-dam-ba-lan-123.html"


def test_published_comes_from_article_published_time():
    assert extract_page(page("article.html"), URL).published == date(2024, 3, 5)


def test_published_comes_from_json_ld_and_not_from_the_later_modified_time():
    article = extract_page(page("jsonld.html"), URL)
    assert article.published == date(2024, 6, 12)
    assert (article.author, article.outlet) == ("Trần Quang Huy", "Tin Quốc Tế")


def test_published_is_the_date_the_publisher_wrote_in_its_own_time_zone():
    html = minimal('<meta property="article:published_time" content="2024-05-10T23:30:00-05:00">')
    assert extract_page(html, URL).published == date(2024, 5, 10)


def test_published_comes_from_json_ld_inside_a_graph():
    ld = '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle", "datePublished": "2024-05-10T08:00:00Z"}]}'
    html = minimal(f'<script type="application/ld+json">{ld}</script>')
    assert extract_page(html, URL).published == date(2024, 5, 10)


def test_published_comes_from_a_time_element_marked_date_published():
    html = minimal(body_extra='<time itemprop="datePublished" datetime="2024-05-10T08:00">10/05/2024</time>')
    assert extract_page(html, URL).published == date(2024, 5, 10)


def test_a_broken_json_ld_block_is_ignored():
    html = minimal('<script type="application/ld+json">{"datePublished": </script><meta name="pubdate" content="2024-05-11">')
    assert extract_page(html, URL).published == date(2024, 5, 11)


def test_a_page_that_declares_no_date_has_none():
    assert extract_page(minimal(), URL).published is None


def test_without_a_canonical_link_the_fetched_url_is_kept():
    assert extract_page(minimal(), URL).canonical_url == URL


def test_decomposed_vietnamese_comes_out_precomposed():
    html = unicodedata.normalize("NFD", minimal())
    text = extract_page(html, URL).text
    assert text == unicodedata.normalize("NFC", text)
    assert "Ngoại trưởng Mỹ" in text


def test_a_page_of_headlines_has_no_article_text():
    with pytest.raises(PageError, match=f"^{URL}: no article text found"):
        extract_page(page("index.html"), URL)


@pytest.mark.parametrize("html", [b"", "   ", "<html><body><script>render()</script></body></html>"])
def test_an_empty_page_is_an_error_naming_it(html):
    with pytest.raises(PageError, match=f"^{URL}: "):
        extract_page(html, URL)

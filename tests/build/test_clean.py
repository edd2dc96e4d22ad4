"""Cleaning keeps the article and drops the page around it, on layouts written for these tests."""

from bot.build.clean import clean, is_credit_line, is_ui_line
from bot.build.datelines import is_dateline

BODY_1 = (
    "Thủ tướng Anh Keir Starmer ngày 3/3 cho biết London sẵn sàng điều quân tới Ukraine nếu hai bên"
    " đạt được thỏa thuận ngừng bắn, đồng thời kêu gọi các nước châu Âu tăng chi tiêu quốc phòng."
)
BODY_2 = (
    "Phát biểu tại hội nghị ở London, ông Starmer nói rằng châu Âu phải gánh vác phần lớn trách nhiệm"
    " bảo đảm an ninh cho Ukraine trong giai đoạn tới, nhưng vẫn cần sự hậu thuẫn của Mỹ."
)
BODY_3 = (
    "Các nhà lãnh đạo dự hội nghị nhất trí thành lập một liên minh những nước sẵn sàng hỗ trợ Kiev,"
    " theo tuyên bố chung được công bố sau cuộc họp kéo dài hơn ba giờ đồng hồ."
)


def page(*lines: str) -> str:
    return "\n".join(lines)


def test_body_paragraphs_are_kept_in_order():
    out = clean(page(BODY_1, BODY_2, BODY_3))
    assert out.body == [BODY_1, BODY_2, BODY_3]


def test_related_block_and_its_teasers_are_chrome():
    teaser_head = "Tổng thống Pháp Emmanuel Macron thăm Ấn Độ"
    teaser = (
        "Ngày 12.2, Tổng thống Pháp Emmanuel Macron đã tới New Delhi để thảo luận với Thủ tướng Narendra"
        " Modi về hợp tác quốc phòng và năng lượng giữa hai nước."
    )
    out = clean(page(BODY_1, BODY_2, "Tin liên quan", teaser_head, teaser))
    assert teaser_head in out.chrome and teaser in out.chrome
    assert out.body == [BODY_1, BODY_2]


def test_several_block_headings_in_a_row_are_all_chrome():
    out = clean(page(BODY_1, "Đọc nhiều nhất", "Giá vàng hôm nay tăng mạnh", "Có thể bạn quan tâm", "Xem thêm"))
    assert out.body == [BODY_1]


def test_article_resumes_after_an_inline_related_box():
    out = clean(page(BODY_1, "Bài liên quan", "Nga phản ứng về kế hoạch của châu Âu", BODY_2, BODY_3))
    assert out.body == [BODY_1, BODY_2, BODY_3]


def test_share_and_comment_buttons_are_chrome():
    out = clean(page("Chia sẻ", "Bình luận (12)", BODY_1, "Gửi góp ý", "Báo lỗi nội dung"))
    assert out.body == [BODY_1]


def test_repeated_caption_counts_once():
    caption = "Thủ tướng Anh Keir Starmer phát biểu tại London. Ảnh: AFP"
    out = clean(page(caption, BODY_1, caption, BODY_2, caption))
    assert out.body.count(caption) == 1


def test_image_file_names_and_calendar_widgets_are_chrome():
    out = clean(page(BODY_1, "starmer-london.jpg", "CNT2T3T4T5T6T7", BODY_2))
    assert "starmer-london.jpg" in out.chrome and "CNT2T3T4T5T6T7" in out.chrome


def test_all_caps_footer_is_chrome():
    out = clean(page(BODY_1, "BẢN QUYỀN THUỘC VỀ TÒA SOẠN"))
    assert "BẢN QUYỀN THUỘC VỀ TÒA SOẠN" in out.chrome


def test_reporter_credits_end_the_article():
    credits = "Viết bởi Anna Schmidt, biên tập bởi John Carter và Maria Rossi"
    out = clean(page(BODY_1, BODY_2, credits, "Trần Văn Nam tại Hà Nội"))
    assert out.body == [BODY_1, BODY_2]
    assert credits in out.chrome


def test_byline_at_the_top_does_not_end_the_article():
    out = clean(page("Minh Anh (theo Reuters) Thứ hai, ngày 03/03/2025 14:10 PM (GMT+7)", BODY_1, BODY_2))
    assert out.body == [BODY_1, BODY_2]


def test_teaser_cut_with_an_ellipsis_at_the_foot_is_chrome():
    headline = "Ba Lan tăng cường phòng thủ biên giới phía đông"
    teaser = "Chính phủ Ba Lan cho biết sẽ chi thêm hàng tỷ USD để củng cố tuyến phòng thủ dọc biên giới với Belarus, nguồn tin..."
    out = clean(page(BODY_1, BODY_2, headline, teaser, "Chia sẻ"))
    assert out.body == [BODY_1, BODY_2]


def test_link_to_another_story_is_chrome():
    assert is_ui_line(">> Nga thử nghiệm tên lửa mới tại Biển Barents")


def test_promo_line_is_chrome():
    assert is_ui_line("Mời quý độc giả theo dõi báo trên Zalo để cập nhật tin tức nhanh nhất.")


def test_body_sentence_is_not_ui():
    assert not is_ui_line(BODY_1)


def test_dateline_with_time_is_recognised():
    assert is_dateline("Hoàng Lan | 15/08/2025, 09:12")


def test_body_sentence_with_a_date_is_not_a_dateline():
    assert not is_dateline("Cuộc gặp diễn ra lúc 9h30 ngày 15/8/2025 tại Anchorage.")


def test_short_source_line_is_a_credit():
    assert is_credit_line("Theo Reuters, AFP")


def test_sentence_beginning_with_theo_is_not_a_credit():
    assert not is_credit_line(
        "Theo Bộ Quốc phòng Anh, lực lượng Nga đã chịu tổn thất nặng nề trong các trận giao tranh gần đây."
    )


PAGE_WITH_HEADER = """Bạn đọc cần biết Tiện ích Liên hệ
Quốc tế
Thủ tướng Anh và Tổng thống Pháp bàn về 'lực lượng trấn an' cho Ukraine
Minh Châu
14/03/2025 09:10 GMT+7
Thủ tướng Anh Keir Starmer ngày 13.3 điện đàm với Tổng thống Pháp Emmanuel Macron về kế hoạch triển khai lực lượng châu Âu tới Ukraine sau khi có lệnh ngừng bắn.
Hai nhà lãnh đạo nhất trí sẽ tiếp tục thảo luận với các đồng minh trong tuần tới, theo thông cáo của văn phòng Thủ tướng Anh.
"""


def test_navigation_section_and_byline_above_a_dateline_are_chrome():
    cleaned = clean(PAGE_WITH_HEADER)
    assert cleaned.body[0] == "Thủ tướng Anh và Tổng thống Pháp bàn về 'lực lượng trấn an' cho Ukraine"
    for label in ("Bạn đọc cần biết Tiện ích Liên hệ", "Quốc tế", "Minh Châu"):
        assert label in cleaned.chrome and label not in cleaned.body


def test_a_lead_printed_above_the_headline_stays_in_the_body():
    page = ("Ngoại trưởng hai nước đã gặp nhau tại Riyadh để bàn về lệnh ngừng bắn.\n"
            "Ngoại trưởng Mỹ và Nga gặp nhau\nHà Linh | 18/02/2025, 10:05\n"
            "Cuộc gặp kéo dài bốn giờ và hai bên nhất trí lập các nhóm làm việc chung về Ukraine.\n")
    body = clean(page).body
    assert body[:2] == ["Ngoại trưởng hai nước đã gặp nhau tại Riyadh để bàn về lệnh ngừng bắn.",
                        "Ngoại trưởng Mỹ và Nga gặp nhau"]


def test_a_follow_us_button_is_not_a_source_line_that_ends_the_article():
    out = clean(page("Theo dõi Báo Miền Tây trên Google News", BODY_1, BODY_2))
    assert out.body == [BODY_1, BODY_2]
    assert "Theo dõi Báo Miền Tây trên Google News" in out.chrome


def test_a_list_of_category_labels_is_chrome():
    out = clean(page("Tin thế giới, Tin nóng, Điểm nóng", BODY_1))
    assert out.body == [BODY_1]


def test_a_line_of_hashtags_is_chrome():
    out = clean(page(BODY_1, "#Ukraine #Anh #Starmer", BODY_2))
    assert out.body == [BODY_1, BODY_2]


def test_a_sentence_that_lists_countries_is_not_a_tag_list():
    line = "Anh, Pháp, Đức và Ba Lan đã nhất trí gửi thêm viện trợ."
    assert clean(page(BODY_1, line, BODY_2)).body == [BODY_1, line, BODY_2]


def test_an_editor_credit_at_the_top_of_a_live_page_is_chrome():
    out = clean(page("Biên tập: Minh Khôi", BODY_1, BODY_2))
    assert out.body == [BODY_1, BODY_2]


def test_words_glued_by_a_lost_space_are_separated():
    out = clean(page("Thủ tướng Anh Keir StarmerEmmanuel Macron gặp nhau tại London.Sau đó hai ông họp báo."))
    assert out.body == ["Thủ tướng Anh Keir Starmer Emmanuel Macron gặp nhau tại London. Sau đó hai ông họp báo."]


def test_names_with_inner_capitals_and_dotted_names_are_left_whole():
    line = "Ông McFaul và ông DeSantis nói với R.Politik qua trang baotintuc.vn rằng họ lo ngại."
    assert clean(page(line)).body == [line]


def test_a_short_finished_sentence_ending_the_article_is_kept():
    text = "Ngoại trưởng hai nước gặp nhau tại Geneva.\n\n" + BODY_1 + "\n\nHai bên sẽ họp báo ngay sau đó.\n"
    assert clean(text).body[-1] == "Hai bên sẽ họp báo ngay sau đó."


def test_short_labels_after_the_last_paragraph_are_still_dropped():
    text = BODY_1 + "\n\nTin liên quan\n\nXem thêm\n"
    assert clean(text).body == [BODY_1]


def test_a_sentence_in_the_passive_voice_with_boi_is_prose_not_a_credit():
    assert not is_credit_line("Thông tin này đã được báo cáo bởi một tờ báo có liên hệ với Bộ Ngoại giao.")
    assert is_credit_line("Báo cáo bởi Minh Anh")


def test_a_passive_sentence_with_boi_does_not_end_the_article():
    text = (BODY_1 + "\n\nĐiều này đã được báo cáo bởi một tờ báo ở Kiev.\n\n"
            "Sáng 10/5, lãnh đạo bốn nước châu Âu đã tới Kiev để bàn về lệnh ngừng bắn, theo hãng tin AFP.\n")
    assert clean(text).body[-1].startswith("Sáng 10/5")


def test_another_storys_headline_printed_twice_mid_page_is_dropped_with_its_lead():
    teaser = "Điện Kremlin công bố lịch hội đàm trực tuyến Nga-Mỹ"
    lead = "Hai nhà lãnh đạo sẽ hội đàm trực tuyến vào ngày 7/12 để bàn về tình hình an ninh châu Âu."
    text = "\n\n".join([BODY_1, teaser, teaser, lead, BODY_2])
    body = clean(text).body
    assert teaser not in body and lead not in body
    assert body[-1] == BODY_2


def test_a_caption_printed_twice_is_kept_once_with_the_paragraph_after_it():
    caption = "Ngoại trưởng hai nước bắt tay trước cuộc hội đàm. Ảnh: AFP"
    text = "\n\n".join([BODY_1, caption, caption, BODY_2])
    assert clean(text).body == [BODY_1, caption, BODY_2]


def test_the_outlets_tag_opening_the_lead_is_chrome_and_the_lead_stays():
    for tag in ("(Báo Mới) - ", "(PLO)- ", "(Tinthegioi.vn) - "):
        cleaned = clean(tag + BODY_1)
        assert cleaned.body == [BODY_1]
        assert tag.strip(" -") in cleaned.chrome


def test_a_template_placeholder_and_a_caption_label_are_chrome():
    cleaned = clean("{keywords}\n\nChú thích ảnh\n\n" + BODY_1)
    assert cleaned.body == [BODY_1]

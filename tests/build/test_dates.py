"""Dates in Vietnamese news sentences, in page datelines and in what users type.

Every sentence here was written for these tests; none comes from the seed articles.
"""

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.build.datelines import find_dateline
from bot.build.dates import DateMention, extract_dates
from bot.shared.dates import DateSpan, InvalidDate, parse_query_date

# Anchors: a Friday at the turn of a year, and a Wednesday in March of a leap year.
NEW_YEAR_EVE = date(2021, 12, 31)
WEDNESDAY = date(2024, 3, 6)


def isos(sentence: str, anchor: date | None = WEDNESDAY) -> list[str]:
    return [m.span.iso() for m in extract_dates(sentence, anchor)]


def texts(sentence: str, anchor: date | None = WEDNESDAY) -> list[str]:
    return [m.text for m in extract_dates(sentence, anchor)]


# --------------------------------------------------------------------------- DateSpan


@pytest.mark.parametrize(
    "span, iso",
    [
        (DateSpan(date(2022, 1, 21), date(2022, 1, 21), "day"), "2022-01-21"),
        (DateSpan(date(2022, 1, 1), date(2022, 1, 31), "month"), "2022-01"),
        (DateSpan(date(2022, 1, 1), date(2022, 12, 31), "year"), "2022"),
    ],
)
def test_iso_is_as_precise_as_the_span(span, iso):
    assert span.iso() == iso


def test_month_mention_spans_the_whole_month_including_leap_day():
    (m,) = extract_dates("Các cuộc tập trận diễn ra hồi tháng 2.", WEDNESDAY)
    assert (m.span.start, m.span.end, m.span.precision) == (date(2024, 2, 1), date(2024, 2, 29), "month")


def test_year_mention_spans_january_to_december():
    (m,) = extract_dates("Hiệp ước được ký vào năm 1997.", WEDNESDAY)
    assert (m.span.start, m.span.end, m.span.precision) == (date(1997, 1, 1), date(1997, 12, 31), "year")


def test_spans_and_mentions_are_immutable_values():
    m = extract_dates("Hội nghị mở màn ngày 19/11/2022.", None)[0]
    assert isinstance(m, DateMention)
    with pytest.raises(AttributeError):
        m.text = "x"  # type: ignore[misc]
    assert m.span == DateSpan(date(2022, 11, 19), date(2022, 11, 19), "day")


# --------------------------------------------------------------------------- full dates


@pytest.mark.parametrize(
    "sentence, iso",
    [
        ("Thủ tướng Anh Rishi Sunak tới Kiev hôm 19/11/2022.", "2022-11-19"),
        ("Thượng đỉnh G20 khai mạc ngày 04/11/2022 tại Bali.", "2022-11-04"),
        ("Lệnh cấm vận có hiệu lực từ 4-11-2022, theo thông báo của EU.", "2022-11-04"),
        ("Văn kiện được ký tại Ankara 4.11.2022 sau nhiều vòng thương lượng.", "2022-11-04"),
        ("Cuộc gặp diễn ra ngày 21 tháng 1 năm 2022 ở Vienna.", "2022-01-21"),
        ("Hai bên ký biên bản ghi nhớ 21 tháng 1, 2022 tại Oslo.", "2022-01-21"),
        ("Theo bản tin phát hành 2022-01-21, phái đoàn đã rời Warsaw.", "2022-01-21"),
    ],
)
def test_full_dates_in_every_press_layout(sentence, iso):
    assert isos(sentence) == [iso]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông Olaf Scholz tới Bắc Kinh ngày 4/11/2022.",
        "Hội nghị được tổ chức ngày 21 tháng 1 năm 2022.",
    ],
)
def test_full_dates_need_no_anchor(sentence):
    assert len(isos(sentence, None)) == 1


def test_text_and_offsets_cover_the_expression_with_its_leading_word():
    sentence = "Thủ tướng Anh Rishi Sunak tới Kiev hôm 19/11/2022."
    (m,) = extract_dates(sentence, WEDNESDAY)
    assert m.text == "hôm 19/11/2022"
    assert sentence[m.start_char:m.end_char] == m.text


def test_offsets_point_into_decomposed_text_as_given():
    sentence = unicodedata.normalize("NFD", "Tổng thống Phần Lan hôm thứ Tư tới thăm Washington.")
    (m,) = extract_dates(sentence, WEDNESDAY)
    assert sentence[m.start_char:m.end_char] == m.text
    assert unicodedata.normalize("NFC", m.text) == "hôm thứ Tư"
    assert m.span.iso() == "2024-03-06"


# --------------------------------------------------------------------------- day and month, no year


@pytest.mark.parametrize(
    "sentence, text, iso",
    [
        ("Hãng tin Reuters ngày 6/11 dẫn lời một quan chức giấu tên.", "ngày 6/11", "2023-11-06"),
        ("Ông Stoltenberg hôm 4/3 kêu gọi tăng viện trợ.", "hôm 4/3", "2024-03-04"),
        ("Hôm qua (2/3), phái đoàn hai nước đã gặp nhau.", "2/3", "2024-03-02"),
        ("Ngoại trưởng Ba Lan ngày 12-3 tuyên bố sẽ đóng cửa khẩu.", "ngày 12-3", "2024-03-12"),
        ("Tòa án ra phán quyết ngày 28.2 sau ba phiên xử.", "ngày 28.2", "2024-02-28"),
        ("Quốc hội Hungary ngày 26 tháng 2 thông qua nghị quyết.", "ngày 26 tháng 2", "2024-02-26"),
        ("Sáng 01/03, lực lượng cứu hộ tiếp cận hiện trường.", "Sáng 01/03", "2024-03-01"),
        ("Bản tin 29/02 cho biết đoàn xe đã qua biên giới.", "29/02", "2024-02-29"),
    ],
)
def test_day_and_month_without_year(sentence, text, iso):
    assert [(m.text, m.span.iso()) for m in extract_dates(sentence, WEDNESDAY)] == [(text, iso)]


@pytest.mark.parametrize(
    "sentence, anchor, iso",
    [
        ("Đợt đàm phán mới bắt đầu ngày 12.1.", NEW_YEAR_EVE, "2022-01-12"),
        ("Lệnh ngừng bắn được công bố ngày 30.12.", NEW_YEAR_EVE, "2021-12-30"),
        ("Lệnh ngừng bắn được công bố ngày 30/12.", date(2022, 1, 5), "2021-12-30"),
        ("Ủy ban sẽ họp ngày 2/1 để bỏ phiếu.", date(2021, 12, 20), "2022-01-02"),
    ],
)
def test_day_month_without_year_takes_nearest_year(sentence, anchor, iso):
    assert isos(sentence, anchor) == [iso]


def test_looking_ahead_takes_next_occurrence():
    # Nearest to 20/3/2024 would be 5/3/2024; "tới" says it has not happened yet.
    assert isos("Hai bên sẽ gặp lại vào ngày 5/3 tới.", date(2024, 3, 20)) == ["2025-03-05"]


@pytest.mark.parametrize("sentence", ["Cuộc bầu cử diễn ra hôm 25/3 vừa qua.", "Ông từng cảnh báo hồi 25/3 rằng xung đột sẽ lan rộng."])
def test_looking_back_takes_latest_occurrence(sentence):
    # Nearest to 20/3/2024 would be 25/3/2024; "vừa qua" and "hồi" say it is already past.
    assert isos(sentence, date(2024, 3, 20)) == ["2023-03-25"]


def test_toi_before_a_place_name_is_the_verb_not_look_ahead():
    assert isos("Ngoại trưởng Pháp hôm 18/3 tới Kiev để thảo luận.", date(2024, 3, 20)) == ["2024-03-18"]


def test_relative_year_word_fixes_the_year():
    assert isos("Đường ống bị phá hủy ngày 5/3 năm ngoái.") == ["2023-03-05"]


def test_leap_day_without_year_takes_a_leap_year():
    assert isos("Thỏa thuận được ký ngày 29/2.", date(2023, 3, 10)) == ["2024-02-29"]


def test_day_month_needs_an_anchor():
    assert isos("Hãng tin Reuters ngày 6/11 dẫn lời một quan chức.", None) == []


# --------------------------------------------------------------------------- lists and ranges


def test_list_of_days_sharing_a_month_gives_each_day():
    assert isos("Hội nghị dự kiến diễn ra vào ngày 9 và 10.1 tới tại Thụy Sĩ.", NEW_YEAR_EVE) == [
        "2022-01-09",
        "2022-01-10",
    ]


def test_list_of_three_days():
    assert isos("Các cuộc tuần hành nổ ra ngày 3, 4 và 5/6 ở nhiều thành phố.", date(2023, 6, 10)) == [
        "2023-06-03",
        "2023-06-04",
        "2023-06-05",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Cuộc tập trận kéo dài từ ngày 18 - 20.1 gần biên giới.",
        "Cuộc tập trận kéo dài từ 18-20/1 gần biên giới.",
        "Cuộc tập trận kéo dài từ ngày 18 đến ngày 20/1 gần biên giới.",
    ],
)
def test_range_of_days_gives_every_day_of_the_range(sentence):
    assert isos(sentence, date(2022, 1, 25)) == ["2022-01-18", "2022-01-19", "2022-01-20"]


def test_days_of_one_list_share_its_text_and_offsets():
    ms = extract_dates("Phái đoàn làm việc ngày 9 và 10.1 tại Geneva.", date(2022, 1, 12))
    assert {(m.text, m.start_char, m.end_char) for m in ms} == {("ngày 9 và 10.1", 19, 33)}


def test_second_date_joined_by_va_needs_no_date_word_of_its_own():
    assert texts("Các cuộc không kích diễn ra ngày 6/11 và 7/11.", date(2023, 11, 10)) == ["ngày 6/11", "7/11"]


def test_cross_month_range_gives_both_ends():
    assert isos("Triển lãm mở cửa từ 28/2 đến 3/3.") == ["2024-02-28", "2024-03-03"]


# --------------------------------------------------------------------------- weekdays (anchor: Wednesday 6/3/2024)


@pytest.mark.parametrize(
    "sentence, iso",
    [
        ("Tổng thống Phần Lan hôm thứ Tư cho biết sẽ tăng ngân sách.", "2024-03-06"),
        ("Thủ tướng Ý hôm thứ Hai đã điện đàm với ông Zelensky.", "2024-03-04"),
        ("Bộ Ngoại giao Đức hôm thứ 2 triệu tập đại sứ.", "2024-03-04"),
        ("Nhóm G7 sáng thứ hai ra tuyên bố chung.", "2024-03-04"),
        ("Tổng thống Pháp thứ Sáu tuyên bố sẽ tới Kiev.", "2024-03-01"),
        ("Cuộc bỏ phiếu diễn ra hôm Chủ nhật tại Moldova.", "2024-03-03"),
        ("Quân đội Ba Lan hôm thứ Bảy bắt đầu tập trận.", "2024-03-02"),
    ],
)
def test_weekday_resolves_within_the_anchor_week(sentence, iso):
    assert isos(sentence) == [iso]


def test_weekday_later_in_the_week_than_the_anchor_is_last_week():
    assert isos("Liên minh châu Âu vào thứ Năm đã thông qua gói viện trợ.") == ["2024-02-29"]


@pytest.mark.parametrize(
    "sentence, iso",
    [
        ("Hai ngoại trưởng sẽ gặp nhau vào thứ Sáu tới.", "2024-03-08"),
        ("Hai ngoại trưởng sẽ gặp nhau vào thứ Hai tới.", "2024-03-11"),
        ("Phái đoàn sẽ tới Ankara vào thứ Tư tuần tới.", "2024-03-13"),
        ("Phái đoàn đã tới Ankara vào thứ Ba tuần trước.", "2024-02-27"),
    ],
)
def test_weekday_looking_ahead_or_naming_the_week(sentence, iso):
    assert isos(sentence) == [iso]


def test_weekday_followed_by_a_date_is_one_mention_with_that_date():
    ms = extract_dates("Hội nghị bế mạc hôm thứ Sáu ngày 21/01 tại Brussels.", date(2022, 1, 25))
    assert [(m.text, m.span.iso()) for m in ms] == [("hôm thứ Sáu ngày 21/01", "2022-01-21")]


def test_weekday_with_date_in_brackets_is_one_mention():
    ms = extract_dates("Ông Blinken hôm thứ Năm (12/1) đã tới Ankara.", date(2023, 1, 14))
    assert [(m.text, m.span.iso()) for m in ms] == [("hôm thứ Năm (12/1)", "2023-01-12")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Đây là lần thứ hai hai nhà lãnh đạo điện đàm trong vòng một tháng.",
        "Kiev đang tìm con đường thứ hai để xuất khẩu ngũ cốc.",
        "Ông là người thứ ba giữ chức vụ này kể từ khi chiến sự nổ ra.",
        "Thứ hai, châu Âu cần tự chủ hơn về quốc phòng.",
        "Sang ngày thứ hai của cuộc tấn công, quân đội rút khỏi thị trấn.",
        "Đội tuyển giành quyền vào vòng thứ Ba của giải.",
        "Lần thứ năm 2022 này, hội nghị được tổ chức trực tuyến.",
    ],
)
def test_ordinal_thu_hai_is_not_a_weekday(sentence):
    assert isos(sentence) == []


def test_weekday_needs_an_anchor():
    assert isos("Thủ tướng Ý hôm thứ Hai đã điện đàm với ông Zelensky.", None) == []


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    "sentence, text, iso",
    [
        ("Ông từng tới Moskva hồi tháng 9 để đàm phán.", "hồi tháng 9", "2023-09"),
        ("Chiến dịch phản công bắt đầu vào tháng 2.", "vào tháng 2", "2024-02"),
        ("Giá khí đốt đã giảm mạnh trong tháng 9 vừa qua.", "trong tháng 9", "2023-09"),
        ("Thỏa thuận ngũ cốc hết hạn cuối tháng 3.", "cuối tháng 3", "2024-03"),
        ("Ông nhậm chức vào tháng 2 năm 2022.", "vào tháng 2 năm 2022", "2022-02"),
        ("Kế hoạch được công bố tháng 2/2022.", "tháng 2/2022", "2022-02"),
        ("Kế hoạch được công bố tháng 02-2022.", "tháng 02-2022", "2022-02"),
        ("Cuộc trưng cầu ý dân được tổ chức vào tháng Năm năm 2022.", "vào tháng Năm năm 2022", "2022-05"),
        ("Nhà máy bị tấn công hồi tháng 5 năm ngoái.", "hồi tháng 5 năm ngoái", "2023-05"),
    ],
)
def test_month_mentions_have_month_precision(sentence, text, iso):
    ms = extract_dates(sentence, WEDNESDAY)
    assert [(m.text, m.span.iso(), m.span.precision) for m in ms] == [(text, iso, "month")]


def test_month_without_year_is_the_latest_one_before_the_anchor():
    assert isos("Ông đã tới Bắc Kinh vào tháng 12.") == ["2023-12"]


def test_month_looking_ahead_is_the_next_one():
    assert isos("Cuộc bầu cử sẽ diễn ra vào tháng 12 tới.") == ["2024-12"]


def test_month_with_its_year_needs_no_anchor():
    assert isos("Kế hoạch được công bố tháng 2/2022, còn lịch họp thì chưa có.", None) == ["2022-02"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chiến sự đã kéo dài 3 tháng.",
        "Đoàn thanh tra sẽ làm việc trong 2 tháng.",
        "Lần gần nhất hai ông nói chuyện là cách đây 5 tháng.",
        "Phái đoàn đã ở lại Kiev 3 tháng 9 ngày.",
        "Kinh tế đã tăng trưởng trong nhiều tháng năm qua.",
    ],
)
def test_duration_in_months_is_not_a_date(sentence):
    assert isos(sentence) == []


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Bán đảo này bị sáp nhập năm 2014.", "năm 2014"),
        ("Liên Xô tan rã vào năm 1991.", "vào năm 1991"),
        ("Các cuộc đàm phán đã đình trệ từ cuối năm 2021.", "từ cuối năm 2021"),
    ],
)
def test_year_mentions_keep_their_leading_word(sentence, text):
    (m,) = extract_dates(sentence, None)
    assert (m.text, m.span.precision) == (text, "year")


def test_short_year_range_gives_every_year():
    assert isos("Thỏa thuận được gia hạn trong giai đoạn năm 2014-2016.") == ["2014", "2015", "2016"]


def test_bare_four_digit_number_is_not_a_year():
    assert isos("Lực lượng gìn giữ hòa bình gồm 2000 binh sĩ.") == []


def test_year_inside_a_full_date_is_not_repeated():
    assert isos("Hiệp định có hiệu lực ngày 5 tháng 3 năm 2022.") == ["2022-03-05"]


# --------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "sentence",
    [
        "Bản tin được cập nhật lúc 08:25 AM.",
        "Máy bay hạ cánh lúc 07:35 giờ địa phương.",
        "Cuộc họp bắt đầu lúc 13 giờ.",
        "Đoàn xe xuất phát lúc 9h30 sáng.",
        "Cuộc hội đàm kéo dài 90 phút.",
        "Gói viện trợ trị giá 4,5 tỷ USD.",
        "Đại diện của 50 quốc gia đã tham dự.",
        "Hai nước có quan hệ ngoại giao 20 năm.",
        "Kho dự trữ còn khoảng 10 triệu viên đạn.",
        "Khu vực này có 2/3 dân số sống dưới mức nghèo.",
        "Chính quyền kiểm soát đến 2/3 dân số tỉnh này.",
        "Trận chung kết kết thúc với tỷ số 2-1.",
        "Tỷ lệ ủng hộ đạt 30% trong khảo sát mới.",
        "Ứng dụng đã được nâng cấp lên phiên bản 2.1.3.",
        "Đường dây nóng 0912.345.678 hoạt động 24/7.",
        "Chi tiết xem tại https://example.vn/2022/01/21/tin-moi.html để biết thêm.",
        "Giờ công bố được ghi theo GMT+7.",
        "Chỉ số niềm tin giảm xuống 43,9 điểm.",
        "Hơn 1.000 người đã sơ tán.",
        "Việc sửa chữa cầu sẽ mất từ 2-3 tuần.",
        "Các binh sĩ được nghỉ mỗi ngày 2-3 lần.",
    ],
)
def test_times_amounts_and_scores_are_not_dates(sentence):
    assert isos(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Văn bản ghi ngày 31/2 là một lỗi đánh máy.",
        "Tài liệu mang ngày 45/1 rõ ràng là giả.",
        "Trên biên bản ghi ngày 12/13.",
        "Văn bản ký ngày 30/2/2023 bị nghi là giả.",
        "Thông cáo đề ngày 31 tháng 2 gây tranh cãi.",
    ],
)
def test_impossible_day_or_month_is_no_mention(sentence):
    assert extract_dates(sentence, WEDNESDAY) == []


@pytest.mark.parametrize("sentence", ["", " ", "12", "ngày", "thứ", "tháng 99", "năm 0000", "1/1/1", "((((12/3"])
def test_odd_fragments_give_nothing_and_do_not_raise(sentence):
    assert isinstance(extract_dates(sentence, WEDNESDAY), list)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-:, ()ngàyhômthứHaiBtháng năm2tớiChủnhật")), max_size=40))
def test_extract_dates_never_raises_and_offsets_match_text(sentence):
    for m in extract_dates(sentence, WEDNESDAY):
        assert sentence[m.start_char:m.end_char] == m.text
        assert m.span.start <= m.span.end


# --------------------------------------------------------------------------- find_dateline


@pytest.mark.parametrize(
    "line, published",
    [
        ("Hà Linh | 31/12/2021, 07:35", date(2021, 12, 31)),
        ("Minh Châu (theo AFP) Thứ bảy, ngày 04/11/2023 08:25 AM (GMT+7)", date(2023, 11, 4)),
        ("Cập nhật: 12:30 ngày 05/03/2024", date(2024, 3, 5)),
        ("05/03/2024 12:30 GMT+7", date(2024, 3, 5)),
        ("Thứ Ba, 5/3/2024, 12:30 (GMT+7)", date(2024, 3, 5)),
        ("Chủ nhật, 10/3/2024", date(2024, 3, 10)),
    ],
)
def test_dateline_layouts(line, published):
    page = f"Thủ tướng Na Uy thăm Ukraine\n\n{line}\n\nThủ tướng Na Uy đã tới Kiev để bàn về viện trợ."
    assert find_dateline(page) == published


def test_dated_body_sentence_and_caption_are_not_datelines():
    page = (
        "Ngoại trưởng Canada gặp người đồng cấp Ukraine\n"
        "Ngoại trưởng hai nước gặp nhau tại Ottawa ngày 21/01/2022\n"
        "Ông Putin phát biểu tại Moskva hôm thứ Ba 5/3/2024\n"
        "Hôm 5/3/2024 lúc 12:30, ông ký sắc lệnh về việc tăng quân số.\n"
    )
    assert find_dateline(page) is None


def test_first_dateline_after_dated_caption_wins():
    page = (
        "Tiêu đề bài viết\n"
        "Bộ trưởng hai nước bắt tay tại Riga ngày 2/2/2023\n"
        "Thanh Tâm | 03/02/2023, 09:10\n"
        "Nội dung bài viết bắt đầu ở đây với một câu dài về cuộc gặp.\n"
    )
    assert find_dateline(page) == date(2023, 2, 3)


def test_dateline_is_only_looked_for_near_the_top():
    page = "\n".join([f"Đoạn văn số {i} của bài báo không có ngày tháng." for i in range(20)])
    assert find_dateline(page + "\nHà Linh | 31/12/2021, 07:35") is None


def test_dateline_with_impossible_date_is_skipped():
    assert find_dateline("Thứ Sáu, 30/2/2024, 10:00") is None


def test_page_without_dateline_gives_none():
    assert find_dateline("Một bài viết không có dòng ngày tháng nào.\nChỉ có nội dung.") is None


# --------------------------------------------------------------------------- parse_query_date


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-21",
        "21/1/2022",
        "21/01/2022",
        "21.01.2022",
        "21-1-2022",
        "21 tháng 1 năm 2022",
        "ngày 21 tháng 1 năm 2022",
        "21 thang 1 nam 2022",
        "Jan 21 2022",
        "Jan 21, 2022",
        "January 21, 2022",
        "21 January 2022",
        "21 Jan 2022",
        "  21/1/2022? ",
    ],
)
def test_query_day_formats(text):
    assert parse_query_date(text) == DateSpan(date(2022, 1, 21), date(2022, 1, 21), "day")


@pytest.mark.parametrize(
    "text",
    ["2022-01", "1/2022", "01/2022", "tháng 1/2022", "thang 1/2022", "tháng 1 năm 2022", "January 2022", "Jan 2022"],
)
def test_query_month_formats(text):
    assert parse_query_date(text) == DateSpan(date(2022, 1, 1), date(2022, 1, 31), "month")


def test_query_year():
    assert parse_query_date("2022") == DateSpan(date(2022, 1, 1), date(2022, 12, 31), "year")


def test_query_numeric_dates_are_day_first():
    assert parse_query_date("3/4/2022") == DateSpan(date(2022, 4, 3), date(2022, 4, 3), "day")


@pytest.mark.parametrize("text", ["2022-02-30", "30/2/2022", "2022-13", "32/1/2022", "tháng 13/2022", "29/2/2023"])
def test_query_impossible_date_raises_invalid_date(text):
    with pytest.raises(InvalidDate) as info:
        parse_query_date(text)
    assert text in str(info.value)
    assert isinstance(info.value, ValueError)


def test_invalid_date_message_says_why():
    with pytest.raises(InvalidDate, match=r"^2022-02-30 is not a real date \(February 2022 has 28 days\)$"):
        parse_query_date("2022-02-30")
    with pytest.raises(InvalidDate, match="no month 13"):
        parse_query_date("2022-13")


@pytest.mark.parametrize("text", ["Sullivan", "", "   ", "hello 12", "12:30", "21/1", "đàm phán Genève", "9999"])
def test_query_that_is_not_a_date_gives_none(text):
    assert parse_query_date(text) is None


def test_day_without_year_months_before_publication_is_in_the_same_year():
    assert isos("Ngày 17-4, hai ngoại trưởng đã điện đàm.", date(2025, 11, 10)) == ["2025-04-17"]


def test_day_without_year_days_after_publication_is_upcoming():
    assert isos("Hai bên có thể gặp nhau sớm nhất là vào ngày 23/10.", date(2025, 10, 21)) == ["2025-10-23"]


@pytest.mark.parametrize(
    "sentence, text, iso",
    [
        ("Hôm qua, hai bên đã điện đàm.", "Hôm qua", "2024-03-05"),
        ("Phái đoàn tới Geneva vào tối hôm qua.", "vào tối hôm qua", "2024-03-05"),
        ("Đêm qua, tên lửa đã bắn vào thủ đô.", "Đêm qua", "2024-03-05"),
        ("Ngày mai hai ngoại trưởng sẽ gặp nhau.", "Ngày mai", "2024-03-07"),
        ("Hai bên sẽ họp vào sáng mai.", "vào sáng mai", "2024-03-07"),
        ("Hôm kia, ông đã tới Warsaw.", "Hôm kia", "2024-03-04"),
    ],
)
def test_a_relative_day_counts_from_the_publication_day(sentence, text, iso):
    assert [(m.text, m.span.iso()) for m in extract_dates(sentence, WEDNESDAY)] == [(text, iso)]


@pytest.mark.parametrize("sentence", ["Hôm qua (4/3), hai bên đã điện đàm.", "Hôm qua, ngày 4/3, hai bên đã điện đàm."])
def test_a_relative_day_written_with_its_date_takes_the_written_date(sentence):
    assert isos(sentence) == ["2024-03-04"]


def test_a_relative_day_inside_a_quotation_is_the_speakers_day_and_not_resolved():
    assert isos("Ông nói: “Hôm qua chúng tôi đã bàn việc này”, rồi rời phòng họp.") == []


@pytest.mark.parametrize("sentence", ["Hôm nay hai bên điện đàm.", "Sáng nay ông tới Kiev.",
                                      "Hai bên sẽ ký văn kiện vào tối nay."])
def test_a_same_day_word_is_the_publication_day(sentence):
    assert isos(sentence) == ["2024-03-06"]


@pytest.mark.parametrize("sentence", ["Ngày nay, những ngày qua không còn như trước.",
                                      "Lệnh cấm vẫn còn hiệu lực cho đến hôm nay."])
def test_nowadays_and_to_this_day_are_not_mentions(sentence):
    assert isos(sentence) == []


def test_the_same_day_is_the_day_the_text_last_gave():
    found = extract_dates("Trước đó cùng ngày, bà đại sứ đã gặp phía Nga.", WEDNESDAY, previous=date(2024, 2, 27))
    assert [(m.text, m.span.iso()) for m in found] == [("cùng ngày", "2024-02-27")]


def test_the_same_day_with_no_day_before_it_is_not_a_mention():
    assert isos("Cùng ngày, hai bên ra tuyên bố chung.") == []


def test_the_same_day_followed_by_its_date_takes_the_written_date():
    found = extract_dates("Cùng ngày 5/3, hai bên ra tuyên bố chung.", WEDNESDAY, previous=date(2024, 2, 27))
    assert [m.span.iso() for m in found] == ["2024-03-05"]


def test_a_day_with_a_month_word_is_a_date():
    assert isos("Vòng đàm phán diễn ra ngày 28 tháng Hai và ngày 1 tháng Ba.") == ["2024-02-28", "2024-03-01"]


@pytest.mark.parametrize(
    "page, published",
    [
        ("Cập nhật 2024-09-03T08:15+0700\nNội dung bài.", date(2024, 9, 3)),
        ("03.09.2024, Báo Miền Xuôi\nNội dung bài.", date(2024, 9, 3)),
        ("10:05 | 03/09/2024 GMT+7\nNội dung bài.", date(2024, 9, 3)),
        ("Thứ Ba, 3/9/2024 - 07:30\nNội dung bài.", date(2024, 9, 3)),
        ("tacgia03/09/2024 07:30\nNội dung bài.", date(2024, 9, 3)),
    ],
)
def test_every_dateline_shape_gives_the_publication_day(page, published):
    assert find_dateline(page) == published


def test_an_ambiguous_stamp_is_read_month_first_only_when_the_body_dates_agree():
    body = "Hai ông đã gặp nhau ở Rome ngày 28/2."
    assert find_dateline(f"diendan\n03-01-2025, 14:25\n{body}") == date(2025, 3, 1)
    assert find_dateline("diendan\n03-01-2025, 14:25\nHai ông đã gặp nhau ở Rome ngày 2/1.") == date(2025, 1, 3)
    assert find_dateline("diendan\n03-01-2025, 14:25\nHai ông đã gặp nhau ở Rome.") == date(2025, 1, 3)


def test_a_body_sentence_opening_with_a_full_date_is_not_a_dateline():
    assert find_dateline("Ngày 3/9/2024, hai ngoại trưởng đã điện đàm về tình hình an ninh ở biển Đen và Ukraine") is None


def test_a_count_of_days_followed_by_those_days_is_each_day():
    assert isos("Hội nghị kéo dài 2 ngày 14-15/3 tại Paris.") == ["2024-03-14", "2024-03-15"]


def test_a_relative_day_in_a_sentence_that_opens_inside_an_earlier_quotation_is_the_speakers_day():
    assert extract_dates("Những gì chúng tôi làm hôm nay là vì hòa bình.", WEDNESDAY, in_quote=True) == []


def test_a_quotation_left_open_by_a_sentence_is_still_open_after_it():
    from bot.build.dates import ends_inside_quote

    assert ends_inside_quote("Ông nói: “Chúng tôi đã sẵn sàng.")
    assert not ends_inside_quote("Ông nói: “Chúng tôi đã sẵn sàng.”")
    assert not ends_inside_quote("Đó là lời kết.”", starts_inside=True)


def test_a_month_the_clause_says_is_still_to_come_is_the_next_one():
    late_february = date(2026, 2, 26)
    (found,) = extract_dates("Cuộc gặp dự kiến diễn ra vào đầu tháng 3.", late_february)
    assert (found.span.start, found.span.precision) == (date(2026, 3, 1), "month")


def test_a_month_without_a_future_word_before_it_is_the_last_one():
    late_february = date(2026, 2, 26)
    (found,) = extract_dates("Hai bên đã gặp nhau vào tháng 3.", late_february)
    assert found.span.start == date(2025, 3, 1)


def test_a_future_word_in_an_earlier_clause_does_not_move_the_month():
    late_february = date(2026, 2, 26)
    (found,) = extract_dates("Nga sẽ đáp trả, ông nói, nhắc lại vụ việc tháng 3.", late_february)
    assert found.span.start == date(2025, 3, 1)

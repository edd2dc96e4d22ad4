"""One stamp detector: what marks a short line's date as the page's stamp, for cleaning and for the publication date."""

from datetime import date

from bot.build.clean import clean
from bot.build.datelines import find_dateline, is_dateline, line_stamp


def test_a_date_beside_a_clock_time_is_a_time_stamp():
    stamp = line_stamp("Cập nhật: 12:30 ngày 05/03/2024")
    assert stamp is not None and (stamp.day, stamp.kind) == (date(2024, 3, 5), "time")


def test_a_date_after_a_capitalised_weekday_is_a_weekday_stamp():
    stamp = line_stamp("Chủ nhật, 10/3/2024")
    assert stamp is not None and stamp.kind == "weekday"


def test_a_weekday_after_hom_is_the_day_of_an_event_not_a_stamp():
    assert line_stamp("Ông Putin phát biểu tại Moskva hôm Thứ Ba 5/3/2024") is None


def test_an_iso_stamp_glued_to_a_label_is_chrome_wherever_it_stands():
    assert is_dateline("Đăng lúc2024-09-03T08:15")


def test_a_date_opening_a_short_line_is_a_stamp_only_at_the_top_of_the_page():
    assert find_dateline("03.09.2024, Báo Biên Phòng\n\nNgoại trưởng hai nước hội đàm tại Hà Nội.") == date(2024, 9, 3)
    assert not is_dateline("24/2/2022: Nga mở chiến dịch quân sự đặc biệt")


def test_a_timeline_entry_in_the_body_is_kept_as_body():
    text = (
        "Những mốc chính của cuộc xung đột\n\n"
        "Cuộc xung đột đã kéo dài nhiều năm với nhiều vòng đàm phán không thành.\n\n"
        "24/2/2022: Nga mở chiến dịch quân sự đặc biệt\n\n"
        "29/3/2022: Hai đoàn đàm phán gặp nhau tại Istanbul\n"
    )
    body = clean(text).body
    assert "24/2/2022: Nga mở chiến dịch quân sự đặc biệt" in body
    assert "29/3/2022: Hai đoàn đàm phán gặp nhau tại Istanbul" in body


def test_a_long_or_finished_sentence_is_never_a_stamp_however_it_is_dated():
    assert line_stamp("Hôm 5/3/2024 lúc 12:30, ông ký sắc lệnh về việc tăng quân số.") is None
    assert line_stamp("Thứ Ba, 5/3/2024, 12:30 " + "rất dài " * 20) is None

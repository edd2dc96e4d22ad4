"""Events read from one sentence (sentences written for these tests): who did what, with whom, when, where."""

from datetime import date

import pytest

from bot.build.actors import find_mentions
from bot.build.curated import Gazetteer
from bot.build.dates import extract_dates
from bot.build.events import Event, article_events, load_lexicon, sentence_events
from bot.build.grouping import group_article

PUBLISHED = date(2024, 3, 5)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def events(sentence: str, gaz, lex, published: date | None = PUBLISHED) -> list[Event]:
    """The events of one sentence, its people found and dated as the build does it."""
    mentions = find_mentions([sentence], gaz)
    names = {alias: a.name for a in group_article(mentions) for alias in a.aliases | {a.name}}
    people = [(names[m.name], m.start, m.end) for m in mentions if m.name in names]
    dates = [
        {"s": 0, "start": d.span.start.isoformat(), "end": d.span.end.isoformat(), "precision": d.span.precision,
         "text": d.text}
        for d in extract_dates(sentence, published)
    ]
    return sentence_events(0, sentence, people, dates, published, lex)


def only(found: list[Event]) -> Event:
    assert len(found) == 1, found
    return found[0]


def test_two_people_joined_by_va_before_the_verb_met(gaz, lex):
    e = only(events("Ngoại trưởng Pháp Jean Moreau và người đồng cấp Đức Klaus Becker hội đàm hôm 12/2/2024.", gaz, lex))
    assert (e.action, e.people, e.start, e.precision) == ("met", ("Jean Moreau", "Klaus Becker"), "2024-02-12", "day")
    assert e.date_source == "mention"


def test_the_object_after_gap_is_the_other_person_met(gaz, lex):
    e = only(events("Tổng thống Pháp Jean Moreau đã gặp Thủ tướng Ba Lan Tomasz Nowicki ngày 1/3/2024.", gaz, lex))
    assert e.action == "met" and e.people == ("Jean Moreau", "Tomasz Nowicki")


def test_a_phone_call_is_dien_dam_with_someone(gaz, lex):
    e = only(events("Bộ trưởng Quốc phòng Anh Oliver Grant có cuộc điện đàm với người đồng cấp Ý Marco Valli.", gaz, lex))
    assert e.action == "call" and e.people == ("Marco Valli", "Oliver Grant")


def test_a_meeting_needs_two_people_in_the_clause(gaz, lex):
    # "hội đàm với phái đoàn Ukraine": no second person is named, so no one is said to have met anyone.
    assert events("Ngoại trưởng Pháp Jean Moreau hội đàm với phái đoàn Ukraine hôm 12/2/2024.", gaz, lex) == []


def test_a_person_who_is_only_the_topic_did_not_take_part(gaz, lex):
    # "về" opens the topic: Nowicki is what they talked about, not who was there.
    e = only(events("Ông Jean Moreau gặp ông Klaus Becker để bàn về đề xuất của ông Tomasz Nowicki hôm 2/3/2024.",
                    gaz, lex))
    assert e.people == ("Jean Moreau", "Klaus Becker")


def test_a_negated_meeting_is_no_event(gaz, lex):
    assert events("Ông Jean Moreau không gặp ông Klaus Becker trong chuyến đi hôm 2/3/2024.", gaz, lex) == []


def test_a_question_reports_nothing(gaz, lex):
    assert events("Ông Jean Moreau sẽ gặp ông Klaus Becker hôm 20/3/2024?", gaz, lex) == []


def test_a_visit_needs_a_known_place_after_the_verb(gaz, lex):
    e = only(events("Ông Jean Moreau mới có chuyến thăm Kiev hôm 4/3/2024.", gaz, lex))
    assert (e.action, e.people, e.place) == ("visit", ("Jean Moreau",), "Kiev")
    assert events("Ông Jean Moreau tới dự hội nghị hôm 4/3/2024.", gaz, lex) == []


def test_the_place_is_a_gazetteer_place_after_tai(gaz, lex):
    e = only(events("Ông Jean Moreau và ông Klaus Becker hội đàm tại Istanbul hôm 1/3/2024.", gaz, lex))
    assert e.place == "Istanbul"


def test_an_undated_sentence_of_the_day_takes_the_publication_date(gaz, lex):
    e = only(events("Người phát ngôn Jean Moreau cho biết Paris đã nhận được thư.", gaz, lex))
    assert (e.action, e.start, e.date_source) == ("statement", "2024-03-05", "published")


def test_an_undated_sentence_that_points_back_in_time_has_no_date_and_no_event(gaz, lex):
    # "từng": it happened before, at a time the sentence does not give.
    assert events("Ông Jean Moreau từng gặp ông Klaus Becker.", gaz, lex) == []


def test_a_meeting_reported_as_future_is_scheduled(gaz, lex):
    e = only(events("Ông Jean Moreau sẽ gặp ông Klaus Becker tại Genève vào ngày 20/3 tới.", gaz, lex))
    assert (e.action, e.future, e.start) == ("scheduled", True, "2024-03-20")


def test_a_future_meeting_without_a_date_keeps_no_date(gaz, lex):
    e = only(events("Ông Jean Moreau dự kiến gặp ông Klaus Becker.", gaz, lex))
    assert (e.action, e.future, e.start, e.date_source) == ("scheduled", True, None, None)


def test_the_cited_outlet_is_the_source(gaz, lex):
    e = only(events("Theo Reuters, ông Jean Moreau đã điện đàm với ông Klaus Becker hôm 1/3/2024.", gaz, lex))
    assert e.source == "Reuters"
    e = only(events("Ông Jean Moreau đã điện đàm với ông Klaus Becker hôm 1/3/2024, TASS cho biết.", gaz, lex))
    assert e.source == "TASS"


def test_a_role_between_commas_does_not_part_the_speaker_from_the_verb(gaz, lex):
    e = only(events("Jean Moreau, người phát ngôn Bộ Ngoại giao Pháp, cho biết hôm 2/3/2024.", gaz, lex))
    assert e.action == "statement" and e.people == ("Jean Moreau",)


def test_a_reported_meeting_is_its_own_event_besides_the_statement(gaz, lex):
    found = events("Ông Jean Moreau cho biết ông Klaus Becker đã gặp ông Tomasz Nowicki hôm 1/3/2024.", gaz, lex)
    assert {(e.action, e.people) for e in found} == {
        ("statement", ("Jean Moreau",)), ("met", ("Klaus Becker", "Tomasz Nowicki")),
    }


def test_words_that_contain_a_verb_are_not_that_verb(gaz, lex):
    # "tiếp tục" is to continue, "thư ký" a secretary: neither is a meeting or a signature.
    assert events("Ông Jean Moreau tiếp tục làm thư ký cho ông Klaus Becker hôm 1/3/2024.", gaz, lex) == []


def test_appointed_is_the_person_named_after_bo_nhiem_or_before_duoc(gaz, lex):
    e = only(events("Ông Jean Moreau được bổ nhiệm làm ngoại trưởng hôm 1/3/2024.", gaz, lex))
    assert (e.action, e.people) == ("appointed", ("Jean Moreau",))


def test_resigned_is_the_subject_of_tu_chuc(gaz, lex):
    e = only(events("Bộ trưởng Klaus Becker từ chức hôm 1/3/2024.", gaz, lex))
    assert (e.action, e.people) == ("resigned", ("Klaus Becker",))


def test_several_days_in_one_sentence_give_no_single_date(gaz, lex):
    assert events("Ông Jean Moreau gặp ông Klaus Becker hôm 1/3/2024 và hôm 4/3/2024.", gaz, lex) == []


def article(sentences: list[str], gaz, lex, published: date = PUBLISHED) -> list[Event]:
    """The events of an article of these sentences, found as the build finds them."""
    mentions = find_mentions(sentences, gaz)
    actors = group_article(mentions)

    def resolve(name: str, si: int) -> str | None:
        owners = [a.name for a in actors if name in a.aliases | {a.name} and si in a.sentences]
        return owners[0] if len(owners) == 1 else None

    dates = [
        {"s": si, "start": d.span.start.isoformat(), "end": d.span.end.isoformat(), "precision": d.span.precision,
         "text": d.text}
        for si, s in enumerate(sentences) for d in extract_dates(s, published)
    ]
    found = [{"name": m.name, "s": m.sentence, "start": m.start, "end": m.end} for m in mentions]
    return article_events(sentences, found, dates, published, resolve, lex)


def test_an_undated_sentence_takes_the_day_the_lead_gives_the_news(gaz, lex):
    # Published on 5/3, the lead reports 4/3: the next sentences tell the same day's news.
    found = article(["Ngày 4/3, Bộ Ngoại giao Pháp ra thông cáo về cuộc khủng hoảng.",
                     "Ông Jean Moreau cho biết Paris sẵn sàng hòa giải."], gaz, lex)
    e = only(found)
    assert (e.start, e.date_source) == ("2024-03-04", "context")


def test_a_lead_day_long_before_publication_is_not_the_news_day(gaz, lex):
    found = article(["Ngày 20/2, Bộ Ngoại giao Pháp ra thông cáo về cuộc khủng hoảng.",
                     "Ông Jean Moreau cho biết Paris sẵn sàng hòa giải."], gaz, lex)
    assert (only(found).start, only(found).date_source) == ("2024-03-05", "published")


def test_cung_ngay_is_the_day_the_article_last_named_even_after_truoc_do(gaz, lex):
    found = article(["Ngày 12/2, ông Klaus Becker đến Paris.",
                     "Trước đó cùng ngày, ông Jean Moreau đã hội đàm với ông Tomasz Nowicki."], gaz, lex)
    met = [e for e in found if e.action == "met"]
    assert [(e.people, e.start) for e in met] == [(("Jean Moreau", "Tomasz Nowicki"), "2024-02-12")]


def test_khi_do_is_the_time_the_sentence_before_gave(gaz, lex):
    found = article(["Hồi tháng 9/2023, ông Klaus Becker đề nghị gia hạn hiệp ước.",
                     "Khi đó, ông Jean Moreau nói rằng đề xuất này đáng cân nhắc."], gaz, lex)
    said = [e for e in found if e.action == "statement"]
    assert [(e.people, e.start, e.precision) for e in said] == [(("Jean Moreau",), "2023-09-01", "month")]


def test_a_date_with_a_month_word_dates_the_event_not_the_day_of_publication(gaz, lex):
    # "Ngày 10 tháng Ba": the sentence has its own date, so it is not the day of publication.
    found = events("Ngày 10 tháng Ba, ông Jean Moreau đã gặp ông Klaus Becker tại Istanbul.", gaz, lex,
                   published=date(2024, 3, 20))
    assert [(e.action, e.start, e.date_source) for e in found] == [("met", "2024-03-10", "mention")]


def test_a_pronoun_opening_a_sentence_is_the_person_the_sentence_before_was_about(gaz, lex):
    found = article(["Ngày 4/3, bà Anna Keller đã hội đàm với ông Klaus Becker tại Berlin.",
                     "Bà cũng gặp Ngoại trưởng Pháp Jean Moreau."], gaz, lex)
    assert ("met", ("Anna Keller", "Jean Moreau"), "2024-03-04") in {(e.action, e.people, e.start) for e in found}


def test_whose_adviser_is_not_who_speaks(gaz, lex):
    # "Cố vấn Oleg Markov của Tổng thống Ivanov cho biết": Markov speaks, Ivanov is whose adviser.
    e = only(events("Cố vấn Oleg Markov của Tổng thống Pyotr Ivanov cho biết hai bên sẽ liên lạc.", gaz, lex))
    assert e.people == ("Oleg Markov",)


def test_a_name_set_off_by_commas_after_its_role_speaks(gaz, lex):
    e = only(events("Trợ lý của Tổng thống Pyotr Ivanov, ông Oleg Markov, cho biết công việc đang tiến hành.",
                    gaz, lex))
    assert e.people == ("Oleg Markov",)


def test_an_open_role_after_the_name_does_not_part_it_from_the_verb(gaz, lex):
    e = only(events("Anna Keller, người phát ngôn của Hội đồng An ninh Quốc gia cho biết Mỹ ủng hộ Kiev.", gaz, lex))
    assert e.people == ("Anna Keller",)


def test_signing_a_decree_is_not_an_agreement(gaz, lex):
    assert events("Tổng thống Pyotr Ivanov đã ký sắc lệnh thành lập ủy ban.", gaz, lex) == []
    e = only(events("Tổng thống Pyotr Ivanov và ông Jean Moreau ký thỏa thuận hợp tác hôm 1/3/2024.", gaz, lex))
    assert e.action == "agreement"


def test_a_date_after_ke_tu_is_another_moment(gaz, lex):
    # "kể từ tháng 2/2022": since when, not when he came.
    e = only(events("Đây là lần thứ tư ông Jean Moreau đến Kiev kể từ tháng 2/2022.", gaz, lex))
    assert (e.action, e.start, e.date_source) == ("visit", "2024-03-05", "published")


def test_a_date_inside_a_quotation_is_not_the_speakers(gaz, lex):
    e = only(events("“Biên giới như trước năm 2014 là điều không thực tế”, ông Jean Moreau cho biết.", gaz, lex))
    assert e.start == "2024-03-05"


def test_a_sentence_that_closes_a_quotation_still_reports_its_speaker(gaz, lex):
    e = only(events('Chúng tôi sẽ đáp trả", ông Jean Moreau nói hôm 2/3/2024.', gaz, lex))
    assert (e.action, e.start) == ("statement", "2024-03-02")


def test_talking_on_the_phone_is_a_call(gaz, lex):
    e = only(events("Ông Jean Moreau đang nói chuyện điện thoại với ông Klaus Becker hôm 1/3/2024.", gaz, lex))
    assert e.action == "call"


def test_a_meeting_between_two_named_people(gaz, lex):
    e = only(events("Hôm 1/3/2024 đã diễn ra cuộc gặp giữa Ngoại trưởng Pháp Jean Moreau và Ngoại trưởng Đức Klaus Becker.", gaz, lex))
    assert (e.action, e.people) == ("met", ("Jean Moreau", "Klaus Becker"))


def test_a_second_verb_joined_by_va_shares_the_subject(gaz, lex):
    found = events("Tháng 12/2023, ông Jean Moreau đã tới Washington và gặp ông Klaus Becker.", gaz, lex)
    assert {(e.action, e.people) for e in found} == {("visit", ("Jean Moreau",)),
                                                       ("met", ("Jean Moreau", "Klaus Becker"))}


def test_going_somewhere_in_order_to_meet_is_scheduled(gaz, lex):
    e = only(events("Ông Jean Moreau quay trở lại Nhà Trắng để hội đàm cùng ông Klaus Becker ngày 9/3/2024.", gaz, lex))
    assert (e.action, e.future, e.start) == ("scheduled", True, "2024-03-09")


def test_a_speech_of_someone_on_a_day_is_their_statement(gaz, lex):
    e = only(events("Ông Jean Moreau lên tiếng sau bài phát biểu của Tổng thống Pyotr Ivanov hôm 1/3/2024.", gaz, lex))
    assert (e.action, e.people, e.start) == ("statement", ("Pyotr Ivanov",), "2024-03-01")


def test_the_visitor_named_after_the_place_of_the_visit(gaz, lex):
    found = events("Ngày 4/3, trong chuyến thăm Kiev, Ngoại trưởng Pháp Jean Moreau đã công bố gói viện trợ.", gaz, lex)
    assert {(e.action, e.people, e.start) for e in found} == {
        ("visit", ("Jean Moreau",), "2024-03-04"), ("statement", ("Jean Moreau",), "2024-03-04")}


def test_a_meeting_only_spoken_of_is_no_event(gaz, lex):
    # "nói về một cuộc gặp giữa": the meeting is the topic, nobody says it took place; he spoke.
    e = only(events("Ông Jean Moreau nói về một cuộc gặp giữa Tổng thống Pyotr Ivanov và Thủ tướng Tomasz Nowicki.",
                    gaz, lex))
    assert (e.action, e.people) == ("statement", ("Jean Moreau",))


def test_khi_do_looks_back_one_sentence_only(gaz, lex):
    found = article(["Hồi tháng 9/2023, ông Klaus Becker đề nghị gia hạn hiệp ước.",
                     "Ông Tomasz Nowicki đã liên lạc với phía Đức.",
                     "Khi đó, ông Jean Moreau nói rằng đề xuất này đáng cân nhắc."], gaz, lex)
    assert [e for e in found if e.people == ("Jean Moreau",)] == []


def test_a_meeting_being_prepared_did_not_take_place(gaz, lex):
    assert events("Các trợ lý chuẩn bị cho ông Jean Moreau một cuộc họp với ông Klaus Becker hôm 1/3/2024.",
                  gaz, lex) == []


def test_a_statement_about_the_future_is_dated_by_when_it_was_said(gaz, lex):
    # "vào tháng 6 tới" is when the summit may be, not when he said so.
    # The sentence gives a date of its own, so the publication date is not the saying's either: nothing.
    assert events("Ông Jean Moreau cho rằng hội nghị có thể diễn ra vào tháng 6 tới.", gaz, lex) == []


def test_remarks_of_someone_are_their_statement_not_the_subjects(gaz, lex):
    # "những phát biểu của Tổng thống Ivanov": Ivanov spoke; Moreau, before it, did not.
    e = only(events("Ông Jean Moreau bình luận về những phát biểu của Tổng thống Pyotr Ivanov hôm 1/3/2024.", gaz, lex))
    assert e.people == ("Pyotr Ivanov",)


def test_meetings_counted_over_time_have_no_single_date(gaz, lex):
    # "hai lần trong nhiệm kỳ": a tally, not the news of the day.
    assert events("Ông Jean Moreau đã gặp ông Klaus Becker hai lần trong nhiệm kỳ.", gaz, lex) == []


def test_flying_somewhere_and_meeting_is_a_visit_and_a_meeting(gaz, lex):
    found = events("Ông Jean Moreau đã bay tới Moscow và gặp ông Klaus Becker hôm 1/3/2024.", gaz, lex)
    assert {(e.action, e.people, e.place) for e in found} == {
        ("visit", ("Jean Moreau",), "Moscow"), ("met", ("Jean Moreau", "Klaus Becker"), None)}

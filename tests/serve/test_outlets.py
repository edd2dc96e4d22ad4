"""An outlet as typed is matched to the index's spelling of it, whole words, blind to diacritics."""


def test_an_outlet_typed_without_its_leading_word_is_the_indexs_outlet(newsroom):
    answer = newsroom.answer("who Blinken theo báo Thử Nghiệm")
    assert answer.outlet == "Báo Thử Nghiệm"
    assert [a.id for a in answer.articles] == ["warsaw"]


def test_an_outlet_typed_without_diacritics_is_the_same_outlet(newsroom):
    assert newsroom.answer("who Blinken tren bao Tin Mau").outlet == "Tin Mẫu"


def test_part_of_a_word_is_not_an_outlet(newsroom):
    assert newsroom.answer("who Blinken trên báo Tin M").detail == "unknown_outlet"

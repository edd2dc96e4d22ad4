"""The shortcuts the role lookup takes give what the plain rules give (sentences written for these tests)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.serve.roles import _DEPUTY, _FORMER, _FORMER_WORDS, _fts_phrases, _gives_role, _said_before, role_keys
from bot.shared.text import fold, fold_fast

# Vietnamese letters in both compositions, spaces of several kinds, marks, dashes, invisible characters.
_PIECES = list("aăâđeêioôơuưy ĐAÔƠƯ ,.-–—“”()\t\n\u00a0\u2003\u200b\u202e\u0301\u0323\u0309ạảấầẩẫậắằẳẵặ"
               "ẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỷỹ") + ["cựu ", "nguyên ", "phó ", "tiền nhiệm ", "Cựu  "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(_TEXT)
@settings(max_examples=400)
def test_fast_folding_folds_as_fold_does(text):
    assert fold_fast(text) == fold(text)


def test_fast_folding_folds_every_character_as_fold_does():
    assert [fold_fast(chr(c)) for c in range(0x3000)] == [fold(chr(c)) for c in range(0x3000)]


@given(_TEXT)
@settings(max_examples=400)
def test_a_former_or_deputy_role_is_told_as_the_patterns_tell_it(text):
    head = fold(text) + " "
    assert _said_before(head, _FORMER_WORDS, _FORMER) == bool(_FORMER.search(head))
    assert _said_before(head, ("pho",), _DEPUTY) == bool(_DEPUTY.search(head))


def test_the_full_text_search_drops_only_phrases_that_another_one_matches_already():
    assert _fts_phrases(role_keys("ngoai truong nga")) == ["ngoai truong nga", "bo truong ngoai giao nga"]
    assert _fts_phrases(["tan thu tuong", "thu tuong anh"]) == ["tan thu tuong", "thu tuong anh"]


def gives(sentence: str, role: str, name: str, others: list[str]) -> bool:
    folded = fold(sentence)
    return _gives_role(folded, role_keys(role), [fold(name)], [[fold(o)] for o in others])


def test_two_people_in_one_sentence_each_keep_their_own_role():
    sentence = "Ngoại trưởng Pháp Jean Moreau và Ngoại trưởng Đức Karl Brandt gặp nhau tại Paris."
    assert gives(sentence, "ngoai truong phap", "Jean Moreau", ["Karl Brandt"])
    assert not gives(sentence, "ngoai truong phap", "Karl Brandt", ["Jean Moreau"])
    assert gives(sentence, "ngoai truong duc", "Karl Brandt", ["Jean Moreau"])


def test_a_role_is_not_given_past_someone_else_named_right_after_it():
    sentence = "Ông Moreau gặp Ngoại trưởng Pháp Alain Duval tại Paris."
    assert not gives(sentence, "ngoai truong phap", "Moreau", ["Alain Duval"])
    assert gives(sentence, "ngoai truong phap", "Alain Duval", ["Moreau"])


def test_a_former_holder_named_in_a_list_does_not_get_the_role():
    sentence = "Dự họp có cựu Ngoại trưởng Pháp Jean Moreau, Ngoại trưởng Pháp Alain Duval."
    assert not gives(sentence, "ngoai truong phap", "Jean Moreau", ["Alain Duval"])
    assert gives(sentence, "ngoai truong phap", "Alain Duval", ["Jean Moreau"])

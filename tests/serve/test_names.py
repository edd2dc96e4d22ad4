"""The name matcher: one trigram map per index generation, built before any query needs it."""

import threading

from bot.serve.engine import Engine


def test_the_name_map_is_built_when_the_engine_opens_the_index(seed_index):
    engine = Engine(seed_index)
    assert engine.names.builds == 1
    engine.answer("who Sulivan")
    assert engine.names.builds == 1


def test_concurrent_typo_queries_on_a_fresh_map_build_it_once(seed_index):
    engine = Engine(seed_index)
    engine.names._fuzzy = None  # as if the index had just been swapped and nobody had warmed it
    start = threading.Barrier(16)
    answers = []

    def ask() -> None:
        start.wait()
        answers.append(engine.answer("who Sulivan").actor)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert engine.names.builds == 2
    assert {a.name for a in answers if a} == {"Jake Sullivan"} and len(answers) == 16


def test_transliteration_variants_of_a_name_share_one_key():
    from bot.serve.names import transliteration_key

    assert transliteration_key("kyslytsya") == transliteration_key("kislitsia")
    assert transliteration_key("zelenskyy") == transliteration_key("zelenskiy")
    assert transliteration_key("dmitry") == transliteration_key("dmitri")


def test_a_name_asked_in_another_romanisation_finds_the_person(tmp_path):
    from bot.build.pipeline import build_index

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Đại sứ Ukraine lên tiếng tại Hội đồng Bảo an\n"
        "Đại sứ Ukraine tại Liên hợp quốc Serhiy Kyslytsya cho biết Kiev sẵn sàng đối thoại.\n"
        "Ông Kyslytsya nói thêm rằng mọi cuộc đàm phán phải có sự tham gia của Ukraine.\n",
        encoding="utf-8",
    )
    build_index(folder, tmp_path / "index.db")
    answer = Engine(tmp_path / "index.db").answer("who Kislitsa")
    assert answer.actor is not None and answer.actor.name == "Serhiy Kyslytsya"

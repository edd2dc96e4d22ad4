"""Bad corpus input through the real build (bot.build and the CLI): each bad file or entry is skipped or
reported with its name and the reason, the rest is indexed, the exit status says something went wrong,
and the previous index is left alone when nothing can be built.

tests/build/test_corpus.py covers the reader (load_corpus) case by case; these go through build_index
into a real index and ask it what it holds.
"""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.build.corpus import MAX_ARTICLE_BYTES, CorpusError
from bot.build.pipeline import build_index
from bot.serve.engine import Engine

ROOT = Path(__file__).resolve().parents[2]

GOOD = """Đặc phái viên Mỹ tới Moscow

Đặc phái viên Mỹ Steve Witkoff đã gặp Tổng thống Nga Vladimir Putin tại Điện Kremlin ngày 11/2/2025.

Ông Witkoff nói cuộc gặp kéo dài hơn ba giờ và diễn ra trong bầu không khí xây dựng.
"""

DATED = """Ngoại trưởng Pháp thăm Kiev

Hoàng Mai | 14/02/2025, 08:30

Ngoại trưởng Pháp Jean-Noël Barrot đã tới Kiev hôm 13/2 để hội đàm với người đồng cấp Ukraine Andrii Sybiha về viện trợ quân sự.

Ông Barrot cho biết Paris sẽ tiếp tục hỗ trợ Ukraine trong năm 2025.
"""


def problems_by_file(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in report.problems:
        out.setdefault(p.file, []).append(p.reason)
    return out


def problem_for(report, name: str) -> str:
    """The reasons given for `name` (a file, or a sources.yml entry naming it), joined."""
    found = [str(p) for p in report.problems if name in p.file]
    assert found, f"{name} not named in {[str(p) for p in report.problems]}"
    return " | ".join(found)


def indexed_ids(out: Path) -> set[str]:
    import sqlite3

    db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        return {r[0] for r in db.execute("SELECT id FROM articles")}
    finally:
        db.close()


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "dated.txt").write_text(DATED, encoding="utf-8")
    return folder


def build(folder: Path, tmp_path: Path):
    out = tmp_path / "index.db"
    report = build_index(folder, out)
    return report, out


# -- files that are not articles ---------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n\r\n   ", "empty file"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty file"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("zeros.txt", b"\x00" * 4096, "binary"),
        ("random.txt", bytes((i * 7919 + 13) % 256 for i in range(8192)), "binary"),
        ("noisy.txt", bytes((i * 7919 + 13) % 255 + 1 for i in range(8192)), "not UTF-8"),
        ("cp1258.txt", b"H\xf4i \xf0\xe0m t\xe1i Gen\xe8ve", "not UTF-8"),
        ("cp1258-article.txt", b"Ngo\xd2i tr\xfd\xd2ng Nga Lavrov \xf0\xe3 g\xd2p ng\xfd\xd2i \xf0\xf4\xecng c\xe2\xcc p M\xfd\xe3.\n",
         "not UTF-8"),
        ("latin1.txt", "Genève, café crème".encode("latin-1"), "not UTF-8"),
        ("utf16-nobom.txt", GOOD.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        ("utf16-truncated.txt", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le") + b"A", "not valid UTF-16"),
    ],
)
def test_unreadable_file_is_named_with_its_reason_and_the_rest_indexed(corpus, tmp_path, name, data, reason):
    (corpus / name).write_bytes(data)
    report, out = build(corpus, tmp_path)
    assert list(problems_by_file(report)) == [name]
    assert reason in problem_for(report, name)
    assert report.articles == 2
    assert indexed_ids(out) == {"good", "dated"}
    assert Engine(out).answer("who Witkoff").actor.name == "Steve Witkoff"


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf16le.txt", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
        ("utf16be.txt", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be")),
        ("utf8bom.txt", codecs.BOM_UTF8 + GOOD.encode("utf-8")),
        ("crlf.txt", GOOD.replace("\n", "\r\n").encode("utf-8")),
        ("decomposed.txt", __import__("unicodedata").normalize("NFD", GOOD).encode("utf-8")),
    ],
)
def test_other_readable_encodings_are_indexed_like_utf8(tmp_path, name, data):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / name).write_bytes(data)
    report, out = build(folder, tmp_path)
    assert not report.problems
    engine = Engine(out)
    article = engine.article(Path(name).stem)
    assert article["title"] == "Đặc phái viên Mỹ tới Moscow"  # no byte-order mark, composed, no \r
    answer = engine.answer("who Witkoff")
    assert answer.actor.name == "Steve Witkoff"
    assert [a.id for a in answer.articles] == [Path(name).stem]
    assert engine.answer("on 2025-02-11").articles


def test_a_50_mb_file_is_refused_without_reading_it(corpus, tmp_path):
    big = corpus / "dump.txt"
    line = (GOOD.replace("\n", " ") + "\n").encode("utf-8")
    with open(big, "wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50 * 2**20
    started = time.perf_counter()
    report, out = build(corpus, tmp_path)
    elapsed = time.perf_counter() - started
    reason = problem_for(report, "dump.txt")
    assert "50.0 MiB" in reason and "limit" in reason
    assert report.articles == 2 and indexed_ids(out) == {"good", "dated"}
    assert elapsed < 20, f"the build took {elapsed:.1f} s"


def test_the_size_limit_is_a_sane_one():
    # Articles in the corpus are 4–8 KB; long-form pieces reach a few hundred KB.
    assert 256 * 1024 <= MAX_ARTICLE_BYTES <= 5 * 2**20


def test_the_size_limit_is_exact(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("bot.build.corpus.MAX_ARTICLE_BYTES", 4096)
    body = GOOD.encode("utf-8")
    (corpus / "at-limit.txt").write_bytes(body + b" " * (4096 - len(body)))
    (corpus / "over-limit.txt").write_bytes(body + b" " * (4097 - len(body)))
    report, out = build(corpus, tmp_path)
    assert list(problems_by_file(report)) == ["over-limit.txt"]
    assert "4 KiB limit" in problem_for(report, "over-limit.txt")
    assert "at-limit" in indexed_ids(out)


def _run_and_measure(args: list[str]) -> tuple[int, float, int, str]:
    """(exit status, seconds, peak RSS in KiB, stderr) of `python -m bot ARGS`, for one child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_"))}
    env["PYTHONPATH"] = str(ROOT)
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, "-m", "bot", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, cwd=ROOT) as proc:
        stderr = proc.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss, stderr


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 for the child's peak memory")
def test_a_50_mb_file_costs_the_cli_neither_time_nor_memory(corpus, tmp_path):
    out = tmp_path / "index.db"
    status, _, baseline_kib, _ = _run_and_measure(["index", "--seeds", str(corpus), "--out", str(out)])
    assert status == 0
    with open(corpus / "dump.txt", "wb") as fh:
        fh.truncate(50 * 2**20)  # sparse: the size is what counts
        fh.seek(0)
        fh.write(GOOD.encode("utf-8"))
    status, seconds, peak_kib, stderr = _run_and_measure(["index", "--seeds", str(corpus), "--out", str(out)])
    assert status == 1
    assert "problem: dump.txt: skipped: 50.0 MiB is larger than" in stderr
    assert seconds < 20
    assert peak_kib - baseline_kib < 20 * 1024, f"peak memory grew by {(peak_kib - baseline_kib) // 1024} MiB"


def test_txt_entries_that_are_not_files_are_named(corpus, tmp_path):
    (corpus / "folder.txt").mkdir()
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "notes.md").write_text("not an article, not a .txt", encoding="utf-8")
    report, out = build(corpus, tmp_path)
    assert "folder" in problem_for(report, "folder.txt")
    assert "broken link" in problem_for(report, "dangling.txt")
    assert "notes.md" not in str(report.problems)
    assert indexed_ids(out) == {"good", "dated"}


# -- sources.yml -------------------------------------------------------------------------


def write_sources(folder: Path, text: str) -> None:
    (folder / "sources.yml").write_text(text, encoding="utf-8")


def test_unknown_keys_are_reported_and_the_entry_still_used(corpus, tmp_path):
    write_sources(corpus, "- file: good.txt\n  title: Tiêu đề từ sources\n  colour: red\n  tags: [a, b]\n")
    report, out = build(corpus, tmp_path)
    reason = problem_for(report, "good.txt")
    assert "unknown keys" in reason and "colour" in reason and "tags" in reason
    assert Engine(out).article("good")["title"] == "Tiêu đề từ sources"


@pytest.mark.parametrize(
    "published, says",
    [
        ("2022-02-30", "not a real date"),
        ("'2022-02-30'", "not a real date"),
        ("2025-13-01", "not a real date"),
        ("yesterday", "YYYY-MM-DD"),
        ("20250101", "YYYY-MM-DD"),
        ("2022-1-5", "YYYY-MM-DD"),
        ("2022-02-01T10:00:00", "YYYY-MM-DD"),
        ("[2022, 2, 1]", "YYYY-MM-DD"),
    ],
)
def test_bad_published_date_is_reported_and_the_dateline_used(corpus, tmp_path, published, says):
    write_sources(corpus, f"- file: dated.txt\n  outlet: Báo Thử\n  published: {published}\n")
    report, out = build(corpus, tmp_path)
    reason = problem_for(report, "dated.txt")
    assert "published" in reason and says in reason and "dateline" in reason
    article = Engine(out).article("dated")
    assert article["published"] == "2025-02-14"  # from "Hoàng Mai | 14/02/2025, 08:30"
    assert article["outlet"] == "Báo Thử"  # the rest of the entry still counts


def test_bad_date_with_no_dateline_leaves_the_article_undated(corpus, tmp_path):
    write_sources(corpus, "- file: good.txt\n  published: yesterday\n")
    report, out = build(corpus, tmp_path)
    assert "yesterday" in problem_for(report, "good.txt")
    assert Engine(out).article("good")["published"] is None


def test_duplicate_entries_are_reported_the_first_used_and_the_article_indexed_once(corpus, tmp_path):
    write_sources(corpus, "- file: good.txt\n  title: Thứ nhất\n- file: good.txt\n  title: Thứ hai\n")
    report, out = build(corpus, tmp_path)
    assert "duplicate" in problem_for(report, "good.txt")
    assert Engine(out).article("good")["title"] == "Thứ nhất"
    assert sorted(indexed_ids(out)) == ["dated", "good"]
    assert len(Engine(out).answer("who Witkoff").articles) == 1


@pytest.mark.parametrize("missing", ["gone.txt", "../corpus/good.txt", "GOOD.txt", "good.TXT "])
def test_entries_naming_missing_files_are_reported(corpus, tmp_path, missing):
    write_sources(corpus, f"- file: dated.txt\n  title: Có thật\n- file: '{missing}'\n  title: Không có\n")
    report, out = build(corpus, tmp_path)
    assert "not in the folder" in problem_for(report, missing.strip())
    assert indexed_ids(out) == {"good", "dated"}
    assert Engine(out).article("dated")["title"] == "Có thật"


def test_entries_that_are_not_entries_are_reported(corpus, tmp_path):
    write_sources(corpus, "- just a string\n- 42\n- title: no file key\n- file: good.txt\n  title: OK\n")
    report, out = build(corpus, tmp_path)
    reasons = [str(p) for p in report.problems]
    assert len(reasons) == 3
    assert "entry 1" in reasons[0] and "not a mapping" in reasons[0]
    assert "entry 3" in reasons[2] and "no 'file'" in reasons[2]
    assert Engine(out).article("good")["title"] == "OK"


def test_files_missing_from_sources_are_indexed_from_their_own_text(corpus, tmp_path):
    # By design (README, "The corpus"): not an error, so not a problem either.
    write_sources(corpus, "- file: good.txt\n  title: Có trong sources\n")
    report, out = build(corpus, tmp_path)
    assert not report.problems
    article = Engine(out).article("dated")
    assert article["title"] == "Ngoại trưởng Pháp thăm Kiev"
    assert article["published"] == "2025-02-14"


def test_non_http_urls_are_dropped(corpus, tmp_path):
    write_sources(corpus, "- file: good.txt\n  url: javascript:alert(1)\n")
    report, out = build(corpus, tmp_path)
    assert "not http(s)" in problem_for(report, "good.txt")
    assert Engine(out).article("good")["url"] is None


# -- when nothing can be built, the previous index stays ----------------------------------


@pytest.fixture
def previous(corpus, tmp_path) -> tuple[Path, bytes, int]:
    report, out = build(corpus, tmp_path)
    assert not report.problems
    return out, out.read_bytes(), out.stat().st_mtime_ns


@pytest.mark.parametrize(
    "spoil",
    [
        lambda folder: shutil.rmtree(folder),
        lambda folder: [p.unlink() for p in folder.glob("*.txt")],
        lambda folder: write_sources(folder, "- file: good.txt\n  title: [unclosed\n"),
        lambda folder: write_sources(folder, "{file: good.txt}\n"),
        lambda folder: (folder / "sources.yml").write_bytes(codecs.BOM_UTF16_LE + "- file: good.txt\n".encode("utf-16-le")),
    ],
    ids=["no-folder", "no-txt-files", "sources-not-yaml", "sources-not-a-list", "sources-utf16"],
)
def test_a_build_that_cannot_run_leaves_the_previous_index(corpus, tmp_path, previous, spoil):
    out, before, mtime = previous
    spoil(corpus)
    with pytest.raises(CorpusError):
        build_index(corpus, out)
    assert out.read_bytes() == before and out.stat().st_mtime_ns == mtime
    assert not list(out.parent.glob("*.tmp"))


def test_a_folder_of_only_unreadable_files_leaves_the_previous_index(corpus, tmp_path, previous):
    out, before, _ = previous
    for p in corpus.glob("*.txt"):
        p.write_bytes(b"H\xf4i \xf0\xe0m")  # every file saved in cp1258 by mistake
    with pytest.raises(CorpusError, match="not UTF-8"):
        build_index(corpus, out)
    assert out.read_bytes() == before


# -- everything at once, through the command line -----------------------------------------


def test_every_kind_of_bad_input_at_once_through_the_cli(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "cp1258.txt": b"H\xf4i \xf0\xe0m",
        "utf16.txt": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
        "utf16-nobom.txt": GOOD.encode("utf-16-le"),
        "unlisted.txt": DATED.encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(50 * 2**20)
    with open(folder / "sources.yml", "a", encoding="utf-8") as fh:
        fh.write(
            "\n- file: utf16.txt\n  title: UTF-16\n  published: 2022-02-30\n  colour: red\n"
            "- file: 000_4ae53418e66acca5.txt\n  title: again\n"
            "- file: gone.txt\n  published: yesterday\n"
        )
    out = tmp_path / "index.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UKRAINE_BOT_"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "index", "--seeds", str(folder), "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    problems = [line.removeprefix("problem: ") for line in result.stderr.splitlines() if line.startswith("problem: ")]
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary",
        "cp1258.txt": "not UTF-8",
        "utf16-nobom.txt": "UTF-16 without a byte-order mark",
        "huge.txt": "larger than",
        "(utf16.txt)": "colour",
        "entry 6 (utf16.txt)": "not a real date",
        "(000_4ae53418e66acca5.txt)": "duplicate",
        "(gone.txt)": "yesterday",
        "sources.yml (gone.txt)": "not in the folder",
    }
    for where, what in expected.items():
        assert any(where in line and what in line for line in problems), (where, what, problems)
    assert len(problems) == len(expected)
    assert "Indexed 7 articles" in result.stdout and "10 problem(s)" in result.stdout
    engine = Engine(out)
    assert engine.answer("who Sullivan").actor.name == "Jake Sullivan"
    assert engine.article("utf16")["title"] == "UTF-16"
    assert engine.article("unlisted")["published"] == "2025-02-14"
    assert engine.article("000_4ae53418e66acca5")["title"].startswith("Tiết lộ")


def test_decomposed_vietnamese_yields_the_same_people_and_roles(tmp_path):
    import unicodedata

    folder = tmp_path / "nfd"
    folder.mkdir()
    seed = ROOT / "seeds" / "004_04ef1faf11f1ddc1.txt"
    (folder / seed.name).write_text(unicodedata.normalize("NFD", seed.read_text(encoding="utf-8")), encoding="utf-8")
    report, out = build(folder, tmp_path)
    assert not report.problems
    engine = Engine(out)
    assert engine.answer("who ngoại trưởng Nga").actor.name == "Sergei Lavrov"
    assert engine.answer("who Blinken").actor.name == "Antony Blinken"

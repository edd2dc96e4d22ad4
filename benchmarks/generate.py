"""Synthetic Vietnamese articles shaped like the seeds, with the annotations that made them.

Every article is a title line, a "Tác giả | dd/mm/yyyy, hh:mm" dateline and
paragraphs of sentences: prose recombined from the seed corpus (sentences that
name nobody and date nothing) and sentences built from templates lifted from
the seeds, in which generated foreign people ("Ngoại trưởng Nga Arkady
Voronelov", later "ông Voronelov") act on dates written the ways the engine
reads them ("ngày 21/1/2022", "21.01.2022", "ngày 6/11", "tháng 9 năm 2022",
"năm 2023" …). About 600 words per article. The same (n, seed) always gives
the same bytes.

    python -m benchmarks.generate --n 1000 --out /tmp/corpus --seed 7

`generate()` also returns, for each article, the payload the build pipeline
would cache for it (sentences, mentions, dates), so a large index can be
written straight from known annotations through the index's own writer
(`bot.build.write_index`) without running the NLP pipeline.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

GIVEN = (
    "Sergei Dmitry Nikolai Yuri Mikhail Andrei Alexei Oleg Viktor Igor Pavel Anatoly Vladislav Boris "
    "Konstantin Maxim Roman Stanislav Vitaly Arkady Grigory Leonid Denis Evgeny Valery Ruslan Timur "
    "Oleksandr Dmytro Andriy Mykola Taras Bohdan Oleksiy Vasyl Yaroslav Serhiy Petro Olena Iryna Yulia "
    "Natalia Svetlana Tatiana Maria Anna Elena Victoria Ksenia Marina Ludmila Galina "
    "John Robert Michael William David Richard Thomas Charles Christopher Daniel Matthew Anthony Mark "
    "Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Jeffrey Ryan Jacob Gary Jonathan "
    "Patrick Frank Raymond Gregory Samuel Benjamin Patrick Jennifer Linda Elizabeth Barbara Susan "
    "Jessica Karen Nancy Lisa Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda "
    "Emmanuel Olaf Annalena Rishi Giorgia Recep Mevlut Jens Josep Ursula Kaja Mark Antonio Pedro"
).split()
GIVEN = sorted(set(GIVEN))

_ONSETS = ("B Br D Dr G Gr K Kr L M N P Pr R S St T Tr V Vl Z Ch Sh Kh H F Fr Bl Kl".split())
_VOWELS = ("a e i o u y ai ei ou ia".split())
_CODAS = ("", "", "", "l", "n", "r", "s", "m", "t", "k")
_SUFFIXES = (
    "ov ova ev eva in ina enko chenko sky skaya ski uk yuk ich vich son sen ton man mann berg stein "
    "ley ford well er ard lin ko nik nko ovic escu idis oglu".split()
)

# Role phrases as the press writes them before a name. Heads come from bot.actors.ROLE_HEADS and
# every qualifier is a place or institution the gazetteer knows, so the rules can cut them off.
_ROLE_TEMPLATES = (
    "Ngoại trưởng {c}", "Bộ trưởng Quốc phòng {c}", "Thứ trưởng Ngoại giao {c}", "cố vấn an ninh quốc gia {c}",
    "người phát ngôn Bộ Ngoại giao {c}", "Đại sứ {c}", "Tổng thống {c}", "Thủ tướng {c}", "Phó Thủ tướng {c}",
    "Đặc phái viên {c}", "Bộ trưởng Tài chính {c}", "Tổng tham mưu trưởng quân đội {c}", "Thượng nghị sĩ {c}",
    "cố vấn đối ngoại của Tổng thống {c}", "Chủ tịch Quốc hội {c}", "nhà đàm phán {c}", "Phó Ngoại trưởng {c}",
    "Bộ trưởng Năng lượng {c}", "chuyên gia quân sự {c}", "nhà phân tích chính trị {c}",
)
_COUNTRIES = ("Nga", "Mỹ", "Ukraine", "Pháp", "Đức", "Anh", "Ba Lan", "Belarus", "Thổ Nhĩ Kỳ", "Hungary")
_ROLES = tuple(t.format(c=c) for t in _ROLE_TEMPLATES for c in _COUNTRIES)

_AUTHORS = ("Hoàng Mai", "Phương Đăng", "Cẩm Bình", "Minh Anh", "Thanh Hà", "Quốc Việt", "Hải Yến", "Đức Minh")
_TOPICS = (
    "đàm phán hòa bình", "kiểm soát vũ khí hạt nhân", "an ninh châu Âu", "viện trợ quân sự", "lệnh trừng phạt",
    "hành lang ngũ cốc", "trao đổi tù binh", "nguồn cung khí đốt", "mở rộng NATO", "nhà máy điện hạt nhân",
)
_PLACES = ("Genève", "Istanbul", "Moscow", "Washington", "Kiev", "Brussels", "Paris", "Berlin", "Warsaw", "Minsk")

# Templates lifted from seed sentences. {A}, {B}: a person (role and full name the first time, an
# honorific and surname later); {D}: a date phrase; {T}: a topic; {P}: a place.
_ACTOR_TEMPLATES = (
    "{D}, {A} đã có cuộc điện đàm với {B} về {T} và tình hình xung đột ở Ukraine.",
    "{A} cho biết {D} hai bên đã thảo luận về {T} nhưng chưa đạt được thỏa thuận nào.",
    "Phát biểu {D}, {A} nói rằng Washington vẫn duy trì mức độ liên lạc nhất định với Moscow vì các lợi ích chung.",
    "{A} đã gặp {B} tại {P} {D} để bàn về {T}.",
    "{A} nói thêm rằng các bên cần hiểu rõ quan điểm của nhau hơn để tránh các sự cố gây hiểu lầm.",
    "Trước đó, {A} từng cảnh báo về nguy cơ xung đột lan rộng ở châu Âu nếu {T} không có tiến triển.",
    "{A} cũng nhấn mạnh rằng cánh cửa ngoại giao vẫn để ngỏ, bất chấp căng thẳng kéo dài.",
    "{D}, {A} tuyên bố {T} là ưu tiên hàng đầu trong các cuộc tiếp xúc sắp tới với {B}.",
    "Cuộc gặp giữa {A} và {B} {D} diễn ra trong bầu không khí xây dựng, theo các nguồn tin.",
    "{A} khẳng định sẽ tiếp tục đối thoại với {B} về {T} trong thời gian tới.",
)
# A full name with nothing around it that marks a person: the build asks the tagger.
_BARE_TEMPLATES = (
    "Nhiều nhà quan sát cho rằng {N} được xem là người chủ trương thúc đẩy việc duy trì kênh liên lạc.",
    "Lập trường của {N} về {T} được giới quan sát đánh giá là khá thận trọng.",
)
_APPOSITIVE_TEMPLATE = "{N}, {R}, nhận xét rằng {T} sẽ là chủ đề chính trong các cuộc tiếp xúc tới."


@dataclass
class Person:
    name: str
    role: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass
class GeneratedArticle:
    file: str
    text: str
    published: date
    title: str
    sentences: list[str]  # body sentences, title first, as the pipeline would see them
    mentions: list[dict] = field(default_factory=list)  # {name, s, start, end, role, evidence}
    dates: list[dict] = field(default_factory=list)  # {s, start, end, precision, text}

    def payload(self) -> dict:
        """What bot.build.analyse caches for this article, from the generator's own annotations."""
        return {"sentences": self.sentences, "chrome": [], "mentions": self.mentions, "dates": self.dates,
                "timing": {}}


def _seed_sentences() -> list[str]:
    """Seed prose that names nobody and dates nothing: the filler between the generated sentences."""
    from bot.build.actors import Gazetteer, find_mentions
    from bot.build.clean import clean
    from bot.build.dates import extract_dates

    gaz = Gazetteer.load()
    found: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        body = clean(path.read_text(encoding="utf-8")).body
        for para in body[1:]:
            for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ỹ\"“])", para):
                s = s.strip()
                n = len(s.split())
                if n < 8 or n > 45 or not s.endswith(".") or re.search(r"\d", s):
                    continue
                if find_mentions([s], gaz, None) or extract_dates(s, date(2022, 6, 1)):
                    continue
                found.add(s)
    return sorted(found)


def make_people(n: int, rng: random.Random) -> list[Person]:
    """`n` foreign-looking people with distinct surnames, each with one role."""
    from bot.build.actors import VIETNAMESE_SURNAMES, Gazetteer, looks_foreign
    from bot.shared.text import fold

    gaz = Gazetteer.load()
    taken: set[str] = set()
    people: list[Person] = []
    while len(people) < n:
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)]
        if rng.random() < 0.6:
            parts.append(rng.choice(_ONSETS).lower() + rng.choice(_VOWELS))
        surname = "".join(parts) + rng.choice(_SUFFIXES)
        key = fold(surname)
        if key in taken or key in gaz.non_people or key in VIETNAMESE_SURNAMES or not looks_foreign(surname):
            continue
        if key in gaz.org_words or len(surname) < 5:
            continue
        taken.add(key)
        people.append(Person(f"{rng.choice(GIVEN)} {surname}", rng.choice(_ROLES)))
    return people


def _date_phrase(rng: random.Random, published: date) -> tuple[str, dict]:
    """A date phrase in one of the engine's formats, with its span."""
    day = published - timedelta(days=rng.randint(1, 60))
    kind = rng.random()
    if day.year != published.year and kind < 0.6:
        kind = 0.0  # "ngày D/M" without a year needs the same year as the dateline
    if kind < 0.25:
        return f"ngày {day.day}/{day.month}/{day.year}", _span(day, day, "day")
    if kind < 0.4:
        return f"hôm {day.day:02d}.{day.month:02d}.{day.year}", _span(day, day, "day")
    if kind < 0.6:
        return f"ngày {day.day}/{day.month}", _span(day, day, "day")
    if kind < 0.7:
        return f"ngày {day.day} tháng {day.month} năm {day.year}", _span(day, day, "day")
    if kind < 0.85:
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return f"vào tháng {day.month} năm {day.year}", _span(first, nxt - timedelta(days=1), "month")
    if kind < 0.95:
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return f"hồi tháng {day.month}/{day.year}", _span(first, nxt - timedelta(days=1), "month")
    return f"trong năm {day.year}", _span(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def _span(start: date, end: date, precision: str) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision}


def _zipf_pick(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with a long tail: a few people are everywhere, most appear now and then."""
    u = rng.random()
    # Inverse CDF of a continuous power law on [1, n+1).
    x = ((n + 1) ** (1 - s) - 1) * u + 1
    return min(n - 1, int(x ** (1 / (1 - s))) - 1)


class Generator:
    def __init__(self, seed: int = 7, people: int | None = None, n: int = 1000) -> None:
        self.seed = seed
        self.filler = _seed_sentences()
        pool = people or max(2000, min(20_000, n // 5))
        self.people = make_people(pool, random.Random(f"people-{seed}-{pool}"))

    def article(self, i: int) -> GeneratedArticle:
        rng = random.Random(f"{self.seed}-{i}")
        published = date(2021, 1, 1) + timedelta(days=rng.randint(0, 4 * 365 - 1))
        cast = []
        while len(cast) < rng.randint(3, 7):
            p = self.people[_zipf_pick(rng, len(self.people))]
            if p not in cast:
                cast.append(p)
        first_seen: set[str] = set()
        sentences: list[str] = []
        mentions: list[dict] = []
        dates: list[dict] = []

        def person(p: Person, text: str, si: int) -> str:
            """Append the way this sentence names p to `text`, recording the mention."""
            if p.name not in first_seen:
                first_seen.add(p.name)
                phrase, start = f"{p.role} {p.name}", len(text) + len(p.role) + 1
                mentions.append({"name": p.name, "s": si, "start": start, "end": start + len(p.name),
                                 "role": p.role, "evidence": True})
            else:
                phrase = f"ông {p.surname}"
                start = len(text) + 4
                mentions.append({"name": p.surname, "s": si, "start": start, "end": start + len(p.surname),
                                 "role": None, "evidence": True})
            return phrase

        def fill(template: str, si: int, a: Person, b: Person) -> str:
            out = ""
            for piece in re.split(r"(\{[A-Z]\})", template):
                if piece == "{A}":
                    out += person(a, out, si)
                elif piece == "{B}":
                    out += person(b, out, si)
                elif piece == "{D}":
                    phrase, span = _date_phrase(rng, published)
                    if not out:
                        phrase = phrase[:1].upper() + phrase[1:]
                    dates.append({"s": si, **span, "text": phrase})
                    out += phrase
                elif piece == "{T}":
                    out += rng.choice(_TOPICS)
                elif piece == "{P}":
                    out += rng.choice(_PLACES)
                elif piece == "{N}":
                    out += a.name
                    mentions.append({"name": a.name, "s": si, "start": len(out) - len(a.name), "end": len(out),
                                     "role": None, "evidence": True})
                elif piece == "{R}":
                    out += a.role[:1].lower() + a.role[1:]
                else:
                    out += piece
            return out[:1].upper() + out[1:]

        lead, other = cast[0], cast[1]
        title = f"{lead.role[:1].upper() + lead.role[1:]} {lead.name} bàn về {rng.choice(_TOPICS)} với {other.role} {other.name}"
        sentences.append(title)
        mentions.append({"name": lead.name, "s": 0, "start": len(lead.role) + 1,
                         "end": len(lead.role) + 1 + len(lead.name), "role": lead.role, "evidence": True})
        start = title.index(other.name)
        mentions.append({"name": other.name, "s": 0, "start": start, "end": start + len(other.name),
                         "role": other.role, "evidence": True})
        words = 0
        paragraphs: list[list[str]] = []
        para: list[str] = []
        while words < 600:
            si = len(sentences)
            r = rng.random()
            if r < 0.42:
                a, b = rng.sample(cast, 2)
                s = fill(rng.choice(_ACTOR_TEMPLATES), si, a, b)
            elif r < 0.46:
                a = rng.choice(cast)
                s = fill(rng.choice(_BARE_TEMPLATES), si, a, a)
            elif r < 0.49:
                a = rng.choice(cast)
                s = fill(_APPOSITIVE_TEMPLATE, si, a, a)
                mentions[-1]["role"] = a.role[:1].lower() + a.role[1:]
            else:
                s = rng.choice(self.filler)
            sentences.append(s)
            para.append(s)
            words += len(s.split())
            if len(para) >= rng.randint(2, 4):
                paragraphs.append(para)
                para = []
        if para:
            paragraphs.append(para)
        dateline = f"{rng.choice(_AUTHORS)} | {published.day:02d}/{published.month:02d}/{published.year}, " \
                   f"{rng.randint(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        text = title + "\n\n" + dateline + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
        return GeneratedArticle(f"a{i:06d}.txt", text, published, title, sentences, mentions, dates)


def generate(n: int, seed: int = 7, out: Path | None = None, start: int = 0, people: int | None = None):
    """Yield n articles (numbered from `start`); write each to `out` when given."""
    gen = Generator(seed, people, n=max(n, start + n))
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        art = gen.article(i)
        if out is not None:
            (Path(out) / art.file).write_text(art.text, encoding="utf-8")
        yield art


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    words = 0
    for art in generate(args.n, args.seed, args.out):
        words += len(art.text.split())
    print(f"wrote {args.n} articles, {words / max(args.n, 1):.0f} words each on average, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

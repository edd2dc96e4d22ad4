"""Synthetic Vietnamese articles shaped like the seeds, with the annotations that made them.

Every article is a title line, a "Tác giả | dd/mm/yyyy, hh:mm" dateline and
paragraphs of sentences: prose recombined from the seed corpus (sentences that
name nobody and date nothing) and sentences built from templates lifted from
the seeds, in which generated foreign people ("Ngoại trưởng Nga Arkady
Voronelov", later "ông Voronelov") act on dates written the ways the engine
reads them ("ngày 21/1/2022", "21.01.2022", "ngày 6/11", "tháng 9 năm 2022",
"năm 2023" …). About 600 words per article. The same (n, seed) always gives
the same bytes.

Real news is messier than one spelling per person, and a benchmark on a tidy
corpus flatters the name matcher and the index. So, as `NewsShape` sets:

- different people share a surname (two Ivanovs, not related);
- one person is spelled several ways across articles, as outlets transliterate
  differently (Zelensky / Zelenskyy / Zelenskiy, Dmitry / Dmitri), and now and
  then with a dropped or doubled letter;
- the people pool keeps growing: a core known from the first day, then new
  people every day, who then appear now and then like everyone else;
- the prose between the names draws on thousands of distinct words (seed
  vocabulary and syllables composed the way Vietnamese writes them);
- publication dates and the dates articles report cluster around events
  (summits, calls, visits), a few big ones and many small ones.

`GeneratedArticle.mention_people` says, for each mention, which person it is,
so tests and benchmarks can tell a variant spelling from a different person.

    python -m benchmarks.generate --n 1000 --out /tmp/corpus --seed 7

`generate()` also returns, for each article, the payload the build pipeline
would cache for it (sentences, mentions, dates), so a large index can be
written straight from known annotations through the index's own writer
(`bot.build.write_index`) without running the NLP pipeline.
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import unicodedata
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


@dataclass(frozen=True)
class NewsShape:
    """How far the corpus departs from one tidy spelling per person and evenly spread dates."""

    shared_surname_rate: float = 0.12  # of the people made, the share who take an earlier person's surname
    spelling_variants: bool = True  # outlets transliterate names their own way
    typo_rate: float = 0.02  # per person and article: one later mention drops or doubles a letter
    growing_people: bool | None = None  # None: grow unless `people` fixes the pool
    known_share: float = 0.15  # of a growing pool, the share known from the first day
    newcomer_rate: float = 0.35  # per article: one person first seen in the last two weeks joins the cast
    composed_rate: float = 0.4  # of the filler sentences, the share composed from the wide vocabulary
    event_share: float = 0.7  # articles published just after an event, about it
    events: int = 160  # events over the four years


# Romanizations outlets disagree on, given name by given name.
_GIVEN_VARIANTS = {
    "Dmitry": ("Dmitri", "Dmitriy"), "Sergei": ("Sergey",), "Yuri": ("Yury", "Iurii"), "Alexei": ("Alexey", "Aleksei"),
    "Andrei": ("Andrey",), "Nikolai": ("Nikolay",), "Mikhail": ("Michail",), "Evgeny": ("Yevgeny", "Evgeniy"),
    "Oleksandr": ("Olexandr",), "Dmytro": ("Dmitro",), "Andriy": ("Andrii",), "Serhiy": ("Serhii",),
    "Oleksiy": ("Oleksii",), "Anatoly": ("Anatoliy",), "Vitaly": ("Vitaliy",), "Valery": ("Valeriy",),
    "Grigory": ("Grigoriy",), "Arkady": ("Arkadiy",), "Yulia": ("Yuliya", "Iuliia"), "Natalia": ("Natalya",),
    "Tatiana": ("Tatyana",), "Ksenia": ("Kseniya",), "Ludmila": ("Lyudmila",), "Yaroslav": ("Iaroslav",),
}
# Surname endings and clusters romanized more than one way: (pattern, replacement).
_SURNAME_RULES = (
    (r"sky$", "skyy"), (r"sky$", "skiy"), (r"sky$", "ski"), (r"skaya$", "skaia"), (r"ski$", "sky"),
    (r"yuk$", "iuk"), (r"([bcdfgklmnprstvz])ev$", r"\1yev"), (r"([bcdfgklmnprstvz])eva$", r"\1yeva"),
    (r"ov$", "off"), (r"Kh", "H"), (r"kh", "h"), (r"ch", "tch"), (r"ei", "ey"), (r"y$", "i"),
)


def surname_spellings(surname: str) -> tuple[str, ...]:
    """The surname as written, then the other ways outlets romanize it (each rule applied alone)."""
    out = [surname]
    for pattern, replacement in _SURNAME_RULES:
        other = re.sub(pattern, replacement, surname, count=1)
        if other != surname and other not in out:
            out.append(other)
    return tuple(out)


@dataclass
class Person:
    name: str
    role: str
    debut: int = 0  # days after the corpus's first day when the press first names them

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def given(self) -> str:
        return self.name.split()[0]

    def spellings(self) -> tuple[tuple[str, str], ...]:
        """(given, surname) pairs as outlets write them, the usual one first."""
        givens = (self.given, *_GIVEN_VARIANTS.get(self.given, ()))
        surnames = surname_spellings(self.surname)
        return tuple(dict.fromkeys([(givens[0], surnames[0])] + [(g, s) for s in surnames for g in givens]))


@dataclass(frozen=True)
class Event:
    """Something that happened on `day` that the press then writes about: who took part, where, on what."""

    day: date
    weight: float
    topic: str
    place: str
    people: tuple[int, ...]  # indexes into the people pool


# Vietnamese syllables: onset + rhyme (with the position of the vowel that takes the tone) + tone.
_VI_ONSETS = "- b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split()
_VI_RHYMES = (
    "a:0 ai:0 am:0 an:0 ang:0 anh:0 ao:0 au:0 ay:0 ac:0 at:0 ach:0 ăm:0 ăn:0 ăng:0 ăc:0 ăt:0 âm:0 ân:0 âng:0 "
    "âu:0 ây:0 âc:0 ât:0 e:0 em:0 en:0 eo:0 et:0 ê:0 êm:0 ên:0 ênh:0 êu:0 êt:0 i:0 ia:0 im:0 in:0 inh:0 iu:0 "
    "ich:0 it:0 iêm:1 iên:1 iêng:1 iêu:1 iêt:1 o:0 oa:1 oai:1 oan:1 oang:1 oanh:1 oat:1 oc:0 oi:0 om:0 on:0 "
    "ong:0 ot:0 ô:0 ôi:0 ôm:0 ôn:0 ông:0 ôc:0 ôt:0 ơ:0 ơi:0 ơm:0 ơn:0 ơt:0 u:0 ua:0 uân:1 uât:1 ui:0 um:0 "
    "un:0 ung:0 uôi:1 uôn:1 uông:1 uôc:1 uôt:1 uy:1 uyên:2 uyêt:2 ư:0 ưa:0 ưng:0 ưu:0 ưc:0 ươi:1 ươn:1 "
    "ương:1 ươc:1 ươt:1"
).split()
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_OPENERS = ("Theo đó,", "Ngoài ra,", "Trong khi đó,", "Bên cạnh đó,", "Đáng chú ý,", "Cũng theo nguồn tin này,")
# Seed words that would read as a date or a relative day next to the composed ones.
_NOT_FILLER = {"ngày", "tháng", "năm", "hôm", "qua", "mai", "kia", "nay", "tuần", "sáng", "chiều", "tối", "đêm"}


def vietnamese_syllables() -> list[str]:
    """Every syllable the onset, rhyme and tone tables allow, spelled as Vietnamese is (a few thousand)."""
    out: set[str] = set()
    for onset in _VI_ONSETS:
        onset = "" if onset == "-" else onset
        for entry in _VI_RHYMES:
            rhyme, at = entry.split(":")
            first = rhyme[0]
            if onset == "k" and first not in "ieêy":
                continue
            if onset in ("c", "g", "ng") and first in "ieê":
                continue
            if (onset == "qu" and first in "uoôơ") or (onset == "gi" and first == "i"):
                continue
            stop = rhyme.endswith(("c", "ch", "t", "p"))
            for tone in _TONES:
                if stop and tone not in ("\u0301", "\u0323"):
                    continue
                i = int(at) + 1
                out.add(unicodedata.normalize("NFC", onset + rhyme[:i] + tone + rhyme[i:]))
    return sorted(out)


@dataclass
class GeneratedArticle:
    file: str
    text: str
    published: date
    title: str
    sentences: list[str]  # body sentences, title first, as the pipeline would see them
    mentions: list[dict] = field(default_factory=list)  # {name, s, start, end, role, evidence}
    dates: list[dict] = field(default_factory=list)  # {s, start, end, precision, text}
    mention_people: list[str] = field(default_factory=list)  # per mention, the person's own name (the truth)

    def payload(self) -> dict:
        """What bot.build.analyse caches for this article, from the generator's own annotations."""
        return {"sentences": self.sentences, "chrome": [], "mentions": self.mentions, "dates": self.dates,
                "timing": {}}


def _seed_sentences() -> list[str]:
    """Seed prose that names nobody and dates nothing: the filler between the generated sentences."""
    from bot.build.actors import find_mentions
    from bot.build.clean import clean
    from bot.build.curated import Gazetteer
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


def make_people(n: int, rng: random.Random, shared_surname_rate: float = 0.0) -> list[Person]:
    """`n` foreign-looking people, each with one role and a full name of their own.

    A share `shared_surname_rate` of them take the surname of someone made earlier (a
    different given name): different people the press calls by the same surname.
    """
    from bot.build.actors import VIETNAMESE_SURNAMES, looks_foreign
    from bot.build.curated import Gazetteer
    from bot.shared.text import fold

    gaz = Gazetteer.load()
    taken: set[str] = set()
    names: set[str] = set()
    people: list[Person] = []
    while len(people) < n:
        if shared_surname_rate > 0 and len(people) >= 10 and rng.random() < shared_surname_rate:
            name = f"{rng.choice(GIVEN)} {rng.choice(people).surname}"
            if name not in names:
                names.add(name)
                people.append(Person(name, rng.choice(_ROLES)))
            continue
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
        name = f"{rng.choice(GIVEN)} {surname}"
        names.add(name)
        people.append(Person(name, rng.choice(_ROLES)))
    return people


def _date_phrase(rng: random.Random, published: date, focus: date | None = None) -> tuple[str, dict]:
    """A date phrase in one of the engine's formats, with its span: mostly `focus` (the event) when given."""
    if focus is not None and focus < published and rng.random() < 0.7:
        day = focus
    else:
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


DAYS = 4 * 365  # the corpus covers four years from FIRST_DAY
FIRST_DAY = date(2021, 1, 1)


def _typo(word: str, rng: random.Random) -> str:
    """The word with one letter (not the first) dropped or doubled, as a hurried writer types it."""
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


class Generator:
    def __init__(self, seed: int = 7, people: int | None = None, n: int = 1000, shape: NewsShape = NewsShape()) -> None:
        self.seed = seed
        self.shape = shape
        self.filler = _seed_sentences()
        self.lexicon = vietnamese_syllables()
        random.Random(f"lexicon-{seed}").shuffle(self.lexicon)
        self.seed_words = sorted({w for s in self.filler for w in s.rstrip(".").split()
                                  if w.isalpha() and w.islower() and w not in _NOT_FILLER})
        random.Random(f"words-{seed}").shuffle(self.seed_words)
        pool = people or max(2000, min(20_000, n // 5))
        self.people = make_people(pool, random.Random(f"people-{seed}-{pool}"), shape.shared_surname_rate)
        grows = shape.growing_people if shape.growing_people is not None else people is None
        if grows:
            # A core the press already names on the first day; the rest first named one after another.
            known = max(10, int(pool * shape.known_share))
            for k in range(known, pool):
                self.people[k].debut = 1 + (k - known) * (DAYS - 1) // max(1, pool - known)
        self._debuts = [p.debut for p in self.people]
        self.events = self._events(random.Random(f"events-{seed}-{pool}"))
        self._event_weights = list(_cumulative(e.weight for e in self.events))

    # -- who and when ------------------------------------------------------------------------

    def _known_on(self, day: int) -> int:
        """How many people the press has named by `day` (the first ones in the pool)."""
        return bisect.bisect_right(self._debuts, day)

    def _events(self, rng: random.Random) -> list[Event]:
        """A few big events and many small ones (weights fall off like a power law), spread over the years."""
        events = []
        for rank in range(max(1, self.shape.events)):
            day = rng.randrange(DAYS - 7)
            known = self._known_on(day)
            people = tuple(sorted({_zipf_pick(rng, known) for _ in range(rng.randint(2, 3))}))
            events.append(Event(FIRST_DAY + timedelta(days=day), 1 / (rank + 1) ** 0.9, rng.choice(_TOPICS),
                                rng.choice(_PLACES), people))
        return sorted(events, key=lambda e: e.day)

    def _when(self, rng: random.Random) -> tuple[date, Event | None]:
        """The publication date, and the event the article reports if it reports one."""
        if self.events and rng.random() < self.shape.event_share:
            event = self.events[bisect.bisect_left(self._event_weights, rng.random() * self._event_weights[-1])]
            # Most reports come the next day or two, fewer over the following week.
            return event.day + timedelta(days=min(7, 1 + int(rng.expovariate(0.9)))), event
        return FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1)), None

    def _cast(self, rng: random.Random, published: date, event: Event | None) -> list[Person]:
        day = (published - FIRST_DAY).days
        known = max(8, self._known_on(day))
        cast: list[Person] = [self.people[k] for k in event.people] if event else []
        wanted = max(len(cast), rng.randint(3, 7))
        if rng.random() < self.shape.newcomer_rate:
            recent = range(self._known_on(day - 14), self._known_on(day))
            if len(recent):
                newcomer = self.people[rng.choice(recent)]
                if newcomer not in cast:
                    cast.append(newcomer)
        while len(cast) < wanted:
            person = self.people[_zipf_pick(rng, min(known, len(self.people)))]
            if person not in cast:
                cast.append(person)
        return cast

    def _composed(self, rng: random.Random) -> str:
        """A filler sentence drawing on the wide vocabulary: seed words and composed syllables, no names, no dates."""
        words = []
        for _ in range(rng.randint(10, 22)):
            if rng.random() < 0.5:
                words.append(self.seed_words[_zipf_pick(rng, len(self.seed_words), 1.05)])
            else:
                words.append(self.lexicon[_zipf_pick(rng, len(self.lexicon), 1.05)])
        return f"{rng.choice(_OPENERS)} {' '.join(words)}."

    # -- the article ---------------------------------------------------------------------------

    def article(self, i: int) -> GeneratedArticle:
        rng = random.Random(f"{self.seed}-{i}")
        shape = self.shape
        published, event = self._when(rng)
        cast = self._cast(rng, published, event)
        # This article's spelling of each person (an outlet keeps one), and who gets a typo later on.
        written: dict[str, tuple[str, str]] = {}
        for p in cast:
            spellings = p.spellings() if shape.spelling_variants else ((p.given, p.surname),)
            written[p.name] = spellings[0] if rng.random() < 0.55 else rng.choice(spellings)
        typo_for = {p.name for p in cast if rng.random() < shape.typo_rate}
        surnames = [p.surname for p in cast]
        shared = {p.name for p in cast if surnames.count(p.surname) > 1}  # two Ivanovs: full names throughout
        first_seen: set[str] = set()
        sentences: list[str] = []
        mentions: list[dict] = []
        mention_people: list[str] = []
        dates: list[dict] = []

        def record(p: Person, surface: str, si: int, start: int, role: str | None) -> None:
            mentions.append({"name": surface, "s": si, "start": start, "end": start + len(surface),
                             "role": role, "evidence": True})
            mention_people.append(p.name)

        def full(p: Person) -> str:
            given, surname = written[p.name]
            return f"{given} {surname}"

        def person(p: Person, text: str, si: int) -> str:
            """Append the way this sentence names p to `text`, recording the mention."""
            if p.name not in first_seen or p.name in shared:
                first = p.name not in first_seen
                first_seen.add(p.name)
                name = full(p)
                if first:
                    record(p, name, si, len(text) + len(p.role) + 1, p.role)
                    return f"{p.role} {name}"
                record(p, name, si, len(text) + 4, None)
                return f"ông {name}"
            surname = written[p.name][1]
            if p.name in typo_for and len(surname) > 3:
                typo_for.discard(p.name)
                surname = _typo(surname, rng)
            record(p, surname, si, len(text) + 4, None)
            return f"ông {surname}"

        def fill(template: str, si: int, a: Person, b: Person) -> str:
            out = ""
            for piece in re.split(r"(\{[A-Z]\})", template):
                if piece == "{A}":
                    out += person(a, out, si)
                elif piece == "{B}":
                    out += person(b, out, si)
                elif piece == "{D}":
                    phrase, span = _date_phrase(rng, published, event.day if event else None)
                    if not out:
                        phrase = phrase[:1].upper() + phrase[1:]
                    dates.append({"s": si, **span, "text": phrase})
                    out += phrase
                elif piece == "{T}":
                    out += event.topic if event and rng.random() < 0.6 else rng.choice(_TOPICS)
                elif piece == "{P}":
                    out += event.place if event else rng.choice(_PLACES)
                elif piece == "{N}":
                    name = full(a)
                    out += name
                    record(a, name, si, len(out) - len(name), None)
                elif piece == "{R}":
                    out += a.role[:1].lower() + a.role[1:]
                else:
                    out += piece
            return out[:1].upper() + out[1:]

        lead, other = cast[0], cast[1]
        lead_name, other_name = full(lead), full(other)
        topic = event.topic if event else rng.choice(_TOPICS)
        title = f"{lead.role[:1].upper() + lead.role[1:]} {lead_name} bàn về {topic} với {other.role} {other_name}"
        sentences.append(title)
        record(lead, lead_name, 0, len(lead.role) + 1, lead.role)
        record(other, other_name, 0, title.rindex(other_name), other.role)
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
            elif rng.random() < shape.composed_rate:
                s = self._composed(rng)
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
        return GeneratedArticle(f"a{i:06d}.txt", text, published, title, sentences, mentions, dates, mention_people)


def _cumulative(values) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def generate(n: int, seed: int = 7, out: Path | None = None, start: int = 0, people: int | None = None,
             shape: NewsShape = NewsShape()):
    """Yield n articles (numbered from `start`); write each to `out` when given.

    `people` fixes the pool at that many people, all known from the first day (unless
    `shape.growing_people` says otherwise); by default it grows with the corpus.
    """
    gen = Generator(seed, people, n=max(n, start + n), shape=shape)
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

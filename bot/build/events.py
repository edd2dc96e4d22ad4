"""Events in one sentence: who did what with whom, when, where, and who reported it.

Build time only (standard library and the curated gazetteer). Runs when the index is written, after people are merged
across the corpus, so every person in an event is the corpus person, not the article's spelling.

Precision over recall: a wrong "X met Y" misleads an analyst more than a missing one does. So
- a verb takes as its subject only the people right before it (joined by "và", "cùng", ",")
  with no more than a few function words in between ("đã có cuộc", "cũng"), and as its
  objects only the people right after it ("gặp", "với") before the clause turns to a topic
  ("về", "để", "nhằm");
- a meeting or a phone call needs two different people in that one clause;
- a visit needs a known place right after the verb ("thăm Kiev", "tới thủ đô Praha");
- a verb that is negated ("không gặp"), asked about ("?"), conditional ("nếu") or inside a
  quotation gives nothing;
- the date is the sentence's own dated mention (the one in the verb's clause first); with none,
  the publication date when the sentence reports the news of the day, never when it points back
  in time ("từng", "hồi", "trước đó", "gần đây", "năm ngoái").

A meeting, call or visit reported as future ("sẽ gặp", "dự kiến hội đàm", "lên kế hoạch thăm")
is `scheduled`; any event reported as future is marked `future`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Literal, Sequence

import yaml

from bot.build.actors import DATA_DIR

Action = Literal[
    "met",  # "gặp", "hội đàm", "đàm phán", "tiếp"
    "call",  # "điện đàm", "nói chuyện qua điện thoại"
    "visit",  # "thăm", "công du", "tới" + a place
    "statement",  # "nói", "tuyên bố", "cho biết", "khẳng định", "nhấn mạnh", "phát biểu"
    "proposal",  # "đề xuất", "đề nghị"
    "agreement",  # "nhất trí", "ký", "đạt được thỏa thuận"
    "sanction",  # "trừng phạt", "cấm vận"
    "prisoner_exchange",  # "trao đổi tù nhân"
    "appointed",  # "bổ nhiệm", "được đề cử"
    "resigned",  # "từ chức"
    "dismissed",  # "bị sa thải", "cách chức"
    "scheduled",  # a meeting, call or visit reported as future
]
ACTIONS: tuple[Action, ...] = (
    "met", "call", "visit", "statement", "proposal", "agreement", "sanction", "prisoner_exchange",
    "appointed", "resigned", "dismissed", "scheduled",
)
DateSource = Literal["mention", "published"]
# Actions that need two people in the clause: one cannot meet or phone nobody.
PAIRED: frozenset[str] = frozenset({"met", "call"})
# Actions that become `scheduled` when reported as future.
SCHEDULABLE: frozenset[str] = frozenset({"met", "call", "visit"})


@dataclass(frozen=True)
class Event:
    """One event one sentence reports. `people` are corpus names, sorted; `start` is None only
    for a future event whose date the sentence does not give."""

    sentence: int
    action: Action
    people: tuple[str, ...]
    start: str | None
    end: str | None
    precision: str | None
    date_source: DateSource | None
    future: bool
    place: str | None
    source: str | None


@dataclass(frozen=True)
class _Verb:
    action: Action
    start: int
    end: int


# The verbs, longest first inside each pattern. "nói chuyện qua điện thoại" is a call, plain
# "nói chuyện" (a talk) and "nói chung/riêng" (in general) are not statements.
_VERB_PATTERNS: tuple[tuple[Action, str], ...] = (
    ("call", r"điện đàm|nói chuyện (?:qua|bằng) điện thoại|trao đổi (?:qua|bằng) điện thoại"),
    ("prisoner_exchange", r"trao đổi tù nhân|trao đổi tù binh"),
    ("met", r"hội đàm|gặp gỡ|gặp mặt|gặp|hội kiến|đàm phán|tiếp đón|tiếp"),
    ("visit", r"công du|chuyến thăm|thăm|tới|đến"),
    ("statement", r"tuyên bố|cho biết|khẳng định|nhấn mạnh|phát biểu|nói(?! chuyện| chung| riêng| dối)"),
    ("proposal", r"đề xuất|đề nghị"),
    ("agreement", r"nhất trí|ký kết|đạt được thỏa thuận|đạt thỏa thuận|ký(?! ức| giả| hiệu| tự| sự| túc| tên)"),
    ("sanction", r"trừng phạt|cấm vận"),
    ("appointed", r"bổ nhiệm|đề cử"),
    ("resigned", r"từ chức"),
    ("dismissed", r"sa thải|cách chức|bãi nhiệm"),
)
_VERBS = tuple(
    (action, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")) for action, alt in _VERB_PATTERNS
)
# Words before a verb that make it something else: "thư ký", "đăng ký", "trực tiếp", "liên tiếp",
# "kế tiếp", "tìm đến", "lời đề nghị" (a noun), "các lệnh trừng phạt" (a noun).
_NOT_VERB_BEFORE = re.compile(r"(?<!\w)(?:thư|đăng|trực|liên|kế|lời|các|những|lệnh|đòn|gói|biện pháp)\s$")
# Before "tới"/"đến" these make it a preposition or a time word: "sắp tới", "hướng tới", "cho đến".
_NOT_MOTION_BEFORE = re.compile(r"(?<!\w)(?:sắp|gần|hướng|tính|cho|đi|tìm|nhắc|nói|đề cập|liên quan|dẫn|lên|xuống)\s$")
# Words right after "tiếp" or "đến"/"tới" that make it another word ("tiếp tục", "đến nay").
_NOT_VERB_AFTER = re.compile(
    r"^\s(?:tục|theo|cận|nhận|xúc|tế|diễn|đó|sau|viện|tay|quản|thu|nay|khi|lúc|cùng|đây|mức|hết|với|"
    r"từ|gần|năm|ngày|tháng|tuần|giờ|hôm)(?!\w)"
)
_ONLY_WHEN_FOLLOWED = {"tiếp", "tới", "đến"}
# What may stand between a subject and its verb: a few function words, no clause of its own.
_GAP_WORDS = {
    "cũng", "đã", "vừa", "mới", "sẽ", "đang", "từng", "còn", "có", "một", "cuộc", "buổi", "hai", "các",
    "tổ", "chức", "tiến", "hành", "dự", "kiến", "lên", "kế", "hoạch", "sắp", "đều", "trực", "tiếp",
    "lần", "đầu", "tiên", "nhau", "hôm", "nay", "ngày", "thì", "lại", "được", "bị", "chính", "thức",
    "thông", "qua", "đây", "sau", "đó", "khi", "vào", "sáng", "chiều", "tối", "trưa", "ra",
}
_GAP_TOKEN = re.compile(r"[\w./-]+")
# Joiners between people of one group: "Biden và người đồng cấp Nga Putin", "X cùng Y".
_JOINER = re.compile(r"(?<!\w)(?:và|cùng|với|cùng với)(?!\w)|^\s*,\s*$")
# Text between a verb and its object: roles and joiners, nothing that starts a topic.
_TOPIC = re.compile(
    r"(?<!\w)(?:về|để|nhằm|liên quan|rằng|nhưng|khi|sau khi|trước khi|vì|do|mà|nếu|của|cho|bàn|thảo luận)(?!\w)"
)
_NEGATION = re.compile(r"(?<!\w)(?:không|chưa|chẳng|chả|từ chối|bác bỏ|phủ nhận|không hề|chưa từng)(?:\s+\w+){0,2}\s*$")
_CONDITIONAL = re.compile(r"(?<!\w)(?:nếu|giả sử|liệu|có thể sẽ)(?!\w)")
_FUTURE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|sắp|lên kế hoạch|dự định|kế hoạch)(?!\w)")
_FUTURE_DATE = re.compile(r"(?:tuần|tháng|năm|ngày|thứ\s+\w+|\d)\s+tới(?!\w)")
# Words that put an undated sentence in the past, so the publication date is not its date.
_PAST = re.compile(
    r"(?<!\w)(?:từng|hồi|trước đó|trước đây|gần đây|năm ngoái|năm trước|tháng trước|tuần trước|"
    r"hôm qua|cách đây|hồi đầu|đầu năm|cuối năm|khi đó|lúc đó|thời điểm đó)(?!\w)"
)
# Clause boundaries: punctuation that ends one and the words that open a reported clause.
_CLAUSE_END = re.compile(r"[;:!?\"“”()\[\]]|(?<!\w)(?:rằng|nhưng|trong khi|song)(?!\w)|,\s+(?=(?:và|nhưng|sau khi|trước khi|khi)\s)")
# Titles of places between the preposition and the place ("tại thủ đô Praha").
_PLACE_TITLES = r"(?:(?:thủ đô|thành phố|tp\.?|thị trấn|khu nghỉ dưỡng|cảng|bang|tỉnh|vùng|nước|chính thức|cấp nhà nước|làm việc|tới|đến)\s+)*"


@dataclass(frozen=True)
class Lexicon:
    """Places and outlets from data/gazetteer.yml, as patterns."""

    places: re.Pattern[str]
    outlets: re.Pattern[str]

    @classmethod
    def build(cls, places: Iterable[str], outlets: Iterable[str]) -> "Lexicon":
        def alt(names: Iterable[str]) -> str:
            # Capitalised names only: "phương Tây" and "châu Âu" are regions, not venues.
            kept = sorted({n for n in names if n and n[0].isupper()}, key=len, reverse=True)
            return "|".join(re.escape(n) for n in kept) or r"(?!x)x"

        return cls(
            places=re.compile(rf"(?<!\w)(?P<place>{alt(places)})(?![\w-])"),
            outlets=re.compile(rf"(?<![\w-])(?P<outlet>{alt(outlets)})(?![\w-])"),
        )


# "theo Reuters", "theo hãng tin AP", "WSJ dẫn nguồn tin", "TASS cho biết", "Axios đưa tin".
_SOURCE_BEFORE = re.compile(r"(?:theo|dẫn|trích dẫn|nguồn)\s+(?:(?:hãng tin|hãng thông tấn|báo|tờ|trang|kênh|đài|tạp chí|thông tấn xã)\s+)?$")
_SOURCE_AFTER = re.compile(r"^\s*(?:,\s*)?(?:dẫn|trích dẫn|cho biết|đưa tin|đăng tải|tiết lộ|loan tin|thông báo|hôm|ngày)(?!\w)")


# A short aside in brackets ("Blinken (trái) và Lavrov (phải)") is read as blank space.
_ASIDE = re.compile(r"\([^()]{0,30}\)")


@dataclass(frozen=True)
class _Person:
    name: str
    start: int
    end: int


def _clauses(low: str) -> list[tuple[int, int]]:
    """[start, end) of each clause of a lower-cased sentence."""
    cuts = [0]
    for m in _CLAUSE_END.finditer(low):
        cuts.append(m.start())
        cuts.append(m.end())
    cuts.append(len(low))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i + 1] > cuts[i]]


def _in_quote(sentence: str, pos: int) -> bool:
    """Inside "..." or “...”: someone else's words, not what happened."""
    before = sentence[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _short_gap(text: str, limit: int = 6) -> bool:
    tokens = _GAP_TOKEN.findall(text)
    if re.search(r"[,;:]", text) or len(tokens) > limit:
        return False
    return all(t in _GAP_WORDS or t[0].isdigit() or re.fullmatch(r"\d+[./-]\d+(?:[./-]\d+)?", t) for t in tokens)


def _verbs(low: str) -> list[_Verb]:
    found: list[_Verb] = []
    for action, pattern in _VERBS:
        for m in pattern.finditer(low):
            word = m.group(0)
            before = low[max(0, m.start() - 14) : m.start()]
            if _NOT_VERB_BEFORE.search(before):
                continue
            if word in ("tới", "đến") and _NOT_MOTION_BEFORE.search(before):
                continue
            if word in _ONLY_WHEN_FOLLOWED and _NOT_VERB_AFTER.match(low[m.end() : m.end() + 12]):
                continue
            found.append(_Verb(action, m.start(), m.end()))
    found.sort(key=lambda v: (v.start, -(v.end - v.start)))
    kept: list[_Verb] = []
    for v in found:
        if kept and v.start < kept[-1].end:
            continue  # "nói chuyện qua điện thoại" is one call, not a statement inside it
        kept.append(v)
    return kept


def _subjects(people: list[_Person], low: str, clause_start: int, verb: _Verb) -> list[_Person]:
    """The people right before the verb: the nearest, then those joined to it by "và", "cùng", ","."""
    before = [p for p in people if clause_start <= p.start and p.end <= verb.start]
    if not before:
        return []
    last = before[-1]
    gap = low[last.end : verb.start]
    if not _short_gap(_strip_appositive(gap)):
        return []
    group = [last]
    for p in reversed(before[:-1]):
        between = low[p.end : group[-1].start]
        if len(between) > 60 or not _JOINER.search(between) or _TOPIC.search(between):
            break
        group.append(p)
    return list(reversed(group))


def _strip_appositive(gap: str) -> str:
    """", người phát ngôn Điện Kremlin, cho biết": the role between commas belongs to the name."""
    m = re.match(r"^\s*,[^,;:]{1,90},", gap)
    return gap[m.end() :] if m else gap


def _objects(people: list[_Person], low: str, clause_end: int, verb: _Verb) -> list[_Person]:
    """The people right after the verb ("gặp X", "điện đàm với X và Y") before a topic starts."""
    after = [p for p in people if p.start >= verb.end and p.end <= clause_end]
    group: list[_Person] = []
    cursor = verb.end
    for p in after:
        between = low[cursor : p.start]
        if _TOPIC.search(between) or len(between) > 70:
            break
        if not group and "," in between:
            break
        if group and not _JOINER.search(between):
            break
        group.append(p)
        cursor = p.end
    return group


def _place(sentence: str, low: str, start: int, end: int, lex: Lexicon) -> str | None:
    """A known place after "tại"/"ở" in the clause."""
    for m in re.finditer(rf"(?<!\w)(?:tại|ở)\s+{_PLACE_TITLES}", low[start:end]):
        hit = lex.places.match(sentence, start + m.end())
        if hit:
            return hit.group("place")
    return None


def _visit_place(sentence: str, low: str, verb: _Verb, clause_end: int, lex: Lexicon) -> str | None:
    """The place a visit goes to: right after the verb, past a title ("thăm chính thức Ba Lan")."""
    m = re.compile(_PLACE_TITLES).match(low, verb.end + 1) if verb.end < len(low) and low[verb.end] == " " else None
    if m is None:
        return None
    hit = lex.places.match(sentence, m.end())
    return hit.group("place") if hit and hit.end() <= clause_end else None


def _source(sentence: str, lex: Lexicon) -> str | None:
    """The outlet the sentence cites: "theo Reuters", "WSJ dẫn nguồn tin", "TASS cho biết"."""
    for m in lex.outlets.finditer(sentence):
        before = sentence[max(0, m.start() - 40) : m.start()].lower()
        if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(sentence[m.end() : m.end() + 20].lower()):
            return m.group("outlet")
    return None


def _date_for(
    sentence: str, dates: Sequence[dict], clause: tuple[int, int], published: date | None, future: bool, past: bool
) -> tuple[str | None, str | None, str | None, DateSource | None]:
    """(start, end, precision, source) of the event's date, or Nones when it has none."""
    located = []
    for d in dates:
        pos = sentence.find(d["text"])
        located.append((pos, d))
    in_clause = [d for pos, d in located if clause[0] <= pos < clause[1]]
    pool = in_clause or [d for _, d in located]
    if pool:
        days = {(d["start"], d["end"], d["precision"]) for d in pool}
        if len(days) == 1 or in_clause:
            d = min(pool, key=lambda d: ({"day": 0, "month": 1, "year": 2}.get(d["precision"], 3), d["start"]))
            if len({x["start"] for x in pool if x["precision"] == "day"}) > 1:
                return None, None, None, None  # a range or a list of days: no single day to put it on
            return d["start"], d["end"], d["precision"], "mention"
        return None, None, None, None
    if published is None or past or future:
        return None, None, None, None
    return published.isoformat(), published.isoformat(), "day", "published"


def sentence_events(
    si: int,
    sentence: str,
    people: Sequence[tuple[str, int, int]],
    dates: Sequence[dict],
    published: date | None,
    lex: Lexicon,
) -> list[Event]:
    """The events of one sentence. `people`: (corpus name, start, end) of each person named in it;
    `dates`: its dated mentions as the build stores them ({"start", "end", "precision", "text"})."""
    low = _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence.lower())
    if len(low) != len(sentence) or not people:
        return []
    if sentence.rstrip().endswith("?"):
        return []  # a question reports nothing
    persons = sorted({_Person(n, s, e) for n, s, e in people}, key=lambda p: (p.start, -p.end))
    persons = [p for i, p in enumerate(persons) if i == 0 or p.start >= persons[i - 1].end]
    source = _source(sentence, lex)
    verbs = _verbs(low)
    events: list[Event] = []
    for cstart, cend in _clauses(low):
        for verb in verbs:
            if not cstart <= verb.start < cend:
                continue
            event = _event(si, sentence, low, persons, dates, published, lex, source, (cstart, cend), verb)
            if event is not None:
                events.append(event)
    return events


def _event(
    si: int, sentence: str, low: str, persons: list[_Person], dates: Sequence[dict], published: date | None,
    lex: Lexicon, source: str | None, clause: tuple[int, int], verb: _Verb,
) -> Event | None:
    cstart, cend = clause
    prefix = low[cstart : verb.start]
    if _NEGATION.search(prefix[-30:]) or _CONDITIONAL.search(prefix) or _in_quote(sentence, verb.start):
        return None
    subjects = _subjects(persons, low, cstart, verb)
    passive = low[max(cstart, verb.start - 6) : verb.start].strip().endswith(("được", "bị"))
    objects = _objects(persons, low, cend, verb) if verb.action not in ("statement",) else []
    action: Action = verb.action
    place: str | None
    if action == "visit":
        place = _visit_place(sentence, low, verb, cend, lex)
        if place is None or not subjects:
            return None
        involved = subjects
    else:
        place = _place(sentence, low, cstart, cend, lex)
        if action in ("statement", "proposal", "resigned"):
            involved = subjects
        elif action in ("appointed", "dismissed"):
            involved = subjects if passive else objects
        else:
            involved = subjects + objects if subjects else []
    names = tuple(sorted({p.name for p in involved}))
    if not names or (action in PAIRED and len(names) < 2):
        return None
    clause_text = low[cstart:cend]
    future = bool(_FUTURE.search(prefix) or _FUTURE_DATE.search(clause_text))
    past = bool(_PAST.search(clause_text))
    start, end, precision, date_source = _date_for(sentence, dates, clause, published, future, past)
    if start is None and not future:
        return None
    if start is not None and published is not None and date_source == "mention" and start > published.isoformat():
        future = True
    if future and action in SCHEDULABLE:
        action = "scheduled"
    return Event(si, action, names, start, end, precision, date_source, future, place, source)


def article_events(
    sentences: Sequence[str],
    mentions: Iterable[dict],
    dates: Iterable[dict],
    published: date | None,
    resolve: Callable[[str, int], str | None],
    lex: Lexicon,
) -> list[Event]:
    """Every event of an article, from what `analyse` stored: `mentions` ({"name", "s", "start", "end"}),
    `dates` ({"s", "start", "end", "precision", "text"}); `resolve(name, sentence)` gives the corpus
    person a mention names, or None when it names no one."""
    people: dict[int, list[tuple[str, int, int]]] = {}
    for m in mentions:
        name = resolve(m["name"], m["s"])
        if name is not None:
            people.setdefault(m["s"], []).append((name, m["start"], m["end"]))
    by_sentence: dict[int, list[dict]] = {}
    for d in dates:
        by_sentence.setdefault(d["s"], []).append(d)
    events: list[Event] = []
    for si, found in sorted(people.items()):
        if 0 <= si < len(sentences):
            events.extend(sentence_events(si, sentences[si], found, by_sentence.get(si, []), published, lex))
    return events


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Places and outlets of data/gazetteer.yml."""
    data = yaml.safe_load((path or DATA_DIR / "gazetteer.yml").read_text(encoding="utf-8")) or {}
    return Lexicon.build(data.get("places") or [], data.get("outlets") or [])

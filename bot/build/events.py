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
- the date (see event_dates) is the sentence's own dated mention (the one in the verb's clause first; not one
  inside a quotation or introduced as another moment, "kể từ tháng 2/2022"); with none, the
  day of the article's news when its lead names one at most a day before publication (Vietnamese
  pages often appear the morning after), "cùng ngày" the day last named, "khi đó" the time the
  sentence before gave; else the publication date, but never for a sentence that points back in
  time ("từng", "hồi", "trước đó", "gần đây", "năm ngoái") or gives a date the reader missed;
- a subject may carry over: to a second verb of its clause ("đã tới Washington và gặp ông Biden",
  "thông báo đã đến Washington"), to the verb its trip is for ("quay lại Nhà Trắng để hội đàm"),
  and to the next sentence when it opens with "Ông"/"Bà" and a verb.

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

from bot.build.actors import ROLE_HEADS
from bot.build.curated import DATA_DIR
from bot.build.event_dates import (
    FUTURE_DATE,
    PAST,
    SAME_DAY,
    THEN,
    UNREAD_DATE,
    DateSource,
    choose_date,
    in_quote,
    story_day,
    usable_dates,
)

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
    noun: bool = False  # "những phát biểu của X": said by whoever follows "của", never by who stands before


# The verbs, longest first inside each pattern. "nói chuyện qua điện thoại" is a call, plain
# "nói chuyện" (a talk) and "nói chung/riêng" (in general) are not statements.
_VERB_PATTERNS: tuple[tuple[Action, str], ...] = (
    ("call", r"điện đàm|(?:nói|trò) chuyện (?:qua |bằng )?điện thoại|trao đổi (?:qua|bằng) điện thoại"),
    ("prisoner_exchange", r"trao đổi tù nhân|trao đổi tù binh"),
    # "nói chuyện với X" is a talk: a call when the clause says "điện thoại" (see _event).
    ("met", r"hội đàm|gặp gỡ|gặp mặt|gặp|hội kiến|đàm phán|tiếp đón|tiếp|họp(?! báo)|nói chuyện|trò chuyện"),
    ("visit", r"công du|chuyến thăm|thăm|đặt chân (?:tới|đến)|tới|đến"),
    ("statement", r"tuyên bố|cho biết|cho hay|cho rằng|khẳng định|nhấn mạnh|phát biểu|nhận xét|nhận định|nêu rõ"
                  r"|nêu(?=\s*:)|thông báo|công bố|cảnh báo|bày tỏ|xác nhận|nói(?! chuyện| chung| riêng| dối)"),
    ("proposal", r"đề xuất|đề nghị"),
    # "ký" is an agreement only with what is signed: "ký sắc lệnh" (a decree) is not one.
    ("agreement", r"nhất trí|đạt được thỏa thuận|đạt thỏa thuận|ký(?: kết)?(?= (?:một |các )?(?:thỏa thuận|hiệp ước|"
                  r"hiệp định|tuyên bố chung|văn kiện|bản ghi nhớ|với))"),
    ("sanction", r"trừng phạt|cấm vận"),
    ("appointed", r"bổ nhiệm|đề cử"),
    ("resigned", r"từ chức"),
    ("dismissed", r"sa thải|cách chức|bãi nhiệm"),
)
# One pass over a sentence: the actions in the order above, so at one place "nói chuyện qua điện
# thoại" is a call before "nói chuyện" is a talk and "nói" a statement.
_VERBS = re.compile(
    r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(f"(?P<{action}>{alt})" for action, alt in _VERB_PATTERNS)
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
    "thông", "qua", "đây", "sau", "đó", "khi", "vào", "sáng", "chiều", "tối", "trưa", "ra", "tham", "gia",
    "trong", "bài", "bay", "thứ", "ba", "tư", "năm", "sáu", "bảy", "chủ", "nhật", "hồi", "tháng", "tuần", "thể",
}
# Between two verbs of one subject ("đã tới Washington và gặp", "quay lại Nhà Trắng để hội đàm").
_CHAIN = re.compile(r"(?<!\w)(?:và|để|rồi|sau đó|đồng thời)\s*$")
# An open appositive: ", người phát ngôn của Hội đồng An ninh Quốc gia cho biết" (no closing comma).
_OPEN_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:(?:cựu|nguyên|tân|phó|quyền)\s+)?(?:%s)(?!\w)[^,;:]{0,90}$" % "|".join(re.escape(h) for h in ROLE_HEADS)
)
_GAP_TOKEN = re.compile(r"[\w./-]+")
_PUNCT = re.compile(r"[,;:]")
# Joiners between people of one group: "Biden và người đồng cấp Nga Putin", "X cùng Y".
_JOINER = re.compile(r"(?<!\w)(?:và|cùng|với|cùng với)(?!\w)|^\s*,\s*$")
# Text between a verb and its object: roles and joiners, nothing that starts a topic.
_TOPIC = re.compile(
    r"(?<!\w)(?:về|để|nhằm|liên quan|rằng|nhưng|khi|sau khi|trước khi|vì|do|mà|nếu|của|cho|bàn|thảo luận)(?!\w)"
)
_NEGATION = re.compile(r"(?<!\w)(?:không|chưa|chẳng|chả|từ chối|bác bỏ|phủ nhận|không hề|chưa từng)(?:\s+\w+){0,2}\s*$")
_CONDITIONAL = re.compile(r"(?<!\w)(?:nếu|giả sử|liệu|có thể sẽ)(?!\w)")
_FUTURE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|sắp|lên kế hoạch|dự định|kế hoạch|có thể)(?!\w)")
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


# "Ông cũng ...", "Bà nói ...": a sentence that opens with a pronoun, not with "Ông Biden".
_PRONOUN_START = re.compile(r"^\s*(Ông|Bà)(?=\s+(?:cũng\s+|còn\s+|đã\s+|vừa\s+|sau đó\s+)*[a-zà-ỹđ])")

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


def _short_gap(text: str, limit: int = 6) -> bool:
    tokens = _GAP_TOKEN.findall(text)
    if _PUNCT.search(text) or len(tokens) > limit:
        return False
    return all(t in _GAP_WORDS or t[0].isdigit() for t in tokens)


def _verbs(low: str) -> list[_Verb]:
    """The action verbs of a lower-cased sentence, left to right, none inside another."""
    found: list[_Verb] = []
    for m in _VERBS.finditer(low):
        word = m.group(0)
        before = low[max(0, m.start() - 14) : m.start()]
        if _NOT_VERB_BEFORE.search(before):
            if m.lastgroup == "statement" and _SPEECH_NOUN.search(before):
                found.append(_Verb("statement", m.start(), m.end(), noun=True))
            continue
        if word in ("tới", "đến") and _NOT_MOTION_BEFORE.search(before):
            continue
        if word in _ONLY_WHEN_FOLLOWED and _NOT_VERB_AFTER.match(low[m.end() : m.end() + 12]):
            continue
        found.append(_Verb(m.lastgroup, m.start(), m.end()))  # type: ignore[arg-type]
    return found


def _subjects(people: list[_Person], low: str, clause_start: int, verb: _Verb) -> list[_Person]:
    """The people right before the verb: the nearest, then those joined to it by "và", "cùng", ","."""
    before = [p for p in people if clause_start <= p.start and p.end <= verb.start]
    if not before:
        return []
    last = before[-1]
    if len(before) > 1 and re.search(r"(?<!\w)của(?!\w)", low[before[-2].end : last.start]) and not _JOINER.search(
        low[before[-2].end : last.start]
    ):
        # "Cố vấn Yuri Ushakov của Tổng thống Putin cho biết": Putin is whose adviser, Ushakov speaks.
        before = before[:-1]
        gap = low[last.end : verb.start]
        last = before[-1]
    else:
        gap = low[last.end : verb.start]
    gap = _strip_appositive(gap)
    if gap.strip() == "," and "," in low[max(0, last.start - 8) : last.start]:
        gap = ""  # "Trợ lý của Tổng thống Putin, ông Yury Ushakov, cho biết": the name is the appositive
    if not _short_gap(gap):
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
    if m:
        return gap[m.end() :]
    if _OPEN_APPOSITIVE.match(gap):
        # ", người phát ngôn ... cho biết": the verb comes right after the role, keep only what follows it.
        return ""
    return gap


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


def sentence_events(
    si: int,
    sentence: str,
    people: Sequence[tuple[str, int, int]],
    dates: Sequence[dict],
    published: date | None,
    lex: Lexicon,
    story_day: str | None = None,
    last_day: str | None = None,
    last_date: dict | None = None,
    speaker: str | None = None,
    subjects_out: list[str] | None = None,
) -> list[Event]:
    """The events of one sentence. `people`: (corpus name, start, end) of each person named in it;
    `dates`: its dated mentions as the build stores them ({"start", "end", "precision", "text"});
    `story_day`: the day of the article's news, if its lead names one; `last_day`: the last day the
    article named before this sentence (for "cùng ngày"); `last_date`: the last dated mention
    before it, of any precision (for "khi đó"); `speaker`: the one person the events of the sentence
    before were about, whom a sentence opening with "Ông"/"Bà" and a verb goes on about;
    `subjects_out`, when given, receives the subject of each event found (for the next sentence)."""
    low = _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence.lower())
    if len(low) != len(sentence) or not (people or speaker):
        return []
    if sentence.rstrip().endswith("?"):
        return []  # a question reports nothing
    verbs = _verbs(low)
    if not verbs:
        return []
    persons = sorted({_Person(n, s, e) for n, s, e in people}, key=lambda p: (p.start, -p.end))
    persons = [p for i, p in enumerate(persons) if i == 0 or p.start >= persons[i - 1].end]
    source = _source(sentence, lex)
    pronoun = _PRONOUN_START.match(sentence)
    if pronoun is not None and speaker is not None and (not persons or persons[0].start > pronoun.end()):
        # "Bà cũng gặp Cố vấn Yuri Ushakov": the person the sentence before was about.
        persons.insert(0, _Person(speaker, pronoun.start(1), pronoun.end(1)))
    context = last_day if SAME_DAY.search(low) and last_day else story_day
    then = THEN.search(low)
    if last_date is not None and not dates and then is not None:
        # "Khi đó, Tổng thống Trump nói rằng ...": the time the sentence before gave.
        dates = [{**last_date, "text": sentence[then.start() : then.end()]}]
    events: list[Event] = []
    for cstart, cend in _clauses(low):
        previous: tuple[_Verb, list[_Person]] | None = None
        for verb in verbs:
            if not cstart <= verb.start < cend:
                continue
            found = _event(si, sentence, low, persons, dates, published, lex, source, (cstart, cend), verb, previous,
                           context)
            if found is not None:
                event, subjects = found
                previous = (verb, subjects)
                if event is not None:
                    events.append(event)
                    if subjects_out is not None and subjects:
                        subjects_out.append(subjects[0].name)
    return events


def _inherited(low: str, verb: _Verb, previous: tuple[_Verb, list[_Person]] | None, lex_places: re.Pattern[str],
               sentence: str) -> list[_Person]:
    """The subject of the verb before, when this verb continues its clause: "thông báo đã đến
    Washington", "đã tới Washington và gặp ông Biden", "quay lại Nhà Trắng để hội đàm"."""
    if previous is None or not previous[1]:
        return []
    between = low[previous[0].end : verb.start]
    if "," in between or len(between) > 60:
        return []
    # Places and function words only; a chain word ("và", "để") or none at all.
    rest = lex_places.sub(" ", sentence[previous[0].end : verb.start]).lower()
    rest = _CHAIN.sub(" ", rest)
    rest = re.sub(r"(?<!\w)(?:nhà trắng|điện kremlin|thủ đô|quay|trở|lại|trở lại|ông|bà)(?!\w)", " ", rest)
    return previous[1] if _short_gap(rest) else []


def _event(
    si: int, sentence: str, low: str, persons: list[_Person], dates: Sequence[dict], published: date | None,
    lex: Lexicon, source: str | None, clause: tuple[int, int], verb: _Verb,
    previous: tuple[_Verb, list[_Person]] | None, context: str | None,
) -> tuple[Event | None, list[_Person]] | None:
    """The event of one verb, with the subjects it found (for the next verb of the clause); None
    when the verb is negated, conditional or quoted."""
    cstart, cend = clause
    prefix = low[cstart : verb.start]
    if _NEGATION.search(prefix[-30:]) or _CONDITIONAL.search(prefix) or in_quote(sentence, verb.start):
        return None
    subjects = [] if verb.noun else _subjects(persons, low, cstart, verb)
    purpose = False
    if not subjects and not verb.noun:
        subjects = _inherited(low, verb, previous, lex.places, sentence)
        purpose = bool(subjects) and low[: verb.start].rstrip().endswith("để")
    if not subjects and not verb.noun:
        subjects = _purpose_subjects(persons, low, sentence, cstart, verb, lex)
        purpose = bool(subjects)
    if not subjects and verb.action == "statement":
        subjects = _speech_owner(persons, low, cend, verb)
    passive = low[max(cstart, verb.start - 6) : verb.start].strip().endswith(("được", "bị"))
    objects = _objects(persons, low, cend, verb) if verb.action != "statement" else []
    action: Action = verb.action
    word = low[verb.start : verb.end]
    if word in ("nói chuyện", "trò chuyện") and "điện thoại" in low[cstart:cend]:
        action = "call"
    place: str | None
    if action == "visit":
        place = _visit_place(sentence, low, verb, cend, lex)
        if place is not None and not subjects:
            subjects = _subject_after_place(persons, low, sentence, place, verb, cend)
        if place is None or not subjects:
            return None, subjects
        involved = subjects
    else:
        place = _place(sentence, low, cstart, cend, lex)
        if action in ("statement", "proposal", "resigned"):
            involved = subjects
        elif action in ("appointed", "dismissed"):
            involved = subjects if passive else objects
        elif action in PAIRED and not subjects and not _TALKED_OF.search(low[max(cstart, verb.start - 30) : verb.start]) \
                and re.match(r"\s+(?:\w+\s+){0,6}giữa(?!\w)", low[verb.end : verb.end + 60]):
            # "cuộc gặp gỡ giữa các Bộ trưởng Ngoại giao Nga và Ukraina Sergei Lavrov và Dmitry Kuleba".
            involved = objects
        else:
            involved = subjects + objects if subjects else []
    names = tuple(sorted({p.name for p in involved}))
    if not names or (action in PAIRED and len(names) < 2):
        return None, subjects
    if action in PAIRED and _PREPARED.search(low[max(cstart, verb.start - 40) : verb.start]):
        return None, subjects  # "chuẩn bị cho ông Zelensky một cuộc họp với ông Trump": not a meeting yet
    clause_text = low[cstart:cend]
    if action == "statement":
        # What is said may be about the future ("hội nghị ... vào tháng 6 tới"); the saying is not.
        future = bool(re.search(r"(?<!\w)sẽ\s+$", prefix))
        said = [d for d in dates if not FUTURE_DATE.search(d["text"].lower())
                and (published is None or d["start"] <= published.isoformat())]
        if len(said) < len(dates) and not said:
            return None, subjects  # the sentence's only dates are what is said: when it was said, it does not say
        dates = said
    else:
        future = bool(_FUTURE.search(prefix) or FUTURE_DATE.search(clause_text)) or purpose
    unread = clause_text
    for d in dates:
        unread = unread.replace(d["text"].lower(), " ")
    past = bool(PAST.search(clause_text) or UNREAD_DATE.search(unread)) and not SAME_DAY.search(low)
    pool = usable_dates(sentence, low, dates, verb.end, clause)
    start, end, precision, date_source = choose_date(pool, context, published, future, past)
    if start is None and not future:
        return None, subjects
    if start is not None and published is not None and date_source == "mention" and start > published.isoformat():
        future = True
    if future and action in SCHEDULABLE:
        action = "scheduled"
    return Event(si, action, names, start, end, precision, date_source, future, place, source), subjects


# Going somewhere in order to meet: "quay trở lại Nhà Trắng để hội đàm cùng Tổng thống Trump".
_MOTION_WORDS = {"quay", "trở", "lại", "đến", "tới", "sang", "bay", "về", "nhà", "trắng", "điện", "kremlin",
                 "thủ", "đô", "để", "nhằm"}


def _purpose_subjects(
    persons: list[_Person], low: str, sentence: str, cstart: int, verb: _Verb, lex: Lexicon
) -> list[_Person]:
    """The traveller of "X quay lại Nhà Trắng để hội đàm với Y": the verb is what X goes there for."""
    if not low[: verb.start].rstrip().endswith(("để", "nhằm")):
        return []
    before = [p for p in persons if cstart <= p.start and p.end <= verb.start]
    if not before:
        return []
    last = before[-1]
    rest = lex.places.sub(" ", sentence[last.end : verb.start]).lower()
    tokens = _GAP_TOKEN.findall(rest)
    if "," in rest or len(tokens) > 9 or not all(t in _GAP_WORDS or t in _MOTION_WORDS for t in tokens):
        return []
    return [last]


# A meeting being prepared, proposed or hoped for is not one that took place.
_PREPARED = re.compile(r"(?<!\w)(?:khả năng|ý tưởng|hy vọng|sắp xếp|chuẩn bị|mong muốn|đề xuất|đề nghị|kêu gọi|mời)(?!\w)")
# A meeting spoken of, not reported: "nói về một cuộc gặp giữa", "khả năng ... giữa", "sắp xếp một cuộc gặp".
_TALKED_OF = re.compile(r"(?<!\w)(?:về|khả năng|kế hoạch|đề xuất|ý tưởng|hy vọng|sắp xếp|chuẩn bị|mong muốn|sẽ|có thể)(?!\w)")


# "bài phát biểu của Tổng thống Putin hôm thứ Tư", "những phát biểu của TT Biden": the speaker after "của".
_SPEECH_NOUN = re.compile(r"(?<!\w)(?:bài|những|các|lời)\s+$")


def _speech_owner(persons: list[_Person], low: str, clause_end: int, verb: _Verb) -> list[_Person]:
    if not _SPEECH_NOUN.search(low[max(0, verb.start - 8) : verb.start]):
        return []
    after = [p for p in persons if p.start >= verb.end and p.end <= clause_end]
    if not after:
        return []
    between = low[verb.end : after[0].start]
    m = re.match(r"^\s+của\s+", between)
    if m is None or len(between) > 50 or re.search(r"[,;:]", between) or _verbs(between[m.end() :]):
        return []
    return [after[0]]


def _subject_after_place(
    persons: list[_Person], low: str, sentence: str, place: str, verb: _Verb, clause_end: int
) -> list[_Person]:
    """"trong chuyến thăm Kiev, Ngoại trưởng Mỹ Antony Blinken đã ...": the visitor named after the place."""
    at = sentence.find(place, verb.end)
    after = at + len(place)
    for p in persons:
        if p.start >= after and p.end <= clause_end:
            between = low[after : p.start]
            if between.lstrip().startswith(",") and len(between) <= 50 and "," not in between.strip()[1:]:
                return [p] if not _verbs(between) else []
            return []
    return []


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
    dates = list(dates)
    people: dict[int, list[tuple[str, int, int]]] = {}
    for m in mentions:
        name = resolve(m["name"], m["s"])
        if name is not None:
            people.setdefault(m["s"], []).append((name, m["start"], m["end"]))
    by_sentence: dict[int, list[dict]] = {}
    for d in dates:
        by_sentence.setdefault(d["s"], []).append(d)
    lead = story_day(dates, published)
    events: list[Event] = []
    last_day: str | None = None
    last_date: dict | None = None
    speaker: str | None = None
    for si in range(len(sentences)):
        heard: list[str] = []
        if si in people or speaker is not None:
            events.extend(sentence_events(si, sentences[si], people.get(si, []), by_sentence.get(si, []), published,
                                          lex, lead, last_day, last_date, speaker, heard))
        speaker = heard[0] if len(set(heard)) == 1 else None
        found = by_sentence.get(si, [])
        days = [d["start"] for d in found if d["precision"] == "day"]
        if days:
            last_day = days[0]  # "Tối 16/2, ... dự kiến diễn ra ngày 17-18/2": the sentence's own day comes first
        last_date = found[0] if found else None  # "khi đó" looks back one sentence only
    return events


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Places and outlets of data/gazetteer.yml."""
    data = yaml.safe_load((path or DATA_DIR / "gazetteer.yml").read_text(encoding="utf-8")) or {}
    return Lexicon.build(data.get("places") or [], data.get("outlets") or [])

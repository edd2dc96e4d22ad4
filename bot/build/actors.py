"""Find the people in an article's sentences, with every alias and the roles the text gives them.

Build time only. Names are found as runs of capitalised words, then split
on known places and institutions ("Nga Vladimir Putin" → "Nga" + "Vladimir
Putin"). A run counts as a person when the text says so: a title or role
just before it ("Ngoại trưởng Nga Sergei Lavrov", "ông Sullivan"), an
appositive just after it ("X, người phát ngôn của ..."), a speech verb, or
underthesea's NER, used only for runs the rules leave undecided. Surnames
and spelling variants are then merged into one person per article
(bot.build.grouping) and across articles (bot.build.merging).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from bot.build.curated import Gazetteer
from bot.shared.text import fold

# Heads of role phrases, longest first so "tổng thư ký" wins over "thư ký".
ROLE_HEADS = sorted(
    {
        "tổng thống", "phó tổng thống", "thủ tướng", "phó thủ tướng", "ngoại trưởng", "bộ trưởng",
        "thứ trưởng", "cố vấn", "thư ký", "tổng thư ký", "người phát ngôn", "phát ngôn viên",
        "chủ tịch", "phó chủ tịch", "giám đốc", "tổng giám đốc", "phó giám đốc", "đại sứ",
        "đặc phái viên", "đặc sứ", "tướng", "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng",
        "nguyên soái", "đô đốc", "tư lệnh", "tổng tư lệnh", "chỉ huy", "tham mưu trưởng",
        "tổng tham mưu trưởng", "nghị sĩ", "thượng nghị sĩ", "hạ nghị sĩ", "dân biểu",
        "chủ tịch hạ viện", "thống đốc", "thị trưởng", "lãnh đạo", "nhà lãnh đạo", "người đứng đầu",
        "quan chức", "chính trị gia", "nhà ngoại giao", "nhà phân tích", "chuyên gia", "nhà nghiên cứu",
        "người đồng cấp", "nhà báo", "phóng viên", "biên tập viên", "giáo sư", "tiến sĩ", "thẩm phán",
        "công tố viên", "quốc vương", "hoàng tử", "nữ hoàng", "vua", "giáo hoàng", "tổng bí thư",
        "bí thư", "chủ nhiệm", "trưởng phái đoàn", "trưởng đoàn", "nhà đàm phán", "trưởng ban",
        "người sáng lập", "ứng cử viên", "ứng viên", "tỷ phú", "doanh nhân", "nhà sáng lập",
        "trợ lý", "chánh văn phòng", "người mẫu", "ca sĩ", "diễn viên", "cầu thủ", "huấn luyện viên",
        "tổng chưởng lý", "bộ trưởng tư pháp", "nữ phát ngôn viên", "người dẫn chương trình",
        "đại diện", "thành viên", "cựu binh", "luật sư", "phát ngôn nhân", "tổng cục trưởng", "cục trưởng",
        "vụ trưởng", "viện trưởng", "chánh án", "trưởng nhóm", "phó tổng thư ký", "thủ lĩnh", "lãnh tụ",
        "nhà hoạt động", "nhà sử học", "nhà kinh tế", "nhà khoa học", "chủ tịch nước", "phó thủ tướng thứ nhất",
        "bộ trưởng ngoại giao", "đại sứ đặc mệnh toàn quyền", "tân tổng thống", "người kế nhiệm", "người tiền nhiệm",
        "phụ tá", "ủy viên", "uỷ viên", "cao ủy", "cao uỷ", "phu nhân", "đệ nhất phu nhân", "con rể", "con trai",
        "con gái", "nhà đầu tư", "lãnh sự", "tổng lãnh sự", "phái viên", "trưởng phái bộ", "phiên dịch viên",
        "trợ lý đặc biệt", "tổng thanh tra", "nghị viên", "thư ký báo chí", "tổng biên tập",
    },
    key=len,
    reverse=True,
)
# Words that may stand before a role head and belong to it ("cựu Tổng thống").
ROLE_PREFIXES = ("cựu", "nguyên", "tân", "quyền", "phó", "đương kim", "nữ")
# Honorifics mark a person but are not a role.
HONORIFICS = {"ông", "bà", "ngài", "tt", "tt.", "cô", "quý ông", "quý bà", "thủ lĩnh"}
SPEECH_VERBS = (
    "nói", "cho biết", "tuyên bố", "khẳng định", "nhấn mạnh", "phát biểu", "nhận xét", "cảnh báo",
    "tiết lộ", "thừa nhận", "bác bỏ", "kêu gọi", "trả lời", "giải thích", "nhận định", "đề xuất",
    "viết", "chia sẻ", "bày tỏ", "cáo buộc", "yêu cầu", "hứa", "cam kết", "ký", "gặp", "điện đàm",
    "lên tiếng", "phản bác", "đáp", "thông báo", "đảm bảo", "đã nói", "từng nói",
)
# Words that end a role phrase when walking back from a name: the role lies after them.
_ROLE_STOPS = re.compile(
    r"(?:^|(?<=\s))(?:và|là|với|cho|đã|sẽ|đang|khi|rằng|thì|nhưng|hay|hoặc|giữa|theo|từ|đến|"
    r"bởi|được|bị|gặp|nói|cùng|chính quyền|chính phủ)(?=\s)|[,;:!?\"“”()\[\]–—]|(?<!\w)\.|\.(?!\w)"
)
VIETNAMESE_SURNAMES = {
    fold(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tô Đinh Lương "
        "Trịnh Mai Đào Cao Lâm Hà Chu Tạ Vương Thái Quách Kiều Triệu Lưu Đoàn Tăng Văn Mạc Khổng "
        "Lục Thân Tôn Từ Nghiêm Phùng Hứa Châu Giang Lạc La Âu Diệp Đàm Quan Kim Tống Thạch"
    ).split()
}
# A word: letters, with inner dots, hyphens or apostrophes ("R.Politik", "Nga-Mỹ", "O'Brien").
_WORD = re.compile(r"[^\W\d_]+(?:['’.\-][^\W_]+)*")
# Vietnamese syllables: one vowel group, onsets from a closed set, finals c/ch/m/n/ng/nh/p/t.
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_VOWEL = re.compile(r"[aeiouy]")
_CONSONANT_PAIR = re.compile(r"[bcdfghjklmnpqrstvwxz]{2,}")
_VIETNAMESE_CLUSTERS = {"ch", "gh", "kh", "ng", "nh", "ph", "th", "tr", "ngh"}
_FOREIGN_FINAL = re.compile(r"[bdfgjklqrsvwxz]$")


@dataclass
class Mention:
    """One place a name stands in an article."""

    name: str
    sentence: int
    start: int
    end: int
    role: str | None = None
    evidence: bool = False  # the text itself marks this run as a person


def looks_foreign(word: str) -> bool:
    """Vietnamese writes one syllable per word; a word with two vowel groups or foreign letters is a loan."""
    core = fold(word.strip(".-'’"))
    if not core.isalpha():
        return any(looks_foreign(part) for part in re.split(r"[^a-z]+", core) if part)
    if len(_VOWEL_RUN.findall(core)) >= 2 or re.search(r"[fjwz]", core):
        return True
    if any(c not in _VIETNAMESE_CLUSTERS for c in _CONSONANT_PAIR.findall(core)):
        return True
    return bool(_FOREIGN_FINAL.search(core)) and not core.endswith("ng")


@dataclass(frozen=True)
class CapRun:
    """Consecutive capitalised words separated by single spaces."""

    words: tuple[str, ...]
    offsets: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + len(self.words[-1])


# Lower-case particles inside foreign names ("Ursula von der Leyen", "Ludwig van Beethoven"); none of
# them is a Vietnamese word, so they never join a run in Vietnamese prose.
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "du", "le", "la", "bin", "ibn",
                            "al", "el", "ten", "ter", "dos", "das", "zu"})
# An initial: one capital, or two written together ("JD Vance"), before the rest of a name.
_INITIAL = re.compile(r"^[^\W\d_]$|^[A-Z]{2}$")


def _joins(sentence: str, prev: re.Match[str], nxt: re.Match[str]) -> bool:
    """Whether two words stand in one run: one space between, or the dot of an initial ("V. Putin")."""
    gap = sentence[prev.end() : nxt.start()]
    if gap == " ":
        return True
    if gap != ". " or len(prev.group(0)) != 1 or not prev.group(0).isupper():
        return False
    # An initial stands before another initial or a foreign name ("J. D. Vance", "V. Putin"); a
    # lone capital ending a sentence ("phương án B. Ông Putin nói") does not join what follows.
    following = nxt.group(0)
    return (len(following) == 1 and following.isupper()) or looks_foreign(following)


def cap_runs(sentence: str) -> list[CapRun]:
    runs: list[CapRun] = []
    words: list[str] = []
    offsets: list[int] = []
    tokens = list(_WORD.finditer(sentence))
    prev: re.Match[str] | None = None
    for i, m in enumerate(tokens):
        w = m.group(0)
        particle = w in NAME_PARTICLES and bool(words) and prev is not None and _joins(sentence, prev, m)
        if particle:
            # Only inside a name: more particles, then a capitalised word ("von der Leyen").
            j = i + 1
            while j < len(tokens) and tokens[j].group(0) in NAME_PARTICLES and _joins(sentence, tokens[j - 1], tokens[j]):
                j += 1
            particle = j < len(tokens) and tokens[j].group(0)[0].isupper() and _joins(sentence, tokens[j - 1], tokens[j])
        if w[0].isupper() or particle:
            if words and prev is not None and _joins(sentence, prev, m):
                words.append(w)
                offsets.append(m.start())
            else:
                if words:
                    runs.append(CapRun(tuple(words), tuple(offsets)))
                words, offsets = [w], [m.start()]
        elif words:
            runs.append(CapRun(tuple(words), tuple(offsets)))
            words, offsets = [], []
        prev = m
    if words:
        runs.append(CapRun(tuple(words), tuple(offsets)))
    return runs


_fold_word = lru_cache(maxsize=1 << 16)(fold)


@lru_cache(maxsize=4)
def _first_words(gaz: Gazetteer) -> frozenset[str]:
    """First words of the multi-word known names: only a run word among them can open one."""
    return frozenset(n.split()[0] for n in gaz.non_people if " " in n)


def _split_places(words: list[str], gaz: Gazetteer) -> list[tuple[int, int, bool]]:
    """Cut a capitalised run into segments: (start word, end word, is_known_non_person)."""
    segments: list[tuple[int, int, bool]] = []
    folded = [_fold_word(w) for w in words]  # once per word, not once per candidate phrase
    starts = _first_words(gaz)
    i = 0
    run_start = 0
    while i < len(words):
        hit = 0
        longest = min(gaz.max_words, len(words) - i) if folded[i] in starts else 1
        for n in range(longest, 0, -1):
            if n == 1 and len(words[i]) == 1 and "A" <= words[i] <= "Z" and i + 1 < len(words):
                continue  # a plain letter inside a run is an initial ("A. Merkov"); "Á", "Ý" are places
            if " ".join(folded[i : i + n]) in gaz.non_people:
                hit = n
                break
        if hit:
            if run_start < i:
                segments.append((run_start, i, False))
            segments.append((i, i + hit, True))
            i += hit
            run_start = i
        else:
            i += 1
    if run_start < len(words):
        segments.append((run_start, len(words), False))
    return segments


def _names_in(text: str, gaz: Gazetteer) -> list[CapRun]:
    """Capitalised runs in `text` that look like someone's name (not a known place or institution)."""
    found = []
    for run in cap_runs(text):
        for seg_start, seg_end, known in _split_places(list(run.words), gaz):
            if not known and any(looks_foreign(w) for w in run.words[seg_start:seg_end]):
                found.append(run)
                break
    return found


# Roles run long in the Vietnamese press ("Đại diện cấp cao Mỹ về kiểm soát vũ khí", "trợ lý Tổng
# thống Ukraine phụ trách đối ngoại"); a role phrase starts at a head word, so the bound only keeps
# a stray head far back from being taken in.
_ROLE_WINDOW = 130
_ROLE_MAX_WORDS = 16
_ACRONYM_AFTER = re.compile(r"\s*\((?:[A-Z][A-Za-z]{1,9})\)\s*$")


def _role_before(sentence: str, start: int, gaz: Gazetteer) -> tuple[str | None, bool]:
    """The role phrase that ends right before a name, and whether an honorific stands there."""
    window = sentence[max(0, start - _ROLE_WINDOW) : start]
    # An institution's acronym in brackets belongs to the role before it: "Giám đốc Quỹ Đầu tư
    # trực tiếp Nga (RDIF) Kirill Dmitriev".
    window = _ACRONYM_AFTER.sub(" ", window)
    stop = None
    for m in _ROLE_STOPS.finditer(window):
        stop = m.end()
    # "Ông Tarkov, cố vấn của Tổng thống Merkov": after a name and a comma, what comes is that
    # person's appositive, so the heads in it are not one chained role for the name that follows.
    in_appositive = False
    if stop is not None:
        head = window[:stop].rstrip()
        in_appositive = head.endswith(",") and any(n.end >= len(head[:-1].rstrip()) for n in _names_in(head[:-1], gaz))
        window = window[stop:]
    # Another name inside the window ("Cố vấn Yuri Ushakov của Tổng thống Putin"): the role starts after it.
    names = _names_in(window, gaz)
    if names:
        window = window[names[-1].end :]
    low = window.lower()
    stripped = low.rstrip()
    last_word = stripped.split()[-1] if stripped.split() else ""
    if last_word in HONORIFICS:
        # "ông Sullivan", "TT Biden": a person, but the honorific is not a role.
        return None, True
    best = _last_head(low)
    if best is None:
        return None, False
    # Heads written back to back belong together ("trợ lý ngoại trưởng"), and a role "of" a role is
    # one role ("Cố vấn về chính sách đối ngoại của tổng thống Nga"); but a kinship word is the
    # person before's ("ông Kushner, con rể Tổng thống Mỹ Donald Trump": Trump is the president).
    while (earlier := _last_head(low[:best].rstrip())) is not None and not _is_kin(low, earlier) and (
        _head_ends_at(low, earlier, best) or (not in_appositive and _of_head(low, earlier, best))
    ):
        best = earlier
    if re.search(r"(?:^|\s)(?:các|những|nhiều|một số|mọi|hai|ba|\d+)\s*$", low[:best]):
        # "các quan chức chính quyền Biden": the officials are a group, not this person.
        return None, False
    # Keep prefixes such as "cựu" that belong to the role.
    before = low[:best].rstrip().split()
    prefix_len = 0
    for p in ROLE_PREFIXES:
        if before and before[-1] == p:
            prefix_len = len(window[:best].rstrip()) - len(p)
            best = prefix_len
            break
    role = window[best:].strip(" ,")
    role_words = role.split()
    if not role_words or len(role_words) > _ROLE_MAX_WORDS:
        return None, False
    return role, True


_HEAD_RE = re.compile(r"(?:^|(?<=\s))(?:%s)(?=\s|$)" % "|".join(re.escape(h) for h in ROLE_HEADS))


def _last_head(low: str) -> int | None:
    """Start of the last role head in lower-cased text."""
    starts = [m.start() for m in _HEAD_RE.finditer(low)]
    return starts[-1] if starts else None


def _head_ends_at(low: str, head_start: int, next_start: int) -> bool:
    m = _HEAD_RE.match(low, head_start)
    return m is not None and low[m.end() : next_start].strip() == ""


# Words between a head and a "của" that still describe the same post ("về chính sách đối ngoại").
_OF_HEAD_WORDS = 6


def _of_head(low: str, head_start: int, next_start: int) -> bool:
    """ "cố vấn [về chính sách đối ngoại] của tổng thống": the later head is whose post the earlier is."""
    m = _HEAD_RE.match(low, head_start)
    if m is None:
        return False
    between = low[m.end() : next_start].split()
    return bool(between) and between[-1] == "của" and len(between) <= _OF_HEAD_WORDS


KIN_HEADS = ("con rể", "con trai", "con gái", "phu nhân", "đệ nhất phu nhân")


def _is_kin(low: str, head_start: int) -> bool:
    return any(low.startswith(k, head_start) for k in KIN_HEADS)


_APPOSITIVE = re.compile(
    r"^\s*,\s*((?:(?:cựu|nguyên|phó|tân|một|là)\s+)*(?:%s)\b(?:[^,;:!?\"“”()]|\.(?=\w)){0,80})(?=[,;:!?\"“”()]|\.(?!\w)|$)"
    % "|".join(re.escape(h) for h in ROLE_HEADS),
    re.IGNORECASE,
)
# The same set off by dashes: "ông Dmitry Peskov - người phát ngôn Điện Kremlin - cho biết".
_APPOSITIVE_DASH = re.compile(
    r"^\s+[–—-]\s+((?:(?:cựu|nguyên|phó|tân|một|là)\s+)*(?:%s)\b(?:[^,;:!?\"“”()–—\s]|\s(?![–—-]\s)){0,80})"
    r"(?=\s+[–—-]\s|[,;:!?\"“”()]|\.(?!\w)|$)"
    % "|".join(re.escape(h) for h in ROLE_HEADS),
    re.IGNORECASE,
)
_APPOSITIVE_CUT = re.compile(
    r"\s+(?:dưới thời|trong|tại|từ năm|kể từ|vào năm|nhiệm kỳ|%s)(?!\w)"
    % "|".join(re.escape(v) for v in SPEECH_VERBS),
    re.IGNORECASE,
)


def _appositive_cut(role: str) -> re.Match[str] | None:
    """Where a clause starts inside an appositive; "ký" of "Tổng thư ký" is the role's, not a signing."""
    return next((m for m in _APPOSITIVE_CUT.finditer(role)
                 if not (m.group(0).strip().lower() == "ký" and role[: m.start()].lower().endswith("thư"))), None)


# How far around a name the rules look, in characters. Every look is a bounded slice: slicing from
# the start of the sentence for each name made a long sentence full of names quadratic.
_CONTEXT = 160


def _opens_clause(sentence: str, start: int, role: str | None) -> bool:
    """Whether the name (with its title) begins the sentence or a clause, i.e. is a subject."""
    pre = sentence[max(0, start - _CONTEXT) : start].rstrip()
    pre = re.sub(r"(?:^|\s)(?:ông|bà|ngài|cô|anh|chị)$", "", pre, flags=re.IGNORECASE).rstrip()
    if role and pre.lower().endswith(role.lower()):
        pre = pre[: -len(role)].rstrip()
    return not pre or pre[-1] in ",.;:!?\"“(-–—"


def _role_after(sentence: str, end: int, gaz: Gazetteer, subject: bool = True) -> str | None:
    """An appositive role: "Tatiana Stanovaya, người đứng đầu công ty R.Politik, nhận xét"."""
    after = sentence[end : end + _CONTEXT]
    m = _APPOSITIVE.match(after) or _APPOSITIVE_DASH.match(after)
    if not m:
        return None
    cut = _appositive_cut(m.group(1))
    if cut and not subject and cut.group(0).strip().lower().startswith(SPEECH_VERBS):
        # "gặp ông Zelensky, đặc phái viên Mỹ nói ...": after an object, the role phrase is
        # the subject of the next clause; after a subject it is an appositive left unclosed.
        return None
    role = m.group(1)[: cut.start()].strip() if cut else m.group(1).strip()
    kin = _is_kin(re.sub(r"^(?:(?:cựu|nguyên|phó|tân|một|là)\s+)*", "", role.lower()), 0)
    if not kin and any(not _POSSESSIVE_NAME.search(role[: n.start]) for n in _names_in(role, gaz)):
        # ", Ngoại trưởng Lavrov tỏ ra ...": another person's clause, not an appositive; but
        # ", cố vấn của Tổng thống Putin," says whose adviser this is.
        return None
    role = re.sub(r"^(một|là)\s+", "", role, flags=re.IGNORECASE)
    return role or None


_COMMA_BEFORE = re.compile(r",\s*(?:(?:ông|bà|ngài)\s+)?$", re.IGNORECASE)
_POSSESSIVE_NAME = re.compile(r"\bcủa\s+(?:[^\W\d_]+\s+){0,6}$", re.IGNORECASE)


def _role_before_comma(sentence: str, start: int, gaz: Gazetteer) -> str | None:
    """A role set off by a comma before the name: "Cố vấn An ninh Quốc gia Mỹ, Jake Sullivan, cho biết",
    "con rể của Tổng thống Mỹ Donald Trump, ông Jared Kushner". The phrase must open a clause with a
    role head; a name inside it only counts after "của" (whose adviser, whose son-in-law), so a list
    "Ngoại trưởng A B, C D" does not hand A B's title to C D."""
    before = sentence[max(0, start - _ROLE_WINDOW) : start]
    comma = _COMMA_BEFORE.search(before)
    if not comma:
        return None
    phrase = before[: comma.start()]
    stop = None
    for m in _ROLE_STOPS.finditer(phrase):
        stop = m.end()
    if stop is not None:
        phrase = phrase[stop:]
    phrase = phrase.strip()
    low = phrase.lower()
    prefix = re.match(r"(?:(?:%s)\s+)?" % "|".join(ROLE_PREFIXES), low)
    head = _HEAD_RE.match(low, prefix.end() if prefix else 0)
    if not head or len(phrase.split()) > _ROLE_MAX_WORDS:
        return None
    if re.match(r"(?:các|những|nhiều|một số|mọi)\s", low):
        return None
    for name in _names_in(phrase, gaz):
        if not _POSSESSIVE_NAME.search(phrase[: name.start]):
            return None
    return phrase


def _in_enumeration(sentence: str, end: int, appositive: str) -> bool:
    """Whether the phrase after a titled name is followed by another titled name, as in a list:
    "Ngoại trưởng A B, Bộ trưởng C D, con gái ông, cố vấn E F": there a phrase between two commas
    is the next item, not an appositive of the name before it."""
    after = sentence[end : end + _CONTEXT]
    at = after.find(appositive)
    if at < 0:
        return False
    rest = after[at + len(appositive) :].lstrip()
    if not rest.startswith(","):
        return False
    rest = rest[1:].lstrip().lower()
    head = _HEAD_RE.match(rest)
    return bool(head) or rest.startswith(("và ", "cùng "))


def _speech_after(sentence: str, end: int) -> bool:
    tail = sentence[end : end + 30].lower().lstrip(" ,")
    tail = re.sub(r"^(cũng|đã|vừa|từng|còn|thì|sau đó)\s+", "", tail)
    return any(tail.startswith(v) and not tail[len(v) : len(v) + 1].isalnum() for v in SPEECH_VERBS)


def _abbreviation(word: str) -> bool:
    """"Frg", "Dprk": letters with no vowel, and not initials ("JD Vance", "V. Putin")."""
    core = word.strip(".")
    return len(core) >= 3 and not _VOWEL.search(fold(core)) and core.isalpha()


def _is_name_shape(words: list[str], gaz: Gazetteer) -> bool:
    """Words that could be a personal name at all."""
    if not words or len(words) > 5:
        return False
    folded = [fold(w) for w in words]
    # "Tổng Cục Tình báo", "Hội đồng Bảo an": an institution's word, alone or as two.
    if any(w in gaz.org_words for w in folded) or any(f"{a} {b}" in gaz.org_words for a, b in zip(folded, folded[1:])):
        return False
    for w in words:
        if any(c.isdigit() for c in w) or "." in w.strip(".") or "-" in w and len(words) == 1 and all(
            fold(p) in gaz.non_people for p in w.split("-")
        ):
            return False
        if w.isupper() and len(w) > 1 and not (_INITIAL.match(w) and w is not words[-1] and len(words) > 1):
            # Acronyms (NATO, WSJ) are institutions; two capitals before a surname are initials ("JD Vance").
            return False
    return True


# A photo or source credit right before a name: "Ảnh: AP", "(Nguồn: TASS)", "Đồ họa: Reuters".
# "Ảnh: Reuters/Nina Brandt", "Nguồn ảnh: Getty/...": every name of the credit, after the slash too.
_CREDIT_BEFORE = re.compile(
    r"(?:^|[\s(\[|])(?:ảnh|nguồn ảnh|nguồn|đồ họa|đồ hoạ|video|clip|photo|credit)\s*:\s*(?:[^\W\d_][\w.&\- ]{0,40}/\s*)*@?$",
    re.IGNORECASE,
)


def find_mentions(
    sentences: list[str],
    gaz: Gazetteer,
    ner: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[Mention]:
    """Every capitalised run that may name a person, with the evidence the text gives."""
    mentions: list[Mention] = []
    for si, sentence in enumerate(sentences):
        undecided: list[Mention] = []
        for run in cap_runs(sentence):
            words, offsets = list(run.words), list(run.offsets)
            # Leading honorific or role words captured by the capital ("Ông Sullivan", "TT Biden").
            for seg_start, seg_end, known in _split_places(words, gaz):
                if known:
                    continue
                seg = words[seg_start:seg_end]
                abbreviation = None
                while len(seg) > 1 and (seg[0].lower() in HONORIFICS or _abbreviation(seg[0])):
                    if _abbreviation(seg[0]):
                        # "Thủ tướng Frg Friedrich Merz": a word with no vowel abbreviates a country
                        # or body; it belongs to the role before the name, not to the name.
                        abbreviation = abbreviation or seg_start
                    seg = seg[1:]
                    seg_start += 1
                if not _is_name_shape(seg, gaz):
                    continue
                start = offsets[seg_start]
                if _CREDIT_BEFORE.search(sentence[max(0, start - _CONTEXT) : start]):
                    continue  # "Ảnh: Gazeta", "(Nguồn: Reuters)": a credit, not a person in the story
                end = offsets[seg_end - 1] + len(words[seg_end - 1])
                name = sentence[start:end].strip(".")
                end = start + len(name)
                if abbreviation is not None:
                    role, marked = _role_before(sentence, offsets[abbreviation], gaz)
                    if role:
                        role = f"{role} {sentence[offsets[abbreviation]:start].strip()}"
                else:
                    role, marked = _role_before(sentence, start, gaz)
                if role is None:
                    fronted = _role_before_comma(sentence, start, gaz)
                    if fronted:
                        role, marked = fronted, True
                appositive = _role_after(sentence, end, gaz, _opens_clause(sentence, start, role))
                if role and appositive and _in_enumeration(sentence, end, appositive):
                    appositive = None
                evidence = marked or appositive is not None
                foreign = any(looks_foreign(w) for w in seg)
                vietnamese = fold(seg[0]) in VIETNAMESE_SURNAMES and len(seg) >= 2
                if not (foreign or vietnamese):
                    # A lone Vietnamese word ("Nguồn", "Đêm") is a person only when marked as one.
                    if not (marked and len(seg) >= 2):
                        continue
                if not evidence and foreign and _speech_after(sentence, end):
                    evidence = True
                m = Mention(name, si, start, end, role or appositive, evidence)
                if role and appositive:
                    mentions.append(Mention(name, si, start, end, appositive, True))
                (mentions if evidence else undecided).append(m)
        if undecided and ner is not None:
            per = _ner_people(sentence, ner)
            for m in undecided:
                if any(fold(m.name) in p or p in fold(m.name) for p in per):
                    m.evidence = True
        mentions.extend(undecided)
    return mentions


def _ner_people(sentence: str, ner: Callable[[str], list[tuple[str, str]]]) -> set[str]:
    """Folded PER spans from a tagger that returns (token, IOB label) pairs."""
    spans: list[list[str]] = []
    for token, label in ner(sentence):
        if label.endswith("PER"):
            if label.startswith("B-") or not spans:
                spans.append([token])
            else:
                spans[-1].append(token)
    return {fold(" ".join(s)) for s in spans}

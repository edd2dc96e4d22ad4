"""Turn what a user typed into what they asked, in English or Vietnamese, with or without diacritics.

A question is read in layers, each taking its words out of what is left: the period it is limited
to ("tháng 1/2022", "từ 1/1 đến 3/3/2022", "hôm qua"), the outlet ("trên Dân Việt", "on VnExpress"),
the words that only frame a question ("có gì", "là ai vậy", "cho tôi biết về"), and what remains is
the person, the people or the words. Whether a name is a person the index knows is not decided
here: a name-shaped remainder is marked `maybe_person` for the engine to check.

Matching works on words (lists of folded tokens), not on one long pattern; the few regular
expressions are linear and run on input already capped in length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from bot.serve.query_dates import FoundPeriod, InvalidDate, Period, find_period
from bot.serve.roles_en import translate_role
from bot.shared.text import fold, nfc, squash

MAX_QUERY_CHARS = 500
# Slack markup inflates a short question (a mention is ~12 characters, a link may be hundreds): the
# input is cut to this before any pattern runs, and the cleaned question to MAX_QUERY_CHARS.
MAX_INPUT_CHARS = 2 * MAX_QUERY_CHARS

Intent = Literal["who", "on", "search", "help", "exit", "pair"]
Lang = Literal["en", "vi"]

_SLACK_MENTION = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<(https?://[^>|]+)(?:\|([^>]*))?>")
# Slack writes emoji as ":name:" (":slightly_smiling_face:", ":+1:", ":skin-tone-2:").
_EMOJI_CODE = re.compile(r":(?:[a-z][a-z0-9_'\-]{0,60}|\+1|-1|100):")

_HELP = {"help", "tro giup", "giup", "huong dan", "giup do", "commands", "lenh", "h"}
_EXIT = {"exit", "quit", "thoat", "thoat ra", "bye", "tam biet", "q"}
# A frame with nothing in it is not a question: "ai là", "who is", "ai là ai".
_EMPTY_TARGETS = {(), ("ai",), ("who",), ("la",), ("gi",), ("what",)}

Phrase = tuple[str, ...]


def _phrases(*texts: str) -> list[Phrase]:
    """Folded phrases, longest first so "ai là" is tried before "ai"."""
    return sorted((tuple(t.split()) for t in texts), key=len, reverse=True)


_SEARCH_PREFIX = _phrases("search", "find", "tim", "tim kiem")
# "cho mình hỏi", "bot ơi", "làm ơn", "please": politeness before the question.
_POLITE_LEAD = _phrases(
    "cho toi hoi", "cho minh hoi", "cho em hoi", "cho hoi", "bot oi", "ban oi", "lam on", "please",
    "hey", "xin cho biet", "hay cho biet", "cho biet", "can you tell me", "do you know", ",",
)
# Particles that end a Vietnamese question: "là ai vậy", "là ai thế", "là ai ạ", "có gì không".
_PARTICLES = {"vay", "the", "a", "nhi", "nhe", "nha", "day", "ha", "oi", "khong", "please", "z"}
# Words that lead into a date and belong to it: "vào ngày 21/1", "hôm 21/1", "on 21 January",
# "từ 1/1 đến 3/3", "sự kiện ngày 21/1", "what happened on 21/1".
_DATE_LEAD = _phrases(
    "vao ngay", "ngay", "hom", "vao", "on", "in", "during", "tu", "ke tu", "from", "between", "giua", "since",
    "trong", "hoi", "dip", "su kien ngay", "su kien", "what happened on", "what happened in",
    "what happened", "events on", "news on", "tin ngay", "tin tuc ngay", "mung", "mong", "for",
)
# Words that ask "what is there" about a day: "có gì", "có tin gì", "xảy ra gì", "what happened".
_NEWS_FRAME_TAIL = _phrases(
    "co gi", "co gi moi", "co tin gi", "co su kien gi", "xay ra gi", "xay ra chuyen gi", "co chuyen gi",
    "co gi xay ra", "tin gi", "co tin tuc gi", "thi sao", "the nao", "ra sao", "co gi dang chu y",
)
_NEWS_FRAME_LEAD = _phrases(
    "what happened", "chuyen gi xay ra", "co gi", "co tin gi", "tin tuc", "tin", "news", "su kien",
    "dien bien", "what's new", "whats new", "any news", "events", "what was there", "what is there",
    "tin tuc ve", "tin ve", "news about", "news on", "bai viet ve", "bai bao ve", "articles about",
)
# "ai là X", "who is X", "X là ai": asked about a person, whatever the shape of X.
# Not "ai" alone: "Ai Cập" is Egypt.
_WHO_LEAD = _phrases("ai la", "who is", "who's", "whos", "who was", "who are", "who")
_WHO_TAIL = _phrases(
    "la ai", "la nguoi nao", "is who", "la nguoi the nao", "giu chuc gi", "giu chuc vu gi", "lam nghe gi",
    "la ai the", "la ai vay",
)
# "cho tôi biết về X", "thông tin về X", "tell me about X": a person if X looks like one, else words.
_ABOUT_LEAD = _phrases(
    "cho toi biet ve", "cho minh biet ve", "cho em biet ve", "cho toi biet", "thong tin ve", "thong tin",
    "tell me about", "what about", "what do you know about", "gioi thieu ve", "tim hieu ve", "about",
    "ve", "info on", "info about", "noi ve",
)
# Between two people: "Blinken và Lavrov", "Blinken and Lavrov", "Blinken, Lavrov", "Blinken với Lavrov".
_PEOPLE_JOIN = {"va", "and", "voi", "with", "&", ",", "vs", "vs.", "versus"}
# Before an outlet: "trên Dân Việt", "theo báo Tuổi Trẻ", "on VnExpress", "according to Reuters".
_OUTLET_LEAD = _phrases(
    "tren bao", "tren trang", "tren to", "tren", "theo bao", "theo to", "theo", "bao", "to", "cua bao",
    "on", "in", "from", "according to", "by",
)
# "báo X" / "tờ X" name an outlet by themselves; "on X", "theo X" only when X is a known outlet.
_OUTLET_WORD = {("bao",), ("to",), ("tren", "bao"), ("theo", "bao"), ("tren", "trang"), ("tren", "to"),
                ("theo", "to"), ("cua", "bao")}

# Words a word search drops: Vietnamese and English function words and question words.
STOP_WORDS = frozenset(
    """
    la co gi cua va nhung cac mot nhu cho voi ve tu den trong tren duoc bi thi ma nay do ay khong da dang
    se cung rat lai nao ai hay hoac o tai theo khi neu vi nen de thong tin tuc hoi ngay hom vao biet toi
    minh ban oi vay the a nhi nhe nha day ha chuyen xay ra su kien moi sao gium giup xin lam on
    the of what a an is are was were on in at to for and or about with did does do who when where how
    why which tell me news any there be been by from as that this it its please happened
    """.split()
)


@dataclass(frozen=True)
class ParsedQuery:
    """What a question asks. `intent` and `target` mean what they always meant for who/on/search/help;
    the other fields narrow or qualify it and default to "nothing said".

    - intent "on": `target` is the date as typed, `period` what it means (None if it could not exist:
      then `invalid_date` says why).
    - intent "who": `target` is the person or role as typed (a role asked in English is `role`, in
      the index's Vietnamese, and also the target).
    - intent "pair": `people` are the two or more people asked about together; `target` is them as typed.
    - intent "search": `target` is the words; `maybe_person` says they are shaped like a name (or
      a role) and should be looked up as one before searching; `people` then holds the words of a
      run of names that may be one person ("Jake Sullivan") or several ("Sullivan Ushakov").
    - `period` on who/pair/search limits the answer to that time; `outlet` to one outlet.
    - intent "exit": the console should end; "help": the examples.
    """

    raw: str  # the user's text, cleaned of Slack markup
    intent: Intent
    target: str  # the part the intent is about, in the user's own spelling
    period: Period | None = None
    people: tuple[str, ...] = ()
    outlet: str | None = None
    role: str | None = None
    maybe_person: bool = False
    invalid_date: str | None = None

    def reading(self, lang: Lang = "en") -> str:
        """How the question was read, for the answer to show: "Lavrov, January 2022" / "Lavrov, tháng 1/2022"."""
        en = lang == "en"
        if self.intent == "help":
            return "help" if en else "trợ giúp"
        if self.intent == "exit":
            return "exit" if en else "thoát"
        if self.invalid_date:
            return self.invalid_date
        parts: list[str] = []
        if self.intent == "on":
            parts.append(self.period.reading(lang) if self.period else self.target)
        elif self.intent == "pair":
            parts.append((" and " if en else " và ").join(self.people))
        elif self.intent == "search" and not self.maybe_person:
            parts.append(f"the words “{self.target}”" if en else f"các từ “{self.target}”")
        else:
            parts.append(self.target)
        if self.period is not None and self.intent != "on":
            parts.append(self.period.reading(lang))
        if self.outlet:
            parts.append(f"in {self.outlet}" if en else f"trên {self.outlet}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        return {
            "intent": self.intent, "target": self.target,
            "period": self.period.to_dict() if self.period else None, "people": list(self.people),
            "outlet": self.outlet, "role": self.role, "maybe_person": self.maybe_person,
            "invalid_date": self.invalid_date,
        }


def clean_query(text: str) -> str:
    """Drop Slack mention tokens and emoji codes, unwrap links, trim trailing question marks and cap the length.

    Slack sends what a user typed with &, < and > as entities; they are decoded, and any
    angle bracket left after unwrapping is dropped, so the cleaned query can never carry
    a mention or link of its own (e.g. `<<http://x|!channel>>` unwraps to `!channel`, not `<!channel>`).
    """
    text = (text or "")[:MAX_INPUT_CHARS]
    text = _SLACK_MENTION.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _EMOJI_CODE.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = text.replace("<", " ").replace(">", " ")
    # Emoji typed as characters (🙂, ✅) and variation selectors are not words.
    text = "".join(
        " " if not ch.isprintable() or unicodedata.category(ch) == "So" or "\ufe00" <= ch <= "\ufe0f" else ch
        for ch in text
    )
    text = squash(nfc(text))
    return text[:MAX_QUERY_CHARS].strip().rstrip("?？!. ").strip()


# --------------------------------------------------------------------------- words

_EDGE = "?？!;:()[]\"“”‘’'…"


def _tokens(raw: str) -> list[str]:
    """Words in the user's spelling; a comma becomes a word of its own, edge punctuation is dropped."""
    out: list[str] = []
    for chunk in raw.split():
        chunk = chunk.strip(_EDGE)
        trailing_comma = chunk.endswith(",")
        chunk = chunk.rstrip(",").strip(_EDGE)
        if chunk:
            out.append(chunk)
        if trailing_comma:
            out.append(",")
    return out


@dataclass
class _Words:
    orig: list[str]
    key: list[str]

    def text(self, i: int = 0, j: int | None = None) -> str:
        return " ".join(self.orig[i:j])

    def drop(self, i: int, j: int) -> None:
        del self.orig[i:j], self.key[i:j]

    def starts_with(self, phrases: list[Phrase]) -> Phrase | None:
        return next((p for p in phrases if tuple(self.key[: len(p)]) == p and p), None)

    def ends_with(self, phrases: list[Phrase]) -> Phrase | None:
        return next((p for p in phrases if len(p) <= len(self.key) and tuple(self.key[-len(p):]) == p), None)

    def strip_lead(self, phrases: list[Phrase]) -> Phrase | None:
        p = self.starts_with(phrases)
        if p:
            self.drop(0, len(p))
        return p

    def strip_tail(self, phrases: list[Phrase]) -> Phrase | None:
        p = self.ends_with(phrases)
        if p:
            self.drop(len(self.key) - len(p), len(self.key))
        return p


def _tidy_commas(w: _Words) -> None:
    """Commas left at an edge or doubled once a period or outlet is taken out ("Peskov, tháng 2/2022, …")."""
    i = 0
    while i < len(w.key):
        if w.key[i] == "," and (i == 0 or i == len(w.key) - 1 or w.key[i + 1] == ","):
            w.drop(i, i + 1)
            i = max(i - 1, 0)
        else:
            i += 1


def _strip_particles(w: _Words) -> None:
    while w.key and (w.key[-1] in _PARTICLES or w.key[-1] == ",") and len(w.key) > 1:
        w.drop(len(w.key) - 1, len(w.key))


def _name_shaped(words: list[str]) -> bool:
    """Written like a name: one to four words, each capitalised, of letters (and . - ' in initials)."""
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if not letters or not word[0].isupper() or any(not (c.isalpha() or c in ".-'’") for c in word):
            return False
    return True


def content_terms(text: str) -> list[str]:
    """The folded words of `text` worth searching for: stop words ("là", "có", "gì", "the", "of") dropped."""
    return [w for w in re.findall(r"\w+", fold(text[:MAX_QUERY_CHARS])) if w not in STOP_WORDS]


# --------------------------------------------------------------------------- outlets


@lru_cache(maxsize=1)
def _known_outlets() -> list[Phrase]:
    """News outlets from the gazetteer (general knowledge, not any one article), folded, longest first."""
    import yaml

    for parent in Path(__file__).resolve().parents:
        path = parent / "data" / "gazetteer.yml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return _phrases(*(fold(str(o)) for o in data.get("outlets") or []))
    return []


def _take_outlet(w: _Words) -> str | None:
    """An outlet after its lead word, anywhere in the question: taken out and returned as typed."""
    known = _known_outlets()
    for i in range(len(w.key)):
        for lead in _OUTLET_LEAD:
            if tuple(w.key[i : i + len(lead)]) != lead:
                continue
            j = i + len(lead)
            name = next((o for o in known if tuple(w.key[j : j + len(o)]) == o), None)
            if name is not None:
                end = j + len(name)
            elif lead in _OUTLET_WORD and j < len(w.key) and _name_shaped(w.orig[j : j + 1]):
                # "báo Tuổi Trẻ": the capitalised run after "báo" is the outlet's name.
                end = j
                while end < len(w.key) and end - j < 4 and _name_shaped(w.orig[end : end + 1]):
                    end += 1
            elif lead[0] in ("tren", "on", "from", "theo") and j == len(w.key) - 1 and "." in w.key[j] \
                    and re.fullmatch(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)+", w.key[j]):
                end = j + 1  # "trên vietquoc.org": a site's address
            else:
                continue
            outlet = w.text(j, end)
            w.drop(i, end)
            return outlet
    return None


# --------------------------------------------------------------------------- periods


def _take_period(w: _Words, today: date) -> tuple[Period, str] | None:
    """The first period in the question, with the words that lead into it, taken out.
    Raises InvalidDate (its message names the date as typed)."""
    key = " ".join(w.key)
    starts, pos = [], 0
    for k in w.key:
        starts.append(pos)
        pos += len(k) + 1
    original = " ".join(o if len(o) == len(k) else k for o, k in zip(w.orig, w.key))
    found: FoundPeriod | None = find_period(key, today, original)
    if found is None:
        return None
    i = starts.index(found.start) if found.start in starts else None
    if i is None:
        return None
    j = i
    while j < len(starts) and starts[j] < found.end:
        j += 1
    text = w.text(i, j)
    # "từ", "ngày", "vào ngày", "on", "what happened on": the words right before that lead into it.
    lead_start = i
    for p in _DATE_LEAD:
        if i >= len(p) and tuple(w.key[i - len(p) : i]) == p:
            lead_start = i - len(p)
            break
    w.drop(lead_start, j)
    return found.period, text


# --------------------------------------------------------------------------- parse


def parse(text: str, today: date | None = None) -> ParsedQuery:
    """Read a question. `today` anchors "hôm nay", "tuần này", "last month" (default: the real today)."""
    raw = clean_query(text)
    key = fold(raw)
    if not key or key in _HELP:
        return ParsedQuery(raw, "help", "")
    if key in _EXIT:
        return ParsedQuery(raw, "exit", raw)
    toks = _tokens(raw)
    w = _Words(toks, [fold(t) for t in toks])
    while w.strip_lead(_POLITE_LEAD):  # "bot ơi, làm ơn cho biết …"
        pass
    _strip_particles(w)
    if w.starts_with(_SEARCH_PREFIX) and len(w.key) > 1:
        w.strip_lead(_SEARCH_PREFIX)
        return ParsedQuery(raw, "search", w.text())
    if not w.key:
        return ParsedQuery(raw, "help", "")

    try:
        taken = _take_period(w, today or date.today())
    except InvalidDate as exc:
        bad = str(exc).split(" is not a real", 1)[0]
        return ParsedQuery(raw, "on", bad, invalid_date=str(exc))
    period, period_text = taken if taken else (None, "")
    outlet = _take_outlet(w)
    _tidy_commas(w)
    _strip_particles(w)
    # "có gì", "tin tức về": words that ask for news, whatever it is about.
    kept = (list(w.orig), list(w.key))
    w.strip_tail(_NEWS_FRAME_TAIL)
    w.strip_lead(_NEWS_FRAME_LEAD)
    _strip_particles(w)
    if not w.key and period is None and outlet is None:
        w.orig, w.key = kept
    if not w.key or not content_terms(" ".join(w.key)) and period is None and outlet is None:
        if period is not None:
            return ParsedQuery(raw, "on", period_text, period=period, outlet=outlet)
        if outlet:
            return ParsedQuery(raw, "search", outlet, maybe_person=False)
        return ParsedQuery(raw, "help", "")
    return _subject(raw, w, period, outlet)


def _subject(raw: str, w: _Words, period: Period | None, outlet: str | None) -> ParsedQuery:
    """What is left once period and outlet are out: who, which people, or which words."""
    frame: Literal["who", "about", "none"] = "none"
    if w.strip_tail(_WHO_TAIL) or w.strip_lead(_WHO_LEAD):
        frame = "who"
        w.strip_lead(_WHO_LEAD)  # "who is X là ai" is still one question
    elif w.strip_lead(_ABOUT_LEAD):
        frame = "about"
    _strip_particles(w)
    if tuple(w.key) in _EMPTY_TARGETS:
        return ParsedQuery(raw, "help", "")
    words = w.text()
    extra: dict[str, Any] = {"period": period, "outlet": outlet}

    role = translate_role(w.key) if re.fullmatch(r"[a-z0-9 .'\-]+", " ".join(w.key)) else None
    if role is not None:
        return ParsedQuery(raw, "who", role, role=role, **extra)

    people = _split_people(w, loose=frame != "none")
    if len(people) >= 2:
        return ParsedQuery(raw, "pair", words, people=tuple(people), maybe_person=frame == "none", **extra)
    if frame == "who" or (frame == "about" and _name_shaped(w.orig)):
        return ParsedQuery(raw, "who", words, **extra)
    if frame == "about" and len(w.key) <= 5:
        # "thông tin về ngoại trưởng Nga": may be a role or a person the index knows, else words.
        return ParsedQuery(raw, "search", words, maybe_person=True, **extra)
    if _name_shaped(w.orig):
        split = tuple(w.orig) if len(w.orig) == 2 else ()
        return ParsedQuery(raw, "search", words, people=split, maybe_person=True, **extra)
    if len(w.key) == 1 and w.key[0].isalpha() and w.key[0] not in STOP_WORDS and len(w.key[0]) >= 3:
        # A single word typed in lower case ("lavrov") may still be a name.
        return ParsedQuery(raw, "search", words, maybe_person=True, **extra)
    return ParsedQuery(raw, "search", words, **extra)


def _split_people(w: _Words, loose: bool) -> list[str]:
    """People joined by "và", "and", "với", ","; each side must be name-shaped (or, inside a who
    question, at least a single word)."""
    parts: list[list[str]] = [[]]
    for o, k in zip(w.orig, w.key):
        if k in _PEOPLE_JOIN:
            parts.append([])
        else:
            parts[-1].append(o)
    if len(parts) < 2 or any(not p for p in parts):
        return []
    if all(_name_shaped(p) or (loose and len(p) == 1) for p in parts):
        return [" ".join(p) for p in parts]
    return []

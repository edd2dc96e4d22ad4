"""Separate an article's body from the page chrome around it.

Scraped Vietnamese news pages carry buttons, bylines, related-story blocks,
calendar widgets, credits and sidebars along with the article. These rules
work on the shape of a line (length, punctuation, case, well-known block
headings), not on any one site's strings, so they hold for outlets the
project has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.build.datelines import is_dateline
from bot.shared.text import fold, squash

# Headings that open a block of other stories. Everything under one is chrome
# until the article visibly resumes (see _resumes_body).
_BLOCK_HEADINGS = {
    "bai lien quan", "tin lien quan", "tin cung chuyen muc", "cung chuyen muc",
    "noi bat", "tin noi bat", "dung bo lo", "moi nhat", "tin moi nhat", "tin moi",
    "xem them", "doc them", "tin khac", "cac tin khac", "co the ban quan tam",
    "ban co the quan tam", "tin doc nhieu", "doc nhieu", "doc nhieu nhat",
    "xem nhieu", "xem nhieu nhat", "tin hot", "video", "video noi bat", "tin anh",
    "chu de", "chu de noi bat", "tieu diem", "tin tuc lien quan", "bai viet lien quan",
    "tags", "tag", "tu khoa", "related", "more stories", "quan tam",
}

# Interface words: buttons, counters and links that are never prose.
_UI_WORDS = {
    "chia se", "binh luan", "gui gop y", "gop y", "luu bai", "bo luu bai", "luu bai bo luu bai",
    "bao loi noi dung", "bao loi", "dang nhap", "dang ky", "dang xuat", "top", "x", "in bai",
    "in", "thich", "like", "share", "tweet", "email", "facebook", "zalo", "twitter",
    "quay lai", "tro lai", "len dau trang", "ve dau trang", "trang chu", "xem", "copy link",
    "sao chep lien ket", "theo doi", "nghe bai", "nghe doc bai", "tai ung dung", "ban in",
    "xem theo ngay", "xem theo ngay xem", "gui", "huy", "tra loi", "bao cao", "an",
    "chu thich anh", "video dang hot", "video", "anh",
}
# "{keywords}": a page template's placeholder left unfilled.
_PLACEHOLDER = re.compile(r"^\{\w+\}$")

_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|svg|avif)$", re.IGNORECASE)
_IMAGE_ALT = re.compile(r"[-–]\s*[ẢảAa]nh\s*\d+\.?$")
_COUNTER = re.compile(r"^\(?\d+\)?\s*(binh luan|luot xem|like|chia se)$|^(binh luan|luot xem)\s*\(?\d+\)?$")
_AGO = re.compile(r"^\d+\s*(giay|phut|gio|ngay|tuan|thang)\s*truoc\b")
_CALENDAR = re.compile(r"^(cn|t[2-7]|th[2-7])(\s*(cn|t[2-7]|th[2-7]))+$")
_LINK_OUT = re.compile(r"^(>>|»|→|xem them:|doc them:|xem tiep:|doc tiep:)", re.IGNORECASE)
_PROMO = re.compile(
    r"^(moi (cac )?(ban|quy doc gia)( doc)? (dong hanh|theo doi|tham gia|tai|cai|dang ky|gui)"
    r"|hay (theo doi|dang ky)|tai ung dung|quet ma"
    # "Theo dõi Báo X trên Google News": a follow button, not a "Theo Reuters" source line.
    r"|theo doi .{0,60}\b(tren|qua|tai) (google|facebook|zalo|youtube|tiktok|kenh|fanpage|app|ung dung))"
)
# Hashtag lines ("#Nga #Ukraine") and tag lists ("Tin nổi bật, Tin nóng, Tin thế giới").
_HASHTAGS = re.compile(r"^(#\S+\s*){2,}$")
_TAG_ITEM_WORDS = 4
# Unmistakable credit wording, wherever the line is.
_CREDIT = re.compile(
    r"(\bviet boi\b|\bbien tap boi\b|\bbien dich\b|\breport(ed)? boi\b|\bbao cao boi\b"
    r"|\bthuc hien boi\b|\bphong vien\s*:|\bnhom pv\b|\bbien tap vien\s*:|\bdich gia\s*:"
    # Live pages and features name their editors at the top: "Biên tập: X", "Thực hiện: X".
    r"|^(bien tap|thuc hien|tong hop|dich|trinh bay|thiet ke)\s*:)"
)
# "Điều này đã được báo cáo bởi tờ X": the passive voice of a sentence, not a byline.
_PASSIVE_BEFORE = re.compile(r"\bduoc\b(?:\s+\S+){0,3}\s*$")
# Source lines ("Theo Reuters", "Theo Đăng Nguyễn - WSJ", "Nguồn: TTXVN"): only when short.
_SOURCE_LINE = re.compile(r"(^theo [^.]{1,60}$|^theo .{1,60} - |\(\s*theo [^)]{1,60}\)\s*$|^nguon\s*:)")
_END_PUNCT = ("." , "!", "?", "…", "\"", "”", "»", ")", ":", ";", "'")


@dataclass
class Cleaned:
    """The article body as paragraphs, and every line judged chrome (for audits and tests)."""

    body: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.body)


def _is_heading(key: str) -> bool:
    if key in _BLOCK_HEADINGS:
        return True
    # "Nổi bật Một thế giới": a block heading followed by the section it belongs to.
    return any(key.startswith(h + " ") and len(key) <= len(h) + 25 for h in _BLOCK_HEADINGS if len(h) > 6)


def _letters(line: str) -> str:
    return "".join(c for c in line if c.isalpha())


def _is_all_caps(line: str) -> bool:
    letters = _letters(line)
    return len(letters) >= 4 and letters.isupper()


def is_long_paragraph(line: str) -> bool:
    """Prose rather than a headline, label or button."""
    return len(line) >= 120 and line.rstrip().endswith(_END_PUNCT)


def is_ui_line(line: str) -> bool:
    """Buttons, counters, widgets, file names, promos: never article text wherever they stand."""
    key = fold(line).strip(" .:|-–—•·")
    if not key:
        return True
    if key in _UI_WORDS or _COUNTER.match(key) or _AGO.match(key) or _CALENDAR.match(key):
        return True
    if _IMAGE_FILE.match(line) or _IMAGE_ALT.search(line) or _PLACEHOLDER.match(line.strip()):
        return True
    if _LINK_OUT.match(line.strip()) or _PROMO.match(key):
        return True
    if _is_all_caps(line) and len(line) <= 80:
        return True
    # Short lines with no letters at all (dividers, lone numbers).
    return not _letters(line) and len(line) < 40


def is_tag_list(line: str) -> bool:
    """Hashtags, or three or more short capitalised labels in a comma list with no sentence in it."""
    stripped = line.strip()
    if _HASHTAGS.match(stripped):
        return True
    if len(stripped) > 150 or stripped.endswith((".", "!", "?", "…", ":")):
        return False
    items = [i.strip() for i in re.split(r"\s*[,;|]\s*", stripped)]
    return len(items) >= 3 and all(
        i and i[0].isupper() and len(i.split()) <= _TAG_ITEM_WORDS and not any(c.isdigit() for c in i) for i in items
    )


def is_credit_line(line: str) -> bool:
    """Reporter credits, translation notes and source lines that close an article."""
    key = fold(line)
    credit = _CREDIT.search(key) if len(line) <= 400 else None
    if credit and not _PASSIVE_BEFORE.search(key[: credit.start()]):
        return True
    return len(line) <= 120 and bool(_SOURCE_LINE.search(key))


def _resumes_body(lines: list[str], i: int) -> bool:
    """Two long prose paragraphs in a row after a block mean the article goes on."""
    return (
        i + 1 < len(lines)
        and is_long_paragraph(lines[i])
        and is_long_paragraph(lines[i + 1])
    )


_WORD_RUN = re.compile(r"[^\W\d_]+")
_GLUED_STOP = re.compile(r"(?<=[^\W\d_]{2})[.!?](?=[^\W\d_]{2})")


def _unglue_word(m: re.Match[str]) -> str:
    word = m.group(0)
    out, begin = [], 0
    for i in range(1, len(word) - 1):
        piece = word[begin:i]
        if word[i].isupper() and word[i + 1].islower() and len(piece) >= 5 and piece[0].isupper() and piece[1:].islower():
            out.append(piece)
            begin = i
    return " ".join(out + [word[begin:]])


def _unglue_stop(m: re.Match[str]) -> str:
    after = m.string[m.end() : m.end() + 2]
    return m.group(0) + " " if after[0].isupper() and after[1].islower() else m.group(0)


def unglue(line: str) -> str:
    """Put back the space a scraper lost between two words.

    "Antony BlinkenSergei Lavrov": a capital after four or more lower-case letters of a capitalised
    word starts a new word ("McFaul", "DeSantis", "MacArthur" have fewer). "tại Geneva.Sau đó": a
    capitalised word right after a stop that follows two letters starts a new sentence ("R.Politik"
    has one letter before the stop, "baotintuc.vn" no capital after it).
    """
    return _GLUED_STOP.sub(_unglue_stop, _WORD_RUN.sub(_unglue_word, line))


def clean(text: str) -> Cleaned:
    """Split raw page text into body paragraphs and chrome lines."""
    lines = [unglue(squash(line)) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    out = Cleaned()
    seen: set[str] = set()
    in_block = False
    teaser_until = -1
    for i, line in enumerate(lines):
        key = fold(line)
        if i <= teaser_until:
            out.chrome.append(line)
            continue
        if _opens_teaser(lines, i, out):
            # Another story's headline, printed twice (picture and link), and its lead.
            teaser_until = i + 2
            out.chrome.append(line)
            continue
        lines[i] = line = _drop_lead_tag(line, out)
        key = fold(line)
        if in_block:
            # Inside a block of other stories (headlines, each with at most one teaser
            # paragraph); the article resumes only where prose clearly continues.
            if _resumes_body(lines, i) and not _is_heading(key):
                in_block = False
            else:
                out.chrome.append(line)
                continue
        if is_ui_line(line) or is_dateline(line) or is_tag_list(line):
            out.chrome.append(line)
            continue
        if _is_heading(key) or is_credit_line(line):
            # A credit line above the body is a byline; below it, the article has ended.
            in_block = bool(out.body) or _is_heading(key)
            out.chrome.append(line)
            continue
        if key in seen:
            # Captions and headlines repeated by the page: keep the first.
            continue
        seen.add(key)
        out.body.append(line)
    _drop_trailing_teaser(out)
    _drop_header_labels(lines, out)
    return out


_SENTENCE_END = re.compile(r"[.!?…][\"”’')»]*\s*$")  # a headline may end in a quote; prose ends in a stop
_HEADER_LINES = 8  # a dateline this near the top closes the page header
_LABEL_WORDS = 8


def _drop_header_labels(lines: list[str], out: Cleaned) -> None:
    """Above a dateline near the top stand navigation, the section name, the headline and a byline.

    Short label lines there ("Thế giới", "Bảo Hoàng") are chrome; the longest line that is not
    prose is the headline and stays, as does any prose (a lead printed above the headline).
    """
    top = lines[:_HEADER_LINES]
    cut = next((i for i, line in enumerate(top) if is_dateline(line)), None)
    if cut is None:
        return
    header = [line for line in top[:cut] if line in out.body[: _HEADER_LINES]]
    labels = [line for line in header if not _SENTENCE_END.search(line)]
    if len(labels) < 2:
        return
    headline = max(labels, key=len)
    for line in labels:
        if line is not headline and len(line.split()) <= _LABEL_WORDS:
            out.body.remove(line)
            out.chrome.append(line)


# "24/2/2022: Nga mở chiến dịch quân sự": an entry of a timeline the article lists, dated and labelled.
_TIMELINE_ENTRY = re.compile(r"^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\s*[:–-]\s+\w")


def _is_short_prose(line: str) -> bool:
    """A short line that is still the article's: a sentence of six words or more ending in a stop
    ("Sau đó, hai bên không gặp lại nhau."), or a dated entry of a timeline. Labels, menu items
    and headlines have neither."""
    if _TIMELINE_ENTRY.match(line):
        return True
    return bool(re.search(r"\w[.!?]$", line)) and len(line.split()) >= 6


def _opens_teaser(lines: list[str], i: int, out: Cleaned) -> bool:
    """A headline (no closing stop, no credit) printed on two lines running, once the article's prose
    has begun: a box for another story, whose lead paragraph follows. A caption printed twice ends in
    a stop or a photo credit, and the page's own title repeated above the body comes before any prose."""
    line = lines[i]
    return (
        i + 1 < len(lines) and lines[i + 1] == line
        and not line.rstrip().endswith(_END_PUNCT) and not is_credit_line(line)
        and not _PHOTO_CREDIT.search(fold(line))
        and any(is_long_paragraph(b) for b in out.body)
    )


# "… bắt tay tại Riga. Ảnh: AFP", "(Nguồn: Xinhua)": a caption names where its picture came from.
_PHOTO_CREDIT = re.compile(r"\b(?:anh|nguon|photo|hinh)\s*:\s*[^.:]{1,80}$")
# "(Dân trí) - Cố vấn …", "(GLO)- Ngày 25/6, …": the outlet's tag opening the lead.
_LEAD_TAG = re.compile(r"^\(([^()\n.!?]{2,40}|[\w\s]{2,30}\.(?:vn|com|net|org))\)\s*[-–—]\s*(?=\w)")


def _drop_lead_tag(line: str, out: Cleaned) -> str:
    m = _LEAD_TAG.match(line)
    if not m:
        return line
    out.chrome.append(line[: m.end()].strip(" -–—"))
    return line[m.end():]


def _drop_trailing_teaser(out: Cleaned) -> None:
    """A story teaser at the foot of the body: a headline, then a paragraph cut off with an ellipsis."""
    body = out.body
    while (body and not is_long_paragraph(body[-1]) and not body[-1].endswith(("...", "…")) and len(body[-1]) < 60
           and not _is_short_prose(body[-1])):
        # Short labels after the last paragraph are leftovers of navigation.
        out.chrome.append(body.pop())
    if len(body) >= 2 and body[-1].endswith(("...", "…")) and not body[-2].endswith(_END_PUNCT):
        out.chrome.extend([body.pop(-2), body.pop()])

"""Read a corpus folder: article `.txt` files and saved web pages (`.html`, `.htm`) plus an optional `sources.yml`.

A saved page is read through the page extractor (`bot.ingest.collect.read_page_file`):
its article text is then treated exactly like a `.txt` file's (the same chrome
cleaning, datelines and analysis), and what the page declares (title, outlet,
URL, publication date, author) fills whatever `sources.yml` does not give;
`sources.yml` wins where it speaks.

Problems with single files or entries are collected (file and reason) so the
build can index everything else and still report failure. Problems that make
a build meaningless (no folder, a `sources.yml` that is not YAML) raise
`CorpusError` before anything is written.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import reprlib
import stat
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

import yaml

from bot.shared.files import TooLarge, read_capped
from bot.shared.text import nfc

# A news article is a few to a few dozen kilobytes (the seeds: 4–8 KB). Analysis time grows with
# length — about 45 s per MiB of distinct text on one core — so anything larger is refused as
# not an article (a dump, a book, a mis-saved file) rather than stalling the whole build.
MAX_ARTICLE_BYTES = 1024 * 1024
# A saved web page is mostly markup and scripts around the article: it may be larger (fetch's own cap).
MAX_PAGE_BYTES = 2 * 1024 * 1024
# sources.yml for 100k articles is about 15 MiB; anything far larger is not a list of sources.
MAX_SOURCES_BYTES = 32 * 1024 * 1024
# A value quoted in a problem line is cut to this many characters (a 100 KB key is someone's mistake).
MAX_QUOTED_CHARS = 80
SOURCE_KEYS = {"file", "title", "outlet", "url", "published", "author", "note"}
# The files a corpus folder's articles are read from; everything else in the folder is ignored.
TEXT_SUFFIXES = (".txt",)
PAGE_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + PAGE_SUFFIXES


def is_article_name(name: str) -> bool:
    """`name` is read as an article: a suffix above with something before it (not `.txt` itself)."""
    lower = name.lower()
    return any(lower.endswith(s) and len(lower) > len(s) for s in ARTICLE_SUFFIXES)


class CorpusError(Exception):
    """The corpus cannot be read at all; nothing should be written."""


@dataclass(frozen=True)
class Problem:
    """One file or `sources.yml` entry that could not be used as given."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True)
class SourceMeta:
    file: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    author: str | None = None
    note: str | None = None
    # Where `published` came from, for `ukraine-bot show`: what an operator checks when a date looks wrong.
    published_from: Literal["sources.yml", "dateline"] | None = None


@dataclass
class RawArticle:
    id: str
    file: str
    text: str
    sha256: str
    meta: SourceMeta


@dataclass
class Corpus:
    articles: list[RawArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources_sha256: str = ""


def _parse_published(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"published {_clip(value.strip())} is not a real date") from None
    raise ValueError(f"published must be YYYY-MM-DD or null, got {_quote(value)}")


def _text_or_none(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return nfc(str(value)).strip() or None


_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = MAX_QUOTED_CHARS
_QUOTE.maxlist = _QUOTE.maxdict = 4
_QUOTE.maxlevel = 2


def _quote(value: object) -> str:
    """A short repr for a problem line: long strings and deep or shared structures are cut, never expanded."""
    return _QUOTE.repr(value)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_QUOTED_CHARS else text[: MAX_QUOTED_CHARS - 1] + "…"


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


class _StringDateLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves dates as strings, so a bad date is one entry's problem, not the file's."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _uses_aliases(data: object) -> bool:
    """Whether any list or mapping appears twice (or inside itself): what a YAML alias (`*name`) makes.

    Aliases are how a few hundred bytes expand into billions of entries ("billion laughs"). The
    loader shares one object per anchor, so a walk that visits each object once stays linear and
    finds the sharing before anything expands it; sources.yml has no use for aliases.
    """
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, dict)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
            if isinstance(item, dict):
                stack.extend(k for k in item if isinstance(k, (list, dict)))
    return False


def _read_sources(path: Path) -> bytes:
    """sources.yml's bytes, refused unread when it is over the size cap."""
    try:
        return read_capped(path, MAX_SOURCES_BYTES, "sources.yml")
    except TooLarge as exc:
        raise CorpusError(f"{path}: {exc}") from None


def load_sources(path: Path) -> tuple[dict[str, SourceMeta], list[Problem], str]:
    """Parse `sources.yml`; raise CorpusError if it is not YAML or not a list of entries."""
    if not path.exists():
        return {}, [], ""
    try:
        raw = _read_sources(path)
        data = yaml.load(raw.decode("utf-8"), Loader=_StringDateLoader)  # noqa: S506 - safe subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorpusError(f"{path}: not valid UTF-8 YAML ({_clip(detail)})") from exc
    if _uses_aliases(data):
        raise CorpusError(f"{path}: uses YAML aliases (*name), which sources.yml does not allow; write each entry out")
    if data is None:
        return {}, [], hashlib.sha256(raw).hexdigest()
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a list of entries (- file: ...), got {type(data).__name__}")
    metas: dict[str, SourceMeta] = {}
    problems: list[Problem] = []
    name = path.name
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(f"{name} entry {n}", f"is not a mapping (- file: ...), got {_quote(entry)}; entry ignored"))
            continue
        if not entry.get("file"):
            problems.append(Problem(f"{name} entry {n}", "has no 'file' key; entry ignored"))
            continue
        file = str(entry["file"]).strip() if isinstance(entry["file"], (str, int, float)) else _quote(entry["file"])
        where = f"{name} entry {n} ({_clip(file)})"
        unknown = sorted(_clip(str(k)) for k in set(entry) - SOURCE_KEYS)
        if unknown:
            problems.append(Problem(where, f"unknown keys {', '.join(unknown)} ignored"))
        if file in metas:
            problems.append(Problem(where, "duplicate entry for this file; the first one is used"))
            continue
        published = None
        if entry.get("published") is not None:
            try:
                published = _parse_published(entry["published"])
            except ValueError as exc:
                problems.append(Problem(where, f"{exc}; the article's dateline is used instead"))
        url = _text_or_none(entry, "url")
        if url and not re.match(r"https?://", url):
            problems.append(Problem(where, f"url {_quote(url)} is not http(s); ignored"))
            url = None
        metas[file] = SourceMeta(
            file=file,
            title=_text_or_none(entry, "title"),
            outlet=_text_or_none(entry, "outlet"),
            url=url,
            published=published,
            author=_text_or_none(entry, "author"),
            note=_text_or_none(entry, "note"),
        )
    return metas, problems, hashlib.sha256(raw).hexdigest()


def _looks_like_bomless_utf16(raw: bytes) -> bool:
    """Even length, and NUL bytes on one side of every other byte pair only, as ASCII-heavy UTF-16 has."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    pairs = len(raw) // 2
    for zeros, others, codec in ((raw[1::2], raw[0::2], "utf-16-le"), (raw[0::2], raw[1::2], "utf-16-be")):
        if zeros.count(0) >= 0.3 * pairs and others.count(0) == 0:
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                return False
            return True
    return False


def decode_article(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused with a reason."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not valid UTF-16 text despite its byte-order mark ({exc.reason} at byte {exc.start}); save it as UTF-8"
            ) from None
    else:
        if b"\x00" in raw:
            if _looks_like_bomless_utf16(raw):
                raise ValueError("looks like UTF-16 without a byte-order mark; save it as UTF-8")
            raise ValueError("binary file (contains NUL bytes), not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
            ) from None
    if "\x00" in text:
        raise ValueError("binary file (contains NUL characters), not text")
    # Decomposed Vietnamese (as some editors and macOS save it) would hide names and roles from the
    # extraction rules, which are written for precomposed letters.
    return nfc(text)


def _read_limited(path: Path) -> bytes:
    """The file's bytes, never more than the limit in memory (the file may grow while it is read)."""
    return read_capped(path, MAX_ARTICLE_BYTES, "one article; is it really one article?")


def _read_page(path: Path) -> tuple[bytes, str, SourceMeta]:
    """A saved web page: its bytes (for the hash), its article text, and what the page says about itself."""
    return _page_from_bytes(path.name, read_capped(path, MAX_PAGE_BYTES, "one page"))


def _page_from_bytes(name: str, raw: bytes) -> tuple[bytes, str, SourceMeta]:
    from bot.ingest.html import PageError, extract_page  # only a build that meets a page needs the extractor
    from bot.ingest.store import saved_from

    try:
        article = extract_page(raw, saved_from(raw))
    except PageError as exc:
        raise ValueError(str(exc).split(": ", 1)[-1]) from None
    url = article.canonical_url if article.canonical_url and re.match(r"https?://", article.canonical_url) else None
    page = SourceMeta(
        file=name, title=article.title, outlet=article.outlet, url=url,
        published=article.published, author=article.author,
    )
    return raw, nfc(article.text), page


def name_is_utf8(name: str) -> bool:
    """Whether a name from the file system was valid UTF-8 (os.fsdecode keeps other bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_an_article_file(path: Path, root: Path) -> str | None:
    """Why `path` is not read as an article, or None for a regular file whose real path is in `root`.

    `root` is the corpus folder, resolved. A link is followed only to a file inside the folder:
    one pointing elsewhere (a link to /etc/passwd) would put that file's text in the index.
    """
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken link" if path.is_symlink() else "not readable"
    if real.parent != root and root not in real.parents:
        return "a link to a file outside the corpus folder"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return "not readable"
    if not stat.S_ISREG(mode):
        return "a folder" if stat.S_ISDIR(mode) else "not a regular file"
    return None


@dataclass
class Listing:
    """A corpus folder before any article is read: the files to read, in order, and what sources.yml gives them."""

    files: list[Path] = field(default_factory=list)
    given: dict[str, SourceMeta] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources_sha256: str = ""


def list_corpus(folder: Path, names: set[str] | None = None) -> Listing:
    """The article files of `folder` (only those in `names`, if given) and sources.yml, with the problems
    found without reading an article (names, links, entries for missing files)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    # Only `names`: files an incremental add reads, which sources.yml does not name (its problems are known).
    metas, problems, sources_sha = load_sources(folder / "sources.yml") if names is None else ({}, [], "")
    listing = Listing(given=metas, problems=list(problems), sources_sha256=sources_sha)
    if names is None:
        candidates = sorted(p for p in folder.iterdir() if is_article_name(p.name))
    else:  # only these: an add to a folder of 100,000 files looks at the few it names
        candidates = sorted(folder / n for n in names if is_article_name(n) and os.path.lexists(folder / n))
    root = folder.resolve()
    files = []
    for path in candidates:
        if not name_is_utf8(path.name):
            # SQLite and JSON hold text, and this name is not text: name it (escaped) rather than fail the build.
            shown = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            listing.problems.append(Problem(shown, "skipped: the file name is not valid UTF-8; rename it"))
            continue
        why = not_an_article_file(path, root)
        if why is None:
            files.append(path)
        elif names is None or path.name in names:
            listing.problems.append(Problem(path.name, f"skipped: {why}, not an article file"))
    present = {p.name for p in files}
    listing.files = [p for p in files if p.name in names] if names is not None else files
    for file in sorted(set(metas) - present):
        listing.problems.append(Problem(f"sources.yml ({_clip(file)})", "lists a file that is not in the folder"))
    return listing


@dataclass(frozen=True)
class FileFacts:
    """What one file's bytes say about its article, before sources.yml: a function of the bytes alone,
    so a build can remember it by their hash and not read an unchanged file again."""

    sha256: str
    first_line: str  # the title when nothing else gives one
    page: SourceMeta  # what a saved page declares (only `file` for a .txt)
    dateline: date | None

    def to_json(self) -> dict:
        p = self.page
        return {"sha256": self.sha256, "first_line": self.first_line, "dateline": _iso(self.dateline),
                "page": [p.title, p.outlet, p.url, _iso(p.published), p.author]}

    @classmethod
    def from_json(cls, name: str, data: dict) -> "FileFacts":
        title, outlet, url, published, author = data["page"]
        page = SourceMeta(file=name, title=title, outlet=outlet, url=url, published=_date(published), author=author)
        return cls(data["sha256"], data["first_line"], page, _date(data["dateline"]))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def read_article_bytes(path: Path) -> bytes:
    """A file's bytes within the cap for its kind (a saved page may be larger than a .txt)."""
    if path.suffix.lower() in PAGE_SUFFIXES:
        return read_capped(path, MAX_PAGE_BYTES, "one page")
    return _read_limited(path)


def file_facts(name: str, raw: bytes) -> tuple[str, FileFacts]:
    """The article text of one file's bytes and what they say about it; ValueError (the reason) when they
    are not an article (not text, an empty file, a page without an article)."""
    from bot.build.clean import clean  # standard library only
    from bot.build.datelines import find_dateline

    page = SourceMeta(file=name)
    if name.lower().endswith(PAGE_SUFFIXES):
        raw, text, page = _page_from_bytes(name, raw)
    else:
        text = decode_article(raw)
    if not text.strip():
        raise ValueError("empty file")
    body = clean(text).body
    first_line = body[0] if body else next(line.strip() for line in text.splitlines() if line.strip())
    return text, FileFacts(hashlib.sha256(raw).hexdigest(), first_line, page, find_dateline(text))


def article_of(name: str, text: str, facts: FileFacts, given: SourceMeta | None) -> RawArticle:
    """The article of one file: what sources.yml gives, else what the page declares, else what the text says."""
    meta = given or SourceMeta(file=name)
    page = facts.page
    meta = SourceMeta(
        file=name,
        title=meta.title or page.title or facts.first_line[:300],
        outlet=meta.outlet or page.outlet,
        url=meta.url or page.url,
        published=meta.published or page.published or facts.dateline,
        author=meta.author or page.author,
        note=meta.note,
        published_from="sources.yml" if meta.published else None,
    )
    if meta.published_from is None and meta.published is not None:
        meta = replace(meta, published_from="dateline")
    return RawArticle(id=Path(name).stem, file=name, text=text, sha256=facts.sha256, meta=meta)


def read_article(path: Path, given: SourceMeta | None) -> tuple[RawArticle, FileFacts]:
    """One article file read, checked and combined with its sources.yml entry; OSError or ValueError
    (the reason) when it cannot be used."""
    text, facts = file_facts(path.name, read_article_bytes(path))
    return article_of(path.name, text, facts, given), facts


def load_corpus(folder: Path, names: set[str] | None = None) -> Corpus:
    """Read every `.txt` article and saved `.html`/`.htm` page in `folder` (only those in `names`, if given)
    with its metadata."""
    listing = list_corpus(folder, names)
    corpus = Corpus(problems=list(listing.problems), sources_sha256=listing.sources_sha256)
    ids: dict[str, str] = {}
    for path in listing.files:
        if path.stem in ids:
            corpus.problems.append(Problem(path.name, f"skipped: {ids[path.stem]} has the same name; rename one of them"))
            continue
        try:
            article, _ = read_article(path, listing.given.get(path.name))
        except (OSError, ValueError) as exc:
            corpus.problems.append(Problem(path.name, f"skipped: {exc}"))
            continue
        ids[path.stem] = path.name
        corpus.articles.append(article)
    return corpus

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
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.shared.text import nfc

# A news article is a few to a few dozen kilobytes (the seeds: 4–8 KB). Analysis time grows with
# length — about 45 s per MiB of distinct text on one core — so anything larger is refused as
# not an article (a dump, a book, a mis-saved file) rather than stalling the whole build.
MAX_ARTICLE_BYTES = 1024 * 1024
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
            raise ValueError(f"published {value.strip()} is not a real date") from None
    raise ValueError(f"published must be YYYY-MM-DD or null, got {value!r}")


def _text_or_none(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return nfc(str(value)).strip() or None


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so a bad date is one entry's problem, not the file's."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_sources(path: Path) -> tuple[dict[str, SourceMeta], list[Problem], str]:
    """Parse `sources.yml`; raise CorpusError if it is not YAML or not a list of entries."""
    if not path.exists():
        return {}, [], ""
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=_StringDateLoader)  # noqa: S506 - safe subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorpusError(f"{path}: not valid UTF-8 YAML ({detail})") from exc
    if data is None:
        return {}, [], hashlib.sha256(raw).hexdigest()
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a list of entries (- file: ...), got {type(data).__name__}")
    metas: dict[str, SourceMeta] = {}
    problems: list[Problem] = []
    name = path.name
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(f"{name} entry {n}", f"is not a mapping (- file: ...), got {entry!r:.60}; entry ignored"))
            continue
        if not entry.get("file"):
            problems.append(Problem(f"{name} entry {n}", "has no 'file' key; entry ignored"))
            continue
        file = str(entry["file"]).strip()
        where = f"{name} entry {n} ({file})"
        unknown = sorted(str(k) for k in set(entry) - SOURCE_KEYS)
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
            problems.append(Problem(where, f"url {url!r} is not http(s); ignored"))
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


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MiB"
    return f"{n / 2**10:.0f} KiB" if n >= 2**10 else f"{n} bytes"


def _read_limited(path: Path) -> bytes:
    """The file's bytes, never more than the limit in memory (the file may grow while it is read)."""
    size = path.stat().st_size
    limit = MAX_ARTICLE_BYTES
    too_large = f"larger than the {_size(limit)} limit for one article; is it really one article?"
    if size > limit:
        raise ValueError(f"{_size(size)} is {too_large}")
    with open(path, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"it grew while being read and is {too_large}")
    return raw


def _read_page(path: Path) -> tuple[bytes, str, SourceMeta]:
    """A saved web page: its bytes (for the hash), its article text, and what the page says about itself."""
    from bot.ingest.collect import read_page_file  # only a build that meets a page needs the extractor

    article = read_page_file(path)
    with open(path, "rb") as fh:
        raw = fh.read()
    url = article.canonical_url if article.canonical_url and re.match(r"https?://", article.canonical_url) else None
    page = SourceMeta(
        file=path.name, title=article.title, outlet=article.outlet, url=url,
        published=article.published, author=article.author,
    )
    return raw, nfc(article.text), page


def load_corpus(folder: Path) -> Corpus:
    """Read every `.txt` article and saved `.html`/`.htm` page in `folder` with its metadata."""
    from bot.build.clean import clean  # standard library only
    from bot.build.datelines import find_dateline

    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    metas, problems, sources_sha = load_sources(folder / "sources.yml")
    corpus = Corpus(problems=list(problems), sources_sha256=sources_sha)
    candidates = sorted(p for p in folder.iterdir() if is_article_name(p.name))
    files = [p for p in candidates if p.is_file()]
    for path in candidates:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "a broken link" if path.is_symlink() else "not a regular file"
            corpus.problems.append(Problem(path.name, f"skipped: {what}, not an article file"))
    present = {p.name for p in files}
    for file in sorted(set(metas) - present):
        corpus.problems.append(Problem(f"sources.yml ({file})", "lists a file that is not in the folder"))
    ids: dict[str, str] = {}
    for path in files:
        if path.stem in ids:
            corpus.problems.append(Problem(path.name, f"skipped: {ids[path.stem]} has the same name; rename one of them"))
            continue
        page = SourceMeta(file=path.name)
        try:
            if path.suffix.lower() in PAGE_SUFFIXES:
                raw, text, page = _read_page(path)
            else:
                raw = _read_limited(path)
                text = decode_article(raw)
        except (OSError, ValueError) as exc:
            corpus.problems.append(Problem(path.name, f"skipped: {exc}"))
            continue
        if not text.strip():
            corpus.problems.append(Problem(path.name, "skipped: empty file"))
            continue
        ids[path.stem] = path.name
        meta = metas.get(path.name) or SourceMeta(file=path.name)
        body = clean(text).body
        first_line = body[0] if body else next(line.strip() for line in text.splitlines() if line.strip())
        meta = SourceMeta(
            file=path.name,
            title=meta.title or page.title or first_line[:300],
            outlet=meta.outlet or page.outlet,
            url=meta.url or page.url,
            published=meta.published or page.published or find_dateline(text),
            author=meta.author or page.author,
            note=meta.note,
        )
        corpus.articles.append(
            RawArticle(
                id=path.stem,
                file=path.name,
                text=text,
                sha256=hashlib.sha256(raw).hexdigest(),
                meta=meta,
            )
        )
    return corpus

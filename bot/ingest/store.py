"""Where a fetched page lives in the corpus folder: `web_<hash>.html` beside the `.txt` articles.

A page is saved as fetched, not as extracted text, so it can be read again
when extraction improves. Its name is derived from its URL (canonical if the
page names one, else where it was fetched from), so fetching the same
article twice overwrites one file instead of adding a duplicate, and no part
of a URL ever becomes a path: the file cannot land outside the folder.

Pages are written atomically (a temporary file in the same folder, then
`os.replace`), so an index build running at the same time sees the old file
or the new one, never half of one.

The URL a page came from is kept inside the file, as browsers do when they
save a page: a first line `<!-- saved from url=(NNNN)URL -->`, where NNNN is
the URL's length. A page without a canonical link still knows its address.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PAGE_PREFIX = "web_"
PAGE_SUFFIX = ".html"
# The article files a corpus folder may hold: plain text, and pages saved from the web.
ARTICLE_SUFFIXES = (".txt", PAGE_SUFFIX)
_SAVED_FROM = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<!-- saved from url=\((\d{4})\)(.*?) -->")


class StoreError(OSError):
    """A page could not be saved; `str()` names the folder or file."""


def is_article_file(path: Path) -> bool:
    """A `.txt` article or a saved `.html` page (by suffix; whether it reads is another matter)."""
    return path.suffix.lower() in ARTICLE_SUFFIXES


def normalize_url(url: str) -> str:
    """The same address however it was written: scheme and host lower-case, no #fragment, a path."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def page_file_name(url: str) -> str:
    """`web_` + the first 16 hex digits of the SHA-1 of the normalized URL + `.html`."""
    digest = hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:16]  # noqa: S324 - a name, not security
    return f"{PAGE_PREFIX}{digest}{PAGE_SUFFIX}"


def saved_from(html: bytes) -> str | None:
    """The URL recorded in a saved page's first line, or None."""
    match = _SAVED_FROM.match(html[:4200])
    if not match or int(match[1]) != len(match[2]):
        return None
    try:
        return match[2].decode("utf-8")
    except UnicodeDecodeError:
        return None


def save_page(folder: Path, url: str, body: bytes) -> Path:
    """Write `body` (the page as fetched) as the file for `url` in `folder`, replacing any older copy."""
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreError(f"{folder}: corpus folder not found; create it or set the corpus path")
    target = folder / page_file_name(url)
    if target.resolve().parent != folder.resolve():
        raise StoreError(f"{target}: resolves outside the corpus folder {folder}; not written")
    address = normalize_url(url).encode("utf-8")
    header = b"<!-- saved from url=(%04d)%s -->\n" % (len(address), address) if len(address) <= 9999 else b""
    data = body if saved_from(body) else header + body
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise StoreError(f"{target}: could not be written ({exc.strerror or exc})") from exc
    return target

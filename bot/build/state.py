"""What an index was built from: the corpus folder's files by hash, and the fingerprint of code, data and corpus.

A later build compares against this to find an unchanged corpus (nothing to do) or only
new files (an incremental add).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from operator import itemgetter
from pathlib import Path
from typing import Iterable

from bot.build.analysis import PIPELINE_VERSION, code_digest
from bot.build.corpus import (
    MAX_ARTICLE_BYTES,
    MAX_PAGE_BYTES,
    PAGE_SUFFIXES,
    CorpusError,
    is_article_name,
    load_sources,
    name_is_utf8,
    not_an_article_file,
)
from bot.index.reader import connect_ro
from bot.index.reader import meta as read_meta
from bot.index.schema import SCHEMA_VERSION, schema_is_ours


def _file_sha256(path: str, size: int) -> str:
    """The file's sha256, read in chunks; an over-size file (which the build refuses unread) is hashed by
    its size alone, so a 50 GB file costs one stat, not a read."""
    limit = MAX_PAGE_BYTES if path.lower().endswith(PAGE_SUFFIXES) else MAX_ARTICLE_BYTES
    if size > limit:
        return "oversize:%d" % size
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


def scan_folder(folder: Path, known: dict[str, tuple[str, int, int]] | None = None) -> tuple[dict[str, tuple[str, int, int]], str]:
    """The corpus as bytes: (sha256, size, mtime_ns) of every article file by name, and sha256 of
    sources.yml ('' if none). A file whose size and mtime are those `known` recorded keeps its hash
    unread, as git's index does."""
    folder = Path(folder)
    known = known or {}
    files: dict[str, tuple[str, int, int]] = {}
    with os.scandir(folder) as entries:  # the files load_corpus reads, without a Path per file
        found = {e.name: e for e in entries if is_article_name(e.name)}  # .txt and saved pages, not ".txt" itself
    root = folder.resolve()
    # The loop runs once per file of the folder (100,000 at the largest size benchmarked): kept lean.
    for name in sorted(found):
        if not name_is_utf8(name):
            continue  # load_corpus names it as skipped; it cannot be stored as text
        entry = found[name]
        try:
            if entry.is_symlink():
                if not_an_article_file(Path(entry.path), root) is not None:
                    continue  # load_corpus names it as skipped; its target is not part of the corpus
            elif not entry.is_file():
                continue
            st = entry.stat()
            before = known.get(name)
            if before is not None and before[1] == st.st_size and before[2] == st.st_mtime_ns:
                files[name] = before  # the same tuple: a later comparison with `known` finds it unchanged at once
            else:
                files[name] = (_file_sha256(entry.path, st.st_size), st.st_size, st.st_mtime_ns)
        except OSError:
            files[name] = ("", -1, -1)
    return files, _sources_sha(folder)


def _sources_sha(folder: Path) -> str:
    """sha256 of sources.yml ('' if there is none)."""
    sources = Path(folder) / "sources.yml"
    try:
        return hashlib.sha256(sources.read_bytes()).hexdigest() if sources.exists() else ""
    except OSError:
        return "unreadable"



# The code that turns per-article work into an index: a change here rebuilds, reusing the cache.
INDEX_MODULES = (
    "bot.build.pipeline", "bot.build.stream", "bot.build.incremental", "bot.build.records", "bot.build.people",
    "bot.build.grouping", "bot.build.merging",
    "bot.build.state", "bot.build.summary", "bot.build.events", "bot.build.event_dates",
    "bot.index.schema", "bot.index.writer", "bot.shared.roles",
)


def code_version() -> str:
    """The code that turns a corpus into an index besides the per-article pipeline."""
    return code_digest(f"{PIPELINE_VERSION}|{SCHEMA_VERSION}", INDEX_MODULES)


def raw_fingerprint(files: dict[str, tuple[str, int, int]], sources_sha: str) -> str:
    """Everything an index is a function of: the code and data versions and the corpus bytes."""
    head = f"{code_version()}|{sources_sha}"
    # One join and one hash, not one update per file: the same bytes at a fraction of the cost.
    body = "".join([f"\n{name}|{files[name][0]}" for name in sorted(files)])
    return hashlib.sha256((head + body).encode()).hexdigest()



def _listed_files(folder: Path) -> list[str]:

    try:
        metas, _, _ = load_sources(Path(folder) / "sources.yml")
    except CorpusError:
        return []
    return sorted(metas)



def build_state(
    folder: Path, known: dict[str, tuple[str, int, int]] | None = None, changed: Iterable[str] | None = None,
) -> dict:
    """What a later build compares against to find an unchanged corpus or only new files.

    With `changed`, the folder is taken to be `known` but for those file names (added, rewritten or
    removed), which alone are looked at: the persistent file list that lets an add to a folder of
    100,000 files skip scanning it."""
    if changed is None or known is None:
        files, sources_sha = scan_folder(folder, known)
    else:
        files, sources_sha = rescan(folder, known, changed)
    return {"files": files, "sources_sha": sources_sha, "fingerprint": raw_fingerprint(files, sources_sha),
            "listed": _listed_files(folder), "code_version": code_version()}


def rescan(
    folder: Path, known: dict[str, tuple[str, int, int]], names: Iterable[str]
) -> tuple[dict[str, tuple[str, int, int]], str]:
    """`scan_folder`'s answer for a folder that differs from `known` only in these file names, and in
    files that came or went since (a page saved by an add whose build failed): listing the names
    costs little, it is hashing and statting every file that would not."""
    folder = Path(folder)
    files = dict(known)
    root = folder.resolve()
    listed = set(os.listdir(folder))
    # Set differences in C, then the article-name test on the few names that came or went: not on 100,000.
    came = {n for n in listed - known.keys() if is_article_name(n)}
    for name in set(names) | came | (known.keys() - listed):
        files.pop(name, None)
        path = folder / name
        if not is_article_name(name) or not name_is_utf8(name) or not os.path.lexists(path):
            continue
        try:
            if path.is_symlink():
                if not_an_article_file(path, root) is not None:
                    continue
            elif not path.is_file():
                continue
            st = path.stat()
            files[name] = (_file_sha256(str(path), st.st_size), st.st_size, st.st_mtime_ns)
        except OSError:
            files[name] = ("", -1, -1)
    return dict(sorted(files.items())), _sources_sha(folder)



def _previous(out: Path) -> dict | None:
    """What the index at `out` was built from, or None when it cannot be built upon."""
    if not Path(out).exists():
        return None
    try:
        db = connect_ro(out)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION or not schema_is_ours(db):
                return None
            info = read_meta(db)
            if info.get("pipeline") != PIPELINE_VERSION:
                return None
            rows = db.execute("SELECT name, sha256, size, mtime_ns FROM build_files ORDER BY name").fetchall()
            info["files"] = dict(zip(map(itemgetter(0), rows), map(itemgetter(slice(1, 4)), rows)))
            return info
        finally:
            db.close()
    except (sqlite3.DatabaseError, ValueError):
        return None

"""Reading a file with a cap on what it may cost: the size checked before reading, never more in memory."""

from __future__ import annotations

from pathlib import Path


class TooLarge(ValueError):
    """The file is over its limit (or grew past it while being read); `str()` says by how much."""


def size_words(n: int) -> str:
    """"512 bytes", "4 KiB", "1.0 MiB": a size as people read it."""
    if n >= 2**20:
        return f"{n / 2**20:.1f} MiB"
    return f"{n / 2**10:.0f} KiB" if n >= 2**10 else f"{n} bytes"


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, refused unread when its size is over `limit` bytes, and cut off at `limit` + 1
    while reading, since a file may grow after its size was checked. `what` names the limit's purpose
    in the message ("one page", "sources.yml")."""
    size = Path(path).stat().st_size
    if size > limit:
        raise TooLarge(f"{size_words(size)} is larger than the {size_words(limit)} limit for {what}")
    with open(path, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(f"it grew while being read and is larger than the {size_words(limit)} limit for {what}")
    return raw

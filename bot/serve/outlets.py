"""Which of the index's outlets a typed outlet name means ("VnExpress" is "vnexpress.net", "Dân Việt" is "Báo Dân Việt").

The outlets are read once per index generation (a few dozen distinct names) and compared folded.
"""

from __future__ import annotations

import re
import threading

from bot.serve.session import ReadSession
from bot.shared.text import fold


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(name))


def _same_outlet(typed: str, known: str) -> bool:
    """Equal when folded, or one holds the other as whole words; a site's address compares by its name."""
    a, b = _words(typed), _words(known)
    if not a or not b:
        return False
    a_core = _core(typed)
    b_core = _core(known)
    if a_core and a_core == b_core:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


_DOMAIN_ENDS = {"vn", "com", "net", "org", "info", "gov", "edu", "www"}


def _core(name: str) -> str:
    """A name with spaces and a site's address parts taken out: "vnexpress.net" and "VnExpress" are "vnexpress"."""
    words = _words(name)
    if "." in name:
        words = [w for w in words if w not in _DOMAIN_ENDS]
    return "".join(words)


class OutletMatcher:
    def __init__(self, session: ReadSession) -> None:
        self._session = session
        self._lock = threading.Lock()
        self._known: tuple[int, tuple[str, ...]] | None = None

    def known(self) -> tuple[str, ...]:
        """The index's outlets as it spells them, for the pinned generation."""
        generation = self._session.pinned()
        cached = self._known
        if cached is not None and cached[0] == generation:
            return cached[1]
        with self._lock:
            names = tuple(sorted(
                o for (o,) in self._session.db().execute(
                    "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != ''")
            ))
            self._known = (generation, names)
            return names

    def match(self, typed: str) -> tuple[str, ...]:
        """The index's outlets that `typed` names (none: the index has no article from it)."""
        return tuple(o for o in self.known() if _same_outlet(typed, o))

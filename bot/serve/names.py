"""Names to people: exact lookup keys first, else typo-tolerant scores over a trigram map of all keys.

The trigram map is built once per index generation, under the session's lock.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.serve.session import ReadSession
from bot.shared.roles import canonical_role


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


_REPEATS = re.compile(r"(.)\1+")


def transliteration_key(key: str) -> str:
    """A folded name with the letters transliteration varies on made equal: y and i, doubled letters.

    "Kyslytsya" and "Kislitsa", "Zelenskyy" and "Zelenskiy", "Dmitry" and "Dmitri" are one name
    written through different romanisations, and the press uses them all.
    """
    return _REPEATS.sub(r"\1", key.replace("y", "i"))


def _grams(key: str) -> set[str]:
    return _trigrams(key) | _trigrams(transliteration_key(key))


class NameMatcher:
    """Looks a folded name up among the index's people keys; see `match_keys`."""

    def __init__(self, session: ReadSession) -> None:
        self._session = session
        self._fuzzy: tuple[int, list[str], dict[str, array]] | None = None
        self.builds = 0  # how many times the map was built: once per index generation

    def warm(self) -> None:
        """Build the map for the current generation now, so no query pays for it."""
        self._fuzzy_index()

    def _fuzzy_index(self) -> tuple[list[str], dict[str, array]]:
        """Every lookup key, sorted, and for each trigram the positions of the keys that have it."""
        session = self._session
        generation = session.pinned()
        fuzzy = self._fuzzy
        if fuzzy is not None and fuzzy[0] == generation:
            return fuzzy[1], fuzzy[2]
        with session.lock:
            # Threads that waited here while another built the map use that one.
            fuzzy = self._fuzzy
            if fuzzy is not None and fuzzy[0] == generation:
                return fuzzy[1], fuzzy[2]
            self.builds += 1
            key_list = [k for (k,) in session.db().execute("SELECT DISTINCT key FROM actor_keys ORDER BY key")]
            grams: dict[str, array] = {}
            for i, key in enumerate(key_list):
                for g in _grams(key):
                    postings = grams.get(g)
                    if postings is None:
                        grams[g] = postings = array("i")
                    postings.append(i)
            self._fuzzy = (generation, key_list, grams)
            return key_list, grams

    def match_keys(self, key: str) -> list[tuple[float, str]]:
        """(score, key) for index keys near `key`: exact first, else trigram-narrowed fuzzy scores."""
        db = self._session.db()
        for exact in dict.fromkeys((key, canonical_role(key))):
            if db.execute("SELECT 1 FROM actor_keys WHERE key = ? LIMIT 1", (exact,)).fetchone():
                return [(100.0, exact)]
        key_list, grams = self._fuzzy_index()
        counts: Counter = Counter()
        for g in sorted(_grams(key)):
            postings = grams.get(g)
            if postings is not None:
                counts.update(postings)
        # The 60 keys sharing the most trigrams, and any tied with the last of them (at most 200).
        top = counts.most_common(200)
        shortlist = [i for i, c in top if c >= top[min(59, len(top) - 1)][1]] if top else []
        scored = []
        for i in shortlist:
            cand = key_list[i]
            score = fuzz.ratio(key, cand)
            # One or two typing slips in a long enough name are still that name.
            dist = min(
                Levenshtein.distance(key, cand, score_cutoff=2),
                Levenshtein.distance(transliteration_key(key), transliteration_key(cand), score_cutoff=2),
            )
            if dist <= 2 and len(key) >= 5 and len(cand) >= 5:
                score = max(score, 100.0 - 6 * dist)
            elif dist <= 1 and len(key) >= 4:
                score = max(score, 90.0)
            if " " in cand and " " not in key:
                # A single word against a full name: compare with its best word.
                score = max(score, max(fuzz.ratio(key, part) for part in cand.split()) - 8)
            scored.append((score, cand))
        scored.sort(reverse=True)
        return scored[:10]


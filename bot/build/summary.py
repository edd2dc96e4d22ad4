"""Short extractive summaries: the article's own sentences, never generated text."""

from __future__ import annotations

import re

from bot.shared.text import fold_fast

MAX_SENTENCES = 2
MAX_CHARS = 350
_CAPTION = re.compile(r"[-–]\s*Ảnh\s*[:.]|\bẢnh\s*:\s*\w+\s*$|\(Ảnh[^)]*\)\s*$", re.IGNORECASE)


_END = (".", "!", "?", "…", "\"", "”", "»")


def _eligible(sentence: str, title_key: str) -> bool:
    # Captions and headlines rarely end like a sentence; a summary should read as prose.
    if len(sentence) < 40 or _CAPTION.search(sentence) or not sentence.rstrip().endswith(_END):
        return False
    key = fold_fast(sentence)
    if key == title_key or (title_key and key in title_key):
        return False
    # A sentence that is only a quotation says little on its own.
    return not (sentence[:1] in "\"“«" and sentence.rstrip()[-1:] in "\"”»")


def _score(position: int, sentence: str, people: int, dates: int) -> float:
    length = len(sentence)
    fit = 1.0 if 80 <= length <= 240 else 0.5
    return fit + 1.5 / (1 + position) + 0.4 * min(people, 3) + 0.3 * min(dates, 2)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def summarise(
    sentences: list[str],
    title: str,
    people_per_sentence: dict[int, int] | None = None,
    dates_per_sentence: dict[int, int] | None = None,
) -> str:
    """At most two sentences and 350 characters: the lead, plus the most informative other sentence."""
    people_per_sentence = people_per_sentence or {}
    dates_per_sentence = dates_per_sentence or {}
    title_key = fold_fast(title)
    candidates = [(i, s) for i, s in enumerate(sentences) if _eligible(s, title_key)]
    if not candidates:
        fallback = next((s for s in sentences if fold_fast(s) != title_key), title)
        return shorten(fallback, MAX_CHARS)
    lead_i, lead = candidates[0]
    chosen = [(lead_i, lead)]
    rest = sorted(
        candidates[1:12],
        key=lambda c: -_score(c[0], c[1], people_per_sentence.get(c[0], 0), dates_per_sentence.get(c[0], 0)),
    )
    for i, s in rest:
        if len(chosen) >= MAX_SENTENCES:
            break
        if len(lead) + 1 + len(s) <= MAX_CHARS:
            chosen.append((i, s))
    chosen.sort()
    return shorten(" ".join(s for _, s in chosen), MAX_CHARS)

"""The one door to the NLP toolkit: underthesea, loaded on first use, in build workers only.

Nothing outside `bot/build/` imports this module; serving never loads underthesea.
"""

from __future__ import annotations


class Nlp:
    """underthesea, loaded on first use: sentence splitting and, where rules leave a name undecided, NER."""

    def __init__(self) -> None:
        from underthesea import ner, sent_tokenize

        self._ner = ner
        self._sent_tokenize = sent_tokenize

    def sentences(self, paragraph: str) -> list[str]:
        return [s.strip() for s in self._sent_tokenize(paragraph) if s.strip()]

    def ner(self, sentence: str) -> list[tuple[str, str]]:
        return [(tok[0], tok[-1]) for tok in self._ner(sentence)]

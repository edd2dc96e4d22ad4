"""One spelling for roles the press writes several ways, so a question in one finds a role printed in another.

Standard library only: the build adds the canonical form of every role as a lookup key, and a
`who` question is looked up by its canonical form too. Every entry is general vocabulary of
Vietnamese news — synonyms of a title or of a country name — never a person.
"""

from __future__ import annotations

import re

# Folded (no diacritics, lower case) phrase → its canonical folded phrase, longest phrases first.
_SYNONYMS = {
    # "Bộ trưởng Ngoại giao Nga" is "Ngoại trưởng Nga".
    "bo truong ngoai giao": "ngoai truong",
    # "phát ngôn viên", "nữ phát ngôn viên", "người phát ngôn": one title.
    "nu phat ngon vien": "nguoi phat ngon",
    "phat ngon vien": "nguoi phat ngon",
    "phat ngon nhan": "nguoi phat ngon",
    # Countries with two spellings in the press.
    "hoa ky": "my",
    "ukraina": "ukraine",
    "nuoc nga": "nga",
    "lien bang nga": "nga",
    "dien kremlin": "kremlin",
    "nha trang my": "nha trang",
}
_PATTERN = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(_SYNONYMS, key=len, reverse=True)) + r")(?!\w)")


def canonical_role(folded: str) -> str:
    """The canonical spelling of a folded role phrase ("bo truong ngoai giao hoa ky" → "ngoai truong my")."""
    return " ".join(_PATTERN.sub(lambda m: _SYNONYMS[m.group(0)], folded).split())

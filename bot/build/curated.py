"""The curated data per-article work reads: names that are never people, and people's spellings and roles.

`data/gazetteer.yml` lists places, organisations and outlets (never people); `data/actors.yml`
holds spelling variants, roles and tagger fixes a person curated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.shared.text import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Gazetteer:
    """Names that are never people, folded for comparison."""

    non_people: frozenset[str]
    org_words: frozenset[str]
    max_words: int

    @classmethod
    def load(cls, path: Path | None = None) -> "Gazetteer":
        data = yaml.safe_load((path or DATA_DIR / "gazetteer.yml").read_text(encoding="utf-8")) or {}
        names = {fold(n) for key in ("places", "organisations", "outlets") for n in data.get(key) or []}
        curated = load_curated()
        names |= curated.not_people
        return cls(
            non_people=frozenset(names),
            org_words=frozenset(fold(w) for w in data.get("org_words") or []),
            max_words=max((len(n.split()) for n in names), default=1),
        )


@dataclass(frozen=True)
class Curated:
    """`data/actors.yml`: spelling variants and tagger fixes a person curated."""

    aliases: dict[str, str]  # folded variant -> canonical name
    roles: dict[str, list[str]]
    not_people: frozenset[str]


@lru_cache(maxsize=4)
def load_curated(path: Path | None = None) -> Curated:
    path = path or DATA_DIR / "actors.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data or {}
    aliases: dict[str, str] = {}
    roles: dict[str, list[str]] = {}
    for entry in data.get("people") or []:
        name = str(entry["name"]).strip()
        aliases[fold(name)] = name
        for alias in entry.get("aliases") or []:
            aliases[fold(str(alias))] = name
        if entry.get("roles"):
            roles[name] = [str(r) for r in entry["roles"]]
    return Curated(
        aliases=aliases,
        roles=roles,
        not_people=frozenset(fold(str(n)) for n in data.get("not_people") or []),
    )

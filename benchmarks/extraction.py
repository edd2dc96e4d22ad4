"""Extraction accuracy: what an index of a corpus holds, held against a hand-made gold file.

    python -m benchmarks.extraction --corpus ../shared/devpages/articles --gold ../shared/devpages/gold.yml
    python -m benchmarks.extraction --corpus seeds --gold tests/gold/seeds.yml

The index is built by the real command line (`ukraine-bot index`) into a temporary folder and read
back with sqlite3, so the figures are those of what the bot answers from, not of one function.

Two gold shapes are read:
- a list of files (`file`, `published`, `actors` with name/accept/role, `dates` with iso/text,
  `noise` with people/dates that stand only in page chrome);
- a mapping of article id to `published`, `people` with name/aliases/roles, `not_people`,
  `dates` with text/sentence/start/end/precision and `chrome` lines.

Figures: people precision and recall (a gold person is found when an index actor of that article has
a name or alias equal, folded without diacritics, to the gold name or an accepted spelling), roles
matched, dated mentions resolved right (the day and the sentence that carries the gold text), body
dates the gold does not have, publication days right, and chrome taken as body (noise people found,
noise dates found, chrome lines kept as sentences).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.shared.text import fold


@dataclass
class GoldPerson:
    keys: set[str]  # folded name and accepted spellings
    roles: list[str]  # folded roles as printed


@dataclass
class GoldDate:
    start: str
    end: str
    precision: str
    text: str  # folded words of the mention
    sentence: str | None = None  # folded sentence, when the gold has it


@dataclass
class GoldArticle:
    id: str
    published: str | None
    people: list[GoldPerson] = field(default_factory=list)
    dates: list[GoldDate] = field(default_factory=list)
    noise_people: list[str] = field(default_factory=list)  # folded
    noise_dates: list[str] = field(default_factory=list)  # folded
    chrome: list[str] = field(default_factory=list)  # folded lines


def _s(value: object) -> str:
    return "" if value is None else str(value)


def load_gold(path: Path) -> dict[str, GoldArticle]:
    """Either gold shape, as one GoldArticle per article id (the file name without .txt)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, GoldArticle] = {}
    if isinstance(data, list):
        for item in data:
            aid = str(item["file"]).removesuffix(".txt")
            art = GoldArticle(aid, _s(item.get("published")) or None)
            for a in item.get("actors") or []:
                keys = {fold(str(a["name"]))} | {fold(str(x)) for x in a.get("accept") or []}
                art.people.append(GoldPerson(keys, [fold(str(a["role"]))] if a.get("role") else []))
            for d in item.get("dates") or []:
                iso = _s(d["iso"])
                art.dates.append(GoldDate(iso, iso, "day", fold(_s(d.get("text")))))
            noise = item.get("noise") or {}
            art.noise_people = [fold(str(n)) for n in noise.get("people") or []]
            art.noise_dates = [fold(str(n)) for n in noise.get("dates") or []]
            out[aid] = art
        return out
    for aid, item in data.items():
        art = GoldArticle(str(aid), _s(item.get("published")) or None)
        for p in item.get("people") or []:
            keys = {fold(str(p["name"]))} | {fold(str(x)) for x in p.get("aliases") or []}
            art.people.append(GoldPerson(keys, [fold(str(r)) for r in p.get("roles") or []]))
        for d in item.get("dates") or []:
            art.dates.append(GoldDate(_s(d["start"]), _s(d["end"]), _s(d.get("precision") or "day"),
                                      fold(_s(d.get("text"))), fold(_s(d.get("sentence"))) or None))
        art.noise_people = [fold(str(n)) for n in item.get("not_people") or []]
        art.chrome = [fold(str(c)) for c in item.get("chrome") or []]
        out[str(aid)] = art
    return out


@dataclass
class IndexArticle:
    published: str | None
    sentences: list[str]  # folded
    actors: list[tuple[str, set[str]]]  # merged actors naming this article: name, folded keys
    roles: dict[str, list[str]]  # folded name -> folded roles this article gives (pre-merge)
    dates: list[tuple[int, str, str, str, str]]  # sentence, start, end, precision, folded text


def build(corpus: Path, bot: str) -> Path:
    out = Path(tempfile.mkdtemp(prefix="extraction-")) / "index.db"
    subprocess.run([bot, "index", "--seeds", str(corpus), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def read_index(path: Path) -> dict[str, IndexArticle]:
    db = sqlite3.connect(path)
    arts: dict[int, tuple[str, IndexArticle]] = {}
    for rowid, aid, published in db.execute("SELECT rowid, id, published FROM articles"):
        arts[rowid] = (aid, IndexArticle(published, [], [], {}, []))
    for art, _idx, text in db.execute("SELECT article, idx, text FROM sentences ORDER BY article, idx"):
        arts[art][1].sentences.append(fold(text))
    actors = {rowid: (name, {fold(name)} | {fold(a) for a in json.loads(aliases)})
              for rowid, name, aliases in db.execute("SELECT rowid, name, aliases FROM actors")}
    for actor, art in db.execute("SELECT actor, article FROM actor_articles"):
        arts[art][1].actors.append(actors[actor])
    for art, data in db.execute("SELECT article, data FROM article_actors"):
        name, aliases, roles, _ = json.loads(data)
        for key in {name, *aliases}:
            arts[art][1].roles.setdefault(fold(key), []).extend(fold(r) for r in roles)
    for art, s, start, end, precision, text in db.execute(
        "SELECT article, sentence, start, end, precision, text FROM dates"
    ):
        arts[art][1].dates.append((s, start, end, precision, fold(text)))
    db.close()
    return dict(arts.values())


@dataclass
class Tally:
    gold_people: int = 0
    found_people: int = 0
    index_people: int = 0
    right_people: int = 0
    gold_roles: int = 0
    right_roles: int = 0
    gold_dates: int = 0
    right_dates: int = 0
    index_dates: int = 0
    extra_dates: int = 0
    published: int = 0
    published_right: int = 0
    noise_people: int = 0
    noise_dates: int = 0
    chrome_kept: int = 0
    misses: list[str] = field(default_factory=list)


def _role_matches(gold: str, found: list[str]) -> bool:
    return any(gold == r or (len(r.split()) >= 2 and (r in gold or gold in r)) for r in found)


def _date_right(g: GoldDate, art: IndexArticle) -> bool:
    for s, start, end, precision, text in art.dates:
        if (start, end, precision) != (g.start, g.end, g.precision):
            continue
        sentence = art.sentences[s] if s < len(art.sentences) else ""
        if g.sentence is not None:
            if g.sentence == sentence or g.sentence in sentence:
                return True
        elif g.text in sentence or text in g.text:
            return True
    return False


def score(gold: dict[str, GoldArticle], index: dict[str, IndexArticle]) -> Tally:
    t = Tally()
    for aid, g in sorted(gold.items()):
        art = index.get(aid)
        if art is None:
            t.misses.append(f"{aid}: not in the index")
            continue
        if g.published:
            t.published += 1
            if art.published == g.published:
                t.published_right += 1
            else:
                t.misses.append(f"{aid}: published {art.published} want {g.published}")
        for person in g.people:
            t.gold_people += 1
            match = [a for a in art.actors if a[1] & person.keys]
            if match:
                t.found_people += 1
            else:
                t.misses.append(f"{aid}: person missed {sorted(person.keys)[0]}")
            for role in person.roles:
                t.gold_roles += 1
                found = [r for a in match for k in a[1] for r in art.roles.get(k, [])]
                if _role_matches(role, found):
                    t.right_roles += 1
                else:
                    t.misses.append(f"{aid}: role missed {role!r} for {sorted(person.keys)[0]} (has {sorted(set(found))})")
        for name, keys in art.actors:
            t.index_people += 1
            if any(keys & p.keys for p in g.people):
                t.right_people += 1
            elif any(n in keys or fold(name).endswith(n) for n in g.noise_people):
                t.noise_people += 1
                t.misses.append(f"{aid}: chrome person taken {name}")
            else:
                t.misses.append(f"{aid}: not a gold person {name}")
        for d in g.dates:
            t.gold_dates += 1
            if _date_right(d, art):
                t.right_dates += 1
            else:
                t.misses.append(f"{aid}: date missed {d.start} {d.text!r}")
        for s, start, _end, precision, text in art.dates:
            if precision != "day":
                continue
            t.index_dates += 1
            if not any(start == d.start and (d.text in art.sentences[s] or text in d.text) for d in g.dates
                       if d.precision == "day"):
                t.extra_dates += 1
                t.misses.append(f"{aid}: extra date {start} {text!r}")
            if any(text and text in n for n in g.noise_dates):
                t.noise_dates += 1
        t.chrome_kept += sum(1 for line in g.chrome if line in art.sentences)
    return t


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def table(name: str, t: Tally) -> str:
    rows = [
        ("people precision", _ratio(t.right_people, t.index_people)),
        ("people recall", _ratio(t.found_people, t.gold_people)),
        ("roles matched", _ratio(t.right_roles, t.gold_roles)),
        ("dated mentions right", _ratio(t.right_dates, t.gold_dates)),
        ("day dates not in gold", str(t.extra_dates)),
        ("published right", _ratio(t.published_right, t.published)),
        ("chrome people taken", str(t.noise_people)),
        ("chrome dates taken", str(t.noise_dates)),
        ("chrome lines kept", str(t.chrome_kept)),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join([name] + [f"  {k.ljust(width)}  {v}" for k, v in rows])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", required=True, type=Path)
    p.add_argument("--gold", required=True, type=Path)
    p.add_argument("--bot", default=None, help="ukraine-bot executable (default: the venv's, else PATH)")
    p.add_argument("--misses", action="store_true", help="list every miss and extra")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    bot = args.bot or str(Path(sys.executable).with_name("ukraine-bot"))
    if not Path(bot).exists():
        bot = shutil.which("ukraine-bot") or "ukraine-bot"
    path = build(args.corpus, bot)
    try:
        t = score(load_gold(args.gold), read_index(path))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    if args.json:
        data = {k: v for k, v in vars(t).items() if k != "misses"}
        print(json.dumps(data))
    else:
        print(table(str(args.corpus), t))
    if args.misses:
        print("\n".join(t.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

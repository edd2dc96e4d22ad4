"""How well the index reads events: precision and recall against tests/gold/events.yml.

    python -m benchmarks.events                       # seeds/ and the dev pages, if present
    python -m benchmarks.events --corpus DIR ...      # other folders (their files must be in the gold)
    python -m benchmarks.events --examples 20         # more examples of what it gets wrong

Builds an index of each corpus folder in a temporary directory, reads every reported event back
(one per article that reports it) and matches it to the gold of its article: the same action,
the same date (or one of the gold's `alt_dates`), and people who are all among the gold's with
at least two of them in common (one for a one-person event). Names match by surname, spelling
variants allowed. A reported event that matches no gold event but one the gold marks `ignore`
is not scored.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.build.pipeline import build_index
from bot.shared.text import fold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "events.yml"
DEV_PAGES = Path("/work/shared/devpages/articles")
TARGET_PRECISION, TARGET_RECALL = 0.9, 0.7


@dataclass(frozen=True)
class Reported:
    file: str
    action: str
    date: str | None
    people: tuple[str, ...]
    text: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    ignored: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[Reported] = field(default_factory=list)
    missed: list[tuple[str, dict]] = field(default_factory=list)
    by_action: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def _surname(name: str) -> str:
    return fold(name).split()[-1]


def _same_name(a: str, b: str) -> bool:
    return fuzz.ratio(_surname(a), _surname(b)) >= 80


def _people_match(reported: tuple[str, ...], gold: list[str]) -> bool:
    """Every reported person is in the gold, and enough of the gold's people are reported."""
    if not all(any(_same_name(r, g) for g in gold) for r in reported):
        return False
    shared = sum(1 for g in gold if any(_same_name(r, g) for r in reported))
    return shared >= min(2, len(gold))


def _label(value: object) -> str | None:
    return None if value is None else str(value)


def _matches(r: Reported, gold: dict) -> bool:
    dates = {_label(gold.get("date"))} | {_label(d) for d in gold.get("alt_dates") or []}
    return gold["action"] == r.action and r.date in dates and _people_match(r.people, [str(p) for p in gold["people"]])


def _ignored(r: Reported, entry: dict) -> bool:
    people = [str(p) for p in entry["people"]]
    return entry["action"] == r.action and all(any(_same_name(p, g) for g in people) for p in r.people)


def reported_events(index: Path) -> list[Reported]:
    """Every event report in an index: one per article and event."""
    db = sqlite3.connect(index)
    rows = db.execute(
        "SELECT a.file, e.action, e.start, e.precision, e.rowid, s.text FROM event_articles r"
        " JOIN events e ON e.rowid = r.event JOIN articles a ON a.rowid = r.article"
        " JOIN sentences s ON s.article = r.article AND s.idx = r.sentence ORDER BY a.file, r.sentence"
    ).fetchall()
    people: dict[int, list[str]] = {}
    for event, name in db.execute("SELECT event, name FROM event_people ORDER BY name"):
        people.setdefault(event, []).append(name)
    seen: set[tuple] = set()
    out = []
    for file, action, start, precision, event, text in rows:
        date = None if start is None else start[:7] if precision == "month" else start[:4] if precision == "year" else start
        key = (file, event)
        if key not in seen:
            seen.add(key)
            out.append(Reported(file, action, date, tuple(people.get(event, [])), text))
    db.close()
    return out


def score(reported: list[Reported], gold: list[dict]) -> Score:
    by_file = {g["file"]: g for g in gold}
    result = Score()
    files = {r.file for r in reported} | set()
    found: set[tuple[str, int]] = set()
    for r in reported:
        entry = by_file.get(r.file)
        if entry is None:
            continue
        hits = [i for i, g in enumerate(entry["events"]) if _matches(r, g)]
        if hits:
            result.tp += 1
            result.by_action[r.action, "tp"] += 1
            found.update((r.file, i) for i in hits)
        elif any(_ignored(r, x) for x in entry.get("ignore") or []):
            result.ignored += 1
        else:
            result.fp += 1
            result.by_action[r.action, "fp"] += 1
            result.wrong.append(r)
    for entry in gold:
        if entry["file"] not in files and not entry["events"]:
            continue
        for i, g in enumerate(entry["events"]):
            result.gold += 1
            result.by_action[g["action"], "gold"] += 1
            if (entry["file"], i) in found:
                result.found += 1
                result.by_action[g["action"], "found"] += 1
            else:
                result.missed.append((entry["file"], g))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, action="append", help="corpus folder (repeatable)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--examples", type=int, default=10, help="how many errors of each kind to show")
    args = ap.parse_args(argv)
    folders = args.corpus or [ROOT / "seeds"] + ([DEV_PAGES] if DEV_PAGES.is_dir() else [])
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    reported: list[Reported] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, folder in enumerate(folders):
            out = Path(tmp) / f"index{n}.db"
            build_index(folder, out)
            reported += reported_events(out)
    names = {r.file for r in reported} | {f.name for folder in folders for f in folder.glob("*.txt")}
    result = score(reported, [g for g in gold if g["file"] in names])
    print(f"events: precision {result.precision:.2f} ({result.tp}/{result.tp + result.fp}), "
          f"recall {result.recall:.2f} ({result.found}/{result.gold}), {result.ignored} undecided not scored")
    print(f"targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL}")
    actions = sorted({a for a, _ in result.by_action})
    for action in actions:
        c = result.by_action
        print(f"  {action:<18} right {c[action, 'tp']:>3}  wrong {c[action, 'fp']:>3}  "
              f"found {c[action, 'found']:>3}/{c[action, 'gold']:<3}")
    print("\nwrong (reported, matches no gold event):")
    for r in result.wrong[: args.examples]:
        print(f"  {r.file[:3]} {r.action} {r.date} {', '.join(r.people)}\n      « {r.text[:160]} »")
    print("\nmissed (gold, not reported):")
    for file, g in result.missed[: args.examples]:
        print(f"  {file[:3]} {g['action']} {_label(g.get('date'))} {', '.join(map(str, g['people']))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build rate on real text: the dev pages (real Vietnamese news excerpts) repeated to N articles.

Each copy gets a file name of its own and one extra line of nothing but spaces and tabs (its copy
number in binary), so its bytes, and the content hash the build caches per-article work by, differ
from every other copy's, while the text the build reads stays the same: the cleaner drops blank
lines, so every copy has its original's body, people and dates. sources.yml is repeated per copy.

The generated corpus of the same N is built the same way in the same run (`python -m bot index`
in a fresh process, onto no previous index), so the ratio compares the texts, not machines or load.
Repeated pages share one vocabulary, so word-level caches hit more often than on N distinct pages:
the real-text rate is, if anything, a little high.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks.run import _index_cli, ensure_corpus
from bot.build.corpus import TEXT_SUFFIXES

DEV_PAGES = Path("/work/shared/devpages/articles")
# The summary line of `ukraine-bot index`, e.g. "Indexed 26 articles, 41 people, ... (0 reused) → out.db".
_SUMMARY = re.compile(r"Indexed (\d+) articles, (\d+) people.*\((\d+) reused\)")


def copy_marker(copy: int) -> str:
    """A blank line (spaces and tabs) unique to `copy` (>= 1): its number in binary, 0 → space, 1 → tab."""
    return f"{copy:b}".replace("0", " ").replace("1", "\t")


def copy_pages(pages: Path, out: Path, n: int) -> list[Path]:
    """Write `n` copies of the `.txt` pages in `pages` into `out` (emptied first), cycling through them.

    A copy is named `c<copy>_<original name>` and is its original's bytes plus one blank marker line;
    its sources.yml entry, if the original has one, is the original's with the new file name.
    """
    originals = sorted(p for p in pages.iterdir() if p.suffix in TEXT_SUFFIXES and p.stem)
    if not originals:
        raise ValueError(f"{pages}: no .txt pages to copy")
    sources_file = pages / "sources.yml"
    entries = {e["file"]: e for e in yaml.safe_load(sources_file.read_text(encoding="utf-8")) or []} \
        if sources_file.exists() else {}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written: list[Path] = []
    sources: list[dict] = []
    for copy in range(1, n + 1):
        original = originals[(copy - 1) % len(originals)]
        raw = original.read_bytes()
        path = out / f"c{copy:06d}_{original.name}"
        path.write_bytes(raw + (b"" if raw.endswith(b"\n") else b"\n") + copy_marker(copy).encode("ascii") + b"\n")
        written.append(path)
        if original.name in entries:
            sources.append({**entries[original.name], "file": path.name})
    (out / "sources.yml").write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written


@dataclass(frozen=True)
class BuildRun:
    """One fresh `python -m bot index`: how many articles, their mean size, the wall time, the load after."""

    articles: int
    people: int
    mean_kb: float
    seconds: float
    load: float  # the 1-minute load average as it ended: the machine is shared, and this says how much


@dataclass(frozen=True)
class Builds:
    """One corpus built afresh, once or more, in one run."""

    runs: tuple[BuildRun, ...]

    @property
    def rate(self) -> float:
        """Articles per second over all the builds: their articles over their summed wall time."""
        return sum(r.articles for r in self.runs) / sum(r.seconds for r in self.runs)

    @property
    def kb_rate(self) -> float:
        """KB of article text per second: the real pages are shorter than the generated articles."""
        return self.rate * self.runs[0].mean_kb


@dataclass(frozen=True)
class RealTextRate:
    """The dev pages' copies and a generated corpus of the same size, built the same way in one run."""

    real: Builds
    generated: Builds

    @property
    def ratio(self) -> float:
        """Real-text articles/s over generated articles/s (below 1: real pages build slower)."""
        return self.real.rate / self.generated.rate

    def table(self) -> str:
        """A small Markdown table: both corpora side by side, with the ratios."""
        real, gen = self.real, self.generated

        def each(runs: tuple[BuildRun, ...], value) -> str:
            return ", ".join(value(r) for r in runs)

        rows = [
            ("articles/s", f"{real.rate:.1f}", f"{gen.rate:.1f}", f"{self.ratio:.2f}"),
            ("KB of text/s", f"{real.kb_rate:.0f}", f"{gen.kb_rate:.0f}", f"{real.kb_rate / gen.kb_rate:.2f}"),
            ("wall per build (s)", each(real.runs, lambda r: f"{r.seconds:.1f}"),
             each(gen.runs, lambda r: f"{r.seconds:.1f}"), ""),
            ("load average after each build", each(real.runs, lambda r: f"{r.load:.1f}"),
             each(gen.runs, lambda r: f"{r.load:.1f}"), ""),
            ("mean article (KB)", f"{real.runs[0].mean_kb:.1f}", f"{gen.runs[0].mean_kb:.1f}", ""),
            ("people in the index", str(real.runs[0].people), str(gen.runs[0].people), ""),
        ]
        head = (f"| build, {real.runs[0].articles} articles, fresh `python -m bot index` | dev pages, repeated"
                " | generated | ratio real / generated |")
        return "\n".join([head, "|---|---:|---:|---:|", *(f"| {' | '.join(r)} |" for r in rows)])


def build_fresh(corpus: Path, index: Path) -> BuildRun:
    """`python -m bot index` of `corpus` onto no previous index (nothing cached), checked to index every file."""
    from bot.index.cache import cache_path

    # The index and its build cache beside it (`index.cache.db`): either left would make this a re-run.
    for stale in [*index.parent.glob(index.name + "*"), *index.parent.glob(cache_path(index).name + "*")]:
        stale.unlink(missing_ok=True)
    files = [p for p in corpus.iterdir() if p.suffix in TEXT_SUFFIXES]
    seconds, line = _index_cli(corpus, index)
    m = _SUMMARY.search(line)
    if m is None or int(m[1]) != len(files) or int(m[3]) != 0:
        raise RuntimeError(f"{corpus}: expected {len(files)} articles indexed afresh, got: {line}")
    mean_kb = sum(p.stat().st_size for p in files) / len(files) / 1024
    return BuildRun(len(files), int(m[2]), mean_kb, seconds, os.getloadavg()[0])


def measure(work: Path, n: int, seed: int, pages: Path = DEV_PAGES) -> RealTextRate:
    """Build `n` copies of the real pages and `n` generated articles, twice each, each in a fresh process.

    The order is real, generated, generated, real, so a load that rises or falls through the run
    weighs on both corpora alike (other people's work shares the two cores).
    """
    copies = work / f"realtext_{n}"
    copy_pages(pages, copies, n)
    generated_corpus = ensure_corpus(work, n, seed)
    real_index, generated_index = work / f"realtext_{n}.db", work / f"realtext_generated_{n}.db"
    first = build_fresh(copies, real_index)
    generated = Builds((build_fresh(generated_corpus, generated_index), build_fresh(generated_corpus, generated_index)))
    real = Builds((first, build_fresh(copies, real_index)))
    rate = RealTextRate(real, generated)
    print(f"  real text ({n} copies of {pages}): {real.rate:.1f} articles/s"
          f" ({real.runs[0].mean_kb:.1f} KB each, {real.runs[0].people} people); generated: {generated.rate:.1f}"
          f" articles/s ({generated.runs[0].mean_kb:.1f} KB each); ratio {rate.ratio:.2f}"
          f" (per KB of text {real.kb_rate / generated.kb_rate:.2f})", flush=True)
    return rate

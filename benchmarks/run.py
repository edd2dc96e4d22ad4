"""`python -m benchmarks`: build, size, cold start, memory and latency of the bot at several corpus sizes.

For every N it generates a synthetic corpus (benchmarks/generate.py), indexes it, and measures:

- build: the real pipeline (bot.build.build_index: clean → sentences → actors/NER → dates → summary →
  write) for N <= --real-build-max; larger N are written straight from the generator's annotations
  through the same streamed cross-article pass and IndexWriter (bot.build.write_streamed), and that is labelled;
- build through the CLI: a full build from nothing by `python -m bot index --workers 1` and `--workers 2`
  in a fresh process (real pipeline only): wall time, their ratio, and the peak RSS of the whole process
  tree (sampled every 50 ms) and of the parent alone;
- index size on disk;
- cold start: a fresh `python -m bot ask --json --index … "who …"` process, start to answer;
- RSS of a serving process after the query mix (benchmarks/serve.py queries);
- p50/p99 in-process latency of who / on / search over a mix of exact, typo, no-diacritics, role
  and no-match queries, beside baselines measured in the same run (benchmarks/baselines.py: a naive fuzzy
  scan, one indexed row fetch, 16 concurrent typo queries on a fresh engine and on a warm one);
- the HTTP Slack path: signed slash command → ack, against waitress serving bot.app.make_wsgi with
  the FakeSlackAPI as Web API, and the same stack with a listener that only acks, as baseline;
- incremental: re-running on the unchanged corpus, and adding one article;
- once per run, the build rate on real text (benchmarks/realtext.py: the dev pages repeated to --realtext N)
  beside a generated corpus of the same N, both through `python -m bot index` in a fresh process.

Results print as a table; --write-results also writes benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from benchmarks.baselines import Baselines

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(q / 100 * (len(s) - 1)))))
    return s[k]


@dataclass
class Result:
    n: int
    build_mode: str = ""
    build_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    size_mb: float = 0.0
    cold_start: dict[str, float] = field(default_factory=dict)
    rss_mb: float = 0.0
    hwm_mb: float = 0.0
    latency: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # intent -> (p50, p99, n) ms
    by_kind: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    baselines: Baselines | None = None  # benchmarks/baselines.py, beside by_kind's who/typo and who/exact
    http: dict[str, tuple[float, float]] = field(default_factory=dict)  # real/noop -> (p50, p99) ms
    rerun_seconds: float = float("nan")
    add_one_seconds: float = float("nan")
    add_one_mode: str = ""
    add_cases: dict[str, tuple[float, str]] = field(default_factory=dict)  # change -> (CLI seconds, in place?)
    # The same changes with the page cache dropped first (only where this process may drop it): change -> seconds.
    add_cases_cold: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # A full build through `python -m bot index --workers N` in a fresh process (real pipeline only):
    # N -> (wall seconds, peak RSS of the process tree MB, peak RSS of the parent process MB).
    cli_build: dict[int, tuple[float, float, float]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- corpus


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    from benchmarks.generate import generate

    folder = work / f"corpus_{n}_s{seed}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    t = time.perf_counter()
    for _ in generate(n, seed, folder):
        pass
    marker.write_text("ok")
    print(f"  generated {n} articles in {time.perf_counter() - t:.1f} s → {folder}", flush=True)
    return folder


def build(corpus: Path, out: Path, n: int, seed: int, real: bool, workers: int | None, res: Result) -> None:
    from bot.build.pipeline import build_index, write_streamed
    from bot.index.cache import cache_path

    for stale in (out, cache_path(out)):  # a build cache left beside it would make the build a re-run
        stale.unlink(missing_ok=True)
    t = time.perf_counter()
    if real:
        report = build_index(corpus, out, workers=workers)
        res.build_mode = "real pipeline"
        res.build_seconds = report.seconds
        res.stage_seconds = dict(report.stage_seconds)
        assert not report.problems, report.problems[:3]
        for w in (1, 2):
            res.cli_build[w] = cli_build(corpus, out.with_name(f"{out.stem}.w{w}{out.suffix}"), w)
            print(f"  build through the CLI, --workers {w}: {res.cli_build[w][0]:.1f} s,"
                  f" peak RSS {res.cli_build[w][1]:.0f} MB (process tree), {res.cli_build[w][2]:.0f} MB (parent)",
                  flush=True)
    else:
        from benchmarks.generate import generate
        from bot.build.corpus import RawArticle, SourceMeta
        from bot.build.state import build_state

        def annotated():
            for a in generate(n, seed):
                # What load_corpus reads from the file (tests/benchmarks checks the two agree).
                raw = a.text.encode("utf-8")
                yield (RawArticle(Path(a.file).stem, a.file, a.text, hashlib.sha256(raw).hexdigest(),
                                  SourceMeta(a.file, title=a.title, published=a.published)), a.payload())

        t_state = time.perf_counter()
        state = build_state(corpus)
        scan_s = time.perf_counter() - t_state
        # Generated one article at a time and streamed: only the cross-article pass's own data is held.
        _, _, stages = write_streamed(annotated(), out, [], state)
        res.build_mode = "from annotations (no NLP)"
        res.build_seconds = time.perf_counter() - t
        # Articles are generated and their own rows written together, before the cross-article pass.
        res.stage_seconds = {"scan": scan_s, "annotate+rows": res.build_seconds - scan_s - sum(stages.values()),
                             **stages}
    print(f"  build ({res.build_mode}): {res.build_seconds:.1f} s, {n / res.build_seconds:.1f} articles/s;"
          f" stages {json.dumps({k: round(v, 2) for k, v in res.stage_seconds.items()})}", flush=True)


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(summed, largest) resident set of `root` and every process descending from it, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total = largest = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as fh:
                rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
        total += rss
        largest = rss if pid == root else largest
    return total, largest


def cli_build(corpus: Path, out: Path, workers: int) -> tuple[float, float, float]:
    """A full build from nothing by `python -m bot index --workers N` in a fresh process: (wall seconds,
    peak RSS of the whole process tree in MB, sampled every 50 ms, and peak RSS of the parent alone)."""
    from bot.index.cache import cache_path

    for stale in (out, cache_path(out)):
        stale.unlink(missing_ok=True)
    t = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "bot", "index", "--seeds", str(corpus), "--out", str(out),
                             "--workers", str(workers)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    peak = parent = 0
    while proc.poll() is None:
        total, own = _tree_rss_kb(proc.pid)
        peak, parent = max(peak, total), max(parent, own)
        time.sleep(0.05)
    took = time.perf_counter() - t
    _, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise RuntimeError(err[-2000:])
    for stale in (out, cache_path(out)):
        stale.unlink(missing_ok=True)
    return took, peak / 1024, parent / 1024


# ---------------------------------------------------------------------------------------------- queries


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word + rng.choice("aeio")
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        return word[:i] + word[i + 1 :]  # deletion
    if op < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]  # substitution


def query_mix(index: Path, seed: int = 11, per_kind: int = 40) -> list[tuple[str, str, str]]:
    """(intent, kind, query) triples drawn from what the index holds."""
    import sqlite3

    from bot.shared.text import fold

    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    n_actors = db.execute("SELECT count(*) FROM actors").fetchone()[0]
    top = [r[0] for r in db.execute("SELECT name FROM actors ORDER BY n_articles DESC LIMIT 20")]
    ids = [rng.randint(1, n_actors) for _ in range(per_kind * 3)]
    names = [r[0] for r in db.execute(
        f"SELECT name FROM actors WHERE rowid IN ({','.join(map(str, ids))}) AND name LIKE '% %'")]
    names = (names + top)[: per_kind * 2]
    rng.shuffle(names)
    roles = sorted({json.loads(r)[0] for (r,) in db.execute(
        "SELECT roles FROM actors WHERE roles != '[]' ORDER BY n_articles DESC LIMIT 300")})
    days = [r[0] for r in db.execute(
        "SELECT start FROM dates WHERE precision = 'day' AND rowid % 97 = 0 LIMIT 400")] or ["2022-01-21"]
    db.close()
    q: list[tuple[str, str, str]] = []
    for i in range(per_kind):
        name = names[i % len(names)]
        q.append(("who", "exact", f"who {name}"))
        q.append(("who", "surname", f"ai là {name.split()[-1]}"))
        q.append(("who", "typo", f"who {_typo(name.split()[-1], rng)}"))
        q.append(("who", "no-diacritics", f"ai la {fold(rng.choice(roles))}"))
        q.append(("who", "role", f"who {rng.choice(roles)}"))
        q.append(("who", "no-match", f"who {rng.choice(['Zqwxv Plorbnik', 'Xyzzy Quuxley', 'Grzmot Vbnak'])}{i}"))
        d = rng.choice(days)
        y, m, dd = d.split("-")
        q.append(("on", "day", f"on {d}"))
        q.append(("on", "day-vi", f"ngày {int(dd)}/{int(m)}/{y}"))
        q.append(("on", "month", f"tháng {int(m)}/{y}"))
        q.append(("on", "year", f"on {y}"))
        q.append(("on", "no-match", f"on 19{rng.randint(10, 80)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"))
        topic = rng.choice(["đàm phán hòa bình", "vũ khí hạt nhân", "an ninh châu Âu", "viện trợ quân sự",
                            "lệnh trừng phạt", "hành lang ngũ cốc", "hạ nhiệt căng thẳng"])
        q.append(("search", "exact", topic))
        q.append(("search", "no-diacritics", fold(topic)))
        q.append(("search", "typo", " ".join(_typo(w, rng) if len(w) > 3 else w for w in topic.split())))
        q.append(("search", "name", f"{name.split()[-1]} {rng.choice(['Genève', 'Istanbul', 'Minsk'])}"))
        q.append(("search", "no-match", f"xyzzyq{i} plorbnik"))
    return q


def latency(index: Path, mix: list[tuple[str, str, str]], res: Result, rounds: int = 3) -> None:
    from bot.serve.engine import Engine

    engine = Engine(index)
    for _, _, text in mix:  # warm: page cache and the lazily built trigram map
        engine.answer(text)
    per_intent: dict[str, list[float]] = {}
    per_kind: dict[str, list[float]] = {}
    for _ in range(rounds):
        for intent, kind, text in mix:
            t = time.perf_counter()
            engine.answer(text)
            ms = (time.perf_counter() - t) * 1000
            per_intent.setdefault(intent, []).append(ms)
            per_kind.setdefault(f"{intent}/{kind}", []).append(ms)
    res.latency = {k: (pct(v, 50), pct(v, 99), len(v)) for k, v in per_intent.items()}
    res.by_kind = {k: (pct(v, 50), pct(v, 99), len(v)) for k, v in per_kind.items()}
    print("  latency ms " + ", ".join(f"{k} p50 {a:.2f} p99 {b:.2f}" for k, (a, b, _) in res.latency.items()),
          flush=True)


def cold_start(index: Path, mix: list[tuple[str, str, str]], res: Result, runs: int = 5) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    exact = next(t for i, k, t in mix if k == "exact" and i == "who")
    typo = next(t for i, k, t in mix if k == "typo" and i == "who")
    for label, query in (("who exact", exact), ("who typo", typo), ("on day", next(t for i, k, t in mix if k == "day"))):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            out = subprocess.run([PY, "-m", "bot", "ask", "--json", "--index", str(index), query],
                                 cwd=ROOT, env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
        res.cold_start[label] = statistics.median(times)
    # The serving process, after the whole query mix.
    proc = subprocess.run([PY, "-m", "benchmarks.serve", "queries", str(index)], cwd=ROOT, env=env,
                          input="\n".join(t for _, _, t in mix) + "\n", capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    res.rss_mb = info["rss_kb"] / 1024
    res.hwm_mb = info["hwm_kb"] / 1024
    print("  cold start s " + ", ".join(f"{k} {v:.2f}" for k, v in res.cold_start.items())
          + f"; RSS after {info['answers']} answers {res.rss_mb:.0f} MB (peak {res.hwm_mb:.0f} MB)", flush=True)


HTTP_GAPS = {"paced": 0.2, "back-to-back": 0.02}  # seconds between one ack and the next command


def http(index: Path, mix: list[tuple[str, str, str]], res: Result, requests: int = 150) -> None:
    """Signed slash commands → ack, sequentially. "paced": each command's answer is done before the next
    (0.2 s apart); "back-to-back": 20 ms apart, so the previous answer is still being built and posted."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.serve import SECRET
    from tests.fakes.http_client import post_slash_command
    from tests.fakes.payloads import slash_command_payload

    queries = [t for _, _, t in mix]
    for mode in ("noop", "real"):
        proc = subprocess.Popen([PY, "-m", "benchmarks.serve", "http", str(index), mode], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            if not line.startswith("PORT"):
                raise RuntimeError(f"serve.py did not start: {line!r}")
            url = f"http://127.0.0.1:{int(line.split()[1])}/slack/events"
            for pacing, gap in HTTP_GAPS.items():
                times = []
                for i in range(requests + 10):
                    r = post_slash_command(url, SECRET, slash_command_payload(queries[i % len(queries)]))
                    if r.status != 200:
                        raise RuntimeError(f"{mode}: HTTP {r.status} {r.body[:200]}")
                    if i >= 10:
                        times.append(r.elapsed * 1000)
                    time.sleep(gap)
                res.http[f"{mode} {pacing}"] = (pct(times, 50), pct(times, 99))
        finally:
            proc.terminate()
            proc.wait(10)
    for pacing in HTTP_GAPS:
        real, noop = res.http[f"real {pacing}"], res.http[f"noop {pacing}"]
        print(f"  HTTP ack ms ({pacing}): ukraine-bot p50 {real[0]:.2f} p99 {real[1]:.2f}; no-op Bolt p50"
              f" {noop[0]:.2f} p99 {noop[1]:.2f}; p99 ratio {real[1] / noop[1]:.2f}", flush=True)


def _index_cli(corpus: Path, index: Path) -> tuple[float, str]:
    """`python -m bot index` in a fresh process, as an operator runs it: seconds, start to exit."""
    t = time.perf_counter()
    out = subprocess.run([PY, "-m", "bot", "index", "--seeds", str(corpus), "--out", str(index)], cwd=ROOT,
                         capture_output=True, text=True)
    took = time.perf_counter() - t
    if out.returncode not in (0, 1):
        raise RuntimeError(out.stderr[-2000:])
    return took, out.stdout.strip()


ADD_CASES = ("next generated article", "new person", "new role, most-named person", "sorts first", "rewrite one",
             "remove one")
WEB_ADD = "a web page, through `ukraine-bot add`"


def _page_html(title: str, body: str) -> bytes:
    """The next generated article as a news site would serve it."""
    from html import escape

    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="2026-12-02T08:00:00+07:00"></head>'
            f"<body><article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>").encode("utf-8")


def _web_add(corpus: Path, index: Path, page: bytes) -> tuple[float, str]:
    """`python -m bot add URL` for one page served from loopback, as an operator adds a link: seconds,
    start to exit. The page it saves is removed afterwards."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = set(os.listdir(corpus))
    try:
        url = f"http://127.0.0.1:{server.server_port}/the-gioi/bai-moi.html"
        t = time.perf_counter()
        out = subprocess.run([PY, "-m", "bot", "add", url, "--allow-private", "--seeds", str(corpus), "--out", str(index)],
                             cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - t
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        return took, out.stdout.strip().splitlines()[-1]
    finally:
        server.shutdown()
        server.server_close()
        for name in set(os.listdir(corpus)) - before:
            (corpus / name).unlink()


def _changes(corpus: Path, index: Path, n: int, seed: int) -> dict[str, Callable[[], Callable[[], None]]]:
    """Each kind of change an operator makes, as (apply → undo): the next article the generator makes, one naming
    someone new, one giving the most-named person a role new to them, one that sorts before every
    other file, an article rewritten, an article removed."""
    import sqlite3

    from benchmarks.generate import generate

    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    top = db.execute("SELECT name FROM actors ORDER BY n_articles DESC LIMIT 1").fetchone()[0]
    db.close()
    files = sorted(p.name for p in corpus.glob("*.txt"))
    dateline = "Minh Anh | 02/12/2026, 08:00\n\n"

    def write(name: str, text: str) -> Callable[[], None]:
        path = corpus / name
        before = path.read_bytes() if path.exists() else None
        path.write_text(text, encoding="utf-8")
        return lambda: path.write_bytes(before) if before is not None else path.unlink()

    def remove(name: str) -> Callable[[], None]:
        path = corpus / name
        before = path.read_bytes()
        path.unlink()
        return lambda: path.write_bytes(before)

    extra = next(generate(1, seed, start=n))
    middle = files[len(files) // 2]
    return {
        "next generated article": lambda: write(extra.file, extra.text),
        "new person": lambda: write("zz_new_person.txt", "Đặc phái viên mới tới Kyiv\n" + dateline
                                    + "Đặc phái viên Liên hợp quốc Torvald Quennerstedt đã tới Kyiv ngày 1/12/2026."
                                    " Ông Quennerstedt nói các bên cần sớm trở lại bàn đàm phán.\n"),
        "new role, most-named person": lambda: write("zz_new_role.txt", "Vai trò mới\n" + dateline
                                                     + f"Đặc phái viên hòa bình của Liên minh châu Âu {top} cho biết"
                                                     " các cuộc gặp sẽ tiếp tục vào tuần tới.\n"),
        "sorts first": lambda: write("000_first.txt", extra.text),
        "rewrite one": lambda: write(middle, extra.text),
        "remove one": lambda: remove(middle),
    }


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def can_drop_page_cache() -> bool:
    """Whether this process may empty the kernel's page cache (Linux, as root)."""
    return DROP_CACHES.exists() and os.access(DROP_CACHES, os.W_OK)


def drop_page_cache() -> None:
    """Write dirty pages out, then drop every clean page: the next read of any file comes from the disk."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def incremental(corpus: Path, index: Path, n: int, seed: int, res: Result) -> None:
    """An unchanged re-run, then each kind of change (`ADD_CASES`) on a fresh copy of the index, through the CLI."""
    from bot.index.cache import cache_path

    work = index.with_name(index.stem + ".incr.db")

    def fresh_copy() -> None:
        shutil.copyfile(index, work)
        # The build cache lives beside the index: an add on a copy needs the copy's cache too.
        if cache_path(index).exists():
            shutil.copyfile(cache_path(index), cache_path(work))
        # A copy leaves gigabytes of dirty pages: the add's first commit would wait for them to reach the
        # disk, a cost an operator's index, written long before, does not carry.
        os.sync()

    fresh_copy()
    try:
        res.rerun_seconds, line = _index_cli(corpus, work)
        if f"({n} reused)" not in line:
            res.notes.append(f"N={n}: unchanged re-run: {line}")
        cold = can_drop_page_cache()
        for case, make in _changes(corpus, index, n, seed).items():
            undo = make()
            try:
                inode = work.stat().st_ino
                took, line = _index_cli(corpus, work)
                # The incremental path updates the index file in place; a rewrite renames a new file over it.
                mode = "in place" if work.stat().st_ino == inode else "full rewrite"
                res.add_cases[case] = (took, mode)
                res.notes.append(f"N={n}: {case}: {line}")
                print(f"  {case}: {took:.2f} s ({mode})", flush=True)
                if cold:  # again from a fresh copy, with nothing of the index, corpus or code in memory
                    fresh_copy()
                    drop_page_cache()
                    res.add_cases_cold[case], _ = _index_cli(corpus, work)
                    print(f"  {case}, cold page cache: {res.add_cases_cold[case]:.2f} s", flush=True)
            finally:
                undo()
                fresh_copy()
        from benchmarks.generate import generate

        extra = next(generate(1, seed, start=n))
        title, _, body = extra.text.partition("\n")
        page = _page_html(title, body)
        inode = work.stat().st_ino
        took, line = _web_add(corpus, work, page)
        res.add_cases[WEB_ADD] = (took, "in place" if work.stat().st_ino == inode else "full rewrite")
        res.notes.append(f"N={n}: {WEB_ADD}: {line}")
        print(f"  {WEB_ADD}: {took:.2f} s ({res.add_cases[WEB_ADD][1]})", flush=True)
        if cold:
            fresh_copy()
            drop_page_cache()
            res.add_cases_cold[WEB_ADD], _ = _web_add(corpus, work, page)
            print(f"  {WEB_ADD}, cold page cache: {res.add_cases_cold[WEB_ADD]:.2f} s", flush=True)
        fresh_copy()
    finally:
        work.unlink(missing_ok=True)
        cache_path(work).unlink(missing_ok=True)
    res.add_one_seconds, res.add_one_mode = res.add_cases.get("next generated article", (float("nan"), ""))
    print(f"  re-run unchanged {res.rerun_seconds:.2f} s", flush=True)


# ---------------------------------------------------------------------------------------------- table


def fmt_n(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def table(results: list[Result]) -> str:
    cols = [fmt_n(r.n) for r in results]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, f) -> None:
        rows.append((label, [f(r) for r in results]))

    row("build mode", lambda r: r.build_mode)
    row("build: whole (articles/s, wall)", lambda r: f"{r.n / r.build_seconds:.1f} ({r.build_seconds:.0f} s)")
    for stage in ("clean", "sentences", "actors", "dates", "merge", "write"):
        row(f"  {stage} (articles/s{', per core' if stage in ('clean', 'sentences', 'actors', 'dates') else ''})",
            lambda r, s=stage: f"{r.n / r.stage_seconds[s]:.0f}" if r.stage_seconds.get(s) else "–")
    for w in (1, 2):
        row(f"build via CLI, --workers {w} (s; peak RSS tree / parent)",
            lambda r, w=w: f"{r.cli_build[w][0]:.0f} s; {r.cli_build[w][1]:.0f} / {r.cli_build[w][2]:.0f} MB"
            if w in r.cli_build else "–")
    row("build via CLI, --workers 2 / --workers 1 (wall)",
        lambda r: f"{r.cli_build[2][0] / r.cli_build[1][0]:.2f}" if len(r.cli_build) == 2 else "–")
    row("index size on disk", lambda r: f"{r.size_mb:.0f} MB")
    for k in ("who exact", "who typo", "on day"):
        row(f"cold start, {k} (s)", lambda r, k=k: f"{r.cold_start.get(k, float('nan')):.2f}")
    row("RSS serving after query mix", lambda r: f"{r.rss_mb:.0f} MB")
    for intent in ("who", "on", "search"):
        row(f"{intent} p50 / p99 (ms, in-process)",
            lambda r, i=intent: f"{r.latency[i][0]:.2f} / {r.latency[i][1]:.2f}" if i in r.latency else "–")
    from benchmarks.baselines import ROWS, cells

    for n, label in enumerate(ROWS):
        row(label, lambda r, n=n: cells(r.by_kind, r.baselines)[n] if r.baselines else "–")
    for pacing in HTTP_GAPS:
        for who, label in (("real", "bot"), ("noop", "no-op Bolt")):
            row(f"HTTP ack p50 / p99 (ms), {pacing}: {label}",
                lambda r, k=f"{who} {pacing}": f"{r.http[k][0]:.1f} / {r.http[k][1]:.1f}" if k in r.http else "–")
        row(f"HTTP ack p99 ratio bot / no-op, {pacing}",
            lambda r, p=pacing: f"{r.http['real ' + p][1] / r.http['noop ' + p][1]:.2f}" if r.http else "–")
    row("re-run, unchanged corpus (s)", lambda r: f"{r.rerun_seconds:.2f}")
    for case in (*ADD_CASES, WEB_ADD):
        row(f"change: {case} (s, CLI)",
            lambda r, c=case: f"{r.add_cases[c][0]:.2f} ({r.add_cases[c][1]})" if c in r.add_cases else "–")
    if any(r.add_cases_cold for r in results):
        for case in (*ADD_CASES, WEB_ADD):
            row(f"change: {case}, page cache dropped (s, CLI)",
                lambda r, c=case: f"{r.add_cases_cold[c]:.2f}" if c in r.add_cases_cold else "–")
    width = max(len(label) for label, _ in rows)
    widths = [max(len(c), *(len(v[i]) for _, v in rows)) for i, c in enumerate(cols)]
    lines = ["| " + "metric".ljust(width) + " | " + " | ".join(c.rjust(w) for c, w in zip(cols, widths)) + " |",
             "|" + "-" * (width + 2) + "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    for label, vals in rows:
        lines.append("| " + label.ljust(width) + " | " + " | ".join(v.rjust(w) for v, w in zip(vals, widths)) + " |")
    return "\n".join(lines)


def kind_table(results: list[Result]) -> str:
    kinds = sorted({k for r in results for k in r.by_kind})
    lines = ["| query kind | " + " | ".join(f"{fmt_n(r.n)} p50 / p99 ms" for r in results) + " |",
             "|---|" + "---:|" * len(results)]
    for k in kinds:
        lines.append(f"| {k} | " + " | ".join(
            f"{r.by_kind[k][0]:.2f} / {r.by_kind[k][1]:.2f}" if k in r.by_kind else "–" for r in results) + " |")
    return "\n".join(lines)


def machine() -> str:
    mem = next((int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, {mem / 2**20:.0f} GB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}, SQLite {__import__('sqlite3').sqlite_version}; "
            f"load average at the end {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Benchmark build and serving.")
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="sizes 200,1000 and fewer repetitions (~2 min)")
    parser.add_argument("--real-build-max", type=int, default=10_000,
                        help="largest N built with the real NLP pipeline; larger ones are written from annotations")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None, help="build worker processes (default: cores)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ukraine-bot-bench")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--write-results", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument("--realtext", type=int, default=None, metavar="N",
                        help="copies of the dev pages to build beside N generated articles (default 2000,"
                             " 1000 with --quick; 0: skip)")
    parser.add_argument("--devpages", type=Path, default=None, help="the real pages to copy (.txt, sources.yml)")
    args = parser.parse_args(argv)
    if args.realtext is not None and args.realtext < 0:
        parser.error(f"--realtext must be 0 (skip) or a number of copies, not {args.realtext}")
    sizes = [200, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    per_kind = 15 if args.quick else 40
    args.work.mkdir(parents=True, exist_ok=True)
    from benchmarks.baselines import measure as measure_baselines
    from benchmarks.realtext import DEV_PAGES, RealTextRate
    from benchmarks.realtext import measure as measure_realtext

    started = time.perf_counter()
    results = []
    for n in sizes:
        print(f"N = {n}", flush=True)
        res = Result(n)
        corpus = ensure_corpus(args.work, n, args.seed)
        index = args.work / f"index_{n}_s{args.seed}.db"
        build(corpus, index, n, args.seed, n <= args.real_build_max, args.workers, res)
        res.size_mb = index.stat().st_size / 2**20
        mix = query_mix(index, per_kind=per_kind)
        latency(index, mix, res, rounds=2 if args.quick else 3)
        res.baselines = measure_baselines(index, mix, rounds=2 if args.quick else 3)
        cold_start(index, mix, res, runs=3 if args.quick else 5)
        if not args.skip_http:
            http(index, mix, res, requests=60 if args.quick else 150)
        incremental(corpus, index, n, args.seed, res)
        results.append(res)
    realtext: RealTextRate | None = None
    n_real = args.realtext if args.realtext is not None else 1000 if args.quick else 2000
    if n_real > 0 and (args.devpages or DEV_PAGES).is_dir():
        print(f"real text, N = {n_real}", flush=True)
        realtext = measure_realtext(args.work, n_real, args.seed, args.devpages or DEV_PAGES)
    elif n_real > 0:
        print(f"real text: skipped, no folder {args.devpages or DEV_PAGES} (give --devpages)", flush=True)
    total = time.perf_counter() - started
    out = table(results) + (f"\n\nReal text beside generated, the same N, this run:\n\n{realtext.table()}"
                            if realtext else "")
    print()
    print(out)
    print()
    print(kind_table(results))
    print(f"\ntotal {total / 60:.1f} min; {machine()}")
    for r in results:
        for note in r.notes:
            print("note:", note)
    if args.write_results:
        cmd = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        write_results(results, out, kind_table(results), cmd, total)
    return 0


KEPT_FROM = "## How to read this"


def write_results(results: list[Result], main_table: str, kinds: str, cmd: str, total: float) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    notes = "\n".join(f"- {n}" for r in results for n in r.notes)
    text = f"""# Benchmark results

Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
Machine: {machine()}
Command: `{cmd.strip()}` (total {total / 60:.1f} min)

{main_table}

Per query kind (in-process):

{kinds}

{notes}
"""
    # The written-up sections (how to read the table, targets) are kept for a person to update.
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = previous.find(KEPT_FROM)
    if kept >= 0:
        text += "\n" + previous[kept:]
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())

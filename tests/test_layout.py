"""The layout holds the data flow: the serving side never reaches the build side, and no sub-package cycles.

Read statically (imports inside functions included), so a lazy import cannot hide a leak.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVING = ("bot/serve", "bot/render", "bot/slack", "bot/alerts", "bot/state", "handlers", "bot/app.py", "bot/console.py")
BUILD_ONLY = ("bot.build", "bot.ingest", "underthesea", "trafilatura", "feedparser", "distributed")
SUBPACKAGES = (
    "bot.shared", "bot.ingest", "bot.build", "bot.index", "bot.state", "bot.serve", "bot.render", "bot.alerts",
    "bot.slack", "handlers",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports anywhere in its body, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def sources(*places: str) -> list[Path]:
    """The Python files of these folders (recursively) and files."""
    found: list[Path] = []
    for place in places:
        path = ROOT / place
        found.extend([path] if path.is_file() else path.rglob("*.py"))
    return sorted(found)


def subpackage(module: str) -> str | None:
    return next((p for p in SUBPACKAGES if module == p or module.startswith(p + ".")), None)


@pytest.mark.parametrize("path", sources(*SERVING), ids=lambda p: str(p.relative_to(ROOT)))
def test_serving_modules_never_import_the_build_side_or_the_nlp_toolkit(path):
    leaks = sorted(m for m in imports_of(path) if any(m == b or m.startswith(b + ".") for b in BUILD_ONLY))
    assert leaks == [], f"{path.relative_to(ROOT)} imports {leaks}"


def test_only_the_cli_joins_the_build_side_and_the_serving_side():
    joiners: list[str] = []
    for path in sources("bot"):
        if module_name(path).startswith("bot.build"):
            continue
        if any(m.startswith("bot.build") for m in imports_of(path)):
            joiners.append(module_name(path))
    assert joiners and all(j == "bot.cli" or j.startswith("bot.cli.") for j in joiners), joiners


def test_only_one_module_imports_underthesea():
    importers = [module_name(p) for p in sources("bot", "handlers") if any(m.split(".")[0] == "underthesea" for m in imports_of(p))]
    assert importers == ["bot.build.nlp"]


def test_the_index_state_and_shared_packages_know_nothing_above_them():
    for path in sources("bot/index", "bot/shared", "bot/state"):
        above = sorted(m for m in imports_of(path) if subpackage(m) not in (None, "bot.index", "bot.shared", "bot.state"))
        assert above == [], f"{path.relative_to(ROOT)} imports {above}"


def test_the_sub_packages_import_each_other_without_cycles():
    edges: dict[str, set[str]] = {p: set() for p in SUBPACKAGES}
    for path in sources("bot", "handlers"):
        source = subpackage(module_name(path))
        if source is None:
            continue
        for m in imports_of(path):
            target = subpackage(m)
            if target and target != source:
                edges[source].add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges[start])

    cycles = sorted(p for p in SUBPACKAGES if reaches(p, p, set()))
    assert cycles == [], {p: sorted(edges[p]) for p in cycles}


def test_the_static_reader_sees_an_import_inside_a_function(tmp_path):
    """The check above would be blind if it missed lazy imports: hold the reader to it."""
    sample = ROOT / "bot" / "serve" / "_layout_probe.py"
    sample.write_text("def f():\n    from bot.build import nlp\n    return nlp\n", encoding="utf-8")
    try:
        assert "bot.build.nlp" in imports_of(sample)
    finally:
        sample.unlink()

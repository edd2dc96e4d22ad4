"""`ukraine-bot show`: what the index holds for one article, as a person reads it in a terminal."""

from __future__ import annotations

from bot.render.labels import labels
from bot.serve.show import ArticleReport
from bot.shared.text import visible


def render_report(report: ArticleReport, lang: str = "en") -> str:
    L = labels(lang)
    origin = f" ({L['show_from']} {report.published_from})" if report.published_from else ""
    lines = [
        report.title,
        f"{L['show_id']}: {report.id} · {L['show_file']}: {report.file}",
        f"{L['source']}: {report.outlet or L['unknown_source']}" + (f" <{report.url}>" if report.url else ""),
        f"{L['published'].capitalize()}: {report.published or L['date_unknown']}{origin}",
        f"{L['show_sentences']}: {report.sentences}",
        "",
        f"{L['show_people']} ({len(report.people)}):",
    ]
    for p in report.people:
        extra = []
        if p.roles:
            extra.append("; ".join(p.roles))
        others = [a for a in p.aliases if a != p.name]
        if others:
            extra.append(f"{L['also_known']}: {', '.join(others)}")
        lines.append(f"  - {p.name}" + (f" — {' · '.join(extra)}" if extra else "") + f" [{len(p.sentences)}]")
    lines += ["", f"{L['show_dates']} ({len(report.dates)}):"]
    for d in report.dates:
        span = d.start if d.start == d.end else f"{d.start}…{d.end}"
        lines.append(f"  - {span} ({d.precision}) “{d.text}” — #{d.sentence}: {d.quote[:160]}")
    lines += ["", f"{L['show_chrome']} ({len(report.chrome)}):"]
    lines += [f"  - {line[:160]}" for line in report.chrome]
    return visible("\n".join(lines))

"""What an answer is limited to, besides its subject: a period (year already chosen) and outlets."""

from __future__ import annotations

from dataclasses import dataclass

from bot.serve.query_dates import Period


@dataclass(frozen=True)
class Scope:
    period: Period | None = None  # always with its year: a yearless period is placed before it gets here
    outlets: tuple[str, ...] | None = None  # the index's spellings; None: any outlet

    def outlet_ok(self, outlet: str | None) -> bool:
        return self.outlets is None or outlet in self.outlets

    def outlet_sql(self, column: str) -> tuple[str, tuple[str, ...]]:
        """An `AND …` clause keeping only the scope's outlets (empty when any outlet will do)."""
        if self.outlets is None:
            return "", ()
        return f" AND {column} IN ({','.join('?' * len(self.outlets))})", self.outlets


EVERYTHING = Scope()

"""The benchmark's table, its budgets' verdicts, and the exit code they make."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    rows: list[tuple[str, ...]] = field(default_factory=list)
    verdicts: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, measure_: str, store: str, days: str, value: str, budget: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        self.rows.append((measure_, store, days, value, budget, verdict))
        if ok is not None:
            self.verdicts.append((f"{measure_} ({store}, {days} days)" if days else measure_, ok))

    def render(self) -> str:
        header = ("measure", "store", "days", "value", "budget", "")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header]]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in self.rows]
        return "\n".join(lines)

    def summary(self) -> str:
        failed = [name for name, ok in self.verdicts if not ok]
        passed = f"{len(self.verdicts) - len(failed)}/{len(self.verdicts)} budgets PASS"
        return f"SUMMARY: {passed}" + (f"; FAIL: {'; '.join(failed)}" if failed else "")


def exit_code(verdicts: list[tuple[str, bool]]) -> int:
    """0 when every budget passed; 1 when one failed, or when none was checked (nothing was shown)."""
    return 0 if verdicts and all(ok for _, ok in verdicts) else 1

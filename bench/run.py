"""`make bench`: how the daily run's cost grows with the site, and the other figures that bound it.

Prints one table, each budgeted figure with PASS/FAIL, then a summary line. Exits 0 even on FAIL:
the budgets are a report (timing on a shared 2-core machine is noisy), not a gate.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bench import env

env.apply()

from bench import closing, coldstart, layer, measure, views  # noqa: E402
from bench.history import CountingStore, history_days, seed_data  # noqa: E402
from bench.s3 import MotoS3, RequestCounter, seed_bucket  # noqa: E402
from daily_papers.aws import S3Store  # noqa: E402
from daily_papers.store import LocalStore  # noqa: E402

HISTORIES = (100, 1_000)
SMALL, LARGE = HISTORIES
PUT_BUDGET = 25
CPU_BUDGET_S = 1.0
GROWTH_BUDGET = 0.10
REBUILD_BUDGET_S = 20.0
IMPORT_BUDGET_MS = 600.0
MEMORY_BUDGET_MB = 150.0
VIEW_BUDGET_KB = 300  # bytes a browser transfers until a search, topic or organization view shows results


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


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def s3_probe(bucket: str) -> Callable[[], measure.Probe]:
    def make() -> measure.Probe:
        store = S3Store(bucket)
        counter = RequestCounter(store.client)
        return measure.Probe(store, lambda: (counter.calls, counter.bytes_put))

    return make


def local_probe(root: Path) -> Callable[[], measure.Probe]:
    def make() -> measure.Probe:
        store = CountingStore(LocalStore(root))
        return measure.Probe(store, lambda: (store.calls, store.bytes_put))

    return make


def bench_store(name: str, days: int, probe: Callable[[], measure.Probe], report: Report) -> measure.DailyRun:
    rebuilt = measure.rebuild(probe)
    say(f"  {name:5} {days:>5} days: rebuild {rebuilt.wall:.1f} s ({rebuilt.pages} pages); timing 5 daily runs")
    daily = measure.median_run(measure.daily_runs(probe))
    calls = " ".join(f"{k} {daily.calls[k]}" for k in ("GET", "PUT", "HEAD", "LIST"))
    large = days == LARGE and name == "s3"
    report.add("daily publish: wall", name, str(days), f"{daily.wall * 1000:.0f} ms")
    cpu_budget = f"<= {CPU_BUDGET_S:.1f} s" if large else ""
    report.add(
        "daily publish: CPU",
        name,
        str(days),
        f"{daily.cpu * 1000:.0f} ms",
        cpu_budget,
        _ok(large, daily.cpu <= CPU_BUDGET_S),
    )
    report.add("daily publish: requests", name, str(days), f"{daily.requests} ({calls})")
    put_budget = f"<= {PUT_BUDGET} PUT" if large else ""
    report.add(
        "daily publish: PUT",
        name,
        str(days),
        str(daily.calls["PUT"]),
        put_budget,
        _ok(large, daily.calls["PUT"] <= PUT_BUDGET),
    )
    report.add("daily publish: uploaded", name, str(days), f"{daily.bytes_put / 1e6:.2f} MB")
    rebuild_budget = f"<= {REBUILD_BUDGET_S:.0f} s" if days == LARGE else ""
    rebuild_ok = _ok(days == LARGE, rebuilt.wall <= REBUILD_BUDGET_S)
    report.add("full rebuild: wall", name, str(days), f"{rebuilt.wall:.1f} s", rebuild_budget, rebuild_ok)
    report.add("full rebuild: pages/s", name, str(days), f"{rebuilt.pages_per_second:.0f} ({rebuilt.pages} pages)")
    return daily


def _ok(applies: bool, passed: bool) -> bool | None:
    return passed if applies else None


def growth(report: Report, name: str, runs: dict[int, measure.DailyRun]) -> None:
    small, large = runs[SMALL], runs[LARGE]
    for label, before, after in (("requests", small.requests, large.requests), ("CPU", small.cpu, large.cpu)):
        change = (after - before) / before if before else 0.0
        report.add(
            f"daily publish: {label} growth",
            name,
            f"{SMALL}->{LARGE}",
            f"{change:+.1%}",
            f"< +{GROWTH_BUDGET:.0%}",
            change < GROWTH_BUDGET,
        )


def run_stores(report: Report) -> None:
    with MotoS3() as moto, tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        s3_runs, local_runs, large_bucket = {}, {}, ""
        for days in HISTORIES:
            history = history_days(days, measure.HISTORY_END)
            bucket = moto.new_bucket()
            started = time.perf_counter()
            seed_bucket(bucket, history)
            say(f"  seeded {days} days ({days * 30:,} papers) into moto in {time.perf_counter() - started:.1f} s")
            s3_runs[days] = bench_store("s3", days, s3_probe(bucket), report)
            root = Path(tmp) / f"site-{days}"
            seed_data(LocalStore(root), history)
            local_runs[days] = bench_store("local", days, local_probe(root), report)
            large_bucket = bucket
        growth(report, "s3", s3_runs)
        growth(report, "local", local_runs)
        say("  peak memory: a cold daily run through the handler in a fresh process")
        peak = coldstart.peak_memory(large_bucket, moto.endpoint, measure.MEMORY_DAY)
        budget = f"<= {MEMORY_BUDGET_MB:.0f} MB"
        ok = peak["status"] == "published" and float(peak["peak_mb"]) <= MEMORY_BUDGET_MB
        report.add(
            "daily run: peak RSS (fresh process)", "s3", str(LARGE), f"{float(peak['peak_mb']):.0f} MB", budget, ok
        )


def run_closing(report: Report) -> None:
    """The scheduled run as deployed (REFRESH_DAYS=2, refreshed days rewritten): its PUTs on an
    ordinary day, and on the runs that close a week (with its snapshot) and a month."""
    say("  scheduled runs: an ordinary day, the run that closes a week, the run that closes a month")
    with tempfile.TemporaryDirectory(prefix="bench-closing-") as tmp:
        found = closing.closing_puts(Path(tmp) / "site")
    for label, puts in found.items():
        ordinary = label == "ordinary day"
        budget = f"<= {PUT_BUDGET} PUT" if ordinary else ""
        report.add(
            f"scheduled run: PUT, {label}", "local", str(SMALL), str(puts), budget, _ok(ordinary, puts <= PUT_BUDGET)
        )


def run_views(report: Report) -> None:
    for days in HISTORIES:
        say(f"  views: search, topics and organizations in Chromium, {days} days")
        for name, got in views.view_bytes(days, measure.HISTORY_END).items():
            large = days == LARGE
            budget = f"<= {VIEW_BUDGET_KB} KB" if large else ""
            value = f"{got.first / 1000:.0f} KB ({got.settled / 1000:.0f} KB settled)"
            report.add(
                f"{name} view: first results",
                "browser",
                str(days),
                value,
                budget,
                _ok(large, got.first <= VIEW_BUDGET_KB * 1000),
            )


def run_cold_start(report: Report) -> list[tuple[str, float]]:
    say("  cold start: importing the handler in fresh processes")
    imported = coldstart.import_time()
    runs = ", ".join(f"{ms:.0f}" for ms in imported.runs_ms)
    report.add(
        "handler cold import (median of 5)",
        "",
        "",
        f"{imported.median_ms:.0f} ms ({runs})",
        f"<= {IMPORT_BUDGET_MS:.0f} ms",
        imported.median_ms <= IMPORT_BUDGET_MS,
    )
    return imported.heaviest


def run_layer(report: Report) -> None:
    say("  layer: building DepsLayer")
    size = layer.layer_size()
    report.add("deps layer zipped", "", "", f"{size.zipped_mb:.1f} MB ({size.unzipped_mb:.0f} MB unzipped)")
    report.add("  built with", "", "", size.method)


def machine() -> str:
    cpus = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    model = next((line.split(":", 1)[1].strip() for line in cpus if line.startswith("model name")), "?")
    return f"{os.cpu_count()} x {model}, Python {platform.python_version()}, {date.today().isoformat()}"


def main() -> int:
    say(f"daily-papers benchmark: {machine()}")
    report = Report()
    run_stores(report)
    run_closing(report)
    run_views(report)
    heaviest = run_cold_start(report)
    run_layer(report)
    say()
    say(report.render())
    say()
    say("Heaviest imports of `import app` (cumulative, -X importtime):")
    for name, ms in heaviest:
        say(f"  {ms:7.1f} ms  {name}")
    failed = [name for name, ok in report.verdicts if not ok]
    say()
    summary = f"{len(report.verdicts) - len(failed)}/{len(report.verdicts)} budgets PASS"
    say(f"SUMMARY: {summary}" + (f"; FAIL: {'; '.join(failed)}" if failed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

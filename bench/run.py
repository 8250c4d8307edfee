"""`make bench`: how the daily run's cost grows with the site, and the other figures that bound it.

Prints one table, each budgeted figure with PASS/FAIL, then a summary line. Exits 1 when a budget
fails (bench/report.py).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench import env

env.apply()

from bench import closing, coldstart, layer, measure, views  # noqa: E402
from bench.build import sam_build  # noqa: E402
from bench.history import CountingStore, history_days, seed_data  # noqa: E402
from bench.report import Report, exit_code  # noqa: E402
from bench.s3 import MotoS3, RequestCounter, seed_bucket  # noqa: E402
from daily_papers.aws import S3Store  # noqa: E402
from daily_papers.store import LocalStore  # noqa: E402

HISTORIES = (100, 1_000)
SMALL, LARGE = HISTORIES
PUT_BUDGET = 25
CPU_BUDGET_S = 1.0
GROWTH_BUDGET = 0.10
REBUILD_BUDGET_S = 20.0
IMPORT_BUDGET_MS = 250.0  # `import app` in a Lambda cold start
INVOKE_CPU_BUDGET_MS = 500.0  # its first invocation, the clients built
COLD_RUNS = 7
MEMORY_BUDGET_MB = 150.0
SCHEDULED_HISTORIES = (100, 10_000)  # the deployed run must stay flat to 10,000 days
SCHEDULED_PUT_BUDGET = 20
SCHEDULED_REQUEST_BUDGET = 60
# Bytes a browser transfers (gzip, as CloudFront serves them) until a search, topic or organization
# view shows results; a search only Korean summaries answer loads the month's summaries too.
VIEW_BUDGET_KB = 300


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
            papers, size = seed_bucket(bucket, history)
            took = time.perf_counter() - started
            say(f"  seeded {days} days ({papers:,} papers, {size / 1e6:.0f} MB) into moto in {took:.1f} s")
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


def scheduled(report: Report, name: str, days: int, probe: Callable[[], measure.Probe]) -> measure.DailyRun:
    """The deployed run over a rebuilt site of `days`: PUT and request budgets at every size."""
    measure.rebuild(probe)
    run = measure.median_run(measure.scheduled_runs(probe))
    calls = " ".join(f"{k} {run.calls[k]}" for k in ("GET", "PUT", "HEAD", "LIST"))
    label, size = "scheduled run", str(days)
    report.add(f"{label}: CPU", name, size, f"{run.cpu * 1000:.0f} ms")
    put_ok, requests_ok = run.calls["PUT"] <= SCHEDULED_PUT_BUDGET, run.requests <= SCHEDULED_REQUEST_BUDGET
    report.add(f"{label}: PUT", name, size, str(run.calls["PUT"]), f"<= {SCHEDULED_PUT_BUDGET} PUT", put_ok)
    report.add(
        f"{label}: requests", name, size, f"{run.requests} ({calls})", f"<= {SCHEDULED_REQUEST_BUDGET}", requests_ok
    )
    report.add(f"{label}: uploaded", name, size, f"{run.bytes_put / 1e6:.3f} MB")
    return run


def run_scheduled(report: Report) -> None:
    """The scheduled run (REFRESH_DAYS=2) on S3 at 1,000 days, and in a folder at 100 and 10,000 days:
    its CPU and bytes uploaded may grow by at most GROWTH_BUDGET over that span."""
    with MotoS3() as moto, tempfile.TemporaryDirectory(prefix="bench-scheduled-") as tmp:
        bucket = moto.new_bucket()
        seed_bucket(bucket, history_days(LARGE, measure.HISTORY_END))
        say(f"  scheduled runs: s3 {LARGE} days")
        scheduled(report, "s3", LARGE, s3_probe(bucket))
        runs = {}
        for days in SCHEDULED_HISTORIES:
            root = Path(tmp) / f"site-{days}"
            started = time.perf_counter()
            seed_data(LocalStore(root), history_days(days, measure.HISTORY_END))
            say(f"  scheduled runs: local {days} days (seeded in {time.perf_counter() - started:.0f} s)")
            runs[days] = scheduled(report, "local", days, local_probe(root))
    small, large = (runs[d] for d in SCHEDULED_HISTORIES)
    span = "->".join(str(d) for d in SCHEDULED_HISTORIES)
    for label, before, after in (("CPU", small.cpu, large.cpu), ("uploaded", small.bytes_put, large.bytes_put)):
        change = (after - before) / before
        report.add(
            f"scheduled run: {label} growth",
            "local",
            span,
            f"{change:+.1%}",
            f"< +{GROWTH_BUDGET:.0%}",
            change < GROWTH_BUDGET,
        )


def run_closing(report: Report) -> None:
    """The scheduled run as deployed (REFRESH_DAYS=2, refreshed days rewritten): its PUTs on an
    ordinary day, and on the runs that close a week (with its snapshot) and a month."""
    say("  scheduled runs: an ordinary day, the run that closes a week, the run that closes a month")
    with tempfile.TemporaryDirectory(prefix="bench-closing-") as tmp:
        found = closing.closing_puts(Path(tmp) / "site")
    for label, puts in found.items():
        report.add(f"scheduled run: PUT, {label}", "local", str(SMALL), str(puts))


def run_views(report: Report) -> None:
    for days in HISTORIES:
        say(f"  views: search, topics and organizations in Chromium, {days} days")
        for name, got in views.view_bytes(days, measure.HISTORY_END).items():
            large = days == LARGE
            budget = f"<= {VIEW_BUDGET_KB} KB" if large else ""
            value = f"{got.first / 1000:.0f} KB gzip ({got.settled / 1000:.0f} KB settled)"
            ok = _ok(large, got.first <= VIEW_BUDGET_KB * 1000)
            report.add(f"{name} view: first results", "browser", str(days), value, budget, ok)


def run_cold_start(report: Report, build: Path) -> list[tuple[str, float]]:
    say(f"  cold start: the sam build output as Lambda runs it, {COLD_RUNS} fresh processes per setup")
    with coldstart.lambda_layout(build) as (task, opt), coldstart.lambda_layout(build, bytecode=False) as old:
        setups = {
            "deployed": (coldstart.lambda_env(build, task, opt, trace_calls=False), task),
            "TraceCalls=true (X-Ray SDK)": (coldstart.lambda_env(build, task, opt, trace_calls=True), task),
            "without bytecode (the old build)": (coldstart.lambda_env(build, *old, trace_calls=False), old[0]),
        }
        found = coldstart.cold_starts(setups, COLD_RUNS)
        heaviest = coldstart.heaviest_imports_of(*setups["deployed"])
    deployed = found.pop("deployed")
    if deployed.xray or not found["TraceCalls=true (X-Ray SDK)"].xray:
        raise RuntimeError("the X-Ray SDK was not imported exactly when tracing was on")
    runs = ", ".join(f"{ms:.0f}" for ms in deployed.runs_ms)
    value = f"{deployed.import_ms:.0f} ms ({runs}; CPU {deployed.import_cpu_ms:.0f})"
    ok = deployed.import_ms <= IMPORT_BUDGET_MS
    report.add(
        f"cold start: import app (median of {COLD_RUNS})", "lambda", "", value, f"<= {IMPORT_BUDGET_MS:.0f} ms", ok
    )
    value = f"{deployed.invoke_cpu_ms:.0f} ms (wall {deployed.invoke_ms:.0f})"
    ok = deployed.invoke_cpu_ms <= INVOKE_CPU_BUDGET_MS
    report.add("cold start: first invocation CPU", "lambda", "", value, f"<= {INVOKE_CPU_BUDGET_MS:.0f} ms", ok)
    both = f"{deployed.import_cpu_ms + deployed.invoke_cpu_ms:.0f} ms (peak RSS {deployed.peak_mb:.0f} MB)"
    report.add("cold start: both, CPU", "lambda", "", both)
    for name, run in found.items():
        value = f"{run.import_ms:.0f} ms (CPU {run.import_cpu_ms:.0f}); first invocation CPU {run.invoke_cpu_ms:.0f}"
        report.add(f"  {name}: import", "lambda", "", value)
        both = f"{run.import_cpu_ms + run.invoke_cpu_ms:.0f} ms (peak RSS {run.peak_mb:.0f} MB)"
        report.add(f"  {name}: both, CPU", "lambda", "", both)
    return heaviest


def run_layer(report: Report, build: Path) -> None:
    size = layer.layer_size(build)
    report.add("deps layer zipped", "", "", f"{size.zipped_mb:.1f} MB ({size.unzipped_mb:.0f} MB unzipped)")


def machine() -> str:
    cpus = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    model = next((line.split(":", 1)[1].strip() for line in cpus if line.startswith("model name")), "?")
    return f"{os.cpu_count()} x {model}, Python {platform.python_version()}, {date.today().isoformat()}"


def main() -> int:
    say(f"daily-papers benchmark: {machine()}")
    report = Report()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        say("  sam build: the function and the layer, as deployed")
        build = sam_build(Path(tmp))
        run_stores(report)
        run_scheduled(report)
        run_closing(report)
        run_views(report)
        heaviest = run_cold_start(report, build)
        run_layer(report, build)
    say()
    say(report.render())
    say()
    say("Heaviest imports of `import app` in the cold start (cumulative, -X importtime):")
    for name, ms in heaviest:
        say(f"  {ms:7.1f} ms  {name}")
    say()
    say(report.summary())
    return exit_code(report.verdicts)


if __name__ == "__main__":
    sys.exit(main())

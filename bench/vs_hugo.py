"""`make bench-vs-hugo`: this project's full rebuild against Hugo building the same history.

The same N days (bench/history.py: 2 to 130 papers a day, realistic abstracts, authors and keywords)
on this machine: our rebuild of a folder holding only the data objects, and `hugo` (Debian's package)
over one content file per day with minimal layouts (one page per day with every paper's title, likes,
authors, abstract, keywords and Korean title and summary; a tags taxonomy with a page per keyword; the
home page). Each build runs in a process of its own, into a fresh folder; the two alternate, three
times each, and the medians are compared: wall time, CPU (user + system) and peak RSS, from wait4(2).
Budgets: our wall <= 0.8 x Hugo's at every size, our peak RSS <= 250 MiB at 3,000 days. Exits 1 when a
budget fails.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench import env

env.apply()

from bench.history import history_days, seed_data, synthetic_edition  # noqa: E402
from daily_papers.store import LocalStore  # noqa: E402

SIZES = (1_000, 3_000)
ROUNDS = 3
SPEED_BUDGET = 0.8  # our wall time over Hugo's
RSS_BUDGET_MB = 250.0
END = date(2026, 11, 28)
ROOT = Path(__file__).resolve().parents[1]

HUGO = Path(__file__).resolve().parent / "hugo"  # config and layouts


@dataclass
class Build:
    wall: float
    cpu: float
    rss_mb: float


def timed(command: list[str]) -> Build:
    """Run a command to the end and return its wall time, CPU time and peak RSS (from wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command[0]} failed with exit code {process.returncode}")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def hugo_site(days: list[date], where: Path) -> Path:
    """Hugo's source for the same days: bench/hugo/ and one content file per day, JSON front matter."""
    shutil.copytree(HUGO, where)
    posts = where / "content/posts"
    posts.mkdir(parents=True)
    for day in days:
        edition = synthetic_edition(day)
        papers = [
            {"id": p.id, "title": p.title, "upvotes": p.upvotes, "authors": list(p.authors), "summary": p.summary,
             "keywords": list(p.ai_keywords), "title_ko": p.title_ko, "summary_ko": p.summary_ko}
            for p in edition.papers
        ]  # fmt: skip
        tags = sorted({k for p in edition.papers for k in p.ai_keywords})
        front = {"title": f"Hugging Face Daily Papers - {day}", "date": day.isoformat(), "tags": tags, "papers": papers}
        (posts / f"{day}.md").write_text(json.dumps(front, ensure_ascii=False) + "\n", encoding="utf-8")
    return where


def compare(size: int, scratch: Path) -> tuple[list[str], list[bool]]:
    days = history_days(size, END)
    data = scratch / f"data-{size}"
    seed_data(LocalStore(data), days)
    hugo = hugo_site(days, scratch / f"hugo-{size}")
    ours: list[Build] = []
    theirs: list[Build] = []
    for round_ in range(ROUNDS):
        site = scratch / f"site-{size}-{round_}"
        shutil.copytree(data, site)
        ours.append(timed([sys.executable, "-m", "bench.rebuild_child", str(site)]))
        out = scratch / f"public-{size}-{round_}"
        theirs.append(timed(["hugo", "--quiet", "--source", str(hugo), "--destination", str(out)]))
        shutil.rmtree(site)
        shutil.rmtree(out)
    mine, hugos = median(ours), median(theirs)
    ratio = mine.wall / hugos.wall
    rows = [row(size, "ours", mine), row(size, "hugo", hugos)]
    fast = ratio <= SPEED_BUDGET
    rows.append(f"{size:>6} days  ours/hugo wall {ratio:.2f}x  (budget <= {SPEED_BUDGET}x)  {verdict(fast)}")
    verdicts = [fast]
    if size >= 3_000:
        ok = mine.rss_mb <= RSS_BUDGET_MB
        budget = f"(budget <= {RSS_BUDGET_MB:.0f})"
        rows.append(f"{size:>6} days  ours peak RSS {mine.rss_mb:.0f} MiB  {budget}  {verdict(ok)}")
        verdicts.append(ok)
    return rows, verdicts


def median(runs: list[Build]) -> Build:
    return Build(*(statistics.median(getattr(b, name) for b in runs) for name in ("wall", "cpu", "rss_mb")))


def row(size: int, who: str, build: Build) -> str:
    return f"{size:>6} days  {who}  wall {build.wall:6.2f} s  cpu {build.cpu:6.2f} s  rss {build.rss_mb:7.0f} MiB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    if shutil.which("hugo") is None:
        sys.stderr.write("hugo is missing: apt-get install hugo (or make system-deps)\n")
        return 2
    sizes = [int(s) for s in sys.argv[1:]] or list(SIZES)
    verdicts: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="bench-vs-hugo-") as scratch:
        for size in sizes:
            rows, ok = compare(size, Path(scratch))
            sys.stdout.write("\n".join(rows) + "\n")
            verdicts += ok
    sys.stdout.write(f"SUMMARY: {sum(verdicts)}/{len(verdicts)} budgets PASS\n")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())

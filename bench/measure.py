"""The daily publish and the full rebuild, timed against a seeded store."""

from __future__ import annotations

import gc
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from daily_papers.config import Settings
from daily_papers.events import PublishDay, Rebuild
from daily_papers.models import Paper
from daily_papers.periods import Period
from daily_papers.ports import PaperSource, Store
from daily_papers.wiring import make_service

from .history import StaticSource, synthetic_edition

# Five new weekdays, published in turn (each repetition really publishes a new day) on top of
# N weekdays of history ending the Friday before. Late in a month: the month's search shard is big.
NEW_DAYS = [date(2026, 11, 23) + timedelta(days=i) for i in range(5)]
HISTORY_END = NEW_DAYS[0]
MEMORY_DAY = date(2026, 11, 28)  # the memory probe's new day, after the five
NOW = datetime(2026, 11, 28, 0, 15, tzinfo=UTC)
SETTINGS = {"REFRESH_DAYS": "0", "SITE_BASE_URL": "https://papers.example.org"}


@dataclass
class Probe:
    """A store for one run and how to read what it was asked: (store, counts, bytes put)."""

    store: Store
    counts: Callable[[], tuple[Counter[str], int]]


@dataclass
class DailyRun:
    wall: float
    cpu: float
    calls: Counter[str] = field(default_factory=Counter)
    bytes_put: int = 0

    @property
    def requests(self) -> int:
        return sum(self.calls.values())


@dataclass
class RebuildRun:
    wall: float
    cpu: float
    pages: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


def settings() -> Settings:
    return Settings.from_env(SETTINGS)


def daily_runs(probe: Callable[[], Probe]) -> list[DailyRun]:
    """Publish each of NEW_DAYS with a `{"date"}` run of a freshly built service, as a cold Lambda would."""
    return _runs(probe, settings(), lambda day: (StaticSource(day), PublishDay(day)))


class RefreshedSource:
    """HF as the scheduled run sees it: `new` for the first time, the days before it with more likes."""

    def __init__(self, new: date):
        self.new = new

    def fetch_day(self, day: date, deadline: object = None) -> list[Paper]:
        papers = list(synthetic_edition(day).papers)
        if day == self.new:
            return papers
        return [replace(p, upvotes=p.upvotes + (self.new - day).days) for p in papers]

    def fetch_period(self, period: Period, deadline: object = None) -> list[Paper]:
        return [p for d in period.days() if d.weekday() < 5 for p in self.fetch_day(d)]


def scheduled_runs(probe: Callable[[], Probe]) -> list[DailyRun]:
    """The run as deployed: each of NEW_DAYS with the day REFRESH_DAYS=2 before it fetched again
    (its likes grown, so it is written again), by a freshly built service."""
    return _runs(probe, scheduled_settings(), lambda day: (RefreshedSource(day), PublishDay(day, scheduled=True)))


def _runs(
    probe: Callable[[], Probe], config: Settings, make: Callable[[date], tuple[PaperSource, PublishDay]]
) -> list[DailyRun]:
    """Each of NEW_DAYS published by a fresh service over a fresh probe: time, requests, bytes."""
    runs = []
    for day in NEW_DAYS:
        made = probe()
        source, command = make(day)
        at = datetime(day.year, day.month, day.day, 0, 15, tzinfo=UTC) + timedelta(days=1)  # the morning after
        service = make_service(config, source, made.store, clock=lambda: at)  # noqa: B023 (called in the loop)
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = service.run(command)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if outcome.status != "published":
            raise RuntimeError(f"{day}: expected the run to publish, got {outcome.status}")
        calls, sent = made.counts()
        runs.append(DailyRun(wall, cpu, Counter(calls), sent))
    return runs


def scheduled_settings() -> Settings:
    return Settings.from_env({**SETTINGS, "REFRESH_DAYS": "2"})


def median_run(runs: list[DailyRun]) -> DailyRun:
    kinds = {k for run in runs for k in run.calls}
    return DailyRun(
        wall=statistics.median(r.wall for r in runs),
        cpu=statistics.median(r.cpu for r in runs),
        calls=Counter({k: int(statistics.median(r.calls[k] for r in runs)) for k in kinds}),
        bytes_put=int(statistics.median(r.bytes_put for r in runs)),
    )


def rebuild(probe: Callable[[], Probe]) -> RebuildRun:
    """`DailyPapers.run(Rebuild())` over the seeded data files: every page rendered and uploaded."""
    made = probe()
    service = make_service(settings(), StaticSource(), made.store, clock=lambda: NOW)
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = service.run(Rebuild())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return RebuildRun(wall, cpu, len(outcome.keys))

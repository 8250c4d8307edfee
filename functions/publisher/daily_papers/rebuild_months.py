"""A rebuild's first round: each month rendered from its own editions (posts, month page, sitemap
part, search shard, the month's digests), in forked worker processes when it can.

A worker inherits the job and the publisher through fork() (nothing is pickled) and opens the store
again (`Publisher.reopen`): clients and their connections are not shared across a fork.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .models import DaySummary, Edition, Manifest, SiteView
from .observability import logger
from .periods import Period
from .ports import Store
from .render import Page, SiteRenderer
from .site_state import CorruptDay, SiteState, SnapshotReads


class Publisher(Protocol):
    """What a month's job needs of the writer (publish.SitePublisher)."""

    store: Store
    state: SiteState
    reopen: Callable[[], Store] | None

    def try_edition(self, day: date) -> tuple[Edition, str] | CorruptDay: ...

    def write_pages(
        self, pages: Iterable[Page], pool: Executor | None = None, stored: set[str] | None = None
    ) -> list[str]: ...


@dataclass(slots=True)
class MonthResult:
    summaries: list[DaySummary]
    used: dict[date, str]
    bad: dict[date, str]
    keys: list[str]
    snapshots: dict[Period, str | None]  # the snapshots read: their etags (None: there was none)
    bad_snapshots: dict[str, str]


class MonthJob:
    """Renders and writes one month of a rebuild, from its editions alone: in this process, or in a
    worker process (which opens the store again, and keeps its own thread pool for the I/O)."""

    def __init__(
        self, renderer: SiteRenderer, planned: Manifest, listing: dict[date, str], stored: set[str], workers: int
    ):
        self.renderer, self.planned, self.listing, self.stored = renderer, planned, listing, stored
        self.workers = workers
        self.publisher: Publisher | None = None
        self._pool: ThreadPoolExecutor | None = None

    def __call__(self, month: str) -> MonthResult:
        assert self.publisher is not None, "a month job runs once its publisher is set"
        publisher = self.publisher
        pool = self._pool or ThreadPoolExecutor(self.workers, thread_name_prefix="month")
        self._pool = pool
        days = sorted(self.planned.days_of(month))
        editions, used, bad = [], {}, {}
        for day, result in zip(days, pool.map(publisher.try_edition, days), strict=True):
            if isinstance(result, CorruptDay):  # logged by the parent (`absorb`): a worker's log is not its
                bad[day], used[day] = result.reason, self.listing[day]
            else:
                editions.append(result[0])
                used[day] = result[1]
        keys: list[str] = []
        snaps = SnapshotReads(publisher.state)
        if editions:
            planned = self.planned.without(bad) if bad else self.planned
            periods = self.renderer.periods_of_month(month, planned)
            snapshots = snaps.load_all(periods)
            # a week's days in the month before, for a week ranked from its days (it has no snapshot)
            unranked = [q for q in periods if snapshots.get(q) is None]
            extra = {d for q in unranked for d in planned.days_between(q.start, q.end)} - set(days)
            view = SiteView(planned, editions, snapshots=snapshots)
            for day, result in zip(sorted(extra), pool.map(publisher.try_edition, sorted(extra)), strict=True):
                if not isinstance(result, CorruptDay):  # its own month's job names it
                    view.editions[day] = result[0]
            view.manifest = planned.without(d for d in extra if d not in view.editions)
            pages = self.renderer.month_of_pages(month, view)
            keys = publisher.write_pages(pages, pool, self.stored)
        summaries = [self.renderer.day_summary(e) for e in editions]
        return MonthResult(summaries, used, bad, keys, dict(snaps.seen), dict(snaps.bad))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


_WORKER_JOB: MonthJob | None = None  # a worker process's job, set once when the process starts


def _start_worker(job: MonthJob, publisher: Publisher) -> None:
    """In a forked worker: the parent's publisher (a copy now), with the store opened again."""
    global _WORKER_JOB
    assert publisher.reopen is not None
    publisher.store = publisher.reopen()
    publisher.state = SiteState(publisher.store)
    job.publisher = publisher
    _WORKER_JOB = job


def _work(month: str) -> MonthResult:
    assert _WORKER_JOB is not None
    return _WORKER_JOB(month)


def in_processes(job: MonthJob, months: list[str], processes: int, publisher: Publisher) -> list[MonthResult] | None:
    """The months rendered by `processes` forked workers (inheriting the job, never pickling it);
    None where worker processes cannot run (no /dev/shm on AWS Lambda, or a worker died)."""
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, context, initializer=_start_worker, initargs=(job, publisher)) as pool:
            return list(pool.map(_work, months))
    except (OSError, BrokenProcessPool) as exc:
        logger.warning("Rendering the rebuild in one process: worker processes failed", error=str(exc))
        return None

"""Overlapping runs, deterministically: a competing run is played at every single store step of
another run (a rebuild or a publish), and whatever the step, once both have finished the site must
match its data (a rebuild from the data objects would change nothing) and list every data day."""

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest

from daily_papers.config import Settings
from daily_papers.events import Command, PublishDay, Rebuild
from daily_papers.publish import SitePublisher
from daily_papers.render import SiteRenderer
from daily_papers.service import DailyPapers
from tests.support.site_check import drift
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource, MemoryStore

SETTINGS = Settings.from_env({"SITE_BASE_URL": "https://papers.example.org", "REFRESH_DAYS": "1"})
FIRST = date(2026, 1, 29)
HISTORY = [FIRST + timedelta(days=n) for n in range(3)]  # Jan 29 - 31, then February
NEW, NEXT = date(2026, 2, 1), date(2026, 2, 2)
RENDERER = SiteRenderer(SETTINGS)  # one Jinja environment for the hundreds of runs below


class InterleavingStore:
    """A Store that runs `competitor` once, just before its `at`-th operation (counting from 1)."""

    def __init__(self, inner: MemoryStore, at: int, competitor: Callable[[], object]):
        self.inner, self.at, self.competitor, self.steps = inner, at, competitor, 0
        self.lock = threading.Lock()  # one step at a time, should the run use threads
        self.listings: list[int] = []  # the steps that listed data etags

    def _step(self) -> None:
        with self.lock:
            self.steps += 1
            if self.steps == self.at:
                self.competitor()

    def get(self, key):
        self._step()
        return self.inner.get(key)

    def head(self, key):
        self._step()
        return self.inner.head(key)

    def put(self, key, *args, **kwargs):
        self._step()
        return self.inner.put(key, *args, **kwargs)

    def list_keys(self, prefix):
        self._step()
        return self.inner.list_keys(prefix)

    def etags(self, prefix):
        self._step()
        self.listings.append(self.steps)
        return self.inner.etags(prefix)


def papers_of(day: date, bump: int = 0):
    """Four papers; `bump` adds likes to the last one only, so the day's ranking and its summary in the
    manifest stay the same: only its data object and post change."""
    return [paper(f"{day:%y%m}.{day.day:02d}{i:03d}", upvotes=10 * i + (bump if i == 0 else 0)) for i in range(4)]


def service(store, days: dict) -> DailyPapers:
    clock = lambda: datetime(2026, 2, 4, 0, 15, tzinfo=UTC)  # noqa: E731
    publisher = SitePublisher(store, RENDERER, workers=1)  # one worker: the steps come in a fixed order
    return DailyPapers(SETTINGS, FakeSource(days), publisher, clock=clock)


@pytest.fixture(scope="module")
def base_site() -> MemoryStore:
    store = MemoryStore()
    svc = service(store, {d: papers_of(d) for d in HISTORY})
    for day in HISTORY:
        svc.run(PublishDay(day))
    return store


# Each scenario: (the run that is interleaved, the competing run), both on fresh services.
REFRESHED = {**{d: papers_of(d) for d in HISTORY}, HISTORY[-1]: papers_of(HISTORY[-1], bump=5)}
# Sunday 1 February has no papers: the scheduled run for it writes nothing but the closing of the week
# 2026-W05 and of January (snapshots, their pages); HF lists the periods from these days
CLOSING = {d: papers_of(d) for d in HISTORY}
SCENARIOS: dict[str, tuple[Command, Command, dict]] = {
    "rebuild-vs-new-day": (Rebuild(), PublishDay(NEW), {NEW: papers_of(NEW)}),
    "rebuild-vs-refresh": (Rebuild(), PublishDay(HISTORY[-1]), REFRESHED),
    "new-day-vs-adjacent-new-day": (PublishDay(NEW), PublishDay(NEXT), {NEW: papers_of(NEW), NEXT: papers_of(NEXT)}),
    "new-day-vs-refresh-of-its-neighbour": (
        PublishDay(NEW),
        PublishDay(HISTORY[-1]),
        {**REFRESHED, NEW: papers_of(NEW)},
    ),
    "new-day-vs-rebuild": (PublishDay(NEW), Rebuild(), {NEW: papers_of(NEW)}),
    # the scheduled run for Sunday 1 February closes week 2026-W05 and January: snapshots, their pages
    "closing-run-vs-rebuild": (PublishDay(NEW, scheduled=True), Rebuild(), CLOSING),
    "rebuild-vs-closing-run": (Rebuild(), PublishDay(NEW, scheduled=True), CLOSING),
    "new-day-vs-closing-run": (PublishDay(NEXT), PublishDay(NEW, scheduled=True), {**CLOSING, NEXT: papers_of(NEXT)}),
    "closing-run-vs-closing-run": (
        PublishDay(NEW, scheduled=True),
        PublishDay(NEXT, scheduled=True),  # a late run of the day after closes the same week and month
        {**CLOSING, NEXT: papers_of(NEXT)},
    ),
}


def steps_of(store, first, days) -> int:
    counter = InterleavingStore(store, 0, lambda: None)
    service(counter, days).run(first)
    return counter.steps


@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_a_competing_run_at_any_step_leaves_a_site_that_matches_its_data(base_site, scenario):
    first, competing, days = SCENARIOS[scenario]
    total = steps_of(base_site.copy(), first, days)
    assert total > 20
    for at in range(1, total + 1):
        # Given a published site
        store = base_site.copy()
        rival = service(store, days)
        # When the competing run happens just before step `at` of the first run
        outcome = service(InterleavingStore(store, at, partial(rival.run, competing)), days).run(first)
        # Then the first run succeeds, and the site matches the data and lists every day
        # (two scheduled runs both publish 1 February: one may find the other's data not yet indexed)
        both_publish = isinstance(first, PublishDay) and first.scheduled and getattr(competing, "scheduled", False)
        allowed = ("published", "unchanged", "rebuilt", *(["repaired"] * both_publish), "empty")
        assert outcome.status in allowed, (at, outcome)
        if isinstance(first, PublishDay) and first.scheduled:
            assert store.get("data/weekly/2026-W05.json") and store.get("data/monthly/2026-01.json"), at
        assert drift(store, RENDERER) == [], f"competing run before step {at} of {total}"
        data_days = {k[5:15] for k in store.list_keys("data/2")}
        manifest = store.get("data/manifest.json").body.decode()
        assert all(day in manifest for day in data_days), at


def test_a_rebuild_that_loses_the_manifest_race_derives_it_again(base_site):
    """An old manifest put back (a restored version) at any step of a rebuild: the rebuild's conditional
    write fails, and the rebuild goes round again rather than leave the old index in place."""
    old = base_site.get("data/manifest.json").body
    grown = base_site.copy()
    service(grown, {NEW: papers_of(NEW)}).run(PublishDay(NEW))  # the old manifest lacks this day
    for damaged in (None, b"{}"):  # the rebuild finds the manifest sound, or damaged
        if damaged:
            grown.put("data/manifest.json", damaged, "application/json")
        rebuild_racing_a_restore(grown, old)


def rebuild_racing_a_restore(grown: MemoryStore, old: bytes) -> None:
    total = steps_of(grown.copy(), Rebuild(), {})
    for at in range(1, total + 1):
        store = grown.copy()
        restore = lambda s=store: s.put("data/manifest.json", old, "application/json")  # noqa: E731
        outcome = service(InterleavingStore(store, at, restore), {}).run(Rebuild())
        assert outcome.status == "rebuilt"
        assert drift(store, RENDERER) == [], f"old manifest restored before step {at} of {total}"


def test_a_month_whose_only_day_vanishes_during_a_rebuild_leaves_no_link_to_it(base_site):
    """The data of February's only day is deleted at any step of a rebuild (an operator, a bad
    lifecycle rule): once the rebuild ends, no month page links to a February that is gone."""
    grown = base_site.copy()
    service(grown, {NEW: papers_of(NEW)}).run(PublishDay(NEW))
    probe = InterleavingStore(grown.copy(), 0, lambda: None)
    service(probe, {}).run(Rebuild())
    last_check = probe.listings[-1]  # a deletion after the rebuild's last look at the data is the next run's
    for at in range(1, last_check + 1):
        store = grown.copy()
        vanish = partial(store.objects.pop, f"data/{NEW}.json")
        service(InterleavingStore(store, at, vanish), {}).run(Rebuild())
        assert drift(store, RENDERER) == [], f"February's data deleted before step {at} of {last_check}"


# January closed (its snapshot and its weeks' taken) and February begun: a run refreshing a day of
# week 5 updates January's search shard in place, keeping the other days' entries from the stored shard
JANUARY = [date(2026, 1, d) for d in (19, 20, 21, 22, 23, 26, 27)]
FEBRUARY = [date(2026, 2, d) for d in (2, 3, 4)]
SATURDAY = date(2026, 1, 24)  # not published yet


@pytest.fixture(scope="module")
def closed_january() -> MemoryStore:
    store = MemoryStore()
    svc = service(store, {d: papers_of(d) for d in JANUARY + FEBRUARY})
    for day in JANUARY + FEBRUARY:  # the scheduled runs close week 4, then January and week 5
        svc.run(PublishDay(day, scheduled=day in (JANUARY[5], FEBRUARY[-1])))
    assert all(store.get(f"data/{q}.json") for q in ("monthly/2026-01", "weekly/2026-W04", "weekly/2026-W05"))
    return store


SHARD_SCENARIOS: dict[str, tuple[Command, Command, dict]] = {
    "refresh-vs-refresh-of-the-same-month": (
        PublishDay(JANUARY[6]),
        PublishDay(JANUARY[1]),  # not a neighbour: a second round reads it only if the shard is stale
        {d: papers_of(d, bump=7 if d in (JANUARY[1], JANUARY[6]) else 0) for d in JANUARY + FEBRUARY},
    ),
    "refresh-vs-new-day-of-the-same-month": (
        PublishDay(JANUARY[6]),
        PublishDay(SATURDAY),
        {
            **{d: papers_of(d, bump=7 if d == JANUARY[6] else 0) for d in JANUARY + FEBRUARY},
            SATURDAY: papers_of(SATURDAY),
        },
    ),
}


class ReadingStore(InterleavingStore):
    """Records the keys read."""

    reads: list[str]

    def get(self, key):
        self.reads = [*getattr(self, "reads", []), key]
        return super().get(key)


@pytest.mark.parametrize("scenario", SHARD_SCENARIOS, ids=list(SHARD_SCENARIOS))
def test_a_shard_updated_in_place_keeps_a_day_another_run_publishes_meanwhile(closed_january, scenario):
    first, competing, days = SHARD_SCENARIOS[scenario]
    # Given a run that updates January's shard in place (it reads the stored shard, not the other days)
    probe = ReadingStore(closed_january.copy(), 0, lambda: None)
    service(probe, days).run(first)
    assert "data/search/2026-01.json" in probe.reads
    assert not {f"data/{d}.json" for d in JANUARY[:5]} & set(probe.reads)  # January's days before week 5
    for at in range(1, probe.steps + 1):
        store = closed_january.copy()
        rival = service(store, days)
        # When another run publishes a day of the same month just before step `at`
        outcome = service(InterleavingStore(store, at, partial(rival.run, competing)), days).run(first)
        # Then January's shard holds both runs' days as published: a rebuild would change nothing
        assert outcome.status in ("published", "unchanged"), (at, outcome)
        assert drift(store, RENDERER) == [], f"competing run before step {at} of {probe.steps}"

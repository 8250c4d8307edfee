"""Publish stage: the only writer. Day objects first, then the manifest, then the listings.

The data objects are the truth and every other object is derived from them. Two rules keep it so:
- the manifest is trusted only after `SiteState.index` checks it against the data objects; when it
  fails that check (lost, damaged, missing days) the run rebuilds the index and every page from the data;
- pages are validated after they are written: if the manifest or a data object they were rendered from
  changed meanwhile (another run overlapped), they are rendered again. The last run to finish therefore
  always leaves pages that match the data, whatever the interleaving.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from types import MappingProxyType
from typing import Any

from . import urls
from .exceptions import PreconditionFailed, StoreError
from .models import DaySummary, Edition, Manifest, PeriodSnapshot, SiteView
from .observability import logger
from .periods import Period
from .ports import Store, StoredObject, content_hash
from .rebuild_months import MonthJob, MonthResult, in_processes
from .render import EVERYTHING, Change, Needs, Page, SiteRenderer
from .site_state import CorruptDay, Index, SiteState, SnapshotReads, UnreadableManifest

ATTEMPTS = 10  # conflicting manifest writes, or rounds of re-rendering after another run's changes
REBUILD_WORKERS = 8  # a rebuild's reads and uploads are thousands of small requests: overlap them


@dataclass(frozen=True, slots=True)
class Read:
    """What a publish rendered its pages from, all current when it ended: what closing a period
    uses rather than reading it again."""

    manifest: Manifest
    snapshots: dict[Period, PeriodSnapshot | None]  # None: none stored, or unreadable
    editions: dict[date, Edition]


@dataclass(slots=True)
class Report:
    """What a publish or rebuild did: keys uploaded, damage repaired, data days left out unreadable."""

    keys: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    skipped: dict[date, str] = field(default_factory=dict)
    snapshots: dict[str, str] = field(default_factory=dict)  # unreadable period snapshots: key -> reason
    read: Read | None = None  # a publish's: what its pages were rendered from

    def add(self, other: Report) -> None:
        self.keys += [k for k in other.keys if k not in self.keys]
        self.repairs += [r for r in other.repairs if r not in self.repairs]
        self.skipped.update(other.skipped)
        self.snapshots.update(other.snapshots)


def manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.to_dict(), ensure_ascii=False).encode()


def data_page(edition: Edition) -> Page:
    """The normalised papers: enough to re-render the day without calling HF again."""
    return Page(urls.day_data(edition.day), json.dumps(edition.to_dict(), ensure_ascii=False).encode())


def snapshot_page(taken: PeriodSnapshot) -> Page:
    """A closed period's ranking as HF listed it: enough to re-render its page without calling HF."""
    return Page(urls.snapshot(taken.period), json.dumps(taken.to_dict(), ensure_ascii=False).encode())


class SitePublisher:
    """The writer: day objects, pages and the manifest. What it reads of the site goes through `state`.

    `reopen`, when given, opens the store again for a worker process (its own connections): a rebuild
    then renders months in as many processes as there are CPUs. Without it, or where processes
    cannot be started (AWS Lambda has no /dev/shm), it renders them in this process.
    """

    def __init__(
        self,
        store: Store,
        renderer: SiteRenderer,
        workers: int = REBUILD_WORKERS,
        reopen: Callable[[], Store] | None = None,
        processes: int | None = None,
    ):
        self.store = store
        self.renderer = renderer
        self.state = SiteState(store)
        self.workers = workers
        self.reopen = reopen
        self.processes = processes or os.process_cpu_count() or 1

    def write_days(self, *editions: Edition) -> Report:
        """Write some days and everything that lists them.

        Several days at once (a scheduled run and its refreshed days) share one manifest write and
        one set of listings. A damaged index or an unreadable day turns the run into a repair.
        """
        index = self.state.index(e.day for e in editions)
        if index.problems:
            return self._repair(editions, list(index.problems))
        try:
            return self._publish(editions, index)
        except (CorruptDay, UnreadableManifest) as exc:
            return self._repair(editions, [str(exc)])

    def rebuild(self) -> Report:
        """Derive the whole site from the data objects, without HF: every page, then the manifest.

        The first round renders each month from its own editions (in worker processes when it can),
        keeping only the days' summaries; then the pages that list the whole site. Unreadable days
        are skipped and named. When another run changes a data object meanwhile, the pages that
        depend on it are rendered again before the manifest is written, and the manifest write is
        conditional: a rebuild never leaves a site older than its data.
        """
        repairs = list(self.state.index().problems)
        stored = set(self.store.list_keys(""))  # a few LISTs spare a HEAD per page that does not exist yet
        rounds = _Rounds()
        head = self.store.head(urls.MANIFEST)
        listing = self.state.data_etags()
        planned = Manifest.planned(listing)
        self._render_months(planned, listing, stored, rounds)  # before this process starts threads
        pending = set(rounds.bad)  # pages next to unreadable days were rendered as if they could be read
        periods: set[Period] = set()  # periods whose snapshot changed since their pages were rendered
        shown = planned  # the months that the pages written so far link to
        fresh: dict[date, Edition] = {}
        snaps = SnapshotReads(self.state)  # those the listings read: the feeds' and the home page's
        with ThreadPoolExecutor(self.workers, thread_name_prefix="rebuild") as pool:
            for attempt in range(ATTEMPTS):
                if attempt:
                    head = self.store.head(urls.MANIFEST)
                    listing = self.state.data_etags()
                    changed = {d for d in listing.keys() | rounds.used.keys() if listing.get(d) != rounds.used.get(d)}
                    changed |= rounds.stale
                    fresh = self._summarise(changed, listing, rounds, pool)
                    pending |= changed
                rounds.stale = set()
                manifest = Manifest.of(rounds.summaries.values(), rounds.bad)
                needs = self.renderer.rebuild_needs(pending, periods, manifest)
                snaps.forget(periods)
                snapshots = snaps.load_all(needs.periods)
                editions = self._reread(needs.all_days(snapshots), fresh, rounds, pool)
                if editions is None:  # a day changed since it was read: read it again first
                    continue
                view = SiteView(manifest, editions.values(), rounds.summaries, snapshots)
                # a snapshot this process read in another version than a month's worker did (taken meanwhile)
                differs = {q for q, tag in snaps.seen.items() if rounds.snapshots.get(q, tag) != tag}
                rounds.snapshots.update(snaps.seen)
                moved = shown.month_names() != manifest.month_names()
                pages = self.renderer.pages_for(pending, view, all_months=moved)
                pages += self.renderer.site_listings(view, periods)
                written = self.write_pages(_unique(pages), pool, stored)
                rounds.written += written
                stored.update(written)
                pending, shown = set(), manifest
                periods = rounds.snapshots_moved(self.state.snapshot_etags(), manifest) | differs
                if periods or rounds.stale or self.state.data_etags() != rounds.used:
                    continue
                committed = self._commit(manifest, head)
                if committed is not None:
                    keys = list(dict.fromkeys(rounds.written)) + ([urls.MANIFEST] if committed else [])
                    return Report(keys, repairs, dict(rounds.bad), {**rounds.bad_snapshots, **snaps.bad})
        raise StoreError("the rebuild kept meeting other runs' changes; nothing is lost: run it again")

    def write_snapshot(self, taken: PeriodSnapshot) -> Report:
        """Store a closed period's snapshot (the truth of its ranking), then the pages rendered from it."""
        uploaded, _ = self._upload(snapshot_page(taken))
        report = self.settle_period(taken.period)
        report.keys[:0] = [urls.snapshot(taken.period)] if uploaded else []
        return report

    def settle_period(self, period: Period, read: tuple[Manifest, PeriodSnapshot] | None = None) -> Report:
        """Render a period's page, its kind's feeds (and, for a week, the home page) from what is stored;
        render again until neither the manifest, a day nor a snapshot they were rendered from changed.

        The period's own page is written last, so when its snapshot was taken earlier (`read`: the
        manifest and snapshot the caller just read) a page that already shows it proves the rest was
        written too: a HEAD per page, and nothing else, on every scheduled run after the closing one."""
        if read is not None and self._period_page_current(period, *read):
            return Report()
        keys: list[str] = []
        for _ in range(ATTEMPTS):
            manifest, etag = self.state.read_manifest()
            known: dict[date, Edition] = {}
            used: dict[date, str] = {}
            snaps = SnapshotReads(self.state)
            pages: list[Page] = []
            if manifest.days_between(period.start, period.end):
                view = self._view(manifest, self.renderer.period_needs(period, manifest), (known, used), snaps)
                pages = self.renderer.snapshot_pages(period, view)
            keys += [k for k in self.write_pages(pages) if k not in keys]
            latest, changed = self._sources_changed(etag or "", used)
            if latest == etag and not changed and not snaps.changed():
                return Report(keys, snapshots=snaps.bad)
            logger.info("Another run changed the site meanwhile; rendering the period again", period=period.name)
        raise StoreError(f"{period}: its pages kept going stale: other runs are still writing; run again")

    def _period_page_current(self, period: Period, manifest: Manifest, taken: PeriodSnapshot) -> bool:
        """Whether the period's page as stored is what its snapshot renders."""
        if not manifest.days_between(period.start, period.end):
            return True
        page = self.renderer.digest_pages(period, SiteView(manifest, snapshots={period: taken}))[-1]
        current = self.store.head(page.key)  # the page written last: the others were written before it
        return current is not None and current.metadata.get("sha256") == content_hash(page.body)

    def write_pages(
        self,
        pages: Iterable[Page],
        pool: Executor | None = None,
        stored: set[str] | None = None,
        known: Mapping[str, StoredObject | None] | None = None,
    ) -> list[str]:
        """Upload pages whose content differs from what is stored; return their keys, in page order.

        With a pool (a rebuild), pages are checked and uploaded concurrently; the first error is raised.
        `stored`, every key in the store just listed, skips the HEAD of pages that are not there;
        `known`, what the run already knows is stored under some keys, skips it too.
        """
        pages = list(pages)
        upload = partial(self._upload, stored=stored, known=known or {})
        results = pool.map(upload, pages) if pool else map(upload, pages)
        return [page.key for page, (uploaded, _) in zip(pages, results, strict=True) if uploaded]

    def _unless_static_stored(self, pages: list[Page]) -> list[Page]:
        """`pages` without the static ones when their stamp (written after them) is stored as rendered:
        they change only with the code or settings, so one HEAD stands for all of them. A rebuild,
        or a new stamp, compares each of them again."""
        stamp = next((p for p in pages if p.key == urls.STATIC_STAMP), None)
        if stamp is None:
            return pages
        current = self.store.head(stamp.key)
        if current is None or current.metadata.get("sha256") != content_hash(stamp.body):
            return pages
        static = {stamp.key, *json.loads(stamp.body)["pages"]}
        return [p for p in pages if p.key not in static]

    # Publishing.

    def _publish(self, editions: tuple[Edition, ...], index: Index) -> Report:
        known = {e.day: e for e in editions}
        used: dict[date, str] = {}  # data day -> etag of the version the pages are rendered from
        keys = []
        for edition in editions:
            page = data_page(edition)  # compared with the version the service read, if it did: no HEAD
            uploaded, used[edition.day] = self._upload(page, known=self.state.read_versions)
            keys += [page.key] if uploaded else []
        summaries = [self.renderer.day_summary(e) for e in editions]
        upcoming = index.manifest.with_days(*summaries)
        view = SiteView(upcoming, editions)  # a post needs its edition, and its neighbours' dates
        posts = [p for e in editions for p in self.renderer.day_pages(e, view)]
        # a post rendered from data this run changed cannot be the stored one: written without a HEAD
        rewritten = [e.day for e in editions if urls.day_data(e.day) in keys]
        changed_posts = {k for d in rewritten for k in (urls.post_md(d), urls.post_html(d))}
        keys += self.write_pages(posts, known=dict.fromkeys(changed_posts))
        manifest, etag, changed = self._add_to_manifest(summaries, (index.manifest, index.etag))
        keys += [urls.MANIFEST] if changed else []
        snaps = SnapshotReads(self.state)
        new = frozenset(d for d in known if d not in index.manifest)
        change = Change(self.renderer.periods_moved(known, index.manifest, upcoming), new)
        written, manifest = self._settle(list(known), manifest, etag, (known, used), (upcoming, change), snaps)
        read = Read(manifest, snaps.found, known)
        return Report(keys + written, skipped=dict(manifest.skipped), snapshots=snaps.bad, read=read)

    def _settle(
        self,
        days: list[date],
        manifest: Manifest,
        etag: str,
        read: tuple[dict[date, Edition], dict[date, str]],
        rendered: tuple[Manifest, Change],
        snaps: SnapshotReads,
    ) -> tuple[list[str], Manifest]:
        """Write the listings of `days` from the committed manifest; then check that nothing they were
        rendered from changed meanwhile, and render again (from what changed) until nothing did.

        The first round renders what this run's change moves (`rendered`: the manifest the posts were
        rendered from, and the change), and writes the pages that list a day new to the site without
        a HEAD (they cannot be the stored ones); a later round renders and compares everything."""
        known, used = read
        upcoming, change = rendered
        written: list[str] = []
        for attempt in range(ATTEMPTS):
            change = EVERYTHING if attempt else change  # another run may have moved anything
            needs = self.renderer.needs(days, manifest, change)
            view = self._view(manifest, needs, (known, used), snaps, [d for d in days if change.is_new(d)])
            pages = [p for d in days for p in self.renderer.listing_pages(d, view, change)]
            differ: dict[str, StoredObject | None] = {}  # pages that cannot be the stored ones: no HEAD
            if attempt:  # our own days may have been rewritten by another run, or moved in the list
                pages += [p for d in days if d in manifest for p in self.renderer.day_pages(view.edition(d), view)]
            else:  # their posts were rendered before the commit: only their neighbours can have moved
                own = {urls.post_html(d) for d in days}
                pages = [p for p in pages if p.key not in own]
                moved = [d for d in days if manifest.neighbours(d) != upcoming.neighbours(d)]
                pages += [self.renderer.post_page(view.edition(d), view) for d in moved]
                new = [d for d in change.new or () if d in manifest]
                differ = {k: None for d in new for k in self.renderer.listing_keys(d, view)}
                pages = self._unless_static_stored(pages)
            written += [k for k in self.write_pages(_unique(pages), known=differ) if k not in written]
            latest, changed = self._sources_changed(etag, used)
            retaken = snaps.changed()
            if latest == etag and not changed and not retaken:
                return written, manifest
            snaps.forget(retaken)
            logger.info("Another run changed the site meanwhile; rendering again", days=sorted(map(str, changed)))
            manifest, reread = self.state.read_manifest()
            if reread is None:
                raise UnreadableManifest(f"{urls.MANIFEST} vanished during the run")
            etag = reread
            for day in changed:
                known.pop(day, None)
                used.pop(day, None)
        raise StoreError("the listings kept going stale: other runs are still writing; run again")

    def _sources_changed(self, etag: str, used: dict[date, str]) -> tuple[str | None, set[date]]:
        """The manifest's etag now, and the data days whose object is not the version read."""
        head = self.store.head(urls.MANIFEST)
        now = self.state.data_etags({urls.month_of(d) for d in used})
        return (head.etag if head else None), {d for d, tag in used.items() if now.get(d) != tag}

    def _view(
        self,
        manifest: Manifest,
        needs: Needs,
        read: tuple[dict[date, Edition], dict[date, str]],
        snaps: SnapshotReads,
        days: Iterable[date] = (),
    ) -> SiteView:
        """The view pages are rendered from: the editions and snapshots they need, read first."""
        known, used = read
        snapshots = snaps.load_all(needs.periods)
        held = self._stored_shards(needs.shard_only(snapshots), manifest, known.keys())
        self._load(needs.all_days(snapshots, held) - known.keys(), known, used)
        view = SiteView(manifest, known.values(), snapshots=snapshots, shard_days=held)
        if more := self.renderer.feed_needs(days, view) - view.snapshots.keys():  # a feed lists a day's period
            view.snapshots = snaps.load_all(needs.periods | more)
        return view

    def _stored_shards(
        self, wanted: dict[str, set[date]], manifest: Manifest, known: Iterable[date]
    ) -> dict[date, list[dict[str, Any]]]:
        """The entries of the days read only for their month's search shard that the stored shard holds
        as the manifest says (`SiteRenderer.stored_shard`): those days are not read. One GET per month,
        and one more for its Korean summaries when the shard says it has some; none when every such
        day is read anyway. A stale, damaged or missing shard holds none of them: they are read."""
        held: dict[date, list[dict[str, Any]]] = {}
        for month, days in sorted(wanted.items()):
            if not days - set(known):
                continue
            stored = self.state.stored_json(urls.search_shard(month))
            summaries = None
            if self.renderer.shard_summaries_wanted(stored):
                summaries = self.state.stored_json(urls.search_summaries(month))
            held.update(self.renderer.stored_shard(month, days, manifest, (stored, summaries)))
        return held

    def _load(self, days: Iterable[date], known: dict[date, Edition], used: dict[date, str]) -> None:
        """Read editions for rendering, remembering the version of each data object read
        (a few at a time: a month's days are read when its page is rendered)."""
        days = sorted(days)
        with ThreadPoolExecutor(min(len(days), self.workers) or 1, thread_name_prefix="load") as pool:
            for day, (edition, etag) in zip(days, pool.map(self.state.edition, days), strict=True):
                known[day], used[day] = edition, etag

    def _add_to_manifest(
        self, summaries: list[DaySummary], read: tuple[Manifest, str | None]
    ) -> tuple[Manifest, str, bool]:
        """Read-modify-write with S3 conditional writes; a lost race re-reads and tries again.

        `read` is the manifest as publish() already read and checked it: the conditional write
        catches any change since then, so the first attempt needs no second GET.
        """
        for attempt in range(ATTEMPTS):
            manifest, etag = read if attempt == 0 else self.state.read_manifest()
            updated = manifest.with_days(*summaries)
            if etag is not None and updated == manifest:
                return manifest, etag, False
            if attempt and etag is None:
                raise UnreadableManifest(f"{urls.MANIFEST} vanished during the run")
            try:
                new_etag = self._put_manifest(manifest_bytes(updated), etag)
            except PreconditionFailed:
                logger.info("Manifest changed under us; retrying", attempt=attempt + 1)
                continue
            return updated, new_etag, True
        raise StoreError(f"{urls.MANIFEST}: gave up after {ATTEMPTS} conflicting writes")

    # Repairing and rebuilding.

    def _repair(self, editions: tuple[Edition, ...], problems: list[str]) -> Report:
        logger.warning("The site's index is damaged; rebuilding it from the data objects", problems=problems)
        keys = [urls.day_data(e.day) for e in editions if self._upload(data_page(e))[0]]
        report = self.rebuild()
        return Report(keys + report.keys, list(dict.fromkeys(problems + report.repairs)), report.skipped)

    def _render_months(self, planned: Manifest, listing: dict[date, str], stored: set[str], rounds: _Rounds) -> None:
        """Every month's posts, month page, sitemap part and search shard, each from its own editions
        (so memory holds one month at a time), in worker processes when there are CPUs for them."""
        job = MonthJob(self.renderer, planned, listing, stored, self.workers)
        months = planned.month_names()
        # fork() copies one thread: with others running (a server in tests, an abandoned fetch) a lock
        # they hold could never be released in the child, so forking waits for a single-threaded process
        alone = threading.active_count() == 1
        processes = min(self.processes, len(months)) if self.reopen and alone else 1
        results: Iterable[MonthResult] | None = None
        if processes > 1:
            results = in_processes(job, months, processes, self)
        if results is None:
            job.publisher = self
            results = map(job, months)
        for result in results:
            rounds.absorb(result)
        job.close()

    def _summarise(
        self, days: set[date], listing: dict[date, str], rounds: _Rounds, pool: Executor
    ) -> dict[date, Edition]:
        """(Re)read the data objects of `days` into the rounds' summaries, etags read and unreadable
        days; return the editions read."""
        for table in (rounds.summaries, rounds.used, rounds.bad):
            for day in days:
                table.pop(day, None)
        present = sorted(d for d in days if d in listing)
        editions = {}
        for day, result in zip(present, pool.map(self.try_edition, present), strict=True):
            if isinstance(result, CorruptDay):
                _skipping(day, result.reason)
                rounds.bad[day], rounds.used[day] = result.reason, listing[day]
            else:
                editions[day], rounds.used[day] = result
                rounds.summaries[day] = self.renderer.day_summary(result[0])
        return editions

    def _reread(
        self, days: set[date], fresh: dict[date, Edition], rounds: _Rounds, pool: Executor
    ) -> dict[date, Edition] | None:
        """The editions `days` need for rendering: those just read, the others read again. A day whose
        object is not the version its summary came from is marked stale (None: read it again first)."""
        editions = {d: fresh[d] for d in days if d in fresh}
        missing = sorted(days - editions.keys())
        for day, result in zip(missing, pool.map(self.try_edition, missing), strict=True):
            if isinstance(result, CorruptDay) or result[1] != rounds.used.get(day):
                rounds.stale.add(day)
            else:
                editions[day] = result[0]
        return None if rounds.stale else editions

    def try_edition(self, day: date) -> tuple[Edition, str] | CorruptDay:
        try:
            return self.state.edition(day)
        except CorruptDay as exc:
            return exc

    def _commit(self, manifest: Manifest, head: StoredObject | None) -> bool | None:
        """Write the rebuilt manifest over the version seen at the start of the round: True if written,
        False if it already said the same (and still does), None if another run changed it meanwhile."""
        body = manifest_bytes(manifest)
        if head is not None and head.metadata.get("sha256") == content_hash(body):
            now = self.store.head(urls.MANIFEST)
            return False if now is not None and now.etag == head.etag else None
        try:
            self._put_manifest(body, head.etag if head else None)
        except PreconditionFailed:
            return None
        return True

    # Writing.

    def _upload(
        self,
        page: Page,
        stored: set[str] | None = None,
        known: Mapping[str, StoredObject | None] = MappingProxyType({}),
    ) -> tuple[bool, str]:
        """Write a page unless the store holds the same bytes: (uploaded?, etag of the stored version).
        What is stored is asked with a HEAD, unless the run knows it (`known`: as just read, or None
        for nothing or nothing that can be the same bytes) or the key is not in `stored` (a listing)."""
        digest = content_hash(page.body)
        if page.key in known:
            current = known[page.key]
        elif stored is not None and page.key not in stored:
            current = None
        else:
            current = self.store.head(page.key)
        if current is not None and current.metadata.get("sha256") == digest:
            return False, current.etag
        return True, self.store.put(page.key, page.body, page.content_type, metadata={"sha256": digest})

    def _put_manifest(self, body: bytes, etag: str | None) -> str:
        """The one manifest write: only over the version read (`etag`), or where there is none."""
        return self.store.put(
            urls.MANIFEST,
            body,
            urls.content_type(urls.MANIFEST),
            metadata={"sha256": content_hash(body)},
            if_match=etag,
            if_none_match=etag is None,
        )


def _unique(pages: Iterable[Page]) -> list[Page]:
    """One page per key, the last rendering winning (they are rendered from the same view)."""
    return list({page.key: page for page in pages}.values())


def _skipping(day: date, reason: str) -> None:
    logger.warning("Skipping a day whose data cannot be read", key=urls.day_data(day), reason=reason)


@dataclass(slots=True)
class _Rounds:
    """What a rebuild has read so far: every day's summary, the etag of the version read, the days
    that could not be read, the days found changed since, and the keys written."""

    summaries: dict[date, DaySummary] = field(default_factory=dict)
    used: dict[date, str] = field(default_factory=dict)
    bad: dict[date, str] = field(default_factory=dict)
    stale: set[date] = field(default_factory=set)
    written: list[str] = field(default_factory=list)
    snapshots: dict[Period, str | None] = field(default_factory=dict)
    bad_snapshots: dict[str, str] = field(default_factory=dict)

    def absorb(self, result: MonthResult) -> None:
        self.summaries.update((s.day, s) for s in result.summaries)
        self.used.update(result.used)
        for day, reason in result.bad.items():
            _skipping(day, reason)
        self.bad.update(result.bad)
        self.written += result.keys
        self.snapshots.update(result.snapshots)
        for key, reason in result.bad_snapshots.items():
            logger.warning("A period's snapshot cannot be read", key=key, reason=reason)
        self.bad_snapshots.update(result.bad_snapshots)

    def snapshots_moved(self, listing: dict[Period, str], manifest: Manifest) -> set[Period]:
        """The periods with days whose snapshot is not the version their pages were rendered from."""
        periods = {q for q in self.snapshots.keys() | listing.keys() if manifest.days_between(q.start, q.end)}
        return {q for q in periods if listing.get(q) != self.snapshots.get(q)}

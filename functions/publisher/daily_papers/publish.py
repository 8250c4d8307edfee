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
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from . import urls
from .exceptions import PreconditionFailed, StoreError
from .models import DaySummary, Edition, Manifest, PeriodSnapshot, SiteView
from .observability import logger
from .periods import Period
from .ports import Store, StoredObject, content_hash
from .render import Page, SiteRenderer
from .site_state import CorruptDay, CorruptSnapshot, Index, SiteState, SnapshotReads, UnreadableManifest

ATTEMPTS = 10  # conflicting manifest writes, or rounds of re-rendering after another run's changes
REBUILD_WORKERS = 8  # a rebuild's reads and uploads are thousands of small requests: overlap them


@dataclass(slots=True)
class Report:
    """What a publish or rebuild did: keys uploaded, damage repaired, data days left out unreadable."""

    keys: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    skipped: dict[date, str] = field(default_factory=dict)
    snapshots: dict[str, str] = field(default_factory=dict)  # unreadable period snapshots: key -> reason

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
    """The writer: day objects, pages and the manifest. What it reads of the site goes through `state`."""

    def __init__(self, store: Store, renderer: SiteRenderer, workers: int = REBUILD_WORKERS):
        self.store = store
        self.renderer = renderer
        self.state = SiteState(store)
        self.workers = workers

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

        Unreadable days are skipped and named. When another run changes a data object or the manifest
        meanwhile, the pages that depend on it are rendered again before the manifest is written, and
        the manifest write is conditional: a rebuild never leaves a site older than its data.
        """
        repairs = list(self.state.index().problems)
        stored = set(self.store.list_keys(""))  # a few LISTs spare a HEAD per page that does not exist yet
        known: dict[date, Edition] = {}
        used: dict[date, str] = {}  # data day -> etag of the version read, readable or not
        bad: dict[date, str] = {}
        written: list[str] = []
        previous: Manifest | None = None
        snaps = _Snapshots()
        with ThreadPoolExecutor(self.workers, thread_name_prefix="rebuild") as pool:
            for _ in range(ATTEMPTS):
                head = self.store.head(urls.MANIFEST)
                listing = self.state.data_etags()
                changed = {d for d in listing.keys() | used.keys() if listing.get(d) != used.get(d)}
                self._read_days(changed, listing, (known, used, bad), pool)
                moved = self._read_snapshots(snaps, pool)
                manifest = Manifest({d: DaySummary.of(e) for d, e in known.items()}, dict(bad))
                view = SiteView(manifest, known.__getitem__, snapshots=snaps.known.get)
                if previous is None:
                    batches: Iterable[list[Page]] = self.renderer.month_batches(view)
                else:
                    months_moved = previous.months().keys() != manifest.months().keys()
                    pages = self.renderer.pages_for(changed, view, all_months=months_moved)
                    listed = [q for q in sorted(moved) if period_listed(q, manifest)]
                    batches = [pages + [p for q in listed for p in self.renderer.snapshot_pages(q, view)]]
                for batch in batches:
                    written += self.write_pages(batch, pool, stored)
                stored.update(written)
                previous = manifest
                if self.state.snapshot_etags() != snaps.used or self.state.data_etags() != used:
                    continue
                committed = self._commit(manifest, head)
                if committed is not None:
                    keys = written + ([urls.MANIFEST] if committed else [])
                    return Report(keys, repairs, dict(bad), dict(snaps.bad))
        raise StoreError("the rebuild kept meeting other runs' changes; nothing is lost: run it again")

    def write_snapshot(self, taken: PeriodSnapshot) -> Report:
        """Store a closed period's snapshot (the truth of its ranking), then the pages rendered from it."""
        uploaded, _ = self._upload(snapshot_page(taken))
        report = self.settle_period(taken.period)
        report.keys[:0] = [urls.snapshot(taken.period)] if uploaded else []
        return report

    def settle_period(self, period: Period) -> Report:
        """Render a period's page, its kind's feeds (and, for a week, the home page) from what is stored;
        render again until neither the manifest, a day nor a snapshot they were rendered from changed."""
        keys: list[str] = []
        for _ in range(ATTEMPTS):
            manifest, etag = self.state.read_manifest()
            known: dict[date, Edition] = {}
            used: dict[date, str] = {}
            snaps = SnapshotReads(self.state)
            view = SiteView(manifest, self._loader(known, used), snapshots=snaps.load)
            pages = self.renderer.snapshot_pages(period, view) if period_listed(period, manifest) else []
            keys += [k for k in self.write_pages(pages) if k not in keys]
            latest, changed = self._sources_changed(etag or "", used)
            if latest == etag and not changed and not snaps.changed():
                return Report(keys, snapshots=snaps.bad)
            logger.info("Another run changed the site meanwhile; rendering the period again", period=period.name)
        raise StoreError(f"{period}: its pages kept going stale: other runs are still writing; run again")

    def write_pages(
        self, pages: Iterable[Page], pool: Executor | None = None, stored: set[str] | None = None
    ) -> list[str]:
        """Upload pages whose content differs from what is stored; return their keys, in page order.

        With a pool (a rebuild), pages are checked and uploaded concurrently; the first error is raised.
        `stored`, every key in the store just listed, skips the HEAD of pages that are not there.
        """
        pages = list(pages)
        upload = partial(self._upload, stored=stored)
        results = pool.map(upload, pages) if pool else map(upload, pages)
        return [page.key for page, (uploaded, _) in zip(pages, results, strict=True) if uploaded]

    # Publishing.

    def _publish(self, editions: tuple[Edition, ...], index: Index) -> Report:
        known = {e.day: e for e in editions}
        used: dict[date, str] = {}  # data day -> etag of the version the pages are rendered from
        keys = []
        for edition in editions:
            uploaded, used[edition.day] = self._upload(data_page(edition))
            keys += [urls.day_data(edition.day)] if uploaded else []
        summaries = [DaySummary.of(e) for e in editions]
        upcoming = index.manifest.with_days(*summaries)
        view = SiteView(upcoming, self._loader(known, used), *editions)
        keys += self.write_pages(p for e in editions for p in self.renderer.day_pages(e, view))
        manifest, etag, changed = self._add_to_manifest(summaries, (index.manifest, index.etag))
        keys += [urls.MANIFEST] if changed else []
        snaps = SnapshotReads(self.state)
        keys += self._settle(list(known), manifest, etag, (known, used), upcoming, snaps)
        return Report(keys, skipped=dict(manifest.skipped), snapshots=snaps.bad)

    def _settle(
        self,
        days: list[date],
        manifest: Manifest,
        etag: str,
        read: tuple[dict[date, Edition], dict[date, str]],
        rendered: Manifest,
        snaps: SnapshotReads,
    ) -> list[str]:
        """Write the listings of `days` from the committed manifest; then check that nothing they were
        rendered from changed meanwhile, and render again (from what changed) until nothing did."""
        known, used = read
        written: list[str] = []
        for attempt in range(ATTEMPTS):
            view = SiteView(manifest, self._loader(known, used), *known.values(), snapshots=snaps.load)
            pages = [p for d in days for p in self.renderer.listing_pages(d, view)]
            if attempt:  # our own days may have been rewritten by another run, or moved in the list
                pages += [p for d in days if d in manifest.days for p in self.renderer.day_pages(view.edition(d), view)]
            else:  # their posts were rendered before the commit: only their neighbours can have moved
                moved = [d for d in days if manifest.neighbours(d) != rendered.neighbours(d)]
                pages += [self.renderer.post_page(view.edition(d), view) for d in moved]
            written += [k for k in self.write_pages(_unique(pages)) if k not in written]
            latest, changed = self._sources_changed(etag, used)
            if latest == etag and not changed and not snaps.changed():
                return written
            logger.info("Another run changed the site meanwhile; rendering again", days=sorted(map(str, changed)))
            manifest, fresh = self.state.read_manifest()
            if fresh is None:
                raise UnreadableManifest(f"{urls.MANIFEST} vanished during the run")
            etag = fresh
            for day in changed:
                known.pop(day, None)
                used.pop(day, None)
        raise StoreError("the listings kept going stale: other runs are still writing; run again")

    def _sources_changed(self, etag: str, used: dict[date, str]) -> tuple[str | None, set[date]]:
        """The manifest's etag now, and the data days whose object is not the version read."""
        head = self.store.head(urls.MANIFEST)
        now = self.state.data_etags({urls.month_of(d) for d in used})
        return (head.etag if head else None), {d for d, tag in used.items() if now.get(d) != tag}

    def _loader(self, known: dict[date, Edition], used: dict[date, str]) -> Callable[[date], Edition]:
        """Loads editions for rendering, remembering the version of each data object read."""

        def load(day: date) -> Edition:
            known[day], used[day] = self.state.edition(day)
            return known[day]

        return load

    def _add_to_manifest(
        self, summaries: list[DaySummary], read: tuple[Manifest, str | None]
    ) -> tuple[Manifest, str, bool]:
        """Read-modify-write with S3 conditional writes; a lost race re-reads and tries again.

        `read` is the manifest as publish() already read and checked it: the conditional write
        catches any change since then, so the first attempt needs no second GET.
        """
        for attempt in range(ATTEMPTS):
            manifest, etag = read if attempt == 0 else self.state.read_manifest()
            if etag is not None and all(manifest.days.get(s.day) == s for s in summaries):
                return manifest, etag, False
            if attempt and etag is None:
                raise UnreadableManifest(f"{urls.MANIFEST} vanished during the run")
            updated = manifest.with_days(*summaries)
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

    def _read_days(
        self,
        days: set[date],
        listing: dict[date, str],
        into: tuple[dict[date, Edition], dict[date, str], dict[date, str]],
        pool: Executor,
    ) -> None:
        """(Re)read the data objects of `days` into known editions / etags read / unreadable days."""
        known, used, bad = into
        for table in into:
            for day in days:
                table.pop(day, None)
        present = sorted(d for d in days if d in listing)
        for day, result in zip(present, pool.map(self._try_edition, present), strict=True):
            if isinstance(result, CorruptDay):
                logger.warning("Skipping a day whose data cannot be read", key=urls.day_data(day), reason=result.reason)
                bad[day], used[day] = result.reason, listing[day]
            else:
                known[day], used[day] = result

    def _read_snapshots(self, snaps: _Snapshots, pool: Executor) -> set[Period]:
        """(Re)read the snapshots that changed since the last round; return their periods."""
        listing = self.state.snapshot_etags()
        moved = {q for q in listing.keys() | snaps.used.keys() if listing.get(q) != snaps.used.get(q)}
        for q in moved:
            snaps.forget(q)
        present = sorted(q for q in moved if q in listing)
        for period, result in zip(present, pool.map(self._try_snapshot, present), strict=True):
            if isinstance(result, CorruptSnapshot):
                logger.warning("A period's snapshot cannot be read", key=urls.snapshot(period), reason=result.reason)
                snaps.bad[urls.snapshot(period)], snaps.used[period] = result.reason, result.etag
            elif result is not None:
                snaps.known[period], snaps.used[period] = result
        return moved

    def _try_snapshot(self, period: Period) -> tuple[PeriodSnapshot, str] | CorruptSnapshot | None:
        try:
            return self.state.snapshot(period)
        except CorruptSnapshot as exc:
            return exc

    def _try_edition(self, day: date) -> tuple[Edition, str] | CorruptDay:
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

    def _upload(self, page: Page, stored: set[str] | None = None) -> tuple[bool, str]:
        """Write a page unless the store holds the same bytes: (uploaded?, etag of the stored version)."""
        digest = content_hash(page.body)
        current = self.store.head(page.key) if stored is None or page.key in stored else None
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


@dataclass(slots=True)
class _Snapshots:
    """A rebuild's snapshots: read, their etags, and the unreadable ones (key -> reason)."""

    known: dict[Period, PeriodSnapshot] = field(default_factory=dict)
    used: dict[Period, str] = field(default_factory=dict)
    bad: dict[str, str] = field(default_factory=dict)

    def forget(self, period: Period) -> None:
        self.known.pop(period, None)
        self.used.pop(period, None)
        self.bad.pop(urls.snapshot(period), None)


def period_listed(period: Period, manifest: Manifest) -> bool:
    """Whether the site has a published day in the period (and so a page for it)."""
    return any(period.contains(d) for d in manifest.days)


def _unique(pages: Iterable[Page]) -> list[Page]:
    """One page per key, the last rendering winning (they are rendered from the same view)."""
    return list({page.key: page for page in pages}.values())

"""Publish stage: the only writer. Day objects first, then the manifest, then the listings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import date
from functools import partial

from . import urls
from .exceptions import PreconditionFailed, StoreError
from .models import DaySummary, Edition, Manifest, SiteView
from .observability import logger
from .ports import Store, StoredObject
from .render import Page, SiteRenderer
from .store import content_hash

MANIFEST_ATTEMPTS = 10
REBUILD_WORKERS = 8  # a rebuild's reads and uploads are thousands of small requests: overlap them
_DAY_DATA = re.compile(r"data/[0-9]{4}-[0-9]{2}-[0-9]{2}\.json")


def manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.to_dict(), ensure_ascii=False).encode()


def data_page(edition: Edition) -> Page:
    """The normalised papers: enough to re-render the day without calling HF again."""
    return Page(urls.day_data(edition.day), json.dumps(edition.to_dict(), ensure_ascii=False).encode())


class SitePublisher:
    def __init__(self, store: Store, renderer: SiteRenderer):
        self.store = store
        self.renderer = renderer

    def publish(self, *editions: Edition) -> list[str]:
        """Write some days and everything that lists them; return the keys actually uploaded.

        Several days at once (a scheduled run and its refreshed days) share one manifest write and
        one set of listings.
        """
        manifest, etag = self.load_manifest()
        summaries = [DaySummary.of(e) for e in editions]
        upcoming = self.view(manifest.with_days(*summaries), *editions)
        written = self.write_pages(
            page for e in editions for page in [data_page(e), *self.renderer.day_pages(e, upcoming)]
        )
        manifest, etag, changed = self._add_to_manifest(summaries, (manifest, etag))
        if changed:
            written.append(urls.MANIFEST)
        return written + self._write_listings(editions, manifest, etag)

    def published_edition(self, day: date) -> Edition | None:
        """The day as it was last published, or None."""
        return self._edition_from(self.store.get(urls.day_data(day)), day)

    def rebuild(self) -> list[str]:
        """Re-render every page from the stored data files (no HF call); upload what changed.

        The manifest is rebuilt too (so a lost or corrupt one is restored), with a conditional
        write: if a publisher changed it meanwhile, this fails and a retry starts over.
        """
        current = self.store.head(urls.MANIFEST)
        stored = set(self.store.list_keys(""))  # a few LISTs spare a HEAD per page that does not exist yet
        days = [date.fromisoformat(k[5:15]) for k in sorted(stored) if _DAY_DATA.fullmatch(k)]
        written: list[str] = []
        with ThreadPoolExecutor(REBUILD_WORKERS, thread_name_prefix="rebuild") as pool:
            editions = list(pool.map(self.load_edition, days))
            manifest = Manifest({e.day: DaySummary.of(e) for e in editions})
            for batch in self.renderer.month_batches(self.view(manifest, *editions)):  # pages a month at a time
                written += self.write_pages(batch, pool, stored)
        body = manifest_bytes(manifest)
        if current is None or current.metadata.get("sha256") != content_hash(body):
            self._put_manifest(body, current.etag if current else None)
            written.append(urls.MANIFEST)
        return written

    def load_edition(self, day: date) -> Edition:
        edition = self._edition_from(self.store.get(urls.day_data(day)), day)
        if edition is None:
            raise StoreError(f"{urls.day_data(day)} is listed in the manifest but missing")
        return edition

    @staticmethod
    def _edition_from(stored: StoredObject | None, day: date) -> Edition | None:
        if stored is None:
            return None
        try:
            return Edition.from_dict(json.loads(stored.body))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{urls.day_data(day)} is corrupt: {exc}") from exc

    def view(self, manifest: Manifest, *known: Edition) -> SiteView:
        return SiteView(manifest, self.load_edition, *known)

    def write_pages(
        self, pages: Iterable[Page], pool: Executor | None = None, stored: set[str] | None = None
    ) -> list[str]:
        """Upload pages whose content differs from what is stored; return their keys, in page order.

        With a pool (a rebuild), pages are checked and uploaded concurrently; the first error is raised.
        `stored`, every key in the store just listed, skips the HEAD of pages that are not there.
        """
        write = partial(self._write_page, stored=stored)
        uploaded = pool.map(write, pages) if pool else map(write, pages)
        return [key for key in uploaded if key is not None]

    def _write_page(self, page: Page, stored: set[str] | None = None) -> str | None:
        digest = content_hash(page.body)
        current = self.store.head(page.key) if stored is None or page.key in stored else None
        if current is not None and current.metadata.get("sha256") == digest:
            return None
        self.store.put(page.key, page.body, page.content_type, metadata={"sha256": digest})
        return page.key

    def load_manifest(self) -> tuple[Manifest, str | None]:
        stored = self.store.get(urls.MANIFEST)
        if stored is None:
            return Manifest(), None
        try:
            return Manifest.from_dict(json.loads(stored.body)), stored.etag
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{urls.MANIFEST} is corrupt ({exc}); run a rebuild to restore it") from exc

    def _add_to_manifest(
        self, summaries: list[DaySummary], read: tuple[Manifest, str | None] | None = None
    ) -> tuple[Manifest, str, bool]:
        """Read-modify-write with S3 conditional writes; a lost race re-reads and tries again.

        `read` is the manifest as publish() already read it: the conditional write catches any
        change since then, so the first attempt needs no second GET of a file that grows with history.
        """
        for attempt in range(MANIFEST_ATTEMPTS):
            manifest, etag = read if attempt == 0 and read is not None else self.load_manifest()
            if etag is not None and all(manifest.days.get(s.day) == s for s in summaries):
                return manifest, etag, False
            updated = manifest.with_days(*summaries)
            try:
                new_etag = self._put_manifest(manifest_bytes(updated), etag)
            except PreconditionFailed:
                logger.info("Manifest changed under us; retrying", attempt=attempt + 1)
                continue
            return updated, new_etag, True
        raise StoreError(f"{urls.MANIFEST}: gave up after {MANIFEST_ATTEMPTS} conflicting writes")

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

    def _write_listings(self, editions: tuple[Edition, ...], manifest: Manifest, etag: str | None) -> list[str]:
        """Listings from the manifest; if another writer changed it meanwhile, render again."""
        written: list[str] = []
        for _ in range(MANIFEST_ATTEMPTS):
            view = self.view(manifest, *editions)
            pages = {p.key: p for e in editions for p in self.renderer.listing_pages(e.day, view)}.values()
            written += [k for k in self.write_pages(pages) if k not in written]
            latest = self.store.head(urls.MANIFEST)
            if latest is None or latest.etag == etag:
                return written
            manifest, etag = self.load_manifest()
        raise StoreError("the listings kept going stale: another publisher is still writing")

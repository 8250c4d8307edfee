"""Reading the site's state. The data objects `data/DAY.json` are the truth; the manifest is an index
derived from them, trusted only once it is checked against them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import urls
from .exceptions import StoreError
from .models import Edition, Manifest, PeriodSnapshot
from .periods import KINDS, Period
from .ports import Store, StoredObject, content_hash


class CorruptDay(StoreError):
    """A day's data object is missing or cannot be read as an edition."""

    def __init__(self, day: date, reason: str, missing: bool = False):
        super().__init__(f"{urls.day_data(day)} {reason}")
        self.day, self.reason, self.missing = day, reason, missing


class CorruptSnapshot(StoreError):
    """A period's snapshot exists but cannot be read: the period is shown from its stored days."""

    def __init__(self, period: Period, reason: str, etag: str):
        super().__init__(f"{urls.snapshot(period)} {reason}")
        self.period, self.reason, self.etag = period, reason, etag


class UnreadableManifest(StoreError):
    """The manifest exists but is not a manifest of this schema."""


@dataclass(frozen=True, slots=True)
class Index:
    """The manifest as read, its etag, and why it cannot be trusted (empty when it can)."""

    manifest: Manifest
    etag: str | None
    problems: tuple[str, ...] = ()


class SiteState:
    def __init__(self, store: Store):
        self.store = store
        self._parsed: tuple[str, Manifest] | None = None  # the last manifest parsed, by its content's hash
        # what `published_edition` found under a data key (etag and sha256; None: nothing): the writer
        # compares the day it publishes with that version instead of asking the store again
        self.read_versions: dict[str, StoredObject | None] = {}

    def read_manifest(self) -> tuple[Manifest, str | None]:
        """The manifest and its etag; an empty one (etag None) when there is none."""
        stored = self.store.get(urls.MANIFEST)
        if stored is None:
            return Manifest(), None
        digest = content_hash(stored.body)
        if self._parsed is not None and self._parsed[0] == digest:  # a run reads it several times
            return self._parsed[1], stored.etag
        try:
            manifest = Manifest.from_dict(json.loads(stored.body))
        except (ValueError, KeyError, TypeError) as exc:
            raise UnreadableManifest(f"{urls.MANIFEST} is unreadable: {exc}") from exc
        self._parsed = (digest, manifest)  # a Manifest is never changed: with_days makes a new one
        return manifest, stored.etag

    def index(self, days: Iterable[date] | None = None) -> Index:
        """The manifest, checked against the data objects: it must account for every data day, and
        list none without one. With `days` (the days a run publishes) only the months the run can
        touch are listed: theirs, and every month since the manifest's newest day, so the check stays
        flat as history grows (a restored old manifest lacks recent days, which are in scope). Without,
        every data key is listed (a rebuild)."""
        try:
            manifest, etag = self.read_manifest()
        except UnreadableManifest as exc:
            return Index(Manifest(), None, (str(exc),))
        months = None if days is None or etag is None else _scope(manifest, days)
        data = self.data_days(months)
        if etag is None and data:
            return Index(manifest, None, (f"{urls.MANIFEST} is missing but {len(data)} days have data",))
        accounted = manifest.accounted(months)
        problems = []
        if unlisted := sorted(data - accounted):
            problems.append(f"{urls.MANIFEST} lacks {len(unlisted)} days with data: {_days(unlisted)}")
        if orphans := sorted(accounted - data):
            problems.append(f"{urls.MANIFEST} lists {len(orphans)} days without data: {_days(orphans)}")
        return Index(manifest, etag, tuple(problems))

    def data_days(self, months: Iterable[str] | None = None) -> set[date]:
        """The days that have a data object (keys only: nothing is read), of some months or all."""
        keys = [k for prefix in _prefixes(months) for k in self.store.list_keys(prefix)]
        return {day for k in keys if (day := urls.day_of_data(k))}

    def data_etags(self, months: Iterable[str] | None = None) -> dict[date, str]:
        """Day -> etag of its data object: every day, or only those of some months ('YYYY-MM')."""
        found: dict[date, str] = {}
        for prefix in _prefixes(months):
            for key, etag in self.store.etags(prefix).items():
                if day := urls.day_of_data(key):
                    found[day] = etag
        return found

    def edition(self, day: date) -> tuple[Edition, str]:
        """A day's edition and the etag of the version read; CorruptDay when missing or unreadable."""
        edition, stored = self._edition(day)
        return edition, stored.etag

    def _edition(self, day: date) -> tuple[Edition, StoredObject]:
        stored = self.store.get(urls.day_data(day))
        if stored is None:
            raise CorruptDay(day, "is missing", missing=True)
        try:
            edition = Edition.from_dict(json.loads(stored.body))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptDay(day, f"is corrupt: {exc}") from exc
        if edition.day != day:
            raise CorruptDay(day, f"holds the day {edition.day}")
        return edition, stored

    def published_edition(self, day: date) -> Edition | None:
        """The day as it was last published, None if never; CorruptDay when its data is unreadable."""
        key = urls.day_data(day)
        self.read_versions.pop(key, None)  # a warm container's service keeps its SiteState
        try:
            edition, stored = self._edition(day)
        except CorruptDay as exc:
            if exc.missing:
                self.read_versions[key] = None
                return None
            raise
        self.read_versions[key] = StoredObject(key, b"", stored.etag, {"sha256": content_hash(stored.body)})
        return edition

    def stored_json(self, key: str) -> object:
        """A derived object's JSON as stored, or None when it is missing or not JSON (it is then
        rendered again from the data, not repaired from itself)."""
        stored = self.store.get(key)
        try:
            return None if stored is None else json.loads(stored.body)
        except ValueError:
            return None

    # Period snapshots (data/weekly/, data/monthly/): truth too, read by the renderer through SiteView.

    def snapshot(self, period: Period) -> tuple[PeriodSnapshot, str] | None:
        """A period's snapshot and its etag; None when it has none; CorruptSnapshot when unreadable."""
        stored = self.store.get(urls.snapshot(period))
        if stored is None:
            return None
        try:
            found = PeriodSnapshot.from_dict(json.loads(stored.body), period.kind, period.name)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptSnapshot(period, f"is corrupt: {exc}", stored.etag) from exc
        return found, stored.etag

    def snapshot_etags(self) -> dict[Period, str]:
        """Period -> etag of its snapshot, for every stored snapshot (two listings)."""
        found: dict[Period, str] = {}
        for kind in KINDS:
            for key, etag in self.store.etags(urls.snapshot_prefix(kind)).items():
                if period := urls.period_of_snapshot(key):
                    found[period] = etag
        return found


class SnapshotReads:
    """The snapshots one rendering read, for SiteView: each version's etag (None: there was none),
    so a run can tell whether one changed meanwhile, and the unreadable ones (key -> reason), which
    are shown from their stored days and named."""

    def __init__(self, state: SiteState):
        self.state = state
        self.seen: dict[Period, str | None] = {}
        self.found: dict[Period, PeriodSnapshot | None] = {}
        self.bad: dict[str, str] = {}

    def load(self, period: Period) -> PeriodSnapshot | None:
        if period in self.found:
            return self.found[period]
        try:
            found = self.state.snapshot(period)
        except CorruptSnapshot as exc:
            self.seen[period], self.bad[urls.snapshot(period)] = exc.etag, exc.reason
            self.found[period] = None
            return None
        self.seen[period] = found[1] if found else None
        self.found[period] = found[0] if found else None
        return self.found[period]

    def load_all(self, periods: Iterable[Period]) -> dict[Period, PeriodSnapshot | None]:
        """The snapshots of `periods` (None for a period with none, or an unreadable one), each read once."""
        for period in sorted(periods):
            self.load(period)
        return dict(self.found)

    def forget(self, periods: Iterable[Period]) -> None:
        for period in periods:
            self.seen.pop(period, None)
            self.found.pop(period, None)
            self.bad.pop(urls.snapshot(period), None)

    def changed(self) -> set[Period]:
        """The periods whose snapshot is no longer the version read (one HEAD each)."""
        moved = set()
        for period, etag in self.seen.items():
            now = self.state.store.head(urls.snapshot(period))
            if (now.etag if now else None) != etag:
                moved.add(period)
        return moved


def _prefixes(months: Iterable[str] | None) -> list[str]:
    return [urls.DATA_DAYS] if months is None else [urls.month_data(m) for m in sorted(set(months))]


def _scope(manifest: Manifest, days: Iterable[date]) -> set[str]:
    """The months a publish of `days` checks: theirs, and each month from the index's newest day on."""
    days = list(days)
    months = {urls.month_of(d) for d in days}
    known = [d for d in (manifest.latest, max(manifest.skipped, default=None)) if d is not None]
    if known and days:
        month, last = urls.month_of(max(known)), max(months)
        while month <= last:
            months.add(month)
            month = urls.next_month(month)
    return months


def _days(days: list[date], most: int = 5) -> str:
    shown = ", ".join(d.isoformat() for d in days[:most])
    return shown + (f" and {len(days) - most} more" if len(days) > most else "")

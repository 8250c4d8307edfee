"""Typed content passed between the stages: fetch -> rank -> render -> publish."""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .periods import Kind, Period, covering, parse

_OPTIONAL = (
    *("title_ko", "summary_ko", "summary_model", "summary_prompt"),
    *("submitted_by", "submitted_by_name", "discussion_id"),
)


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    summary: str
    upvotes: int
    num_comments: int = 0
    authors: tuple[str, ...] = ()
    organization: str | None = None
    thumbnail: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    published_at: str | None = None
    submitted_at: str | None = None
    # Written by the enrich stage; absent (None) until a summary succeeds, and then kept as cached.
    title_ko: str | None = None
    summary_ko: str | None = None
    summary_model: str | None = None  # the Bedrock model or inference profile that wrote them
    summary_prompt: str | None = None  # enrich.PROMPT_VERSION at the time
    # Who put the paper on the daily list (HF's submittedOnDailyBy: user name, full name) and the id of
    # its discussion thread; absent in data files written before they were kept.
    submitted_by: str | None = None
    submitted_by_name: str | None = None
    discussion_id: str | None = None

    @property
    def hf_url(self) -> str:
        return f"https://huggingface.co/papers/{self.id}"

    @property
    def discussion_url(self) -> str:
        return f"https://huggingface.co/papers/{self.id}#community"

    @property
    def submitter_url(self) -> str | None:
        return f"https://huggingface.co/{self.submitted_by}" if self.submitted_by else None

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["ai_keywords"] = list(self.ai_keywords)
        for name in _OPTIONAL:  # absent rather than null: data files without summaries keep their bytes
            if data[name] is None:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        fields = dict(data)
        fields["authors"] = tuple(fields.get("authors") or ())
        fields["ai_keywords"] = tuple(fields.get("ai_keywords") or ())
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Edition:
    """One HF day, ranked, as it is published."""

    day: date
    papers: tuple[Paper, ...]
    ranked_at: datetime
    total: int = 0  # papers fetched before TOP_N was applied

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": 1,
            "date": self.day.isoformat(),
            "ranked_at": self.ranked_at.isoformat(),
            "total": self.total or len(self.papers),
            "papers": [p.to_dict() for p in self.papers],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edition:
        return cls(
            day=date.fromisoformat(data["date"]),
            papers=tuple(Paper.from_dict(p) for p in data["papers"]),
            ranked_at=datetime.fromisoformat(data["ranked_at"]),
            total=int(data.get("total", 0)),
        )


def _top_entry(paper: Paper) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": paper.id, "title": paper.title, "upvotes": paper.upvotes}
    if paper.title_ko:
        entry["title_ko"] = paper.title_ko
    return entry


FIRST_DAY = date(2023, 5, 4)  # the first day of HF Daily Papers
DETAIL_DAYS = 40  # >= the feeds' 30 days and the home page's 8
MANIFEST_SCHEMA = 2


@dataclass(slots=True)  # not frozen: frozen init is slow, and a rebuild makes one per day
class DaySummary:
    """What the home page and feeds need of a recent day, kept in the manifest. Treated as immutable."""

    day: date
    count: int
    ranked_at: datetime
    top: tuple[dict[str, Any], ...] = ()
    image: str | None = None  # the top paper's thumbnail, for sharing cards and feeds
    shard: str | None = None  # the fingerprint of the day's search shard entries (None: not known)

    @classmethod
    def of(cls, edition: Edition, top: int = 3, shard: str | None = None) -> DaySummary:
        return cls(
            day=edition.day,
            count=len(edition.papers),
            ranked_at=edition.ranked_at,
            top=tuple(_top_entry(p) for p in edition.papers[:top]),
            image=edition.papers[0].thumbnail if edition.papers else None,
            shard=shard,
        )

    @property
    def month(self) -> str:
        return self.day.isoformat()[:7]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"count": self.count, "ranked_at": self.ranked_at.isoformat(), "top": list(self.top)}
        if self.image:
            data["image"] = self.image
        if self.shard:
            data["shard"] = self.shard
        return data

    @classmethod
    def from_dict(cls, day: str, data: dict[str, Any]) -> DaySummary:
        return cls(
            day=date.fromisoformat(day),
            count=int(data["count"]),
            ranked_at=datetime.fromisoformat(data["ranked_at"]),
            top=tuple(data.get("top", ())),
            image=data.get("image") or None,
            shard=_fingerprint(data.get("shard")),  # a manifest written before fingerprints has none
        )


def _fingerprint(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value.isalnum()):
        return value
    raise ValueError(f"not a fingerprint: {value!r}")


@dataclass(slots=True)
class Manifest:
    """The index of published days, derived from the data objects; the listings are rendered from it.

    It stays small however long the history: every month keeps only which of its days are published
    (all that the archive, the sitemaps, the day-to-day links and the index check need), and only the
    newest DETAIL_DAYS days keep their rankings (the home page, the feeds, and the month pages of
    those days) and the fingerprints of their search shard entries. Older months' pages and search
    shards are rendered from the editions themselves.

    `skipped` names the data days that could not be read (corrupt), with the reason: they are left out
    of every listing until they are repaired, and recorded so that the index still accounts for them.
    """

    months: dict[str, frozenset[int]] = field(default_factory=dict)  # 'YYYY-MM' -> its days (of month)
    recent: dict[date, DaySummary] = field(default_factory=dict)  # the newest DETAIL_DAYS days
    skipped: dict[date, str] = field(default_factory=dict)
    # Derived once on first use: a Manifest is never mutated (with_days returns a new one).
    _names: list[str] | None = field(default=None, repr=False, compare=False)
    _periods: dict[str, list[Period]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, summaries: Iterable[DaySummary], skipped: dict[date, str] | None = None) -> Manifest:
        """The manifest of these days (a rebuild's, from every readable edition)."""
        return cls(skipped=dict(skipped or {})).with_days(*summaries)

    @classmethod
    def planned(cls, days: Iterable[date]) -> Manifest:
        """The months of these days and nothing else: a rebuild's plan before it reads the editions
        (enough for the links between posts and between month pages)."""
        months: dict[str, set[int]] = {}
        for day in days:
            months.setdefault(day.isoformat()[:7], set()).add(day.day)
        return cls({m: frozenset(ds) for m, ds in months.items()})

    def without(self, days: Iterable[date]) -> Manifest:
        """This manifest's months less some days (a plan, once some days proved unreadable)."""
        gone, months = set(days), dict(self.months)
        for day in gone:
            month = day.isoformat()[:7]
            months[month] = months.get(month, frozenset()) - {day.day}
        return Manifest(months, {d: s for d, s in self.recent.items() if d not in gone}, self.skipped)

    def with_days(self, *summaries: DaySummary) -> Manifest:
        """This manifest with some days added or updated: the same as `of` over all the days."""
        months = dict(self.months)
        for s in summaries:
            months[s.month] = months.get(s.month, frozenset()) | {s.day.day}
        fresh = {s.day: s for s in summaries}
        newest = sorted({**self.recent, **fresh}.items(), reverse=True)[:DETAIL_DAYS]
        skipped = {d: why for d, why in self.skipped.items() if d not in fresh}
        return Manifest(months, dict(newest), skipped)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day.day in self.months.get(day.isoformat()[:7], ())

    def __bool__(self) -> bool:
        return bool(self.months)

    @property
    def latest(self) -> date | None:
        """The newest published day."""
        newest = self.newest(1)
        return newest[0] if newest else None

    def month_names(self) -> list[str]:
        """The months with published days, oldest first."""
        if self._names is None:
            self._names = sorted(m for m, days in self.months.items() if days)
        return self._names

    def days_of(self, month: str) -> list[date]:
        """A month's published days, newest first."""
        year, number = int(month[:4]), int(month[5:])
        return [date(year, number, d) for d in sorted(self.months.get(month, ()), reverse=True)]

    def newest(self, n: int) -> list[date]:
        """The newest `n` published days, newest first (reading only the months they are in)."""
        found: list[date] = []
        for month in reversed(self.month_names()):
            found += self.days_of(month)[: n - len(found)]
            if len(found) == n:
                break
        return found

    def sorted_days(self) -> list[date]:
        """Every published day, oldest first: as long as the history (a rebuild's and tests' use)."""
        return [d for m in self.month_names() for d in reversed(self.days_of(m))]

    def accounted(self, months: Iterable[str] | None = None) -> set[date]:
        """Every data day the index knows of, listed or skipped: of some months, or all."""
        wanted = None if months is None else set(months)
        listed = {d for m in self.month_names() if wanted is None or m in wanted for d in self.days_of(m)}
        return listed | {d for d in self.skipped if wanted is None or d.isoformat()[:7] in wanted}

    def recent_days(self) -> list[DaySummary]:
        """The newest DETAIL_DAYS days with their rankings, newest first."""
        return [self.recent[d] for d in sorted(self.recent, reverse=True)]

    def neighbours(self, day: date) -> tuple[date | None, date | None]:
        """The published days just before and just after `day`."""
        names, month = self.month_names(), day.isoformat()[:7]
        at = bisect_left(names, month)
        own = self.months.get(month, frozenset())
        before = max((d for d in own if d < day.day), default=None)
        after = min((d for d in own if d > day.day), default=None)
        older = day.replace(day=before) if before else None
        if older is None and at > 0:
            older = self.days_of(names[at - 1])[0]
        newer = day.replace(day=after) if after else None
        if newer is None:
            later = bisect_right(names, month)
            newer = self.days_of(names[later])[-1] if later < len(names) else None
        return older, newer

    def before(self, day: date) -> date | None:
        """The newest published day before `day`."""
        return self.neighbours(day)[0]

    def after(self, day: date) -> date | None:
        """The oldest published day after `day`."""
        return self.neighbours(day)[1]

    def days_between(self, first: date, last: date) -> list[date]:
        """The published days from `first` to `last` (both included), oldest first: reads their months."""
        months = {first.isoformat()[:7], last.isoformat()[:7]}
        if len(months) > 1:  # a week spans at most two months; a month is one
            names = self.month_names()
            months = {m for m in names if first.isoformat()[:7] <= m <= last.isoformat()[:7]}
        return sorted(d for m in months for d in self.days_of(m) if first <= d <= last)

    def periods(self, kind: Kind) -> list[Period]:
        """Every period of a kind with a published day, oldest first (as long as the history: listings
        of every period, drawn by a rebuild and on the days a new period begins)."""
        if kind not in self._periods:
            self._periods[kind] = covering(kind, self.sorted_days())
        return self._periods[kind]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": MANIFEST_SCHEMA,
            "months": {m: _ranges(self.months[m]) for m in self.month_names()},
            "recent": {d.isoformat(): s.to_dict() for d, s in sorted(self.recent.items())},
        }
        if self.skipped:
            data["skipped"] = {d.isoformat(): why for d, why in sorted(self.skipped.items())}
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        """Strict: anything but this schema's shape raises ValueError, so a damaged index is noticed
        (an older schema too: the run that meets it rebuilds the index from the data objects)."""
        if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
            raise ValueError(f"not a schema-{MANIFEST_SCHEMA} manifest")
        months, recent, skipped = data.get("months"), data.get("recent"), data.get("skipped", {})
        if not (isinstance(months, dict) and isinstance(recent, dict) and isinstance(skipped, dict)):
            raise ValueError("'months', 'recent' and 'skipped' must be objects")
        manifest = cls(
            {_month_key(m): _parse_ranges(m, text) for m, text in months.items()},
            {s.day: s for s in (DaySummary.from_dict(k, v) for k, v in recent.items())},
            {date.fromisoformat(k): str(v) for k, v in skipped.items()},
        )
        if sorted(manifest.recent, reverse=True) != manifest.newest(DETAIL_DAYS):
            raise ValueError("'recent' must hold exactly the newest days of 'months'")
        return manifest


def _ranges(days: frozenset[int]) -> str:
    """Days of a month as compact ranges: {2, 3, 4, 6} -> '2-4,6'."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _month_key(month: str) -> str:
    if len(month) != 7 or not 1 <= int(month[5:]) <= 12:
        raise ValueError(f"not a month: {month!r}")
    return month


def _parse_ranges(month: str, text: Any) -> frozenset[int]:
    """'2-4,6' -> {2, 3, 4, 6}; ValueError unless every day exists in `month`."""
    last = calendar.monthrange(int(month[:4]), int(month[5:]))[1]
    days: set[int] = set()
    for part in str(text).split(","):
        first, _, end = part.partition("-")
        if not (first.isdigit() and (end.isdigit() or not end) and len(first) <= 2 and len(end) <= 2):
            raise ValueError(f"{month}: not a day range: {part!r}")
        low, high = int(first), int(end or first)
        if not 1 <= low <= high <= last:
            raise ValueError(f"{month}: no days {part!r}")
        days.update(range(low, high + 1))
    return frozenset(days)


class SiteView:
    """What the renderer may know of the whole site: the manifest, and the editions and period
    snapshots loaded for it.

    Rendering never reads the store: the publisher loads what pages need (`SiteRenderer.needs`)
    before it renders them, so a renderer is data in, bytes out.
    """

    def __init__(
        self,
        manifest: Manifest,
        editions: Iterable[Edition] = (),
        summaries: dict[date, DaySummary] | None = None,
        snapshots: dict[Period, PeriodSnapshot | None] | None = None,
        shard_days: dict[date, list[dict[str, Any]]] | None = None,
    ):
        self.manifest = manifest
        self.editions: dict[date, Edition] = {e.day: e for e in editions}
        self.summaries = summaries or {}  # a rebuild has every day's: month pages need no edition then
        self.snapshots = snapshots or {}  # period -> its snapshot, None when it has none
        # days whose search shard entries the stored shard holds as the manifest says (no edition needed)
        self.shard_days = shard_days or {}

    def snapshot(self, period: Period) -> PeriodSnapshot | None:
        try:
            return self.snapshots[period]
        except KeyError:
            raise LookupError(f"the snapshot of {period} was not looked for before rendering") from None

    def edition(self, day: date) -> Edition:
        try:
            return self.editions[day]
        except KeyError:
            raise LookupError(f"the edition of {day} was not loaded before rendering") from None

    def summary(self, day: date) -> DaySummary:
        """What a listing shows of a day: from the summaries given, the manifest's, else its edition."""
        found = self.summaries.get(day) or self.manifest.recent.get(day)
        return found if found is not None else DaySummary.of(self.edition(day))

    def neighbours(self, day: date) -> tuple[date | None, date | None]:
        return self.manifest.neighbours(day)


# Weekly and monthly digests.

SNAPSHOT_SCHEMA = 1
SNAPSHOT_PAPERS = 100  # a snapshot keeps the period's top papers: DIGEST_TOP_N is at most this


@dataclass(frozen=True, slots=True)
class DayPaper:
    """A paper of a period with the day it is filed under (None: a day the site has no post for)."""

    day: date | None
    paper: Paper


@dataclass(frozen=True, slots=True)
class PeriodSnapshot:
    """A closed period as HF listed it once it ended, with its likes then, ranked by us. The truth of
    the period's ranking (stored as data/weekly/YYYY-Www.json, data/monthly/YYYY-MM.json)."""

    period: Period
    papers: tuple[DayPaper, ...]  # ranked, at most SNAPSHOT_PAPERS
    fetched_at: datetime
    total: int  # distinct papers HF listed for the period

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SNAPSHOT_SCHEMA,
            "kind": self.period.kind,
            "period": self.period.name,
            "fetched_at": self.fetched_at.isoformat(),
            "total": self.total,
            "papers": [{"day": e.day.isoformat() if e.day else None, **e.paper.to_dict()} for e in self.papers],
        }

    @classmethod
    def from_dict(cls, data: Any, kind: Kind, name: str) -> PeriodSnapshot:
        """Strict: anything but a snapshot of this schema, kind and period raises ValueError."""
        if not isinstance(data, dict) or data.get("schema") != SNAPSHOT_SCHEMA:
            raise ValueError(f"not a schema-{SNAPSHOT_SCHEMA} snapshot")
        if data.get("kind") != kind or data.get("period") != name:
            raise ValueError(f"holds {data.get('kind')} {data.get('period')!r}, not {kind} {name!r}")
        papers = []
        for item in data["papers"]:
            fields = dict(item)
            day = fields.pop("day")
            papers.append(DayPaper(date.fromisoformat(day) if day else None, Paper.from_dict(fields)))
        return cls(parse(kind, name), tuple(papers), datetime.fromisoformat(data["fetched_at"]), int(data["total"]))


@dataclass(frozen=True, slots=True)
class Digest:
    """A period's top papers as a page shows them.

    state: "snapshot" (closed, ranked from its snapshot's likes), "closed" (ended, but ranked from
    the likes stored with each day: no snapshot could be taken) or "open" (so far, from stored days).
    """

    period: Period
    papers: tuple[DayPaper, ...]
    total: int
    days: int  # published days of the period
    state: Literal["snapshot", "closed", "open"]
    as_of: datetime | None  # when the likes were read: the snapshot's time, or the newest day's ranking

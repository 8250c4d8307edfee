"""Typed content passed between the stages: fetch -> rank -> render -> publish."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .periods import Kind, Period, parse

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
MANIFEST_SCHEMA = 1


@dataclass(slots=True)  # not frozen: a manifest builds a thousand of these per run, and frozen init is slow
class DaySummary:
    """What the index and feeds need of a day, kept in the manifest. Treated as immutable."""

    day: date
    count: int
    ranked_at: datetime
    top: tuple[dict[str, Any], ...] = ()
    image: str | None = None  # the top paper's thumbnail, for sharing cards and feeds

    @classmethod
    def of(cls, edition: Edition, top: int = 3) -> DaySummary:
        return cls(
            day=edition.day,
            count=len(edition.papers),
            ranked_at=edition.ranked_at,
            top=tuple(_top_entry(p) for p in edition.papers[:top]),
            image=edition.papers[0].thumbnail if edition.papers else None,
        )

    @property
    def month(self) -> str:
        return self.day.isoformat()[:7]

    def to_dict(self, detail: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"count": self.count, "ranked_at": self.ranked_at.isoformat()}
        if detail:
            data["top"] = list(self.top)
            if self.image:
                data["image"] = self.image
        return data

    @classmethod
    def from_dict(cls, day: str, data: dict[str, Any]) -> DaySummary:
        return cls(
            day=date.fromisoformat(day),
            count=int(data["count"]),
            ranked_at=datetime.fromisoformat(data["ranked_at"]),
            top=tuple(data.get("top", ())),
            image=data.get("image") or None,
        )


@dataclass(slots=True)
class Manifest:
    """The index of published days, derived from the data objects; the listings are rendered from it.

    `skipped` names the data days that could not be read (corrupt), with the reason: they are left out
    of every listing until they are repaired, and recorded so that the index still accounts for them.
    """

    days: dict[date, DaySummary] = field(default_factory=dict)
    skipped: dict[date, str] = field(default_factory=dict)
    # Derived once on first use: a Manifest is never mutated (with_days returns a new one).
    _sorted: list[date] | None = field(default=None, repr=False, compare=False)
    _months: dict[str, list[DaySummary]] | None = field(default=None, repr=False, compare=False)

    def with_days(self, *summaries: DaySummary) -> Manifest:
        fresh = {s.day: s for s in summaries}
        skipped = {d: why for d, why in self.skipped.items() if d not in fresh}
        return Manifest({**self.days, **fresh}, skipped)

    def accounted(self) -> set[date]:
        """Every data day the index knows of: listed or skipped."""
        return set(self.days) | set(self.skipped)

    def sorted_days(self) -> list[date]:
        """The published days, oldest first."""
        if self._sorted is None:
            self._sorted = sorted(self.days)
        return self._sorted

    def newest_first(self) -> list[DaySummary]:
        return [self.days[d] for d in reversed(self.sorted_days())]

    def months(self) -> dict[str, list[DaySummary]]:
        """Month ('YYYY-MM') -> its days, both newest first."""
        if self._months is None:
            grouped: dict[str, list[DaySummary]] = {}
            for summary in self.newest_first():
                grouped.setdefault(summary.month, []).append(summary)
            self._months = grouped
        return self._months

    def neighbours(self, day: date) -> tuple[DaySummary | None, DaySummary | None]:
        """The published days just before and just after `day`."""
        days = self.sorted_days()
        before, after = bisect_left(days, day), bisect_right(days, day)
        return (
            self.days[days[before - 1]] if before else None,
            self.days[days[after]] if after < len(days) else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """Rankings and images are kept for the newest DETAIL_DAYS only (home and feeds use them):
        older days keep their count and time, so the file stays small as history grows."""
        days = self.sorted_days()
        recent = set(days[-DETAIL_DAYS:])
        data: dict[str, Any] = {
            "schema": MANIFEST_SCHEMA,
            "days": {d.isoformat(): self.days[d].to_dict(detail=d in recent) for d in days},
        }
        if self.skipped:
            data["skipped"] = {d.isoformat(): why for d, why in sorted(self.skipped.items())}
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        """Strict: anything but this schema's shape raises ValueError, so a damaged index is noticed."""
        if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
            raise ValueError(f"not a schema-{MANIFEST_SCHEMA} manifest")
        days, skipped = data.get("days"), data.get("skipped", {})
        if not isinstance(days, dict) or not isinstance(skipped, dict):
            raise ValueError("'days' and 'skipped' must be objects")
        summaries = [DaySummary.from_dict(key, value) for key, value in days.items()]
        return cls({s.day: s for s in summaries}, {date.fromisoformat(k): str(v) for k, v in skipped.items()})


class SiteView:
    """What the renderer may know of the whole site: the manifest, and any day's edition and any
    period's snapshot (None when it has none) on demand."""

    def __init__(
        self,
        manifest: Manifest,
        load: Callable[[date], Edition],
        *extra: Edition,
        snapshots: Callable[[Period], PeriodSnapshot | None] = lambda period: None,
    ):
        self.manifest = manifest
        self._load = load
        self._editions: dict[date, Edition] = {e.day: e for e in extra}
        self._load_snapshot = snapshots
        self._snapshots: dict[Period, PeriodSnapshot | None] = {}

    def snapshot(self, period: Period) -> PeriodSnapshot | None:
        if period not in self._snapshots:
            self._snapshots[period] = self._load_snapshot(period)
        return self._snapshots[period]

    def edition(self, day: date) -> Edition:
        if day not in self._editions:
            self._editions[day] = self._load(day)
        return self._editions[day]

    def neighbours(self, day: date) -> tuple[DaySummary | None, DaySummary | None]:
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

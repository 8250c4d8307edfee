"""Small builders for domain objects in unit tests."""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from daily_papers.models import DaySummary, Edition, Manifest, Paper, PeriodSnapshot, SiteView
from daily_papers.periods import KINDS, Period

RANKED_AT = datetime(2026, 2, 10, 0, 15, tzinfo=UTC)


def paper(paper_id: str = "2602.00001", upvotes: int = 1, comments: int = 0, **fields) -> Paper:
    fields.setdefault("title", f"Paper {paper_id}")
    fields.setdefault("summary", "An abstract.")
    return Paper(id=paper_id, upvotes=upvotes, num_comments=comments, **fields)


def edition(day: date = date(2026, 2, 9), papers=None, ranked_at: datetime = RANKED_AT) -> Edition:
    papers = tuple(papers if papers is not None else [paper("2602.00001", 3), paper("2602.00002", 1)])
    return Edition(day, papers, ranked_at, total=len(papers))


def view_of(editions: Iterable[Edition], snapshots: dict[Period, PeriodSnapshot | None] | None = None) -> SiteView:
    """The whole site of these editions, as a renderer sees it: their manifest, every edition, and
    the snapshots given (every other period has none)."""
    editions = list(editions)
    manifest = Manifest.of(DaySummary.of(e) for e in editions)
    known: dict[Period, PeriodSnapshot | None] = {q: None for kind in KINDS for q in manifest.periods(kind)}
    return SiteView(manifest, editions, snapshots={**known, **(snapshots or {})})

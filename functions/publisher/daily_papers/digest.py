"""Digest stage: a week's or a month's top papers, from its snapshot or from its stored days. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Literal

from .models import SNAPSHOT_PAPERS, DayPaper, Digest, Edition, Manifest, Paper, PeriodSnapshot, SiteView
from .periods import Kind, Period, of
from .rank import rank_key

# What a snapshot copies from the stored days: HF's period list has no Korean titles or summaries.
_KEPT = ("title_ko", "summary_ko", "summary_model", "summary_prompt")


def ranked(entries: Iterable[DayPaper]) -> tuple[DayPaper, ...]:
    """One entry per paper (the first wins), ranked as a day is: likes, comments, id."""
    unique: dict[str, DayPaper] = {}
    for entry in entries:
        unique.setdefault(entry.paper.id, entry)
    return tuple(sorted(unique.values(), key=lambda e: rank_key(e.paper)))


def snapshot(period: Period, papers: Iterable[Paper], stored: Mapping[date, Edition], at: datetime) -> PeriodSnapshot:
    """The snapshot of a closed period from HF's list of it (current likes). Each paper is filed under
    the stored day that has it, else the day HF says it was submitted; the stored day's Korean title
    and summary are kept."""
    known = {p.id: (day, p) for day in sorted(stored) for p in stored[day].papers}
    entries = []
    for paper in papers:
        day, mine = known.get(paper.id, (_submitted_day(paper, period), None))
        if mine is not None:
            paper = _with_kept(paper, mine)
        entries.append(DayPaper(day, paper))
    everything = ranked(entries)
    return PeriodSnapshot(period, everything[:SNAPSHOT_PAPERS], at, len(everything))


def build(period: Period, site: SiteView, top_n: int) -> Digest:
    """The period's digest: from its snapshot when it has one, else from its published days."""
    days = site.manifest.days_between(period.start, period.end)
    taken = site.snapshot(period)
    if taken is not None:
        return Digest(period, taken.papers[:top_n], taken.total, len(days), "snapshot", taken.fetched_at)
    editions = [site.edition(d) for d in days]
    everything = ranked(DayPaper(e.day, p) for e in editions for p in e.papers)
    state: Literal["closed", "open"] = "open" if is_open(period, site) else "closed"
    as_of = max((e.ranked_at for e in editions), default=None)
    return Digest(period, everything[:top_n], len(everything), len(days), state, as_of)


def closed(period: Period, manifest: Manifest) -> bool:
    """Ended as far as the manifest can tell: a day after it is published (`is_open` also takes a
    snapshot as the end)."""
    latest = manifest.latest
    return latest is not None and latest > period.end


def is_open(period: Period, site: SiteView) -> bool:
    """Still going on as far as the site can tell: not `closed` and no snapshot (its snapshot must be
    loaded). Its page shows the days so far; its Markdown post, dated its last day, is not written."""
    return not closed(period, site.manifest) and site.snapshot(period) is None


def latest_periods(kind: Kind, manifest: Manifest, count: int) -> list[Period]:
    """The newest `count` periods of a kind with a published day, oldest first (reads a few months)."""
    found: list[Period] = []
    day = manifest.latest
    while day is not None and len(found) < count:
        found.append(of(kind, day))
        day = manifest.before(found[-1].start)
    return found[::-1]


def closed_periods(kind: Kind, site: SiteView, count: int) -> list[Period]:
    """The newest `count` closed periods of a kind, oldest first: those a later published day closes,
    and the newest one too once it has its snapshot (its snapshot must be loaded: `candidates`)."""
    found = latest_periods(kind, site.manifest, count + 1)
    if found and is_open(found[-1], site):
        found.pop()
    return found[-count:]


def candidates(kind: Kind, manifest: Manifest, count: int) -> list[Period]:
    """The periods `closed_periods` may look at: the snapshots to load for it."""
    return latest_periods(kind, manifest, count + 1)


def neighbours(period: Period, manifest: Manifest) -> tuple[Period | None, Period | None]:
    """The periods of the same kind with published days just before and just after `period`."""
    older, newer = manifest.before(period.start), manifest.after(period.end)
    return (of(period.kind, older) if older else None), (of(period.kind, newer) if newer else None)


def _submitted_day(paper: Paper, period: Period) -> date | None:
    try:
        day = date.fromisoformat((paper.submitted_at or "")[:10])
    except ValueError:
        return None
    return day if period.contains(day) else None


def _with_kept(fresh: Paper, stored: Paper) -> Paper:
    kept = {name: getattr(stored, name) for name in _KEPT if getattr(fresh, name) is None}
    return replace(fresh, **kept) if kept else fresh

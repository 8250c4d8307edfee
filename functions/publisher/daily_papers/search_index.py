"""The static search index, one shard per month, that the search, topic and organization views read.

A shard is rewritten only when a day of its month is published, so a daily run writes one shard
(plus the tiny shard list when a month begins), however long the history. On a Korean site the
month's Korean summaries are a file of their own, which only the search view reads, and only after
it has shown what the month's shard found: they weigh more than the rest of the shard, and the
topic and organization views, and searches that titles answer, need not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import Edition
from .slugs import slugify

SCHEMA = 1
MAX_AUTHORS = 20


def shard(month: str, editions: Iterable[Edition], korean: bool = True) -> dict[str, Any]:
    """Every paper of the month's editions, newest day first, in ranking order; with `korean`, the
    Korean titles too (`tk`), so a search finds Korean words, and `"summaries": true` when the month
    has a `summaries` file.

    Keywords and organizations are stored as slugs, with one label per slug in `topics`/`orgs`,
    so the browser never computes a slug and links from the posts always match.
    """
    topics: dict[str, str] = {}
    orgs: dict[str, str] = {}
    papers = []
    editions = sorted(editions, key=lambda e: e.day, reverse=True)
    for edition in editions:
        for rank, paper in enumerate(edition.papers, 1):
            entry: dict[str, Any] = {"d": edition.day.isoformat(), "r": rank, "id": paper.id}
            entry.update(t=paper.title, u=paper.upvotes)
            if korean and paper.title_ko:
                entry["tk"] = paper.title_ko
            if paper.organization:
                entry["o"] = _add(orgs, paper.organization)
            entry["k"] = [_add(topics, k) for k in paper.ai_keywords]
            entry["a"] = list(paper.authors[:MAX_AUTHORS])
            papers.append(entry)
    found = {"v": SCHEMA, "month": month, "topics": topics, "orgs": orgs, "papers": papers}
    if korean and any(p.summary_ko for e in editions for p in e.papers):
        found["summaries"] = True
    return found


def summaries(month: str, editions: Iterable[Edition]) -> dict[str, Any] | None:
    """The month's Korean summaries by paper ID (`sk`), or None when it has none."""
    table = {p.id: p.summary_ko for e in editions for p in e.papers if p.summary_ko}
    return {"v": SCHEMA, "month": month, "sk": table} if table else None


def shard_list(months: Iterable[str]) -> dict[str, Any]:
    """The months that have a shard, newest first."""
    return {"v": SCHEMA, "shards": sorted(set(months), reverse=True)}


def _add(table: dict[str, str], label: str) -> str:
    slug = slugify(label)
    table.setdefault(slug, label)
    return slug

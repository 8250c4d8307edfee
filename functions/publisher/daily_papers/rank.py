"""Rank stage: upvotes first, then comments, then id, so equal days rank the same way."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Paper


def rank(papers: Iterable[Paper], top_n: int = 0) -> tuple[Paper, ...]:
    """Ranked, one entry per id (the first occurrence wins), cut to top_n when top_n > 0."""
    unique: dict[str, Paper] = {}
    for paper in papers:
        unique.setdefault(paper.id, paper)
    ranked = sorted(unique.values(), key=rank_key)
    return tuple(ranked[:top_n] if top_n > 0 else ranked)


def rank_key(paper: Paper) -> tuple[int, int, str]:
    return (-paper.upvotes, -paper.num_comments, paper.id)

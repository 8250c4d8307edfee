"""Realistic API items for tests: the seed day as captured, and a builder for more."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_DAY = "2026-02-09"
# The seed's ranking, which the fixture (shuffled, with invalid items mixed in) must reproduce.
SEED_RANKING = [
    "2602.03392", "2602.05940", "2602.06663", "2602.06960", "2602.06391",
    "2602.06075", "2602.06949", "2602.06471", "2602.05711", "2602.06139",
]  # fmt: skip


def seed_items() -> list[Any]:
    return json.loads((FIXTURES / f"daily_papers_{SEED_DAY}.json").read_text(encoding="utf-8"))


def hf_item(
    paper_id: str,
    title: str = "A Paper",
    upvotes: int = 1,
    *,
    comments: int = 0,
    summary: str = "An abstract\nwith a hard break.",
    authors: tuple[str, ...] = ("Wei Zhang", "Anna Rossi", "Jae-won Park"),
    org: str | None = None,
    **paper_fields: Any,
) -> dict[str, Any]:
    """One daily_papers item in the API's shape (upvotes inside `paper`, comments outside)."""
    paper = {
        "id": paper_id,
        "title": title,
        "summary": summary,
        "upvotes": upvotes,
        "authors": [{"_id": f"{paper_id}-{i}", "name": n, "hidden": False} for i, n in enumerate(authors)],
        "publishedAt": "2026-02-06T18:00:00.000Z",
        "submittedOnDailyAt": "2026-02-09T01:00:00.000Z",
        **paper_fields,
    }
    item: dict[str, Any] = {
        "paper": paper,
        "title": title,
        "summary": summary,
        "numComments": comments,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
        "publishedAt": paper["publishedAt"],
    }
    if org:
        item["organization"] = {"_id": "o", "name": org.split()[0], "fullname": org}
    return item


def many_items(count: int, day_prefix: str = "2602") -> list[dict[str, Any]]:
    """`count` valid items with distinct ids, in an order unlike the ranking."""
    return [hf_item(f"{day_prefix}.{10000 + i:05d}", f"Paper {i}", upvotes=(i * 7) % 50) for i in range(count)]

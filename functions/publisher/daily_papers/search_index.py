"""The static search index, one shard per month, that the search, topic and organization views read.

A shard is rewritten only when a day of its month is published, so a daily run writes one shard
(plus the tiny shard list when a month begins), however long the history. On a Korean site the
month's Korean summaries are a file of their own, which only the search view reads, and only after
it has shown what the month's shard found: they weigh more than the rest of the shard, and the
topic and organization views, and searches that titles answer, need not wait for them.

A shard is assembled from each day's entries (`day_entries`), and every day's entries can be
recovered from the stored shard and summaries (`recover`), byte for byte: a run that publishes a few
days of a month replaces their entries and keeps the others, once each kept day's entries hash to
the fingerprint the manifest holds for that day (`fingerprint`). A day whose entries do not (a shard
left stale or damaged, from another code version, or missing) is read from its edition.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .models import Edition
from .slugs import slugify

SCHEMA = 2  # bump it with any change to what a day's entries hold: a shard of another schema is not reused
MAX_AUTHORS = 20
LIST_SCHEMA = 1  # the shard list's
FINGERPRINT = 16  # hex digits of sha256

_PLAIN = ("d", "r", "id", "t", "u", "tk")  # the fields an entry holds as its day gives them
Entries = list[dict[str, Any]]  # a day's papers as its shard holds them, with their labels as HF gave them


def day_entries(edition: Edition, korean: bool = True) -> Entries:
    """A day's part of its month's shard, in ranking order: `o` and `k` are the organization and
    keyword labels as given (the shard stores slugs), and with `korean` the Korean title (`tk`) and
    summary (`sk`, stored in the summaries file)."""
    found = []
    for rank, paper in enumerate(edition.papers, 1):
        entry: dict[str, Any] = {"d": edition.day.isoformat(), "r": rank, "id": paper.id}
        entry.update(t=paper.title, u=paper.upvotes)
        if korean and paper.title_ko:
            entry["tk"] = paper.title_ko
        if paper.organization:
            entry["o"] = paper.organization
        entry["k"] = list(paper.ai_keywords)
        entry["a"] = list(paper.authors[:MAX_AUTHORS])
        if korean and paper.summary_ko:
            entry["sk"] = paper.summary_ko
        found.append(entry)
    return found


def fingerprint(entries: Entries) -> str:
    """A short hash of a day's entries (kept in the manifest's summary of the day)."""
    text = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT]


def assemble(month: str, days: Mapping[date, Entries]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The month's shard and its Korean summaries (None when it has none).

    The shard lists every paper, newest day first, in ranking order; `"summaries": true` when the
    month has a summaries file. Keywords and organizations are stored as slugs, with one label per
    slug in `topics`/`orgs` (the first met), so the browser never computes a slug and links from
    the posts always match; a paper whose label differs from its slug's keeps its own (`ol`, `kl`),
    so that its day's entries can be recovered. The summaries file maps a paper ID to its summary
    on the newest day that has one.
    """
    topics: dict[str, str] = {}
    orgs: dict[str, str] = {}
    sk: dict[str, str] = {}
    pairs = []
    for day in sorted(days, reverse=True):
        for raw in days[day]:
            entry: dict[str, Any] = {key: raw[key] for key in _PLAIN if key in raw}
            if "o" in raw:
                entry["o"] = _add(orgs, raw["o"])
            entry["k"] = [_add(topics, label) for label in raw["k"]]
            entry["a"] = raw["a"]
            if "sk" in raw:
                sk.setdefault(raw["id"], raw["sk"])
            pairs.append((entry, raw))
    for entry, raw in pairs:  # once the tables are complete
        if "o" in raw and orgs[entry["o"]] != raw["o"]:
            entry["ol"] = raw["o"]
        if [topics[slug] for slug in entry["k"]] != raw["k"]:
            entry["kl"] = raw["k"]
    papers = [entry for entry, _ in pairs]
    found: dict[str, Any] = {"v": SCHEMA, "month": month, "topics": topics, "orgs": orgs, "papers": papers}
    if sk:
        found["summaries"] = True
    return found, ({"v": SCHEMA, "month": month, "sk": sk} if sk else None)


def recover(month: str, stored: Any, stored_summaries: Any = None) -> dict[date, Entries]:
    """Each day's entries as a stored shard (and summaries file) of `month` hold them: {} when it is
    not a shard of this schema and month. Untrusted: `kept` checks them against fingerprints."""
    try:
        if stored.get("v") != SCHEMA or stored.get("month") != month:
            return {}
        topics, orgs, sk = stored["topics"], stored["orgs"], {}
        if isinstance(stored_summaries, dict) and stored_summaries.get("v") == SCHEMA:
            if stored_summaries.get("month") == month and isinstance(stored_summaries.get("sk"), dict):
                sk = stored_summaries["sk"]
        found: dict[date, Entries] = {}
        for entry in stored["papers"]:
            raw: dict[str, Any] = {key: entry[key] for key in _PLAIN if key in entry}
            if "o" in entry:
                raw["o"] = entry["ol"] if "ol" in entry else orgs[entry["o"]]
            raw["k"] = entry["kl"] if "kl" in entry else [topics[slug] for slug in entry["k"]]
            raw["a"] = entry["a"]
            if entry["id"] in sk:
                raw["sk"] = sk[entry["id"]]
            found.setdefault(date.fromisoformat(entry["d"]), []).append(raw)
        return found
    except (AttributeError, KeyError, TypeError, ValueError):  # not a shard: nothing recovered
        return {}


def kept(recovered: Mapping[date, Entries], fingerprints: Mapping[date, str | None]) -> dict[date, Entries]:
    """The recovered days whose entries hash to the fingerprint given for that day (a day without
    papers has no entries). A paper with a Korean summary on several days of the month is recovered
    with the newest one: an older day where it differs does not hash right, and is read instead."""
    found = {}
    for day, expected in fingerprints.items():
        entries = recovered.get(day, [])
        if expected is not None and fingerprint(entries) == expected:
            found[day] = entries
    return found


def wants_summaries(stored: Any) -> bool:
    """Whether a stored shard says its month has a summaries file (worth reading to recover it)."""
    return isinstance(stored, dict) and stored.get("v") == SCHEMA and stored.get("summaries") is True


def shard_list(months: Iterable[str]) -> dict[str, Any]:
    """The months that have a shard, newest first."""
    return {"v": LIST_SCHEMA, "shards": sorted(set(months), reverse=True)}


def _add(table: dict[str, str], label: str) -> str:
    slug = slugify(label)
    table.setdefault(slug, label)
    return slug

"""The manifest stays small however long the history, and reads back only what it wrote."""

import json
from datetime import date, timedelta

import pytest

from daily_papers.models import DETAIL_DAYS, DaySummary, Manifest
from tests.unit.factories import edition

pytestmark = pytest.mark.unit


def summaries(days):
    return [DaySummary.of(edition(d)) for d in days]


def weekdays(first: date, n: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_months_keep_their_days_as_ranges_and_only_the_newest_days_keep_rankings():
    manifest = Manifest.of(summaries(weekdays(date(2026, 1, 1), 60)))
    data = manifest.to_dict()
    assert data["months"]["2026-01"] == "1-2,5-9,12-16,19-23,26-30"
    assert len(data["recent"]) == DETAIL_DAYS and min(data["recent"]) == manifest.newest(DETAIL_DAYS)[-1].isoformat()
    assert Manifest.from_dict(json.loads(json.dumps(data))) == manifest


def test_ten_thousand_days_weigh_little_more_than_a_hundred():
    """About 40 bytes a month: 18 KB more for 38 years of weekdays (a schema-1 manifest grew 70 a day)."""
    small = json.dumps(Manifest.of(summaries(weekdays(date(2026, 1, 1), 100))).to_dict())
    large = json.dumps(Manifest.of(summaries(weekdays(date(1988, 1, 1), 10_000))).to_dict())
    assert len(large) - len(small) < 20_000, (len(small), len(large))


def test_adding_days_one_by_one_gives_the_manifest_a_rebuild_would_write():
    days = weekdays(date(2026, 1, 1), 70)
    grown = Manifest()
    for summary in summaries(days):
        grown = grown.with_days(summary)
    refreshed = grown.with_days(*summaries(days[10:12]))  # an old day again: nothing moves
    assert grown == Manifest.of(summaries(days)) == refreshed


def test_neighbours_cross_months_and_skip_missing_days():
    manifest = Manifest.of(summaries([date(2025, 12, 30), date(2026, 2, 2), date(2026, 2, 4), date(2026, 3, 2)]))
    assert manifest.neighbours(date(2026, 2, 2)) == (date(2025, 12, 30), date(2026, 2, 4))
    assert manifest.neighbours(date(2026, 2, 4)) == (date(2026, 2, 2), date(2026, 3, 2))
    assert manifest.neighbours(date(2025, 12, 30)) == (None, date(2026, 2, 2))
    assert manifest.neighbours(date(2026, 3, 2)) == (date(2026, 2, 4), None)
    assert manifest.neighbours(date(2026, 1, 15)) == (date(2025, 12, 30), date(2026, 2, 2))


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(schema=1),
        lambda d: d.pop("months"),
        lambda d: d.update(recent=[]),
        lambda d: d["months"].update({"2026-02": "30"}),  # no 30 February
        lambda d: d["months"].update({"2026-13": "1"}),
        lambda d: d["months"].update({"2026-01": "1-x"}),
        lambda d: d["recent"].pop(min(d["recent"])),  # the newest days must all keep their rankings
        lambda d: d["months"].update({"2027-01": "4"}),  # a newer day without its ranking
    ],
    ids=["old-schema", "no-months", "recent-not-object", "no-such-day", "no-such-month", "bad-range", "short", "newer"],
)
def test_a_manifest_of_another_shape_is_refused(damage):
    data = Manifest.of(summaries(weekdays(date(2026, 1, 1), 50))).to_dict()
    damage(data)
    with pytest.raises((ValueError, KeyError, TypeError)):
        Manifest.from_dict(data)


def test_a_days_shard_fingerprint_reads_back_and_a_manifest_written_before_them_still_reads():
    day = date(2026, 1, 5)
    manifest = Manifest.of([DaySummary.of(edition(day), shard="0123456789abcdef")])
    data = json.loads(json.dumps(manifest.to_dict()))
    assert data["recent"][day.isoformat()]["shard"] == "0123456789abcdef"
    assert Manifest.from_dict(data) == manifest
    # a manifest written before fingerprints: its days have none (their shards are built from editions)
    del data["recent"][day.isoformat()]["shard"]
    assert Manifest.from_dict(data).recent[day].shard is None
    # a fingerprint that is not one is refused like any other damage
    data["recent"][day.isoformat()]["shard"] = {"not": "a fingerprint"}
    with pytest.raises(ValueError, match="fingerprint"):
        Manifest.from_dict(data)

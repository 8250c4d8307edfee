"""The index check a publish makes: the months it can touch, every month since the manifest's newest day."""

import json
from datetime import date

from daily_papers import urls
from daily_papers.models import DaySummary, Manifest
from daily_papers.site_state import SiteState
from tests.unit.factories import edition
from tests.unit.fakes import MemoryStore


def site(*days: date, listed: tuple[date, ...]) -> MemoryStore:
    """Data objects for `days`, and a manifest that lists only `listed`."""
    store = MemoryStore()
    for day in days:
        store.put(urls.day_data(day), json.dumps(edition(day).to_dict()).encode(), "application/json")
    manifest = Manifest.of(DaySummary.of(edition(d)) for d in listed)
    store.put(urls.MANIFEST, json.dumps(manifest.to_dict()).encode(), "application/json")
    return store


def test_a_restored_old_manifest_is_caught_in_every_month_since_its_newest_day():
    # Given a manifest from January, while February already has a day with data
    store = site(date(2026, 1, 30), date(2026, 2, 16), listed=(date(2026, 1, 30),))
    # When March 2 is published, the check covers January to March, so February's day is found
    problems = SiteState(store).index([date(2026, 3, 2)]).problems
    assert len(problems) == 1 and "2026-02-16" in problems[0]


def test_months_before_the_manifests_newest_day_are_left_to_a_rebuild():
    # A December day missing from the index is not listed by a daily run (it stays flat with history)
    store = site(date(2025, 12, 1), date(2026, 1, 30), listed=(date(2026, 1, 30),))
    assert SiteState(store).index([date(2026, 2, 2)]).problems == ()
    assert "2025-12-01" in SiteState(store).index().problems[0]

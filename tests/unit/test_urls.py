"""urls.py owns the key layout: writing a key and reading one back are each done there, once."""

from datetime import UTC, date, datetime

import pytest

from daily_papers import urls

DAY = date(2026, 2, 9)


def test_a_data_key_reads_back_as_its_day():
    assert urls.day_of_data(urls.day_data(DAY)) == DAY
    assert urls.day_data(DAY).startswith(urls.DATA_DAYS) and urls.day_data(DAY).startswith(urls.month_data("2026-02"))


@pytest.mark.parametrize(
    "key",
    [
        urls.MANIFEST,
        urls.SEARCH_SHARDS,
        urls.search_shard("2026-02"),
        "data/2026-02-09.json.tmp",
        "x/data/2026-02-09.json",
    ],
)
def test_other_keys_under_data_are_not_days(key):
    assert urls.day_of_data(key) is None


def test_listing_a_month_of_data_lists_no_index():
    for key in (urls.MANIFEST, urls.SEARCH_SHARDS, urls.search_shard("2026-02")):
        assert not key.startswith((urls.month_data("2026-02"), urls.DATA_DAYS)), key


@pytest.mark.parametrize(("month", "after"), [("2026-01", "2026-02"), ("2026-11", "2026-12"), ("2026-12", "2027-01")])
def test_months_follow_each_other_across_years(month, after):
    assert urls.next_month(month) == after


def test_the_manifest_groups_days_by_the_month_urls_files_them_under():
    """models.py imports nothing of the package, so DaySummary.month cannot call urls.month_of: the two agree."""
    from daily_papers.models import DaySummary

    for day in (date(2026, 1, 31), date(2026, 2, 1), date(2026, 12, 31)):
        assert DaySummary(day, 1, datetime(2026, 1, 1, tzinfo=UTC)).month == urls.month_of(day)

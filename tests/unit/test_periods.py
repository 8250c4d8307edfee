"""ISO weeks and months of UTC days, and the ranking of a period, as the digests use them."""

from datetime import date, timedelta

import pytest

from daily_papers import urls
from daily_papers.periods import covering, ended, month_of, parse, week_of


@pytest.mark.parametrize(
    ("day", "name", "start", "end"),
    [
        (date(2025, 12, 29), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),  # W01 starts in the old year
        (date(2026, 1, 4), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        (date(2025, 12, 28), "2025-W52", date(2025, 12, 22), date(2025, 12, 28)),
        (date(2026, 12, 28), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),  # 2026 has 53 weeks
        (date(2027, 1, 3), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        (date(2027, 1, 4), "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        (date(2026, 2, 9), "2026-W07", date(2026, 2, 9), date(2026, 2, 15)),
    ],
)
def test_iso_weeks_run_monday_to_sunday_and_take_their_year_from_thursday(day, name, start, end):
    week = week_of(day)
    assert (week.name, week.start, week.end) == (name, start, end)
    assert parse("weekly", name) == week and str(week) == name
    assert week.days() == [start + timedelta(days=n) for n in range(7)]


def test_a_week_53_exists_only_in_years_that_have_one():
    assert parse("weekly", "2026-W53").start == date(2026, 12, 28)
    with pytest.raises(ValueError, match="2025-W53"):
        parse("weekly", "2025-W53")
    assert week_of(date(2026, 12, 28)).next().name == "2027-W01"
    assert week_of(date(2027, 1, 4)).previous().name == "2026-W53"


@pytest.mark.parametrize(
    ("day", "name", "end"),
    [
        (date(2024, 2, 10), "2024-02", date(2024, 2, 29)),  # a leap year
        (date(2026, 2, 1), "2026-02", date(2026, 2, 28)),
        (date(2026, 12, 31), "2026-12", date(2026, 12, 31)),
        (date(2026, 1, 31), "2026-01", date(2026, 1, 31)),
    ],
)
def test_months_end_on_their_last_day(day, name, end):
    month = month_of(day)
    assert (month.name, month.start, month.end) == (name, day.replace(day=1), end)
    assert parse("monthly", name) == month
    assert month.next().start == end + timedelta(days=1) and month.next().previous() == month


@pytest.mark.parametrize("bad", ["2026-W1", "2026-02-01", "2026-13", "W07", ""])
def test_anything_else_is_not_a_period(bad):
    with pytest.raises(ValueError):
        parse("monthly" if "W" not in bad else "weekly", bad)


def test_a_period_has_ended_once_its_last_utc_day_is_complete():
    week = week_of(date(2026, 2, 9))  # Monday 9 to Sunday 15 February
    assert not ended(week, date(2026, 2, 14)) and ended(week, date(2026, 2, 15))
    assert [p.name for p in covering("weekly", [date(2026, 2, 15), date(2026, 2, 9), date(2026, 2, 16)])] == [
        "2026-W07",
        "2026-W08",
    ]


def test_snapshot_keys_name_their_period_and_nothing_else():
    week = week_of(date(2026, 1, 14))
    assert urls.snapshot(week) == "data/weekly/2026-W03.json"
    assert urls.period_of_snapshot("data/weekly/2026-W03.json") == week
    assert urls.period_of_snapshot("data/monthly/2026-01.json") == month_of(date(2026, 1, 1))
    for other in ("data/weekly/2025-W53.json", "data/2026-01-14.json", "data/weekly/2026-01.json", "x"):
        assert urls.period_of_snapshot(other) is None
    assert urls.period_html(week) == "weekly/2026-W03/index.html"
    assert urls.period_md(month_of(date(2026, 1, 1))) == "monthly/2026-01/index.md"

"""The scheduled run's PUTs on an ordinary day, on the run that closes a week and on the one that closes
a month, in a folder site of synthetic history (PUTs do not depend on the history's length)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from daily_papers.config import Settings
from daily_papers.events import Backfill, PublishDay, Rebuild
from daily_papers.models import Paper
from daily_papers.periods import Period
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service

from .history import CountingStore, history_days, seed_data, synthetic_edition

HISTORY_END = date(2026, 11, 20)  # a Friday
# The scheduled runs measured, by the day each publishes, and what each is.
RUNS = [
    (date(2026, 11, 22), "closes a week"),  # Sunday: the run after it ends 2026-W47
    (date(2026, 11, 23), "first day of a week"),
    (date(2026, 11, 24), "ordinary day"),
    *[(date(2026, 11, 25) + timedelta(days=n), "") for n in range(5)],  # to the month's end
    (date(2026, 11, 30), "closes a month"),  # the last day of November: the run after it ends the month
]


class Timeline:
    """HF over time: weekdays have papers, likes grow a little every day after their day."""

    def __init__(self, today: date):
        self.today = today

    def fetch_day(self, day: date, deadline: object = None) -> list[Paper]:
        if day.weekday() > 4:
            return []
        grown = (self.today - day).days
        return [replace(p, upvotes=p.upvotes + grown) for p in synthetic_edition(day).papers]

    def fetch_period(self, period: Period, deadline: object = None) -> list[Paper]:
        return [p for day in period.days() for p in self.fetch_day(day)]


def closing_puts(root: Path, days: int = 100) -> dict[str, int]:
    """PUTs of each labelled scheduled run, after a history whose ended periods are all closed."""
    settings = Settings.from_env({"SITE_BASE_URL": "https://papers.example.org", "HF_MIN_INTERVAL": "0"})
    store = LocalStore(root)
    history = history_days(days, HISTORY_END + timedelta(days=1))
    seed_data(store, history)
    before = datetime.combine(HISTORY_END + timedelta(days=1), time(0, 15), UTC)
    make_service(settings, Timeline(HISTORY_END), store, clock=lambda: before).run(Rebuild())
    backfill = Backfill(history[0], history[-1])  # closes every period the history covers that has ended
    make_service(settings, Timeline(HISTORY_END), store, clock=lambda: before).run(backfill)
    found: dict[str, int] = {}
    for day, label in RUNS:
        counting = CountingStore(store)
        now = datetime.combine(day + timedelta(days=1), time(0, 15), UTC)
        service = make_service(settings, Timeline(day), counting, clock=lambda now=now: now)
        service.run(PublishDay(day, scheduled=True))
        if label:
            found[label] = counting.calls["PUT"]
    return found

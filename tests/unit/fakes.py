"""Fakes for the ports, used by unit tests instead of mocks."""

from datetime import date

from daily_papers.exceptions import FetchError
from daily_papers.models import Paper


class FakeSource:
    """A PaperSource that answers from a dict, or raises FetchError for days in `broken`."""

    def __init__(self, days: dict[date, list[Paper]] | None = None, broken: set[date] | None = None):
        self.days = days or {}
        self.broken = broken or set()
        self.calls: list[date] = []

    def fetch_day(self, day: date, deadline=None) -> list[Paper]:
        self.calls.append(day)
        if day in self.broken:
            raise FetchError(f"{day}: HF answered HTTP 500")
        return list(self.days.get(day, []))

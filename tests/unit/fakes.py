"""Fakes for the ports, used by unit tests instead of mocks."""

import threading
import time
from datetime import date

from daily_papers.exceptions import FetchError
from daily_papers.models import Paper


class FakeSource:
    """A PaperSource that answers from a dict, or raises FetchError for days in `broken`."""

    def __init__(self, days: dict[date, list[Paper]] | None = None, broken: set[date] | None = None):
        self.days = days or {}
        self.broken = broken or set()
        self.calls: list[date] = []

    def fetch_day(self, day: date) -> list[Paper]:
        self.calls.append(day)
        if day in self.broken:
            raise FetchError(f"{day}: HF answered HTTP 500")
        return list(self.days.get(day, []))


class FakeSummariser:
    """A Summariser answering from a function of the prompt; records prompts and peak concurrency."""

    model_id = "fake.model-v1:0"

    def __init__(self, answer=None, delay: float = 0.0):
        self.answer = answer or (lambda prompt: '{"title_ko": "한국어 제목", "summary_ko": "요약이다."}')
        self.delay = delay
        self.prompts: list[str] = []
        self.active = self.peak = 0
        self._lock = threading.Lock()

    def converse(self, system: str, prompt: str) -> str:
        with self._lock:
            self.prompts.append(prompt)
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.delay)
            return self.answer(prompt)  # may raise SummaryError, as the adapter does
        finally:
            with self._lock:
                self.active -= 1

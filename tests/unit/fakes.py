"""Fakes for the ports, used by unit tests instead of mocks."""

import hashlib
import threading
import time
from dataclasses import replace
from datetime import date

from daily_papers.exceptions import DeadlineExceeded, FetchError, PreconditionFailed
from daily_papers.models import Paper
from daily_papers.periods import Period
from daily_papers.ports import StoredObject


class FakeSource:
    """A PaperSource that answers from a dict, raises FetchError for days in `broken` and
    DeadlineExceeded for days in `too_slow` (as HfApiSource does when time runs out).

    A period is listed from `periods` when set there, else from its days in `days` (as HF files them),
    with `likes_later` more likes each (they keep rising after the day); `broken_periods` fail and
    `slow_periods` run out of time."""

    def __init__(self, days: dict[date, list[Paper]] | None = None, broken: set[date] | None = None):
        self.days = days or {}
        self.broken = broken or set()
        self.too_slow: set[date] = set()
        self.calls: list[date] = []
        self.periods: dict[Period, list[Paper]] = {}
        self.broken_periods: set[Period] = set()
        self.slow_periods: set[Period] = set()
        self.likes_later = 0
        self.period_calls: list[Period] = []

    def fetch_period(self, period: Period, deadline=None) -> list[Paper]:
        self.period_calls.append(period)
        if period in self.broken_periods:
            raise FetchError(f"{period}: HF answered HTTP 500")
        if period in self.slow_periods:
            raise DeadlineExceeded(f"{period}: no time left")
        if period in self.periods:
            return list(self.periods[period])
        listed = [p for day, papers in sorted(self.days.items()) if period.contains(day) for p in papers]
        return [replace(p, upvotes=p.upvotes + self.likes_later) for p in listed]

    def fetch_day(self, day: date, deadline=None) -> list[Paper]:
        self.calls.append(day)
        if day in self.broken:
            raise FetchError(f"{day}: HF answered HTTP 500")
        if day in self.too_slow:
            raise DeadlineExceeded(f"{day}: no time left")
        return list(self.days.get(day, []))


class MemoryStore:
    """A Store in a dict, with the same conditional writes (it passes the store contract test).
    Copying it is instant: the interleaving tests build hundreds of sites."""

    def __init__(self, objects: dict[str, tuple[bytes, str, dict[str, str]]] | None = None):
        self.objects = dict(objects or {})
        self.lock = threading.Lock()

    def copy(self) -> "MemoryStore":
        return MemoryStore(self.objects)

    def get(self, key: str) -> StoredObject | None:
        found = self.objects.get(key)
        return found and StoredObject(key, found[0], found[1], dict(found[2]))

    def head(self, key: str) -> StoredObject | None:
        found = self.objects.get(key)
        return found and StoredObject(key, b"", found[1], dict(found[2]))

    def put(self, key, body, content_type, *, metadata=None, if_match=None, if_none_match=False) -> str:
        with self.lock:
            current = self.objects.get(key)
            if if_none_match and current is not None:
                raise PreconditionFailed(f"{key} already exists")
            if if_match is not None and (current is None or current[1] != if_match):
                raise PreconditionFailed(f"{key} changed since it was read")
            etag = hashlib.md5(body).hexdigest()  # noqa: S324 - S3's ETag, not security
            self.objects[key] = (bytes(body), etag, dict(metadata or {}))
            return etag

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(self.etags(prefix))

    def etags(self, prefix: str) -> dict[str, str]:
        return {k: v[1] for k, v in sorted(self.objects.items()) if k.startswith(prefix)}


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

"""Synthetic but realistic published history: the one generator, shared by the benchmark and the tests."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from daily_papers import urls
from daily_papers.models import Edition, Paper
from daily_papers.periods import Period
from daily_papers.ports import StoredObject
from daily_papers.rank import rank

KEYWORDS = ["large language models", "reinforcement learning", "diffusion models", "멀티모달", "벤치마크", "에이전트"]
ORGS = ["NVIDIA", "Zhejiang University", "서울대학교", "Google DeepMind", None, None]
ABSTRACT = (
    "We study how large models reason over long contexts and propose a method that improves accuracy while "
    "reducing cost. 우리는 긴 문맥에서의 추론을 연구하고 정확도를 높이는 방법을 제안한다. "
) * 6


def synthetic_edition(day: date, papers: int = 30) -> Edition:
    prefix = f"{day:%y%m}"
    items = tuple(
        Paper(
            id=f"{prefix}.{day.day:02d}{i:03d}",
            title=f"Paper {i} of {day}: scaling reasoning with 한국어 titles and emoji 🚀",
            summary=ABSTRACT,
            upvotes=(i * 37 + day.toordinal()) % 120,
            num_comments=i % 5,
            authors=("Wei Zhang", "Anna Rossi", "김민준", "Priya Sharma"),
            organization=ORGS[i % len(ORGS)],
            thumbnail=f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{prefix}.{day.day:02d}{i:03d}.png",
            ai_summary="A one-sentence summary of the paper's main result.",
            ai_keywords=(KEYWORDS[i % 6], KEYWORDS[(i + day.day) % 6], f"method-{i}"),
            github_repo=f"https://github.com/example/repo-{i}" if i % 3 == 0 else None,
            github_stars=i * 11 if i % 3 == 0 else None,
        )
        for i in range(papers)
    )
    ranked = rank(items)
    return Edition(day, ranked, datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC), len(ranked))


def history_days(count: int, end: date) -> list[date]:
    """`count` weekdays ending before `end` (HF is quiet at weekends)."""
    days: list[date] = []
    day = end - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def data_object(day: date, papers: int = 30) -> tuple[str, bytes]:
    """The key and body of a day's data file, as the publisher writes it."""
    return urls.day_data(day), json.dumps(synthetic_edition(day, papers).to_dict(), ensure_ascii=False).encode()


def seed_data(store, days: list[date], papers: int = 30) -> None:
    """Write the days' data files (the source of truth a rebuild renders from)."""
    for day in days:
        key, body = data_object(day, papers)
        store.put(key, body, urls.content_type(key))


class StaticSource:
    """A PaperSource answering synthetic editions from memory: the fetch costs nothing."""

    def __init__(self, *days: date, papers: int = 30):
        self.days = {day: list(synthetic_edition(day, papers).papers) for day in days}

    def fetch_day(self, day: date, deadline=None) -> list[Paper]:
        return list(self.days.get(day, []))

    def fetch_period(self, period: Period, deadline=None) -> list[Paper]:
        """The period's days from memory, as HF would list them; the history's own days included."""
        days = [d for d in period.days() if d in self.days or d.weekday() < 5]
        return [p for d in days for p in self.days.get(d) or synthetic_edition(d).papers]


class CountingStore:
    """Wraps a Store and counts calls per operation (each is one S3 request in S3Store), with the keys
    asked for (a LIST records its prefix)."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self.keys: defaultdict[str, list[str]] = defaultdict(list)
        self.bytes_put = 0

    def _count(self, operation: str, key: str) -> None:
        self.calls[operation] += 1
        self.keys[operation].append(key)

    def reset(self) -> None:
        self.calls.clear()
        self.keys.clear()
        self.bytes_put = 0

    def get(self, key: str) -> StoredObject | None:
        self._count("GET", key)
        return self.inner.get(key)

    def head(self, key: str) -> StoredObject | None:
        self._count("HEAD", key)
        return self.inner.head(key)

    def put(self, key: str, body: bytes, content_type: str, **kwargs) -> str:
        self._count("PUT", key)
        self.bytes_put += len(body)
        return self.inner.put(key, body, content_type, **kwargs)

    def list_keys(self, prefix: str) -> list[str]:
        self._count("LIST", prefix)
        return self.inner.list_keys(prefix)

    def etags(self, prefix: str) -> dict[str, str]:
        self._count("LIST", prefix)
        return self.inner.etags(prefix)

"""Fetch stage: read one day of HF Daily Papers over HTTP and turn items into Papers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .exceptions import FetchError
from .models import Paper
from .observability import logger

PAGE_SIZE = 100
MAX_PAGES = 20
USER_AGENT = "daily-papers/1.0 (+https://github.com/daily-papers/daily-papers)"
ARXIV_ID = re.compile(r"[0-9]{2}(0[1-9]|1[0-2])\.[0-9]{4,5}")  # YYMM.NNNNN
# C0/C1 controls that are not whitespace, and lone surrogates (valid JSON, not valid UTF-8).
_CONTROLS = {c: None for c in [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000)] if not chr(c).isspace()}


class HfApiSource:
    """PaperSource backed by GET {base}/api/daily_papers, paged, with retries."""

    def __init__(self, base_url: str, *, retries: int = 4, backoff: float = 1.0, timeout: float = 20.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = (min(5.0, timeout), timeout)
        self.session = make_session(retries, backoff)

    def fetch_day(self, day: date) -> list[Paper]:
        papers: list[Paper] = []
        for page in range(MAX_PAGES):
            items = self._get_page(day, page)
            papers.extend(p for p in map(parse_item, items) if p is not None)
            if len(items) < PAGE_SIZE:
                return papers
        raise FetchError(f"{day}: more than {MAX_PAGES} pages of papers; refusing to go on")

    def _get_page(self, day: date, page: int) -> list[Any]:
        url = f"{self.base_url}/api/daily_papers"
        params: dict[str, str | int] = {"date": day.isoformat(), "limit": PAGE_SIZE, "p": page}
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise FetchError(f"GET {url} {params} failed: {exc}") from exc
        where = f"GET {response.url} answered HTTP {response.status_code}"
        if response.status_code != 200:
            raise FetchError(f"{where}: {response.text[:200]!r}")
        try:
            data = response.json()
        except ValueError as exc:
            raise FetchError(f"{where} with a body that is not JSON: {response.text[:120]!r}") from exc
        if not isinstance(data, list):
            raise FetchError(f"{where} with JSON that is not a list but {type(data).__name__}")
        return data


def make_session(retries: int, backoff: float) -> requests.Session:
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def parse_item(item: Any) -> Paper | None:
    """One daily_papers item -> Paper, or None (with a warning) when it is unusable."""
    try:
        return _parse(item)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        ident = (
            item.get("paper", {}).get("id") if isinstance(item, dict) and isinstance(item.get("paper"), dict) else None
        )
        logger.warning("Skipping invalid daily_papers item", paper_id=ident, reason=str(exc))
        return None


def _parse(item: Any) -> Paper:
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        raise TypeError("item is not an object with a 'paper' object")
    paper = item["paper"]
    paper_id = paper.get("id")
    if not isinstance(paper_id, str) or not ARXIV_ID.fullmatch(paper_id):
        raise ValueError(f"id {paper_id!r} is not an arXiv id")
    title = _text(paper.get("title") or item.get("title"))
    if not title:
        raise ValueError("missing title")
    upvotes = paper.get("upvotes")
    if isinstance(upvotes, bool) or not isinstance(upvotes, int) or upvotes < 0:
        raise ValueError(f"upvotes {upvotes!r} is not a non-negative integer")
    org = item.get("organization") or paper.get("organization")
    return Paper(
        id=paper_id,
        title=title,
        summary=_text(paper.get("summary") or item.get("summary")),
        upvotes=upvotes,
        num_comments=_count(item.get("numComments")) or 0,
        authors=tuple(
            name for a in paper.get("authors") or () if isinstance(a, dict) and (name := _text(a.get("name")))
        ),
        organization=_org_name(org),
        thumbnail=_url(item.get("thumbnail")),
        ai_summary=_text(paper.get("ai_summary")) or None,
        ai_keywords=tuple(dict.fromkeys(k for k in map(_text, paper.get("ai_keywords") or ()) if k)),
        github_repo=_url(paper.get("githubRepo")),
        github_stars=_count(paper.get("githubStars")),
        project_page=_url(paper.get("projectPage")),
        published_at=_text(paper.get("publishedAt")) or None,
        submitted_at=_text(paper.get("submittedOnDailyAt")) or None,
    )


def _text(value: Any) -> str:
    """Strings only; control characters dropped, whitespace (arXiv's hard breaks) folded."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.translate(_CONTROLS).split())


def _org_name(org: Any) -> str | None:
    if not isinstance(org, dict):
        return None
    return _text(org.get("fullname")) or _text(org.get("name")) or None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _url(value: Any) -> str | None:
    text = _text(value)
    return text if text.startswith(("https://", "http://")) and " " not in text else None

"""Fetch stage: read one day of HF Daily Papers over HTTP and turn items into Papers."""

from __future__ import annotations

import contextlib
import math
import re
import socket
import threading
import time
from datetime import date
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .deadline import Deadline
from .exceptions import DeadlineExceeded, FetchError, FetchRefused
from .models import Paper
from .observability import logger
from .periods import Period

PAGE_SIZE = 100
MAX_PAGES = 20
MAX_PERIOD_PAGES = 60  # a month of HF days is a few thousand papers at most
MAX_WAIT = 30.0  # the longest Retry-After or backoff worth waiting for; HF asking for more is a failure
MIN_REQUEST = 1.0  # a request with less time than this left is not started
USER_AGENT = "daily-papers/1.0 (+https://github.com/daily-papers/daily-papers)"
_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
ARXIV_ID = re.compile(r"[0-9]{2}(0[1-9]|1[0-2])\.[0-9]{4,5}")  # YYMM.NNNNN
# C0/C1 controls that are not whitespace, and lone surrogates (valid JSON, not valid UTF-8).
_CONTROLS = {c: None for c in [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000)] if not chr(c).isspace()}


class HfApiSource:
    """PaperSource backed by GET {base}/api/daily_papers, paged, with retries and deadlines.

    `timeout` bounds each socket read; `request_deadline` bounds a whole request (retries, waits and a
    body dribbled a byte at a time included), and the invocation's deadline bounds them all.
    """

    def __init__(
        self,
        base_url: str,
        *,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 20.0,
        request_deadline: float | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = (min(5.0, timeout), timeout)
        self.request_deadline = request_deadline or 3 * timeout
        self.retry = DeadlineRetry.for_http(retries, backoff)
        self.adapter = HTTPAdapter(max_retries=self.retry)
        self.session = make_session(self.adapter)

    def fetch_day(self, day: date, deadline: Deadline | None = None) -> list[Paper]:
        papers: dict[str, Paper] = {}
        for page in range(MAX_PAGES):
            items = self._get_page({"date": day.isoformat()}, page, deadline or Deadline())
            for paper in filter(None, map(parse_item, items)):
                _check(paper, day, papers)
                papers.setdefault(paper.id, paper)
            if len(items) < PAGE_SIZE:
                return list(papers.values())
        raise FetchError(f"{day}: more than {MAX_PAGES} pages of papers; refusing to go on")

    def fetch_period(self, period: Period, deadline: Deadline | None = None) -> list[Paper]:
        """One `week=`/`month=` listing, paged; a week HF refuses (it may not know ISO week 53) is
        fetched as its seven days instead."""
        deadline = deadline or Deadline()
        asked = {"week" if period.kind == "weekly" else "month": period.name}
        papers: dict[str, Paper] = {}
        for page in range(MAX_PERIOD_PAGES):
            try:
                items = self._get_page(asked, page, deadline)
            except FetchRefused:
                if period.kind != "weekly" or page:
                    raise
                logger.warning("HF refused the week; fetching its days one by one", period=period.name)
                return list({p.id: p for day in period.days() for p in self.fetch_day(day, deadline)}.values())
            for paper in filter(None, map(parse_item, items)):
                papers.setdefault(paper.id, paper)
            if len(items) < PAGE_SIZE:
                return list(papers.values())
        raise FetchError(f"{period}: more than {MAX_PERIOD_PAGES} pages of papers; refusing to go on")

    def _get_page(self, asked: dict[str, str], page: int, deadline: Deadline) -> list[Any]:
        url = f"{self.base_url}/api/daily_papers"
        params: dict[str, str | int] = {**asked, "limit": PAGE_SIZE, "p": page}
        left = deadline.left()
        if left < MIN_REQUEST:
            what = " ".join(asked.values())
            raise DeadlineExceeded(f"{what}: {left:.0f} s left before the deadline; GET {url} not started")
        budget = min(self.request_deadline, left)
        try:
            response = self._get_within(url, params, budget)
        except _TooSlow as exc:
            error = DeadlineExceeded if budget < self.request_deadline else FetchError
            raise error(f"GET {url} {params}: {exc}") from exc
        except requests.RequestException as exc:
            raise FetchError(f"GET {url} {params} failed: {exc}") from exc
        where = f"GET {response.url} answered HTTP {response.status_code}"
        if 400 <= response.status_code < 500 and response.status_code != 429:
            raise FetchRefused(f"{where}: {response.text[:200]!r}")
        if response.status_code != 200:
            raise FetchError(f"{where}: {response.text[:200]!r}")
        try:
            data = response.json()
        except ValueError as exc:
            raise FetchError(f"{where} with a body that is not JSON: {response.text[:120]!r}") from exc
        if not isinstance(data, list):
            raise FetchError(f"{where} with JSON that is not a list but {type(data).__name__}")
        return data

    def _get_within(self, url: str, params: dict[str, str | int], budget: float) -> requests.Response:
        """The whole request, body included, in a worker thread that is abandoned (and its connection
        closed) at the budget: urllib3's timeouts bound each read, not a server that dribbles bytes.
        Hand-written because neither requests nor urllib3 offers a total deadline."""
        end = time.monotonic() + budget
        self.adapter.max_retries = self.retry.new(end=end)
        box: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["response"] = self.session.get(url, params=params, timeout=self.timeout, stream=True)
                box["response"].content  # noqa: B018 - read the body inside the deadline
            except (requests.RequestException, _TooSlow) as exc:
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, name="hf-get", daemon=True).start()
        if not done.wait(budget):
            if "response" in box:
                _hang_up(box["response"])
            raise _TooSlow(f"no complete answer within {budget:.1f} s")
        if "error" in box:
            raise box["error"]
        response: requests.Response = box["response"]
        return response


def _hang_up(response: requests.Response) -> None:
    """End a read that another thread is blocked in: shut the socket down (closing the response would
    wait for the reader's lock), so the abandoned worker sees the end of the stream and stops."""
    sock = getattr(response.raw.connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _TooSlow(Exception):
    """A request, or a wait HF asked for, would end past its deadline."""


class DeadlineRetry(Retry):
    """urllib3's Retry whose waits (Retry-After, backoff) are capped at MAX_WAIT and never run past `end`:
    a wait that would is not slept but fails the request at once."""

    def __init__(self, *args: Any, end: float = math.inf, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.end = end

    @classmethod
    def for_http(cls, retries: int, backoff: float) -> DeadlineRetry:
        return cls(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            backoff_max=MAX_WAIT,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )

    def new(self, **kwargs: Any) -> Self:
        kwargs.setdefault("end", self.end)
        return super().new(**kwargs)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        asked = self.get_retry_after(response) if response is not None else None
        wait = asked if asked is not None else self.get_backoff_time()
        if asked is not None and asked > MAX_WAIT:
            raise _TooSlow(f"HF asked to wait {asked:.0f} s (Retry-After), more than the {MAX_WAIT:.0f} s we wait")
        if time.monotonic() + wait > self.end:
            raise _TooSlow(f"waiting {wait:.0f} s before retrying would pass the deadline")
        time.sleep(wait)


def make_session(adapter: HTTPAdapter) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _check(paper: Paper, day: date, seen: dict[str, Paper]) -> None:
    """Log what HF does oddly but the day survives: a paper on two pages, or filed under another day."""
    if paper.id in seen:
        logger.warning("A paper appears twice in the day's list; counted once", paper_id=paper.id, day=str(day))
    submitted = (paper.submitted_at or "")[:10]
    if submitted and submitted != day.isoformat():
        logger.warning(
            "A paper's submittedOnDailyAt is not the day asked for",
            paper_id=paper.id,
            day=str(day),
            submitted_on=submitted,
        )


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
    upvotes = _count(paper.get("upvotes"))
    if upvotes is None:
        raise ValueError(f"upvotes {paper.get('upvotes')!r} is not a non-negative whole number")
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
        ai_keywords=_keywords(paper.get("ai_keywords")),
        github_repo=_url(paper.get("githubRepo")),
        github_stars=_count(paper.get("githubStars")),
        project_page=_url(paper.get("projectPage")),
        published_at=_text(paper.get("publishedAt")) or None,
        submitted_at=_text(paper.get("submittedOnDailyAt")) or None,
        **_submitter(paper.get("submittedOnDailyBy")),
        discussion_id=_ident(paper.get("discussionId")),
    )


def _text(value: Any) -> str:
    """Strings only; control characters dropped, whitespace (arXiv's hard breaks) folded."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.translate(_CONTROLS).split())


def _submitter(by: Any) -> dict[str, str | None]:
    """HF's submittedOnDailyBy: the user name (`user`, or `name` in older answers) and the full name."""
    if not isinstance(by, dict):
        return {}
    user = _ident(by.get("user")) or _ident(by.get("name"))
    if user is None:
        return {}
    return {"submitted_by": user, "submitted_by_name": _text(by.get("fullname")) or None}


def _ident(value: Any) -> str | None:
    """An HF user name or object id: letters, digits, '-', '_', '.' only, so it is safe in a URL path."""
    text = _text(value)
    return text if _IDENT.fullmatch(text) else None


def _org_name(org: Any) -> str | None:
    if not isinstance(org, dict):
        return None
    return _text(org.get("fullname")) or _text(org.get("name")) or None


def _count(value: Any) -> int | None:
    """A non-negative whole number; JSON's 12.0 is 12 (HF's numbers are not always integers)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _keywords(value: Any) -> tuple[str, ...]:
    """A list of keywords; a lone string is one keyword, not one per letter."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else ()
    return tuple(dict.fromkeys(k for k in map(_text, items) if k))


def _url(value: Any) -> str | None:
    text = _text(value)
    return text if text.startswith(("https://", "http://")) and " " not in text else None

"""A fake Hugging Face API on 127.0.0.1: real HTTP, realistic paging, scriptable faults."""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from tests.support.local_server import LocalServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"[]"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    dribble: float = 0.0  # seconds between body bytes: a server that trickles its answer


class FakeHfApi(LocalServer):
    """Serves /api/daily_papers from `days`; `faults` are answered first, one per request."""

    def __init__(self) -> None:
        self.days: dict[str, list] = {}
        self.refused_weeks: set[str] = {"2026-W53"}  # whether HF knows ISO week 53 is unverified: assume not
        self.failing_periods: set[str] = set()  # weeks and months answered with HTTP 500
        self.likes_later = 0  # likes each paper gained since its day was listed (a period answers with them)
        self.faults: deque[Reply] = deque()
        self.always: Reply | None = None
        self.requests: list[dict] = []
        super().__init__(self._handler())

    def reply(self, path: str, query: dict[str, list[str]]) -> Reply:
        if self.faults:
            return self.faults.popleft()
        if self.always is not None:
            return self.always
        if path != "/api/daily_papers":
            return Reply(404, b'{"error":"Not Found"}')
        day = query.get("date", [""])[0]
        limit = int(query.get("limit", ["50"])[0])
        page = int(query.get("p", ["0"])[0])
        if not 1 <= limit <= 100:
            return Reply(400, b'{"error":"limit must be between 1 and 100"}')
        week, month = query.get("week", [""])[0], query.get("month", [""])[0]
        if week in self.failing_periods or month in self.failing_periods:
            return Reply(500, b"Internal Server Error")
        if week in self.refused_weeks:
            return Reply(400, b'{"error":"Invalid week"}')
        items = self.period(week, month) if week or month else self.days.get(day, [])
        return Reply(200, json.dumps(items[page * limit : (page + 1) * limit]).encode())

    def period(self, week: str, month: str) -> list:
        """The items of the days in that ISO week or month, with the likes they have now."""
        found = []
        for day, items in sorted(self.days.items()):
            year, number, _ = date.fromisoformat(day).isocalendar()
            if week == f"{year}-W{number:02d}" or (month and day.startswith(month + "-")):
                found += [_with_likes(item, self.likes_later) for item in items]
        return found

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                api.requests.append({"path": parts.path, "query": query, "headers": dict(self.headers)})
                send(self, api.reply(parts.path, query))

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _with_likes(item: dict, more: int) -> dict:
    if not more or not isinstance(item.get("paper"), dict) or not isinstance(item["paper"].get("upvotes"), int):
        return item
    return {**item, "paper": {**item["paper"], "upvotes": item["paper"]["upvotes"] + more}}


def send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Answer a request with `reply`: after its delay, its status, headers and body (dribbled if asked)."""
    if reply.delay:
        time.sleep(reply.delay)
    handler.send_response(reply.status)
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(reply.body)))
    handler.end_headers()
    if not reply.dribble:
        handler.wfile.write(reply.body)
        return
    try:
        for byte in reply.body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(reply.dribble)
    except OSError:  # the client gave up and closed the connection
        pass

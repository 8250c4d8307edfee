"""A fake Amazon Bedrock Converse endpoint on 127.0.0.1: real HTTP, the wire format boto3 speaks.

`POST /model/{modelId}/converse` (the ID URL-encoded), rest-json; errors as a status with the
error name in `X-Amzn-ErrorType`. moto has no Converse, so this stands in for it. By default it
answers every paper with a Korean title and summary derived from the prompt; `faults` are answered
first, one per request, and `always` (or a `respond` function of the request) replaces the default.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote

from tests.support.local_server import LocalServer

_PATH = re.compile(r"/model/(?P<model>[^/]+)/converse")
_TITLE = re.compile(r"^Title: (.*)$", re.M)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def answer(text: str, stop: str = "end_turn") -> Reply:
    """A 200 Converse response whose assistant message is `text`."""
    body = {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": {"inputTokens": 620, "outputTokens": 180, "totalTokens": 800},
        "metrics": {"latencyMs": 850},
    }
    return Reply(200, json.dumps(body, ensure_ascii=False).encode())


def error(name: str, status: int) -> Reply:
    return Reply(status, json.dumps({"message": f"fake {name}"}).encode(), {"X-Amzn-ErrorType": f"{name}:http://"})


def korean(title: str, summary: str) -> Reply:
    return answer(json.dumps({"title_ko": title, "summary_ko": summary}, ensure_ascii=False))


def title_of(request: dict[str, Any]) -> str:
    """The English title in a request's user message."""
    match = _TITLE.search(request["body"]["messages"][0]["content"][0]["text"])
    return match.group(1) if match else ""


def default_reply(request: dict[str, Any]) -> Reply:
    title = title_of(request)
    return korean(f"한국어 제목: {title}", "이 논문은 문제를 정의하고 새로운 방법을 제안한다. 실험으로 효과를 보인다.")


class FakeBedrock(LocalServer):
    def __init__(self) -> None:
        self.faults: deque[Reply] = deque()
        self.always: Reply | None = None
        self.respond: Callable[[dict[str, Any]], Reply] = default_reply
        self.requests: list[dict[str, Any]] = []
        super().__init__(self._handler())
        self._lock = threading.Lock()

    def titles(self) -> list[str]:
        """The English titles of the papers sent so far, one per request (retries included)."""
        return [title_of(r) for r in self.requests]

    def reply(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.faults:
                return self.faults.popleft()
        return self.always if self.always is not None else self.respond(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                match = _PATH.fullmatch(self.path)
                if not match:
                    self._send(error("UnknownOperationException", 404))
                    return
                request = {"model": unquote(match["model"]), "body": json.loads(raw), "headers": dict(self.headers)}
                self._send(fake.reply(request))

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a read timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

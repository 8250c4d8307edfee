"""A fake Slack/Discord webhook and Telegram Bot API receiver on 127.0.0.1: real HTTP, scriptable faults.

Every POST is recorded in `attempts`; those answered 2xx are the messages `delivered`, by path."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.fake_hf import Reply, send
from tests.support.local_server import LocalServer

SLACK = "/services/T000/B000/slack-secret-0001"
DISCORD = "/api/webhooks/1234/discord-secret-0002"
TELEGRAM_TOKEN = "123456:telegram-secret-0003"
TELEGRAM = f"/bot{TELEGRAM_TOKEN}/sendMessage"
SECRETS = ("slack-secret-0001", "discord-secret-0002", "telegram-secret-0003")


class FakeHooks(LocalServer):
    def __init__(self, delay: float = 0.0) -> None:
        self.faults: dict[str, deque[Reply]] = defaultdict(deque)
        self.always: dict[str, Reply] = {}
        self.attempts: list[tuple[str, Any]] = []
        self.delivered: dict[str, list[Any]] = defaultdict(list)
        self.delay = delay
        self._lock = threading.Lock()
        super().__init__(self._handler())

    def secret(self) -> dict[str, Any]:
        """The notify parameter's JSON pointing at this receiver."""
        return {
            "slack": [self.url + SLACK],
            "discord": [self.url + DISCORD],
            "telegram": [{"token": TELEGRAM_TOKEN, "chat_id": "-1001234"}],
        }

    def counts(self) -> dict[str, int]:
        return {path: len(self.delivered[path]) for path in (SLACK, DISCORD, TELEGRAM)}

    def _reply(self, path: str, body: Any) -> Reply:
        with self._lock:
            self.attempts.append((path, body))
            if self.faults[path]:
                return self.faults[path].popleft()
            reply = self.always.get(path)
            if reply is None or 200 <= reply.status < 300:
                self.delivered[path].append(body)
        if reply is not None:
            return reply
        if path == DISCORD:
            return Reply(204, b"")
        if path == TELEGRAM:
            return Reply(200, b'{"ok": true, "result": {"message_id": 1}}')
        return Reply(200, b"ok", {"Content-Type": "text/plain"})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if hooks.delay:
                    time.sleep(hooks.delay)
                send(self, hooks._reply(self.path, json.loads(raw or b"null")))

            def log_message(self, *args: object) -> None:
                pass

        return Handler

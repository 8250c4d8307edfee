"""A stand-in for CloudFront in front of the site bucket, on 127.0.0.1, for browser tests.

It does what cloudfront/rewrite.js and the distribution do: `/path/` serves `path/index.html`,
`/path` without a dot in its last segment is redirected (301) to `/path/`, every other path
is the object's key; the object's stored Content-Type is served, and a missing key answers
`404.html` with status 404. Every response carries the headers of template.yaml's response
headers policy (the Content-Security-Policy among them), so the browser runs under the real
policy. The site can be mounted under a sub-path (`prefix="/blog/"`).
"""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

from botocore.exceptions import ClientError

from tests.support.local_server import LocalServer
from tests.support.template import response_headers

NOT_FOUND = "404.html"


def route(prefix: str, raw_path: str) -> tuple[str, str]:
    """What cloudfront/rewrite.js does (both pass cloudfront/cases.json), for a site mounted at `prefix`:
    ('key', key) to serve, ('redirect', location) or ('missing', '')."""
    parts = urlsplit(raw_path)
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return "missing", ""
    rest = path[len(prefix) :]
    if rest == "" or rest.endswith("/"):
        return "key", rest + "index.html"
    if "." not in rest.rsplit("/", 1)[-1]:
        return "redirect", parts.path + "/" + (f"?{parts.query}" if parts.query else "")
    return "key", rest


class S3Gateway(LocalServer):
    def __init__(self, client: Any, bucket: str, prefix: str = "/"):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError("prefix must start and end with '/'")
        self.client, self.bucket, self.prefix = client, bucket, prefix
        self.requests: list[tuple[str, int]] = []
        self.headers = response_headers()
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        """The site's base URL (what SITE_BASE_URL would be), with a trailing slash."""
        return self.origin + self.prefix

    def route(self, raw_path: str) -> tuple[str, str]:
        return route(self.prefix, raw_path)

    def fetch(self, key: str) -> dict[str, Any] | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._answer(with_body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(with_body=False)

            def _answer(self, with_body: bool) -> None:
                kind, target = gateway.route(self.path)
                if kind == "redirect":
                    gateway.requests.append((self.path, 301))
                    self.send_response(301)
                    self.send_header("Location", target)
                    self.send_header("Content-Length", "0")
                    self._policy_headers()
                    self.end_headers()
                    return
                found = gateway.fetch(target) if kind == "key" else None
                status = 200 if found else 404
                found = found or gateway.fetch(NOT_FOUND)
                body = found["Body"].read() if found else b"Not Found"
                gateway.requests.append((self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", found["ContentType"] if found else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self._policy_headers()
                self.end_headers()
                if with_body:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
                        self.wfile.write(body)

            def _policy_headers(self) -> None:
                for name, value in gateway.headers.items():
                    self.send_header(name, value)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

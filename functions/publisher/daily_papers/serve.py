"""Serve a published folder on 127.0.0.1 with the same content types the bucket gets, and the
site's 404 page with status 404 for a missing path, as CloudFront does."""

from __future__ import annotations

import os
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from . import urls


class SiteHandler(SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return urls.content_type(os.path.relpath(path, self.directory).replace(os.sep, "/"))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = os.path.join(self.directory, urls.NOT_FOUND)
        if code != HTTPStatus.NOT_FOUND or not os.path.isfile(page):
            super().send_error(code, message, explain)
            return
        with open(page, "rb") as file:
            body = file.read()
        self.send_response(code, message)
        self.send_header("Content-Type", urls.content_type(urls.NOT_FOUND))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), partial(SiteHandler, directory=directory))

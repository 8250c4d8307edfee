"""Serve a published folder on 127.0.0.1 with the same content types the bucket gets."""

from __future__ import annotations

import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from . import urls


class SiteHandler(SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return urls.content_type(os.path.relpath(path, self.directory).replace(os.sep, "/"))


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), partial(SiteHandler, directory=directory))

"""The one place that knows the site's key and URL layout, and each key's content type."""

from __future__ import annotations

import posixpath
from datetime import date

INDEX = "index.html"
FEED = "feed.xml"
STYLESHEET = "assets/style.css"
MANIFEST = "data/manifest.json"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def post_html(day: date) -> str:
    return f"posts/{day.isoformat()}/index.html"


def post_md(day: date) -> str:
    return f"posts/{day.isoformat()}/index.md"


def day_data(day: date) -> str:
    return f"data/{day.isoformat()}.json"


def content_type(key: str) -> str:
    return CONTENT_TYPES.get(posixpath.splitext(key)[1], "application/octet-stream")


def path_of(key: str) -> str:
    """The URL path a key is served at: 'posts/D/index.html' -> 'posts/D/'."""
    if key == INDEX:
        return ""
    return key[: -len("index.html")] if key.endswith("/index.html") else key


def relative(from_key: str, to_key: str) -> str:
    """A link from one page to another that works at a domain root or under a sub-path."""
    start = posixpath.dirname(from_key) or "."
    target = path_of(to_key)
    link = posixpath.relpath(target or ".", start)
    if target.endswith("/") or not target:
        link = "./" if link == "." else link + "/"
    return link


def absolute(base_url: str, key: str) -> str:
    return f"{base_url.rstrip('/')}/{path_of(key)}"

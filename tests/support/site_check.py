"""Consistency checks over a published site, given as {key: bytes}."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

from daily_papers.models import Manifest
from daily_papers.publish import SitePublisher
from daily_papers.render import SiteRenderer


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def internal_targets(page_key: str, html: bytes) -> set[str]:
    """Keys that a page's relative links and sources resolve to ('dir/' -> 'dir/index.html')."""
    parser = _Links()
    parser.feed(html.decode("utf-8"))
    targets = set()
    for link in parser.links:
        url, _ = urldefrag(link)
        if not url or urlsplit(url).scheme or url.startswith("//"):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_key), url.split("?")[0]))
        if url.endswith("/") or path == ".":
            path = posixpath.join("" if path == "." else path, "index.html")
        targets.add(path)
    return targets


def broken_links(site: dict[str, bytes], page_key: str) -> set[str]:
    return {t for t in internal_targets(page_key, site[page_key]) if t not in site}


def manifest_days(body: bytes | str) -> list[str]:
    """The days a stored manifest lists, oldest first."""
    return [d.isoformat() for d in Manifest.from_dict(json.loads(body)).sorted_days()]


def manifest_problems(site: dict[str, bytes]) -> list[str]:
    """Every day in the manifest must have its post, Markdown and data; index and feed must agree."""
    if "data/manifest.json" not in site:
        return []
    problems = []
    days = manifest_days(site["data/manifest.json"])
    for day in days:
        for key in (f"posts/{day}/index.html", f"posts/{day}/index.md", f"data/{day}.json"):
            if key not in site:
                problems.append(f"manifest lists {day} but {key} is missing")
    problems += [f"index.html: broken link {t}" for t in sorted(broken_links(site, "index.html"))]
    for day in re.findall(rb"/posts/(\d{4}-\d{2}-\d{2})/</link>", site.get("feed.xml", b"")):
        if f"posts/{day.decode()}/index.html" not in site:
            problems.append(f"feed.xml lists {day.decode()} without its post")
    return problems


class DryRunStore:
    """Reads from a store, records writes without making them: what a run *would* change."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.writes: list[str] = []

    def get(self, key: str) -> Any:
        return self.inner.get(key)

    def head(self, key: str) -> Any:
        return self.inner.head(key)

    def list_keys(self, prefix: str) -> list[str]:
        return self.inner.list_keys(prefix)

    def etags(self, prefix: str) -> dict[str, str]:
        return self.inner.etags(prefix)

    def put(self, key: str, body: bytes, content_type: str, **kwargs: Any) -> str:
        self.writes.append(key)
        return f"dry-run-{len(self.writes)}"


def drift(store: Any, renderer: SiteRenderer) -> list[str]:
    """The keys a rebuild from the data objects would change: [] when every derived object (manifest,
    posts, listings, feeds, search shards, sitemaps) matches the data, as after any correct run."""
    dry = DryRunStore(store)
    SitePublisher(dry, renderer, workers=1).rebuild()
    return dry.writes


def listed_days(site: dict[str, bytes]) -> dict[str, list[str]]:
    """Which days each listing shows: the manifest, the home page, the feed, the search shards."""
    shards = json.loads(site["data/search/index.json"])["shards"]
    found = {
        "manifest": manifest_days(site["data/manifest.json"]),
        "home": sorted(set(re.findall(r'href="posts/(\d{4}-\d{2}-\d{2})/"', site["index.html"].decode()))),
        "feed": sorted(d.decode() for d in re.findall(rb"/posts/(\d{4}-\d{2}-\d{2})/</link>", site["feed.xml"])),
        "search": sorted({p["d"] for m in shards for p in json.loads(site[f"data/search/{m}.json"])["papers"]}),
    }
    archive = site["archive/index.html"].decode()
    months = sorted(set(re.findall(r'href="(\d{4}-\d{2})/"', archive)))
    post = re.compile(r'href="\.\./\.\./posts/(\d{4}-\d{2}-\d{2})/"')
    found["archive"] = sorted(d for m in months for d in post.findall(site[f"archive/{m}/index.html"].decode()))
    return found

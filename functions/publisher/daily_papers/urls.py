"""The one place that knows the site's key and URL layout, and each key's content type."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from functools import lru_cache

from .periods import KINDS, Kind, Period, parse

INDEX = "index.html"
FEED = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
STYLESHEET = "assets/style.css"
SCRIPT = "assets/site.js"
IMAGES_SCRIPT = "assets/images.js"  # the thumbnails' placeholder, on pages that show thumbnails
PLACEHOLDER = "assets/placeholder.svg"
FAVICON = "assets/favicon.svg"
MANIFEST = "data/manifest.json"
ARCHIVE = "archive/index.html"
TOPICS = "topics/index.html"
ORGS = "orgs/index.html"
SEARCH = "search/index.html"
SEARCH_SHARDS = "data/search/index.json"
STATIC_STAMP = "data/static.json"  # the static pages' keys and hashes, written after them
DATA_DAYS = "data/2"  # the prefix of every data/YYYY-MM-DD.json, not of the manifest or the search shards
_DAY_DATA = re.compile(r"data/([0-9]{4}-[0-9]{2}-[0-9]{2})\.json")
PAPERS_FEED = "papers/feed.xml"  # one item per paper of the latest days
PAPERS_JSON_FEED = "papers/feed.json"
PAPERS_TOP_FEED = "papers/feed-top10.xml"  # only the papers of each day's top 10
PERIODS_SITEMAP = "sitemaps/periods.xml"  # the weekly and monthly pages
_SNAPSHOT = re.compile(r"data/(weekly|monthly)/([0-9]{4}-(?:W[0-9]{2}|[0-9]{2}))\.json")
# The skip link's target. Never a slug (slugs have no "_"), so the topics and orgs views, which
# read a slug from the address's #fragment, can tell it from a name.
MAIN_ID = "_main"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Keys whose type is more specific than their extension's.
NAMED_TYPES = {
    FEED: "application/rss+xml; charset=utf-8",
    ATOM: "application/atom+xml; charset=utf-8",
    JSON_FEED: "application/feed+json; charset=utf-8",
    PAPERS_FEED: "application/rss+xml; charset=utf-8",
    PAPERS_TOP_FEED: "application/rss+xml; charset=utf-8",
    PAPERS_JSON_FEED: "application/feed+json; charset=utf-8",
}


def post_html(day: date) -> str:
    return f"posts/{day.isoformat()}/index.html"


def post_md(day: date) -> str:
    return f"posts/{day.isoformat()}/index.md"


def day_data(day: date) -> str:
    return f"data/{day.isoformat()}.json"


def day_of_data(key: str) -> date | None:
    """The day of a data key ('data/2026-02-09.json'); None for every other key."""
    match = _DAY_DATA.fullmatch(key)
    return date.fromisoformat(match[1]) if match else None


def month_data(month: str) -> str:
    """The prefix of one month's data keys: 'data/2026-02-'."""
    return f"data/{month}-"


def day_keys(day: date) -> tuple[str, str, str]:
    """The objects that belong to one day alone."""
    return day_data(day), post_md(day), post_html(day)


def month_of(day: date) -> str:
    """'2026-02': the month a day is archived and indexed under."""
    return day.isoformat()[:7]


def next_month(month: str) -> str:
    """'2026-12' -> '2027-01'."""
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def month_page(month: str) -> str:
    return f"archive/{month}/index.html"


def search_shard(month: str) -> str:
    return f"data/search/{month}.json"


def search_summaries(month: str) -> str:
    """The month's Korean summaries, read by the search view only (search_index.py)."""
    return f"data/search/summaries/{month}.json"


def sitemap_part(name: str) -> str:
    """One urlset of the sitemap index: 'site' (the fixed pages) or a month 'YYYY-MM'."""
    return f"sitemaps/{name}.xml"


def period_html(period: Period) -> str:
    return f"{period.kind}/{period.name}/index.html"


def period_md(period: Period) -> str:
    return f"{period.kind}/{period.name}/index.md"


def snapshot_prefix(kind: Kind) -> str:
    return f"data/{kind}/"


def snapshot(period: Period) -> str:
    """A closed period's snapshot of HF's list: 'data/weekly/2026-W03.json', 'data/monthly/2026-01.json'."""
    return f"{snapshot_prefix(period.kind)}{period.name}.json"


def period_of_snapshot(key: str) -> Period | None:
    """The period of a snapshot key; None for every other key (or a period that does not exist)."""
    match = _SNAPSHOT.fullmatch(key)
    if not match:
        return None
    try:
        return parse(match[1], match[2])  # type: ignore[arg-type]
    except ValueError:
        return None


def period_feeds(kind: Kind) -> tuple[str, str, str]:
    """RSS, Atom and JSON Feed of one kind's closed periods."""
    return f"{kind}/feed.xml", f"{kind}/atom.xml", f"{kind}/feed.json"


def content_type(key: str) -> str:
    if key in NAMED_TYPES:
        return NAMED_TYPES[key]
    for kind in KINDS:
        rss, atom, json_feed = period_feeds(kind)
        if key in (rss, atom, json_feed):
            return NAMED_TYPES[{rss: FEED, atom: ATOM, json_feed: JSON_FEED}[key]]
    return CONTENT_TYPES.get(posixpath.splitext(key)[1], "application/octet-stream")


def path_of(key: str) -> str:
    """The URL path a key is served at: 'posts/D/index.html' -> 'posts/D/'."""
    if key == INDEX:
        return ""
    return key[: -len("index.html")] if key.endswith("/index.html") else key


@lru_cache(maxsize=1 << 16)  # a rebuild asks for the same few links from every page
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

"""What a reader's browser downloads for the search, topic and organization views as history grows.

The site's search pages, assets and index shards (with Korean titles and summaries, as a Korean site
publishes them) for `days` of synthetic history are served from a folder on 127.0.0.1; headless
Chromium opens each view and the bytes of every response are summed until the first result is on
screen, and again once the view has settled. The server compresses as CloudFront does (`Compress: true`).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import quote

from bench.history import KEYWORDS, SUMMARY_WORD, history_days, synthetic_edition, with_korean
from daily_papers import search_index, urls
from daily_papers.config import Settings
from daily_papers.models import DaySummary, Manifest, SiteView
from daily_papers.render import SiteRenderer
from daily_papers.serve import SiteHandler, make_server
from daily_papers.slugs import slugify

CHROMIUM = "/usr/bin/chromium"
SUMMARY_SEARCH = "summary-word search"  # a word only Korean summaries have: loads the summaries file too
VIEWS = {
    "search": "search/?q=reasoning",
    SUMMARY_SEARCH: f"search/?q={quote(SUMMARY_WORD)}",
    "topic": f"topics/#{slugify(KEYWORDS[0])}",
    "organization": f"orgs/#{slugify('NVIDIA')}",
    "topics index": "topics/",
    "organizations index": "orgs/",
}
COMPRESSIBLE = re.compile(r"text/|application/(json|javascript|xml|feed\+json|rss\+xml|atom\+xml)|image/svg")
SETTLED = re.compile("[^…]$")  # the script's messages while loading end with an ellipsis
# When the first result appears, and the bytes transferred (headers and bodies) until then and in all
FIRST_RESULT = """new MutationObserver((changes, observer) => {
  if (document.querySelector("#results li")) { window.firstResult = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, childList: true });"""
TRANSFERRED = """() => {
  const all = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const sum = (entries) => entries.reduce((total, e) => total + e.transferSize, 0);
  return [sum(all.filter((e) => e.responseEnd <= window.firstResult)), sum(all)];
}"""


class QuietHandler(SiteHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """No access log in the benchmark's report."""


class CompressingHandler(QuietHandler):
    """Answers as CloudFront does with the template's `Compress: true`: gzip for text, JSON, JavaScript,
    XML and SVG objects of 1,000 bytes to 10 MB when the browser accepts it, so the bytes a view
    transfers are the ones a reader's browser would."""

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            super().do_GET()
            return
        with open(path, "rb") as file:
            body = file.read()
        if not (COMPRESSIBLE.match(kind) and 1_000 <= len(body) <= 10_000_000):
            super().do_GET()
            return
        packed = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(packed)))
        self.end_headers()
        self.wfile.write(packed)


@dataclass(frozen=True)
class ViewBytes:
    first: int  # until the first result is shown
    settled: int  # until the view has every month it wants


def write_search_site(root: Path, days: list[date]) -> None:
    """The pages the three views are made of, and one index shard per month."""
    editions = {d: with_korean(synthetic_edition(d)) for d in days}
    site = SiteView(Manifest.of(DaySummary.of(e) for e in editions.values()), editions.values())
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": "http://127.0.0.1"}))
    months = site.manifest.month_names()
    pages = [*renderer.static_pages(), *(page for m in months for page in renderer.shard_pages(site, m))]
    for page in pages:
        (root / page.key).parent.mkdir(parents=True, exist_ok=True)
        (root / page.key).write_bytes(page.body)
    (root / urls.SEARCH_SHARDS).write_text(json.dumps(search_index.shard_list(months)), encoding="utf-8")


def view_bytes(days: int, end: date) -> dict[str, ViewBytes]:
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-views-") as tmp:
        write_search_site(Path(tmp), history_days(days, end))
        server = make_server(tmp, port=0)
        server.RequestHandlerClass = partial(CompressingHandler, directory=tmp)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        found: dict[str, ViewBytes] = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                for name, path in VIEWS.items():
                    page = browser.new_context().new_page()
                    page.add_init_script(FIRST_RESULT)
                    page.goto(base + path)
                    page.locator("#results li").first.wait_for(timeout=60_000)
                    expect(page.locator("#status")).to_have_text(SETTLED, timeout=60_000)
                    page.wait_for_load_state("networkidle")
                    found[name] = ViewBytes(*page.evaluate(TRANSFERRED))
                    page.context.close()
                browser.close()
        finally:
            server.shutdown()
        return found

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser

from daily_papers import render, urls
from daily_papers.config import Settings
from daily_papers.models import DaySummary, Manifest
from daily_papers.render import FEED_DAYS, SiteRenderer
from tests.unit.factories import edition, paper, view_of

BASE = "https://papers.example/blog"
DAY = date(2026, 2, 9)


def feeds(days: int = 3, ranked=None, **env):
    """`days` days up to DAY, ranked the next day unless `ranked(n)` says when (n days before DAY)."""
    editions = {}
    for n in range(days):
        day = DAY - timedelta(days=n)
        papers = [paper(f"2602.{n:03d}{i:02d}", 10 - i, title=f"Paper <{n}.{i}> & “co”") for i in range(4)]
        at = ranked(n) if ranked else datetime(2026, 2, 10, tzinfo=UTC) - timedelta(days=n)
        editions[day] = edition(day, papers, at)
    manifest = Manifest.of(DaySummary.of(e) for e in editions.values())
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE, **env}))
    pages = renderer.feed_pages(manifest)
    return {p.key: p for p in pages}


def test_the_three_feeds_have_their_content_types():
    pages = feeds()
    assert pages[urls.FEED].content_type == "application/rss+xml; charset=utf-8"
    assert pages[urls.ATOM].content_type == "application/atom+xml; charset=utf-8"
    assert pages[urls.JSON_FEED].content_type == "application/feed+json; charset=utf-8"


def test_rss_parses_with_one_entry_per_day_newest_first():
    parsed = feedparser.parse(feeds()[urls.FEED].body)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert parsed.feed.title and parsed.feed.link == f"{BASE}/"
    links = [e.link for e in parsed.entries]
    assert links == [f"{BASE}/posts/2026-02-0{d}/" for d in (9, 8, 7)]
    first = parsed.entries[0]
    assert first.id == first.link and first.published_parsed[:5] == (2026, 2, 9, 0, 15)  # 09:15 KST
    assert "Paper &lt;0.0&gt; &amp; “co”" in first.description  # escaped once, as HTML text
    assert f'href="{BASE}/posts/2026-02-09/#2602.00000"' in first.description


def test_atom_parses_and_carries_the_required_fields():
    body = feeds()[urls.ATOM].body
    ElementTree.fromstring(body)
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"{BASE}/" and parsed.feed.updated_parsed and parsed.feed.author
    assert [link.rel for link in parsed.feed.links] == ["alternate", "self"]
    for entry in parsed.entries:
        assert entry.id == entry.link and entry.title and entry.updated_parsed and entry.published_parsed
        assert entry.content[0].type == "text/html" and "<ol>" in entry.content[0].value
    assert [e.link for e in parsed.entries][0] == f"{BASE}/posts/2026-02-09/"


def test_json_feed_1_1():
    feed = json.loads(feeds()[urls.JSON_FEED].body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == f"{BASE}/feed.json" and feed["home_page_url"] == f"{BASE}/"
    assert feed["language"] == "ko" and feed["authors"] == [{"name": "daily-papers"}]
    items = feed["items"]
    assert [i["id"] for i in items] == [f"{BASE}/posts/2026-02-0{d}/" for d in (9, 8, 7)]
    for item in items:
        assert isinstance(item["id"], str) and item["url"] == item["id"]
        assert item["content_html"].startswith("<p>") and item["date_published"].startswith("2026-02")
        datetime.fromisoformat(item["date_published"])
    assert "Paper &lt;0.0&gt; &amp; “co”" in items[0]["content_html"]


def test_feeds_keep_the_latest_days_only_and_follow_the_language():
    pages = feeds(days=FEED_DAYS + 5, SITE_LANGUAGE="en")
    assert len(feedparser.parse(pages[urls.FEED].body).entries) == FEED_DAYS
    assert len(feedparser.parse(pages[urls.ATOM].body).entries) == FEED_DAYS
    feed = json.loads(pages[urls.JSON_FEED].body)
    assert len(feed["items"]) == FEED_DAYS and feed["language"] == "en"
    assert feed["items"][0]["summary"] == "4 papers"


def test_backfilled_days_are_dated_and_ordered_by_their_paper_day():
    # Given three days ranked out of order: the oldest backfilled last, in November
    late = datetime(2026, 11, 3, 7, 2, 11, 123456, tzinfo=UTC)
    pages = feeds(ranked=lambda n: late + timedelta(hours=n))
    # Then every feed dates an item at its day's scheduled hour (09:15 KST), newest day first
    rss = feedparser.parse(pages[urls.FEED].body).entries
    assert [e.published_parsed[:5] for e in rss] == [(2026, 2, d, 0, 15) for d in (9, 8, 7)]
    atom = feedparser.parse(pages[urls.ATOM].body).entries
    assert [e.published_parsed[:5] for e in atom] == [(2026, 2, d, 0, 15) for d in (9, 8, 7)]
    # and the ranking time is kept as the modification time, to the second
    assert atom[0].updated == "2026-11-03T07:02:11+00:00"
    items = json.loads(pages[urls.JSON_FEED].body)["items"]
    assert [i["date_published"] for i in items] == [f"2026-02-0{d}T09:15:00+09:00" for d in (9, 8, 7)]
    assert items[2]["date_modified"] == "2026-11-03T09:02:11+00:00"


def test_the_sitemap_dates_a_post_by_its_day_and_lists_it_once_its_week_has_ended():
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE}))
    late = datetime(2026, 11, 3, 7, 2, tzinfo=UTC)  # refreshed much later: not a date the sitemap shows
    monday, sunday, next_monday = DAY, DAY + timedelta(days=6), DAY + timedelta(days=7)
    site = view_of([edition(monday, [paper()], late), edition(sunday, [paper()], late)])
    [part] = [p.body.decode() for p in renderer.sitemap_months(site, ["2026-02"])]
    assert "posts/" not in part and f"<loc>{BASE}/archive/2026-02/</loc></url>" in part  # the feed has them
    site = view_of([edition(d, [paper()], late) for d in (monday, sunday, next_monday)])
    [part] = [p.body.decode() for p in renderer.sitemap_months(site, ["2026-02"])]
    assert f"<loc>{BASE}/posts/2026-02-09/</loc><lastmod>2026-02-09T09:15:00+09:00</lastmod>" in part
    assert f"<loc>{BASE}/archive/2026-02/</loc><lastmod>2026-02-15T09:15:00+09:00</lastmod>" in part
    assert "2026-02-16" not in part  # the new week's day waits for its week to end


def test_the_post_title_is_written_once_and_an_empty_feed_is_dated_by_the_first_hf_day():
    templates = Path(render.__file__).parent / "templates"
    for template in templates.iterdir():
        assert "Daily Papers - " not in template.read_text(encoding="utf-8"), template.name
    assert render.post_title(date(2026, 2, 9)) == "Hugging Face Daily Papers - 2026-02-09"
    atom = SiteRenderer(Settings.from_env({"SITE_BASE_URL": "https://p.example"})).feed_pages(Manifest())[1]
    assert b"<updated>2023-05-04T00:00:00+00:00</updated>" in atom.body

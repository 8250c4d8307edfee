"""Weekly and monthly digests over real HTTP: the fake HF answers week=/month= in pages (and refuses
2026-W53), moto S3 holds the site; a backfill of two weeks, the scheduled run that closes a week, and
the faults: HF failing the period, S3 failing a write, hostile text."""

import json
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

import pytest

from daily_papers.aws import S3Store
from daily_papers.config import Settings
from daily_papers.events import Backfill, PublishDay
from daily_papers.fetch import HfApiSource
from daily_papers.periods import parse
from daily_papers.render import SiteRenderer
from daily_papers.wiring import make_service
from tests.integration.conftest import bodies
from tests.support.data import hf_item
from tests.support.site_check import drift

BASE = "https://papers.example.org"
SETTINGS = {"SITE_BASE_URL": BASE, "HF_MIN_INTERVAL": "0", "DIGEST_TOP_N": "5"}
TWO_WEEKS = [date(2026, 1, 12) + timedelta(days=n) for n in range(14)]  # 2026-W03 and 2026-W04
NOW = datetime(2026, 1, 27, 3, 0, tzinfo=UTC)  # both weeks over; January still open


def serve_days(fake_hf, days, per_day=60):
    """Weekdays with `per_day` papers each (a week is 300: three pages of 100); weekends empty."""
    for day in days:
        if day.weekday() < 5:
            submitted = f"{day.isoformat()}T01:00:00.000Z"
            fake_hf.days[day.isoformat()] = [
                hf_item(
                    f"{day:%y%m}.{day.day:02d}{i:03d}", f"Paper {day} {i}", (i * 7) % 50, submittedOnDailyAt=submitted
                )
                for i in range(per_day)
            ]


def service(fake_hf, store, now=NOW, **env):
    settings = Settings.from_env({"HF_API_BASE": fake_hf.url, **SETTINGS, **env})
    source = HfApiSource(settings.hf_api_base, retries=1, backoff=0.01, timeout=2.0)
    return make_service(settings, source, store, clock=lambda: now)


def period_requests(fake_hf):
    return [r["query"] for r in fake_hf.requests if "week" in r["query"] or "month" in r["query"]]


def test_a_backfill_of_two_weeks_closes_both_with_one_period_fetch_each(fake_hf, s3, bucket):
    serve_days(fake_hf, TWO_WEEKS)
    fake_hf.likes_later = 1000
    # When two weeks are backfilled, after both ended
    outcome = service(fake_hf, S3Store(bucket)).run(Backfill(TWO_WEEKS[0], TWO_WEEKS[-1]))
    # Then each week is closed with one paged week= listing (300 papers: pages 0-3), January is not
    assert outcome.status == "backfilled" and outcome.periods == {"2026-W03": "closed", "2026-W04": "closed"}
    assert period_requests(fake_hf) == [
        {"week": [w], "limit": ["100"], "p": [p]} for w in ("2026-W03", "2026-W04") for p in "0123"
    ]
    day_requests = [r for r in fake_hf.requests if "date" in r["query"]]
    assert len(day_requests) == 14  # one per day (60 papers: one page)
    site = bodies(s3, bucket)
    # And the snapshots hold the likes of the week's end, ranked by us, top 100 of 300
    taken = json.loads(site["data/weekly/2026-W03.json"])
    assert taken["period"] == "2026-W03" and taken["total"] == 300 and len(taken["papers"]) == 100
    likes = [p["upvotes"] for p in taken["papers"]]
    assert likes == sorted(likes, reverse=True) and likes[0] == 1049
    assert {p["day"] for p in taken["papers"]} <= {d.isoformat() for d in TWO_WEEKS[:5]}
    # And the pages: top 5, each linked to its day's anchor, with the next week and the feeds
    page = site["weekly/2026-W03/index.html"].decode()
    assert page.count('<li>\n<a href="https://huggingface.co/papers/') == 5 and "👍 1049" in page
    first = taken["papers"][0]
    assert f'href="../../posts/{first["day"]}/#{first["id"]}"' in page
    assert 'rel="next" href="../2026-W04/"' in page
    markdown = site["weekly/2026-W04/index.md"].decode()
    assert markdown.startswith("---\ntitle: Hugging Face Weekly Papers - 2026-W04\ndate: 2026-01-25 09:15:00 +0900")
    assert "monthly/2026-01/index.html" in site and "진행 중" in site["monthly/2026-01/index.html"].decode()
    assert "monthly/2026-01/index.md" not in site  # January is still open: its post would be future-dated
    rss = ElementTree.fromstring(site["weekly/feed.xml"])
    assert [i.findtext("title") for i in rss.iter("item")] == [
        "Hugging Face Weekly Papers - 2026-W04",
        "Hugging Face Weekly Papers - 2026-W03",
    ]
    feed = json.loads(site["weekly/feed.json"])
    assert [i["url"] for i in feed["items"]] == [f"{BASE}/weekly/2026-W04/", f"{BASE}/weekly/2026-W03/"]
    ElementTree.fromstring(site["weekly/atom.xml"])
    assert "weekly/2026-W04/" in site["sitemaps/periods.xml"].decode()
    papers = ElementTree.fromstring(site["papers/feed.xml"])
    assert len(list(papers.iter("item"))) == 180  # the latest 3 days with papers, 60 each
    assert len(list(ElementTree.fromstring(site["papers/feed-top10.xml"]).iter("item"))) == 30
    assert "2026-W04" in site["index.html"].decode()  # the home page shows the latest closed week
    # And the site matches what is stored; a rebuild never calls HF
    assert drift(S3Store(bucket), SiteRenderer(Settings.from_env(SETTINGS))) == []
    before = len(fake_hf.requests)
    assert service(fake_hf, S3Store(bucket)).handle({"action": "rebuild"}).status == "rebuilt"
    assert len(fake_hf.requests) == before


def test_a_week_hf_refuses_is_fetched_day_by_day(fake_hf, s3, bucket):
    days = [date(2026, 12, 28) + timedelta(days=n) for n in range(7)]  # 2026-W53
    serve_days(fake_hf, days, per_day=3)
    now = datetime(2027, 1, 4, 0, 15, tzinfo=UTC)
    outcome = service(fake_hf, S3Store(bucket), now=now).run(Backfill(days[0], days[-1]))
    assert outcome.periods == {"2026-W53": "closed", "2026-12": "closed"}
    assert {"week": ["2026-W53"], "limit": ["100"], "p": ["0"]} in period_requests(fake_hf)
    fallback = [r["query"]["date"][0] for r in fake_hf.requests if "date" in r["query"]][-7:]
    assert fallback == [d.isoformat() for d in days]
    taken = json.loads(bodies(s3, bucket)["data/weekly/2026-W53.json"])
    assert taken["total"] == 15 and parse("weekly", taken["period"]).end == date(2027, 1, 3)


def test_hf_failing_the_period_leaves_the_day_published_and_the_next_run_closes_it(fake_hf, s3, bucket):
    serve_days(fake_hf, TWO_WEEKS[:7], per_day=3)
    svc = service(fake_hf, S3Store(bucket), now=datetime(2026, 1, 18, 0, 15, tzinfo=UTC))
    for day in TWO_WEEKS[:5]:
        svc.run(PublishDay(day))
    fake_hf.failing_periods.add("2026-W03")
    monday = {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": "2026-01-19T00:15:00Z"}
    outcome = service(fake_hf, S3Store(bucket), now=datetime(2026, 1, 19, 0, 15, tzinfo=UTC)).handle(monday)
    assert outcome.status == "empty" and outcome.days[-1]["status"] == "unchanged"  # Friday, refreshed
    assert outcome.periods == {"2026-W03": "failed"} and "data/weekly/2026-W03.json" not in bodies(s3, bucket)
    fake_hf.failing_periods.clear()
    tuesday = {**monday, "time": "2026-01-20T00:15:00Z"}
    again = service(fake_hf, S3Store(bucket), now=datetime(2026, 1, 20, 0, 15, tzinfo=UTC)).handle(tuesday)
    assert again.periods == {"2026-W03": "closed"} and "data/weekly/2026-W03.json" in bodies(s3, bucket)


HOSTILE = '<script>alert("x")</script> & ]]> {{ 7*7 }} [a](javascript:alert(1)) **b** \u202e'


def test_hostile_text_is_escaped_in_the_digest_pages_and_feeds(fake_hf, s3, bucket):
    day = date(2026, 1, 14)
    item = hf_item("2601.00001", HOSTILE, 9, org=HOSTILE, submittedOnDailyAt="2026-01-14T01:00:00.000Z")
    item["paper"]["submittedOnDailyBy"] = {"user": "someone", "fullname": HOSTILE}
    item["paper"]["ai_summary"] = HOSTILE
    fake_hf.days[day.isoformat()] = [item]
    ko = {"SITE_LANGUAGE": "ko"}
    service(fake_hf, S3Store(bucket), **ko).run(Backfill(day, day))
    site = bodies(s3, bucket)
    for key in ("weekly/2026-W03/index.html", "posts/2026-01-14/index.html", "index.html"):
        assert "<script>alert" not in site[key].decode(), key
    for key in ("weekly/feed.xml", "weekly/atom.xml", "papers/feed.xml", "papers/feed-top10.xml"):
        ElementTree.fromstring(site[key])  # well-formed XML whatever the text
        assert b"<script>" not in site[key], key
    for key in ("weekly/feed.json", "papers/feed.json"):
        json.loads(site[key])
    markdown = site["weekly/2026-W03/index.md"].decode()
    assert "<script>" not in markdown and "[a](javascript" not in markdown and "{{ 7*7 }}" not in markdown


def test_an_s3_failure_at_any_write_of_the_closing_run_is_completed_by_the_next_run(fake_hf, s3, bucket):
    """A closing run's writes (its days, the snapshot, the week's pages and feeds) fail one at a time:
    the run fails, and the next one leaves the same site as an undisturbed run, matching its data."""
    import boto3

    from tests.integration.test_reliability import PutFault

    serve_days(fake_hf, TWO_WEEKS[:7], per_day=3)
    env = {"REFRESH_DAYS": "0"}
    svc = service(fake_hf, S3Store(bucket), now=datetime(2026, 1, 18, 0, 15, tzinfo=UTC), **env)
    for day in TWO_WEEKS[:5]:
        svc.run(PublishDay(day))
    base = {k: (v, c, m) for k, (v, c, m) in _objects(s3, bucket).items()}
    monday = datetime(2026, 1, 19, 0, 15, tzinfo=UTC)
    closing = PublishDay(date(2026, 1, 18), scheduled=True)
    writes = len(service(fake_hf, S3Store(bucket), now=monday, **env).run(closing).keys)
    reference = bodies(s3, bucket)
    assert writes >= 6 and "data/weekly/2026-W03.json" in reference
    for fail_at in range(1, writes + 1):
        for key in bodies(s3, bucket):
            s3.delete_object(Bucket=bucket, Key=key)
        for key, (body, content_type, metadata) in base.items():
            s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type, Metadata=metadata)
        client = boto3.client("s3")
        PutFault(client, fail_at)
        with pytest.raises(Exception):  # noqa: B017 - the injected connection error, or the StoreError it becomes
            service(fake_hf, S3Store(bucket, client), now=monday, **env).run(closing)
        service(fake_hf, S3Store(bucket), now=monday, **env).run(closing)
        after = bodies(s3, bucket)
        assert after.keys() == reference.keys(), f"failure at write {fail_at}"
        assert drift(S3Store(bucket), SiteRenderer(Settings.from_env({**SETTINGS, **env}))) == [], fail_at


def _objects(s3, bucket):
    from tests.integration.conftest import snapshot

    return snapshot(s3, bucket)

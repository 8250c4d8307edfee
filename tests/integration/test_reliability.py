"""Publishing that loses nothing, over real HTTP: faults from HF and S3, races, hostile data."""

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError

from daily_papers.aws import S3Store
from daily_papers.config import Settings
from daily_papers.events import PublishDay
from daily_papers.exceptions import FetchError, StoreError
from daily_papers.fetch import HfApiSource
from daily_papers.ports import ChannelSource
from daily_papers.service import DailyPapers
from daily_papers.wiring import make_service
from tests.integration.conftest import bodies, load_event, snapshot
from tests.support.data import hf_item
from tests.support.fake_hf import Reply
from tests.support.site_check import manifest_days, manifest_problems
from tests.support.template import create_site_bucket

NOW = datetime(2026, 2, 20, 1, 0, tzinfo=UTC)


def service(fake_hf, store, **env) -> DailyPapers:
    settings = Settings.from_env({"HF_API_BASE": fake_hf.url, "HF_HTTP_BACKOFF": "0.01", **env})
    source = HfApiSource(settings.hf_api_base, retries=2, backoff=0.01, timeout=1.0)
    return make_service(settings, source, store, clock=lambda: NOW)


def test_429_with_retry_after_then_success_publishes(handler, fake_hf, s3, bucket):
    fake_hf.faults.append(Reply(429, b"", {"Retry-After": "1", "RateLimit": "limit=500, remaining=0, reset=1"}))
    assert handler(load_event("manual-date.json"))["status"] == "published"
    assert "posts/2026-02-09/index.html" in bodies(s3, bucket)


HF_FAULTS = {
    "500 every time": Reply(500, b"Internal Server Error"),
    "timeout": Reply(200, b"[]", delay=3.0),
    "an HTML page": Reply(200, b"<!doctype html><title>Hugging Face</title>", {"Content-Type": "text/html"}),
    "truncated JSON": Reply(200, b'[{"paper": {"id": "2602.03392", "title": "On the Entr'),
}


@pytest.mark.parametrize("fault", HF_FAULTS, ids=list(HF_FAULTS))
def test_hf_failures_fail_the_invocation_and_leave_the_bucket_unchanged(
    handler, fake_hf, s3, bucket, fault, monkeypatch
):
    monkeypatch.setenv("HF_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("HF_HTTP_RETRIES", "1")
    # Given a published site
    handler(load_event("manual-date.json"))
    before = snapshot(s3, bucket)
    # When HF breaks while the day is published again
    fake_hf.always = HF_FAULTS[fault]
    with pytest.raises(FetchError) as info:
        handler(load_event("manual-date.json"))
    # Then the error is clear, and every object is byte-for-byte what it was
    assert "api/daily_papers" in str(info.value)
    assert snapshot(s3, bucket) == before


class PutFault:
    """A botocore hook that fails the n-th PutObject of a client, like a network drop mid-publish."""

    def __init__(self, client, fail_at: int):
        self.count, self.fail_at = 0, fail_at
        client.meta.events.register("before-call.s3.PutObject", self)

    def __call__(self, **kwargs):
        self.count += 1
        if self.count == self.fail_at:
            raise EndpointConnectionError(endpoint_url=f"injected failure on PutObject #{self.count}")


def test_an_s3_failure_at_any_write_leaves_the_site_consistent_and_the_next_run_completes(fake_hf, s3, bucket):
    fake_hf.days["2026-02-10"] = [hf_item(f"2602.2{i:04d}", f"Day two {i}", upvotes=i) for i in range(5)]
    base = service(fake_hf, S3Store(bucket))
    base.run(PublishDay(date(2026, 2, 9)))
    clean = boto3.client("s3")
    writes = len(base.run(PublishDay(date(2026, 2, 10))).keys)
    reference = bodies(s3, bucket)
    assert writes >= 6

    for fail_at in range(1, writes + 1):
        # start each round from the one-day site
        for key in bodies(s3, bucket):
            s3.delete_object(Bucket=bucket, Key=key)
        service(fake_hf, S3Store(bucket)).run(PublishDay(date(2026, 2, 9)))
        # When the n-th write of the second day fails
        client = boto3.client("s3")
        PutFault(client, fail_at)
        with pytest.raises(StoreError):
            service(fake_hf, S3Store(bucket, client)).run(PublishDay(date(2026, 2, 10)))
        # Then nothing listed points at a missing page
        assert manifest_problems(bodies(s3, bucket)) == [], f"failure at write {fail_at}"
        # And the next run completes the day
        service(fake_hf, S3Store(bucket, clean)).run(PublishDay(date(2026, 2, 10)))
        after = bodies(s3, bucket)
        assert manifest_problems(after) == []
        assert after.keys() == reference.keys(), f"failure at write {fail_at}"


def test_eight_concurrent_publishers_all_land(fake_hf, serial_moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", serial_moto_endpoint)
    client = boto3.client("s3")
    bucket = f"race-{uuid.uuid4().hex[:12]}"
    create_site_bucket(client, bucket)
    days = [date(2026, 2, d) for d in range(10, 17)] + [date(2026, 2, 10)]  # seven days, one twice
    for day in days:
        fake_hf.days[day.isoformat()] = [hf_item(f"2602.{day.day:02d}{i:03d}", f"P{day.day}-{i}", i) for i in range(4)]
    services = [service(fake_hf, S3Store(bucket, boto3.client("s3"))) for _ in days]
    barrier = threading.Barrier(len(days))
    errors = []

    def publish(svc, day):
        barrier.wait()
        try:
            svc.run(PublishDay(day))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=pair) for pair in zip(services, days, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and all(not t.is_alive() for t in threads)
    site = bodies(client, bucket)
    assert manifest_days(site["data/manifest.json"]) == sorted({d.isoformat() for d in days})
    index = site["index.html"].decode()
    feed = site["feed.xml"].decode()
    for iso in {d.isoformat() for d in days}:
        assert index.count(f'href="posts/{iso}/"') >= 1, iso
        assert feed.count(f"/posts/{iso}/</link>") == 1, iso
    assert manifest_problems(site) == []


HOSTILE = [
    "<script>alert('title')</script> & <b>bold</b>",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# c #}",
    "[click](javascript:alert(1)) ![img](x) <https://evil.example>",
    'key: "value" --- \n- item # not a comment',
    "مرحبا بالعالم RTL ‮reversed‬",
    "中文标题 日本語 한국어 제목 😀🔥",
]


def test_hostile_content_is_escaped_everywhere(fake_hf, s3, bucket):
    items = [hf_item(f"2602.3{i:04d}", t, upvotes=10 - i, summary=t * 3) for i, t in enumerate(HOSTILE)]
    items.append(hf_item("2602.39998", "Long abstract", upvotes=1, summary="word " * 2000))
    items.append(hf_item("2602.39999", "Empty abstract", upvotes=0, summary=""))
    items[0]["paper"]["ai_keywords"] = ["<img src=x onerror=alert(1)>", "{{ config }}"]
    items[1]["organization"] = {"name": "evil", "fullname": "</title><script>alert('org')</script>"}
    fake_hf.days["2026-02-11"] = items
    service(fake_hf, S3Store(bucket)).run(PublishDay(date(2026, 2, 11)))
    site = bodies(s3, bucket)
    from tests.support.hostile import assert_inert

    assert_inert(site, HOSTILE)


def test_an_s3_failure_at_any_delivery_record_write_never_fails_the_run_and_loses_no_message(s3, bucket):
    from daily_papers.deliver import Courier
    from daily_papers.ledger import CLAIM_TTL
    from daily_papers.webhooks import WebhookChannels
    from tests.support.fake_hooks import FakeHooks
    from tests.unit.factories import edition

    day = date(2026, 2, 9)
    published = edition(day)
    clock = {"now": NOW}

    def deliver(hooks, client, at):
        clock["now"] = at
        sources: list[ChannelSource] = [WebhookChannels(hooks.secret, hooks.url)]
        courier = Courier(
            Settings(base_url="https://p.example"), S3Store(bucket, client), sources, lambda: clock["now"]
        )
        return courier.deliver(day, lambda d: published if d == day else None, sweep=True, time_left=lambda: 600.0)

    with FakeHooks() as hooks:
        counted = boto3.client("s3")
        writes = PutFault(counted, fail_at=0)
        deliver(hooks, counted, NOW)
        assert writes.count == 6  # a claim and a completion per channel
    for fail_at in range(1, writes.count + 1):
        for key in bodies(s3, bucket):
            s3.delete_object(Bucket=bucket, Key=key)
        with FakeHooks() as hooks:
            # When the n-th record write fails, the run goes on (no exception) and reports it
            client = boto3.client("s3")
            PutFault(client, fail_at)
            report = deliver(hooks, client, NOW)
            assert {"failed", "unrecorded"} & set(report["2026-02-09"].values()), f"failure at write {fail_at}"
            # Then the re-run delivers what was not sent, and nothing twice
            deliver(hooks, boto3.client("s3"), NOW + timedelta(minutes=1))
            assert hooks.counts() == dict.fromkeys(hooks.counts(), 1), f"failure at write {fail_at}"
            # A lost completion (an even write) is the one case sent again, once, after its claim expires
            deliver(hooks, boto3.client("s3"), NOW + CLAIM_TTL + timedelta(minutes=2))
            assert sorted(hooks.counts().values()) == ([1, 1, 2] if fail_at % 2 == 0 else [1, 1, 1])

"""A bucket damaged the ways real buckets get damaged, repaired by the next run (handler, fake HF, moto S3).

The data objects are the truth: whatever happened to the manifest or to one day's data, the next
scheduled or {"date"} run leaves a site that lists every readable day and matches its data."""

import json
from datetime import date, timedelta

import pytest

from daily_papers.aws import S3Store
from daily_papers.config import Settings
from daily_papers.events import PublishDay
from daily_papers.render import SiteRenderer
from daily_papers.wiring import make_service
from tests.integration.conftest import bodies, load_event
from tests.support.emf import emitted
from tests.support.site_check import drift, listed_days
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource, MemoryStore

SETTINGS = Settings.from_env({"SITE_BASE_URL": "https://papers.example.org"})  # as the handler fixture
HISTORY = [d for n in range(19) if (d := date(2026, 1, 19) + timedelta(days=n)).weekday() < 5]  # 15 days
NEW = "2026-02-09"  # the seed day, which the fake HF serves
MANIFEST_DAMAGE = {
    "deleted": None,
    "truncated": b'{"schema": 1, "days": {"2026-01-19": {"cou',
    "empty object": b"{}",
    "empty list": b"[]",
    "null": b"null",
    "another schema": b'{"version": 2, "entries": [{"date": "2026-02-06"}]}',
}
EVENTS = {"scheduled": "scheduler.json", "date": "manual-date.json"}


@pytest.fixture(scope="module")
def fifteen_days() -> MemoryStore:
    """A site of 15 published days over two months, rendered once in memory."""
    store = MemoryStore()
    source = FakeSource({d: [paper(f"{d:%y%m}.{d.day:02d}{i:03d}", upvotes=i) for i in range(3)] for d in HISTORY})
    service = make_service(SETTINGS, source, store)
    for day in HISTORY:
        service.run(PublishDay(day))
    return store


def upload(s3, bucket: str, site: MemoryStore) -> None:
    for key, (body, _, metadata) in site.objects.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json", Metadata=metadata)


def assert_lists_every_day(s3, bucket: str, days: list[str]) -> None:
    site = bodies(s3, bucket)
    listed = listed_days(site)
    assert listed["manifest"] == listed["archive"] == listed["search"] == listed["feed"] == sorted(days), listed
    assert max(days) in listed["home"]
    assert drift(S3Store(bucket), SiteRenderer(SETTINGS)) == []


@pytest.mark.parametrize("event", EVENTS, ids=list(EVENTS))
@pytest.mark.parametrize("damage", MANIFEST_DAMAGE, ids=list(MANIFEST_DAMAGE))
def test_a_lost_or_damaged_manifest_is_rebuilt_from_the_data(handler, s3, bucket, fifteen_days, damage, event, capsys):
    # Given 15 published days, and a manifest that was lost or damaged
    upload(s3, bucket, fifteen_days)
    if MANIFEST_DAMAGE[damage] is None:
        s3.delete_object(Bucket=bucket, Key="data/manifest.json")
    else:
        s3.put_object(Bucket=bucket, Key="data/manifest.json", Body=MANIFEST_DAMAGE[damage])
    capsys.readouterr()
    # When the next run comes
    result = handler(load_event(EVENTS[event]))
    # Then it says it repaired the index, and the site lists all 16 days again
    assert result["status"] == "published" and result["date"] == NEW
    assert result["repairs"] and "data/manifest.json" in result["repairs"][0]
    repaired = emitted(capsys.readouterr().out)["StateRepaired"]
    assert isinstance(repaired, float) and repaired >= 1
    assert_lists_every_day(s3, bucket, [d.isoformat() for d in HISTORY] + [NEW])


def test_an_unreadable_day_is_skipped_and_named_and_a_missing_one_dropped(
    handler, s3, bucket, fifteen_days, capsys, caplog
):
    # Given 15 published days, one of them truncated and one deleted (the manifest still lists both)
    upload(s3, bucket, fifteen_days)
    corrupt, missing = "2026-01-27", "2026-02-03"
    s3.put_object(Bucket=bucket, Key=f"data/{corrupt}.json", Body=b'{"schema": 1, "date": "2026-01-27", "pap')
    s3.delete_object(Bucket=bucket, Key=f"data/{missing}.json")
    good = [d.isoformat() for d in HISTORY if d.isoformat() not in (corrupt, missing)]
    capsys.readouterr()
    # When the scheduled run comes
    result = handler(load_event("scheduler.json"))
    # Then every other day is published and listed, and the bad ones are named
    out = capsys.readouterr().out
    assert result["status"] == "published"
    assert [s["date"] for s in result["skipped"]] == [corrupt] and "corrupt" in result["skipped"][0]["reason"]
    assert any(missing in r for r in result["repairs"])
    assert f"data/{corrupt}.json" in [getattr(r, "key", None) for r in caplog.records]
    assert emitted(out)["DaysSkipped"] == 1.0
    assert_lists_every_day(s3, bucket, good + [NEW])
    # And a rebuild (the runbook's recovery step) works around the bad day and names it too
    rebuilt = handler({"action": "rebuild"})
    assert rebuilt["status"] == "rebuilt" and [s["date"] for s in rebuilt["skipped"]] == [corrupt]
    # And the next ordinary run repairs nothing more, but still names the unreadable day
    again = handler(load_event("scheduler.json"))
    assert "repairs" not in again and [s["date"] for s in again["skipped"]] == [corrupt]
    # And once the day's data is restored, a rebuild lists it again
    s3.put_object(Bucket=bucket, Key=f"data/{corrupt}.json", Body=fifteen_days.get(f"data/{corrupt}.json").body)
    assert "skipped" not in handler({"action": "rebuild"})
    assert_lists_every_day(s3, bucket, sorted(good + [corrupt, NEW]))
    assert json.loads(bodies(s3, bucket)["data/manifest.json"]).get("skipped") is None

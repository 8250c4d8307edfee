"""Refresh, partial-list guard, backfill, rebuild and CDN invalidation, with fakes for HF and the CDN."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from daily_papers.config import Settings
from daily_papers.events import Backfill, PublishDay, Rebuild
from daily_papers.exceptions import InvalidationError
from daily_papers.observability import metrics
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.support.emf import emitted
from tests.support.site_check import manifest_days
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource

DAY = date(2026, 2, 9)
NOW = datetime(2026, 2, 10, 0, 15, tzinfo=UTC)
SCHEDULED = {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": "2026-02-10T00:15:00Z"}


class FakeCdn:
    def __init__(self, fail: bool = False):
        self.batches: list[list[str]] = []
        self.fail = fail

    def invalidate(self, paths: list[str]) -> str:
        if self.fail:
            raise InvalidationError("AccessDenied")
        self.batches.append(paths)
        return "I123"


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def clean_metrics():
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def make(tmp_path, source, cdn=None, clock=None, pauses=None, **env):
    settings = Settings.from_env({"HF_MIN_INTERVAL": "0.5", **env})
    pause = pauses.append if pauses is not None else (lambda s: None)
    return make_service(settings, source, LocalStore(tmp_path), clock=clock or Clock(), cdn=cdn, pause=pause)


def day_papers(n=3, bump=0):
    return [paper(f"2602.{i:05d}", upvotes=i + bump) for i in range(n)]


def test_rerun_with_unchanged_data_uploads_nothing(tmp_path):
    source = FakeSource({DAY: day_papers()})
    clock = Clock()
    svc = make(tmp_path, source, clock=clock)
    assert svc.run(PublishDay(DAY)).status == "published"
    clock.now += timedelta(hours=3)  # a retry later: same data, later clock
    again = svc.run(PublishDay(DAY))
    assert (again.status, again.keys) == ("unchanged", [])


def test_scheduled_run_republishes_the_day_refresh_days_back_once_its_likes_grew(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(3)})
    svc = make(tmp_path, source, REFRESH_DAYS="2")
    for n in (1, 2):
        svc.run(PublishDay(DAY - timedelta(days=n)))
    for n in (1, 2):  # upvotes kept rising on both days
        source.days[DAY - timedelta(days=n)] = day_papers(bump=5)
    source.calls.clear()
    outcome = svc.handle(SCHEDULED)
    # the 8th is in the site and waits for its turn (tomorrow); the 7th, two days back, is due
    assert source.calls == [DAY, DAY - timedelta(days=2)]
    assert outcome.date == "2026-02-09" and outcome.status == "published"
    assert [(d["date"], d["status"]) for d in outcome.days] == [("2026-02-07", "published")]
    assert json.loads((tmp_path / "data/2026-02-07.json").read_text())["papers"][0]["upvotes"] == 7
    assert json.loads((tmp_path / "data/2026-02-08.json").read_text())["papers"][0]["upvotes"] == 2


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_scheduled_run_publishes_a_day_between_that_a_failed_run_left_out(tmp_path, damage):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(4)})
    svc = make(tmp_path, source, REFRESH_DAYS="3")
    for n in (1, 2, 3):
        svc.run(PublishDay(DAY - timedelta(days=n)))
    lost = tmp_path / "data/2026-02-07.json"
    lost.unlink() if damage == "missing" else lost.write_text("{corrupt")
    source.calls.clear()
    outcome = svc.handle(SCHEDULED)
    # the 8th waits for its turn; the 7th is published again at once, the 6th is due
    assert source.calls == [DAY, DAY - timedelta(days=2), DAY - timedelta(days=3)]
    assert [d["date"] for d in outcome.days] == ["2026-02-07", "2026-02-06"]
    assert json.loads(lost.read_text())["date"] == "2026-02-07"


def test_partial_list_does_not_replace_a_published_day_unless_forced(tmp_path):
    source = FakeSource({DAY: day_papers(10)})
    svc = make(tmp_path, source)
    svc.run(PublishDay(DAY))
    before = (tmp_path / "posts/2026-02-09/index.html").read_bytes()
    source.days[DAY] = day_papers(4)
    kept = svc.run(PublishDay(DAY))
    assert (kept.status, kept.keys, kept.papers) == ("kept", [], 10)
    assert (tmp_path / "posts/2026-02-09/index.html").read_bytes() == before
    forced = svc.run(PublishDay(DAY, force=True))
    assert forced.status == "published" and forced.papers == 4


def test_backfill_skips_published_and_empty_days_and_paces_hf(tmp_path):
    days = {DAY - timedelta(days=n): day_papers() for n in (0, 1, 3)}  # the 7th is a weekend
    source = FakeSource(days)
    pauses: list[float] = []
    svc = make(tmp_path, source, pauses=pauses)
    svc.run(PublishDay(DAY - timedelta(days=1)))
    source.calls.clear()
    outcome = svc.run(Backfill(DAY - timedelta(days=3), DAY))
    assert outcome.status == "backfilled" and outcome.resume_from is None
    assert source.calls == [date(2026, 2, 6), date(2026, 2, 7), date(2026, 2, 9)]
    assert [(d["date"], d["status"]) for d in outcome.days] == [
        ("2026-02-06", "published"),
        ("2026-02-07", "empty"),
        ("2026-02-09", "published"),
    ]
    assert pauses == [0.5, 0.5]  # between fetches, not before the first


def test_forced_backfill_republishes_published_days(tmp_path):
    source = FakeSource({DAY: day_papers()})
    svc = make(tmp_path, source)
    svc.run(PublishDay(DAY))
    source.calls.clear()
    svc.run(Backfill(DAY, DAY, force=True))
    assert source.calls == [DAY]


def test_backfill_stops_before_the_timeout_and_says_where_to_resume(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(5)})
    svc = make(tmp_path, source)
    budget = iter([900_000, 900_000, 30_000])  # the third check is inside the safety margin
    outcome = svc.run(Backfill(DAY - timedelta(days=4), DAY), remaining_ms=lambda: next(budget))
    assert outcome.status == "partial" and outcome.resume_from == "2026-02-07"
    assert [d["date"] for d in outcome.days] == ["2026-02-05", "2026-02-06"]
    # resuming from there finishes the job without refetching what was done
    source.calls.clear()
    assert svc.run(Backfill(date(2026, 2, 7), DAY)).status == "backfilled"
    assert source.calls == [date(2026, 2, 7), date(2026, 2, 8), DAY]


def test_rebuild_rerenders_from_data_without_hf_and_restores_the_manifest(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(3)})
    svc = make(tmp_path, source)
    for n in range(3):
        svc.run(PublishDay(DAY - timedelta(days=n)))
    (tmp_path / "data/manifest.json").write_text("{corrupt")
    (tmp_path / "index.html").write_text("stale template output")
    source.calls.clear()
    outcome = svc.run(Rebuild())
    assert source.calls == []
    assert set(outcome.keys) == {"index.html", "data/manifest.json"}
    manifest = (tmp_path / "data/manifest.json").read_text()
    assert manifest_days(manifest) == ["2026-02-07", "2026-02-08", "2026-02-09"]
    assert svc.run(Rebuild()).keys == []  # nothing changed since


def test_changed_paths_are_invalidated_in_one_batch(tmp_path):
    cdn = FakeCdn()
    svc = make(tmp_path, FakeSource({DAY: day_papers()}), cdn=cdn)
    outcome = svc.run(PublishDay(DAY))
    assert cdn.batches == [["/" + k for k in outcome.keys]]
    svc.run(PublishDay(DAY))  # unchanged: nothing to invalidate
    assert len(cdn.batches) == 1


def test_failed_invalidation_is_counted_but_does_not_fail_the_publish(tmp_path, capsys):
    svc = make(tmp_path, FakeSource({DAY: day_papers()}), cdn=FakeCdn(fail=True))
    assert svc.handle({"date": "2026-02-09"}).status == "published"
    metrics.flush_metrics()
    flushed = emitted(capsys.readouterr().out)
    assert flushed["InvalidationFailed"] == 1.0 and flushed["RunCompleted"] == 1.0


def test_a_scheduled_run_writes_shared_listings_once_for_all_refreshed_days(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(3)})
    svc = make(tmp_path, source, REFRESH_DAYS="2")
    svc.run(PublishDay(DAY - timedelta(days=2)))  # the run of the 8th failed: the site lacks it
    source.days[DAY - timedelta(days=2)] = day_papers(bump=2)  # and the 7th gained upvotes
    outcome = svc.handle(SCHEDULED)
    assert [d["status"] for d in outcome.days] == ["published", "published"]
    assert len(outcome.keys) == len(set(outcome.keys)) and outcome.keys.count("index.html") == 1
    # within the budget, and the week that ended on Sunday closed on top (its snapshot, page and feeds)
    assert len([k for k in outcome.keys if not k.startswith(("weekly/", "data/weekly/"))]) <= 25
    assert outcome.periods == {"2026-W06": "closed"} and "data/weekly/2026-W06.json" in outcome.keys
    for n in range(3):
        assert f"posts/{DAY - timedelta(days=n)}/index.html" in outcome.keys


def test_a_weekend_scheduled_run_still_invalidates_what_its_refresh_changed(tmp_path):
    friday, saturday = date(2026, 2, 6), date(2026, 2, 7)
    cdn = FakeCdn()
    source = FakeSource({friday: day_papers()})
    svc = make(tmp_path, source, cdn=cdn, REFRESH_DAYS="1")
    svc.run(PublishDay(friday))
    source.days[friday] = day_papers(bump=4)
    sunday_morning = {**SCHEDULED, "time": "2026-02-08T00:15:00Z"}  # publishes Saturday, refreshes Friday
    outcome = svc.handle(sunday_morning)
    assert (outcome.date, outcome.status) == (saturday.isoformat(), "empty")
    assert outcome.days[0]["status"] == "published"
    assert "index.html" in outcome.keys and "/index.html" in cdn.batches[-1]


def test_a_day_that_runs_out_of_time_stops_with_resume_from_and_writes_nothing(tmp_path):
    source = FakeSource({DAY: day_papers()})
    source.too_slow.add(DAY)
    svc = make(tmp_path, source)
    outcome = svc.run(PublishDay(DAY))
    assert (outcome.status, outcome.resume_from, outcome.keys) == ("partial", "2026-02-09", [])
    assert list(tmp_path.iterdir()) == []


def test_a_scheduled_run_out_of_time_for_a_refresh_still_publishes_its_day(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(3)})
    source.too_slow.add(DAY - timedelta(days=1))
    outcome = make(tmp_path, source, REFRESH_DAYS="2").handle(SCHEDULED)
    assert outcome.status == "published" and "posts/2026-02-09/index.html" in outcome.keys
    assert [(d["date"], d["status"]) for d in outcome.days] == [("2026-02-08", "partial"), ("2026-02-07", "partial")]
    assert not (tmp_path / "data/2026-02-08.json").exists()


def test_a_backfill_out_of_time_mid_fetch_says_where_to_resume(tmp_path):
    source = FakeSource({DAY - timedelta(days=n): day_papers() for n in range(3)})
    source.too_slow.add(DAY - timedelta(days=1))
    outcome = make(tmp_path, source).run(Backfill(DAY - timedelta(days=2), DAY))
    assert (outcome.status, outcome.resume_from) == ("partial", "2026-02-08")
    assert [d["date"] for d in outcome.days] == ["2026-02-07"]


def test_a_day_whose_stored_total_was_inflated_is_not_frozen(tmp_path):
    # an old run counted a paper twice (total 4 for 3 papers): a clean fetch of the same 3 is not "partial"
    source = FakeSource({DAY: day_papers()})
    svc = make(tmp_path, source)
    svc.run(PublishDay(DAY))
    data = json.loads((tmp_path / "data/2026-02-09.json").read_text())
    (tmp_path / "data/2026-02-09.json").write_text(json.dumps({**data, "total": 4}))
    source.days[DAY] = day_papers(bump=2)
    outcome = svc.run(PublishDay(DAY))
    assert outcome.status == "published"
    assert json.loads((tmp_path / "data/2026-02-09.json").read_text())["total"] == 3


def test_adjacent_days_published_together_or_out_of_order_link_to_each_other(tmp_path):
    days = [DAY - timedelta(days=n) for n in range(4)]
    svc = make(tmp_path, FakeSource({d: day_papers() for d in days}))
    svc.run(PublishDay(days[3]))
    svc.publish_days([days[0], days[2]])  # together, with a gap between them
    svc.run(PublishDay(days[1]))  # the gap, filled last
    for older, day, newer in zip([None, *days[::-1]], days[::-1], [*days[::-1][1:], None], strict=False):
        page = (tmp_path / f"posts/{day}/index.html").read_text()
        assert (f'href="../{older}/"' in page) == (older is not None), day
        assert (f'href="../{newer}/"' in page) == (newer is not None), day

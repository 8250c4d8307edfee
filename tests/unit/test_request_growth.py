"""The daily run's store requests stay flat as history grows (measured with 500 days published)."""

import sys
from datetime import UTC, date, datetime

from daily_papers.config import Settings
from daily_papers.events import PublishDay, Rebuild
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.support.history import CountingStore, history_days, seed_data, synthetic_edition
from tests.unit.fakes import FakeSource

NEW_DAY = date(2026, 11, 27)


def daily_run_requests(tmp_path, history: int) -> CountingStore:
    store = LocalStore(tmp_path / f"site-{history}")
    seed_data(store, history_days(history, NEW_DAY))
    settings = Settings.from_env({"REFRESH_DAYS": "0"})
    make_service(settings, FakeSource(), store).run(Rebuild())  # publish the whole history once
    counting = CountingStore(store)
    source = FakeSource({NEW_DAY: list(synthetic_edition(NEW_DAY).papers)})
    clock = lambda: datetime(2026, 11, 28, 0, 15, tzinfo=UTC)  # noqa: E731
    outcome = make_service(settings, source, counting, clock=clock).run(PublishDay(NEW_DAY))
    assert outcome.status == "published"
    return counting


def test_daily_run_requests_do_not_grow_with_history(tmp_path, capsys):
    small, large = daily_run_requests(tmp_path, 20), daily_run_requests(tmp_path, 500)
    with capsys.disabled():  # the measurement is part of the report
        for days, run in ((20, small), (500, large)):
            sys.stdout.write(f"\n  daily run, {days:>3} days published: {dict(run.calls)}, {run.bytes_put:,} bytes put")
    assert large.calls["PUT"] == small.calls["PUT"] <= 25
    # one LIST checks the manifest against the data keys (on S3, one request per 1,000 days), one
    # checks that the data the pages were rendered from did not change meanwhile (this month's keys)
    assert large.calls["LIST"] == small.calls["LIST"] == 2
    assert sum(large.calls.values()) <= sum(small.calls.values()) * 1.1

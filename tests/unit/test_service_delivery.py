"""Which runs announce a day: the scheduled run and {"date", "notify": true}, after publishing."""

import pytest

from daily_papers.config import Settings
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource
from tests.unit.test_service import DAY, NOW

SCHEDULED = {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": "2026-02-10T00:15:00Z"}


class RecordingCourier:
    def __init__(self):
        self.calls = []

    def deliver(self, day, load, *, sweep, time_left):
        edition = load(day)  # the day is already on the site when delivery starts
        self.calls.append((day, sweep, min(time_left(), 10**9), edition and len(edition.papers)))
        return {day.isoformat(): {"slack-1": "sent"}}


@pytest.fixture
def run(tmp_path):
    courier = RecordingCourier()
    service = make_service(
        Settings(), FakeSource({DAY: [paper()]}), LocalStore(tmp_path), clock=lambda: NOW, courier=courier
    )
    return lambda event, remaining=None: (service.handle(event, remaining).to_dict(), courier.calls)


def test_the_scheduled_run_announces_its_day_after_publishing_and_sweeps_recent_days(run):
    outcome, calls = run(SCHEDULED, lambda: 300_000)
    assert calls == [(DAY, True, 300, 1)]
    assert outcome["status"] == "published" and outcome["delivered"] == {"2026-02-09": {"slack-1": "sent"}}


def test_a_date_announces_only_when_asked(run):
    assert run({"date": "2026-02-09"})[1] == []
    outcome, calls = run({"date": "2026-02-09", "notify": True})
    assert calls == [(DAY, False, 10**9, 1)] and "delivered" in outcome


@pytest.mark.parametrize("event", [{"from": "2026-02-08", "to": "2026-02-09"}, {"action": "rebuild"}])
def test_backfills_and_rebuilds_announce_nothing(run, event):
    outcome, calls = run(event)
    assert calls == [] and "delivered" not in outcome

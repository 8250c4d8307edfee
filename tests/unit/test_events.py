import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from daily_papers.events import Backfill, PublishDay, Rebuild, latest_complete_day, parse_event
from daily_papers.exceptions import InvalidEvent
from daily_papers.models import FIRST_DAY
from tests.support.bad_events import BAD_EVENTS, case_id

EVENTS = Path(__file__).resolve().parents[2] / "events"
NOW = datetime(2026, 2, 10, 3, 0, tzinfo=UTC)


def test_manual_event_publishes_that_day():
    assert parse_event({"date": "2026-02-09"}, NOW) == PublishDay(date(2026, 2, 9))


COMMITTED = {
    "manual-date.json": PublishDay(date(2026, 2, 9)),
    "scheduler.json": PublishDay(date(2026, 2, 9), scheduled=True),
    "rebuild.json": Rebuild(),
    "backfill.json": Backfill(date(2026, 2, 2), date(2026, 2, 6)),
}


def test_every_committed_event_is_understood_as_intended():
    parsed = {p.name: parse_event(json.loads(p.read_text()), NOW) for p in sorted(EVENTS.glob("*.json"))}
    assert parsed == COMMITTED  # a new event file is added here with the command it means


def test_committed_events_parse():
    manual = json.loads((EVENTS / "manual-date.json").read_text())
    scheduled = json.loads((EVENTS / "scheduler.json").read_text())
    assert parse_event(manual, NOW) == PublishDay(date(2026, 2, 9))
    assert parse_event(scheduled, NOW) == PublishDay(date(2026, 2, 9), scheduled=True)


def test_scheduler_event_uses_its_own_time_not_the_clock():
    # Given a scheduler event fired at 00:15 UTC on the 10th, retried a day later
    event = json.loads((EVENTS / "scheduler.json").read_text())
    late = datetime(2026, 2, 11, 9, 0, tzinfo=UTC)
    # Then it still publishes the 9th: yesterday relative to the event time
    assert parse_event(event, late).day == date(2026, 2, 9)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-02-10T00:15:00+00:00", date(2026, 2, 9)),
        ("2026-02-10T09:15:00+09:00", date(2026, 2, 9)),  # 09:15 KST is 00:15 UTC
        ("2026-02-10T08:59:00+09:00", date(2026, 2, 8)),  # still the 9th in UTC
        ("2026-03-01T00:00:00+00:00", date(2026, 2, 28)),
    ],
)
def test_latest_complete_day_is_yesterday_in_utc(moment, expected):
    assert latest_complete_day(datetime.fromisoformat(moment)) == expected


def scheduled_at(moment: datetime) -> dict:
    return {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": moment.isoformat()}


def test_a_scheduler_event_up_to_a_day_ahead_of_the_clock_is_accepted():
    # Given a scheduler event exactly one day after the clock (a skewed clock, not an impossible time)
    event = scheduled_at(NOW + timedelta(days=1))
    # Then it publishes the day before its own time, which is today
    assert parse_event(event, NOW) == PublishDay(date(2026, 2, 10), scheduled=True)


def test_a_scheduler_event_just_over_a_day_ahead_is_rejected():
    with pytest.raises(InvalidEvent, match="more than a day after now"):
        parse_event(scheduled_at(NOW + timedelta(days=1, microseconds=1)), NOW)


def test_the_first_scheduled_day_is_hf_day_one():
    assert parse_event(scheduled_at(datetime(2023, 5, 5, tzinfo=UTC)), NOW).day == FIRST_DAY


@pytest.mark.parametrize(("event", "message"), BAD_EVENTS, ids=case_id)
def test_bad_events_are_rejected_with_a_clear_reason(event, message):
    with pytest.raises(InvalidEvent, match=message):
        parse_event(event, NOW)


def test_today_utc_is_allowed():
    assert parse_event({"date": "2026-02-10"}, NOW).day == date(2026, 2, 10)


def test_there_are_at_least_thirty_bad_event_cases():
    assert len(BAD_EVENTS) >= 30


def test_ranges_and_rebuild_parse():
    from daily_papers.events import Backfill, Rebuild

    assert parse_event({"from": "2026-02-01", "to": "2026-02-09", "force": True}, NOW) == Backfill(
        date(2026, 2, 1), date(2026, 2, 9), True
    )
    assert parse_event({"action": "rebuild"}, NOW) == Rebuild()
    assert parse_event({"date": "2026-02-09", "force": True}, NOW) == PublishDay(date(2026, 2, 9), force=True)


def test_a_day_may_ask_to_be_announced():
    assert parse_event({"date": "2026-02-09", "notify": True}, NOW) == PublishDay(date(2026, 2, 9), notify=True)
    assert parse_event({"date": "2026-02-09"}, NOW).notify is False

"""The deliver stage: which days, claims and their expiry, isolation, the deadline, metrics."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from daily_papers import ledger
from daily_papers.config import Settings
from daily_papers.deliver import RECENT_DAYS, Courier
from daily_papers.exceptions import ChannelsUnavailable, SendFailed, SendRefused, StoreError
from daily_papers.messages import Announcement
from daily_papers.store import LocalStore
from tests.unit.factories import edition
from tests.unit.test_service import clean_metrics, emitted_metrics  # noqa: F401 - an autouse fixture

DAY = date(2026, 2, 9)
T0 = datetime(2026, 2, 10, 0, 15, tzinfo=UTC)
ROOMY = lambda: 600.0  # noqa: E731 - seconds left in the invocation


class FakeChannel:
    """Records what it was asked to send; `outcomes` scripts each send (an exception or None)."""

    def __init__(self, name, *outcomes):
        self.name = name
        self.outcomes = list(outcomes)
        self.sent: list[Announcement] = []

    def send(self, message):
        if self.outcomes and (outcome := self.outcomes.pop(0)) is not None:
            raise outcome
        self.sent.append(message)


class Sources:
    def __init__(self, *channels, broken=False):
        self.list, self.broken = list(channels), broken

    def channels(self):
        if self.broken:
            raise ChannelsUnavailable("parameter missing")
        return self.list


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path)


@pytest.fixture
def clock():
    return Clock()


def courier(store, clock, *sources):
    return Courier(Settings(base_url="https://p.example"), store, list(sources), clock=clock)


def published(*days):
    return lambda d: edition(d) if d in days else None


def state(store, channel, day=DAY):
    found = store.get(f"notify/{day.isoformat()}/{channel}.json")
    return found and json.loads(found.body)["state"]


def test_the_day_is_sent_once_per_channel_and_a_rerun_sends_nothing(store, clock):
    slack, mail = FakeChannel("slack-1"), FakeChannel("email")
    c = courier(store, clock, Sources(slack, mail))
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY) == {
        "2026-02-09": {"slack-1": "sent", "email": "sent"}
    }
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY) == {
        "2026-02-09": {"slack-1": "already sent", "email": "already sent"}
    }
    assert len(slack.sent) == len(mail.sent) == 1 and slack.sent[0].key == "2026-02-09"


def test_days_without_records_are_never_swept(store, clock):
    # Given earlier days on the site that were never announced (refreshes, backfills, before the feature)
    slack = FakeChannel("slack-1")
    every_day = published(*(DAY - timedelta(days=n) for n in range(10)))
    # When the scheduled run announces its own day
    report = courier(store, clock, Sources(slack)).deliver(DAY, every_day, sweep=True, time_left=ROOMY)
    # Then only that day is sent
    assert list(report) == ["2026-02-09"] and [m.key for m in slack.sent] == ["2026-02-09"]


def test_a_transient_failure_is_retried_by_the_next_run_after_retry_after(store, clock):
    slack = FakeChannel("slack-1", SendFailed("HTTP 429", retry_after=600))
    c = courier(store, clock, Sources(slack))
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)["2026-02-09"] == {"slack-1": "retry"}
    clock.now += timedelta(minutes=5)
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)["2026-02-09"] == {"slack-1": "waiting"}
    # the next day's scheduled run sweeps the day left due
    clock.now += timedelta(days=1)
    report = c.deliver(DAY + timedelta(days=1), published(DAY), sweep=True, time_left=ROOMY)
    assert report == {"2026-02-09": {"slack-1": "sent"}} and len(slack.sent) == 1
    assert json.loads(store.get("notify/2026-02-09/slack-1.json").body)["attempts"] == 2


def test_a_failure_older_than_the_recent_days_is_given_up(store, clock):
    slack = FakeChannel("slack-1", SendFailed("HTTP 503"))
    c = courier(store, clock, Sources(slack))
    c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)
    late = DAY + timedelta(days=RECENT_DAYS + 1)
    assert c.deliver(late, published(DAY), sweep=True, time_left=ROOMY) == {}
    assert slack.sent == [] and state(store, "slack-1") == "retry"


def test_a_refusal_is_recorded_and_never_retried(store, clock, capsys):
    slack = FakeChannel("slack-1", SendRefused("HTTP 404 no_service"))
    c = courier(store, clock, Sources(slack))
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)["2026-02-09"] == {"slack-1": "refused"}
    assert emitted_metrics(capsys) == {"DeliveryFailed": 1.0}
    clock.now += timedelta(days=1)
    assert c.deliver(DAY + timedelta(days=1), published(DAY), sweep=True, time_left=ROOMY) == {
        "2026-02-09": {"slack-1": "refused earlier"}
    }
    assert slack.sent == [] and slack.outcomes == []


def test_a_crashed_claim_is_taken_over_only_after_it_expires(store, clock):
    class Killed(BaseException):
        pass

    slack = FakeChannel("slack-1", Killed())
    c = courier(store, clock, Sources(slack))
    with pytest.raises(Killed):
        c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)
    assert state(store, "slack-1") == "sending"
    clock.now += ledger.CLAIM_TTL - timedelta(seconds=1)
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)["2026-02-09"] == {"slack-1": "claimed elsewhere"}
    clock.now += timedelta(seconds=1)
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=ROOMY)["2026-02-09"] == {"slack-1": "sent"}
    assert len(slack.sent) == 1 and ledger.CLAIM_TTL > timedelta(minutes=15)  # outlives any invocation


@pytest.mark.parametrize("left", [None, "retry"], ids=["new record", "record left to retry"])
def test_a_claim_lost_to_another_run_is_not_sent(store, clock, monkeypatch, left):
    if left:  # a failed send the next runs both want to retry
        courier(store, clock, Sources(FakeChannel("slack-1", SendFailed("HTTP 503")))).deliver(
            DAY, published(DAY), sweep=False, time_left=ROOMY
        )
    slack, rival = FakeChannel("slack-1"), FakeChannel("slack-1")
    c = courier(store, clock, Sources(slack))
    real_read = c.ledger.read

    def read_then_lose_the_race(key, channel):
        found = real_read(key, channel)
        courier(store, clock, Sources(rival)).deliver(DAY, published(DAY), sweep=False, time_left=ROOMY)
        return found

    monkeypatch.setattr(c.ledger, "read", read_then_lose_the_race)
    assert c.deliver(DAY, published(DAY), sweep=False, time_left=ROOMY)["2026-02-09"] == {
        "slack-1": "claimed elsewhere"
    }
    assert slack.sent == [] and len(rival.sent) == 1 and state(store, "slack-1") == "sent"


def test_channels_are_isolated_from_each_other(store, clock, capsys, caplog):
    broken = FakeChannel("slack-1", KeyError("https://hooks.slack.com/services/SECRET"))
    fine = FakeChannel("discord-1")
    report = courier(store, clock, Sources(broken, fine), Sources(broken=True)).deliver(
        DAY, published(DAY), sweep=False, time_left=ROOMY
    )
    assert report == {"channels": {"Sources": "unavailable"}, "2026-02-09": {"slack-1": "retry", "discord-1": "sent"}}
    record = json.loads(store.get("notify/2026-02-09/slack-1.json").body)
    assert record["error"] == "KeyError"  # not its message, which may quote a secret
    logged = json.dumps([r.__dict__ for r in caplog.records], default=str)
    assert "KeyError" in logged and "test_deliver.py" in logged and "SECRET" not in logged
    assert emitted_metrics(capsys) == {"DeliveryFailed": [1.0, 1.0], "MessagesSent": 1.0}


def test_near_the_deadline_nothing_is_claimed_and_the_next_run_sends(store, clock):
    slack = FakeChannel("slack-1")
    c = courier(store, clock, Sources(slack))
    assert c.deliver(DAY, published(DAY), sweep=True, time_left=lambda: 10.0) == {"2026-02-09": {"slack-1": "deferred"}}
    assert slack.sent == [] and state(store, "slack-1") == "retry"
    clock.now += timedelta(days=1)
    c.deliver(DAY + timedelta(days=1), published(DAY), sweep=True, time_left=ROOMY)
    assert len(slack.sent) == 1


def test_an_empty_day_sends_nothing_and_writes_nothing(store, clock):
    slack = FakeChannel("slack-1")
    assert courier(store, clock, Sources(slack)).deliver(DAY, published(), sweep=True, time_left=ROOMY) == {}
    assert slack.sent == [] and store.list_keys("notify/") == []


def test_a_record_that_cannot_be_completed_is_reported(store, clock, monkeypatch, capsys):
    slack = FakeChannel("slack-1")
    c = courier(store, clock, Sources(slack))

    def broken_finish(*args, **kwargs):
        raise StoreError("S3 is down")

    monkeypatch.setattr(c.ledger, "finish", broken_finish)
    assert c.deliver(DAY, published(DAY), sweep=False, time_left=ROOMY)["2026-02-09"] == {"slack-1": "unrecorded"}
    assert len(slack.sent) == 1 and state(store, "slack-1") == "sending"
    assert emitted_metrics(capsys) == {"DeliveryFailed": 1.0, "MessagesSent": 1.0}

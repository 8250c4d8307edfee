"""Push delivery over real HTTP: a fake Slack/Discord/Telegram receiver on 127.0.0.1, moto S3, SSM and SNS.

Whatever runs, re-runs, races or crashes, each channel gets each new day exactly once."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters

from daily_papers import ledger
from daily_papers.config import Settings
from daily_papers.wiring import build
from tests.integration.conftest import bodies, load_event
from tests.support.data import SEED_DAY, hf_item
from tests.support.fake_hf import Reply
from tests.support.fake_hooks import DISCORD, SECRETS, SLACK, TELEGRAM, FakeHooks
from tests.support.template import create_site_bucket

SCHEDULED = load_event("scheduler.json")  # publishes SEED_DAY
NEXT_DAY = {**SCHEDULED, "time": "2026-02-11T00:15:00Z"}  # publishes 2026-02-10
ONCE = {SLACK: 1, DISCORD: 1, TELEGRAM: 1}
CHANNELS = 4  # slack, discord, telegram, email


@pytest.fixture
def hooks():
    with FakeHooks() as receiver:
        yield receiver


@pytest.fixture
def mailbox(moto_endpoint, monkeypatch):
    """An SNS topic for e-mail, read through an SQS queue subscribed to it; returns a reader."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", moto_endpoint)
    sns = boto3.client("sns")
    sqs = boto3.client("sqs", endpoint_url=moto_endpoint)
    topic = sns.create_topic(Name=f"notify-{uuid.uuid4().hex[:8]}")["TopicArn"]
    queue = sqs.create_queue(QueueName=f"mail-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    monkeypatch.setenv("NOTIFY_TOPIC_ARN", topic)
    received: list[dict] = []

    def read() -> list[dict]:
        while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
            received.extend(json.loads(m["Body"]) for m in batch)
            sqs.delete_message_batch(
                QueueUrl=queue,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
            )
        return received

    return read


@pytest.fixture
def notify(hooks, mailbox, moto_endpoint, monkeypatch):
    """Every channel on: the secret parameter in SSM (a SecureString), the e-mail topic in SNS."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto_endpoint)
    name = f"/daily-papers/notify-{uuid.uuid4().hex[:8]}"
    boto3.client("ssm").put_parameter(Name=name, Type="SecureString", Value=json.dumps(hooks.secret()))
    monkeypatch.setenv("NOTIFY_PARAMETER", name)
    monkeypatch.setenv("TELEGRAM_API_BASE", hooks.url)
    parameters.clear_caches()
    yield name
    parameters.clear_caches()


def records(s3, bucket, day=SEED_DAY) -> dict[str, dict]:
    site = bodies(s3, bucket)
    prefix = f"notify/{day}/"
    return {k[len(prefix) : -5]: json.loads(v) for k, v in site.items() if k.startswith(prefix)}


def test_one_run_sends_one_message_per_channel(handler, hooks, mailbox, notify, s3, bucket):
    # When the scheduled run publishes the day
    result = handler(SCHEDULED)
    # Then every channel got one message, and the outcome and the records say so
    assert result["status"] == "published"
    assert hooks.counts() == ONCE and len(mailbox()) == 1
    assert sorted(result["delivered"][SEED_DAY].values()) == ["sent"] * CHANNELS
    assert {r["state"] for r in records(s3, bucket).values()} == {"sent"}
    post = f"https://papers.example.org/posts/{SEED_DAY}/"
    telegram = hooks.delivered[TELEGRAM][0]
    assert telegram["parse_mode"] == "HTML" and telegram["chat_id"] == "-1001234"
    assert f'<a href="{post}#2602.03392">' in telegram["text"] and post in hooks.delivered[SLACK][0]["text"]
    assert f"<{post}#2602.03392>" in hooks.delivered[DISCORD][0]["content"]
    mail = mailbox()[0]
    assert mail["Subject"] == f"Hugging Face Daily Papers - {SEED_DAY}" and post in mail["Message"]


def test_a_rerun_and_a_notify_request_send_nothing_twice(handler, hooks, mailbox, notify):
    handler(SCHEDULED)
    # When the scheduler's event is delivered again, and someone asks for the day by hand
    again = handler(SCHEDULED)
    by_hand = handler({"date": SEED_DAY, "notify": True})
    # Then nobody hears of the day twice
    assert hooks.counts() == ONCE and len(mailbox()) == 1
    assert set(again["delivered"][SEED_DAY].values()) == {"already sent"}
    assert set(by_hand["delivered"][SEED_DAY].values()) == {"already sent"}


def test_refreshes_rebuilds_and_manual_runs_send_nothing(handler, fake_hf, hooks, mailbox, notify):
    # Given a day published by hand (no "notify"), a rebuild and a backfill
    handler({"date": SEED_DAY, "force": True})
    handler({"action": "rebuild"})
    handler({"from": "2026-02-07", "to": SEED_DAY})
    assert hooks.attempts == [] and mailbox() == []
    # When a scheduled run publishes a new day and refreshes the one two days before with new likes
    fake_hf.days["2026-02-11"] = [hf_item(f"2602.1{i:04d}", f"Next day {i}", upvotes=i) for i in range(3)]
    fake_hf.days[SEED_DAY][0]["paper"]["upvotes"] += 100
    result = handler({**SCHEDULED, "time": "2026-02-12T00:15:00Z"})
    # Then only the new day is announced
    assert [(o["date"], o["status"]) for o in result["days"]] == [("2026-02-10", "empty"), (SEED_DAY, "published")]
    assert list(result["delivered"]) == ["2026-02-11"]
    assert hooks.counts() == ONCE and len(mailbox()) == 1
    assert "2026-02-11" in hooks.delivered[SLACK][0]["text"]


def test_failed_sends_are_retried_by_the_next_run_and_refusals_are_not(handler, hooks, mailbox, notify, s3, bucket):
    # Given Slack failing (500), Discord rate-limiting (429, Retry-After 0) and Telegram refusing (403)
    hooks.faults[SLACK].append(Reply(500, b"internal_error"))
    hooks.faults[DISCORD].append(Reply(429, b'{"retry_after": 0}', {"Retry-After": "0"}))
    hooks.always[TELEGRAM] = Reply(403, b'{"ok": false, "description": "Forbidden: bot was blocked by the user"}')
    first = handler(SCHEDULED)
    assert first["status"] == "published"  # delivery never fails the run
    assert {k.split("-")[0]: v for k, v in first["delivered"][SEED_DAY].items()} == {
        "slack": "retry",
        "discord": "retry",
        "telegram": "refused",
        "email": "sent",
    }
    assert "bot was blocked" in records(s3, bucket)[next(k for k in records(s3, bucket) if "telegram" in k)]["error"]
    # When the next day's scheduled run comes
    handler(NEXT_DAY)
    # Then the failed sends went out once, and the refused one was not tried again
    assert hooks.counts() == {SLACK: 1, DISCORD: 1, TELEGRAM: 0}
    assert [path for path, _ in hooks.attempts].count(TELEGRAM) == 1
    assert {r["state"] for r in records(s3, bucket).values()} == {"sent", "refused"}


def test_a_timeout_is_retried_and_no_secret_reaches_records_or_logs(
    handler, hooks, notify, s3, bucket, caplog, monkeypatch
):
    monkeypatch.setattr("daily_papers.webhooks.SEND_TIMEOUT", (1.0, 0.5))
    hooks.faults[SLACK].append(Reply(200, b"ok", delay=1.5))
    # When Slack does not answer in time
    first = handler(SCHEDULED)
    slack = next(k for k in records(s3, bucket) if k.startswith("slack"))
    seen = [json.dumps(first), json.dumps(records(s3, bucket))]
    # Then the send is recorded for a retry, which the re-run makes
    assert records(s3, bucket)[slack] | {"updated_at": ""} == {
        "key": SEED_DAY,
        "channel": slack,
        "state": "retry",
        "attempts": 1,
        "updated_at": "",
        "error": f"{slack}: ReadTimeout",
    }
    seen.append(json.dumps(handler(SCHEDULED)))
    assert hooks.counts()[SLACK] == 1
    # And no URL or token appears in an outcome, a record or a log line
    seen += [json.dumps(records(s3, bucket)), json.dumps([r.__dict__ for r in caplog.records], default=str)]
    assert "ReadTimeout" in seen[-1]
    assert [secret for secret in SECRETS if secret in "".join(seen)] == []


def test_a_run_that_crashes_after_claiming_is_finished_once_the_claim_expires(
    handler, hooks, mailbox, notify, s3, bucket, monkeypatch
):
    from daily_papers import webhooks

    class Killed(BaseException):
        """The runtime ending the invocation mid-send: nothing in the run can catch it."""

    real_post = webhooks.post
    crash = {"once": True}

    def post_or_crash(*args, **kwargs):
        if crash.pop("once", False):
            raise Killed
        return real_post(*args, **kwargs)

    monkeypatch.setattr(webhooks, "post", post_or_crash)
    monkeypatch.setattr(ledger, "CLAIM_TTL", timedelta(seconds=2))
    # Given a run killed right after claiming its first channel
    with pytest.raises(Killed):
        handler(SCHEDULED)
    assert [r["state"] for r in records(s3, bucket).values()] == ["sending"]
    # When Lambda retries at once, the live-looking claim is left alone and the rest is sent
    retried = handler(SCHEDULED)
    assert "claimed elsewhere" in retried["delivered"][SEED_DAY].values() and sum(hooks.counts().values()) == 2
    # Then, the claim expired, the next run sends the claimed channel, once
    import time

    time.sleep(2.1)
    handler(SCHEDULED)
    handler(SCHEDULED)
    assert hooks.counts() == ONCE and len(mailbox()) == 1
    assert {r["state"] for r in records(s3, bucket).values()} == {"sent"}


def test_three_concurrent_runs_send_once(fake_hf, hooks, serial_moto_endpoint, monkeypatch):
    # Given three containers running the same scheduled event at the same instant, against an S3
    # that (like the real one) decides each conditional write atomically
    for var in ("S3", "SSM", "SNS"):
        monkeypatch.setenv(f"AWS_ENDPOINT_URL_{var}", serial_moto_endpoint)
    bucket = f"race-{uuid.uuid4().hex[:12]}"
    create_site_bucket(boto3.client("s3"), bucket)
    boto3.client("ssm").put_parameter(Name="/race/notify", Type="SecureString", Value=json.dumps(hooks.secret()))
    parameters.clear_caches()
    parameters.get_parameter("/race/notify", decrypt=True, transform="json", max_age=300)  # one client, made here
    hooks.delay = 0.3  # a slow receiver keeps the race window open
    env = {"SITE_BUCKET": bucket, "HF_API_BASE": fake_hf.url, "SITE_BASE_URL": "https://papers.example.org"}
    settings = Settings.from_env({**env, "NOTIFY_PARAMETER": "/race/notify", "TELEGRAM_API_BASE": hooks.url})
    services = [build(settings) for _ in range(3)]
    barrier, results, errors = threading.Barrier(3), [], []

    def run(service):
        barrier.wait()
        try:
            results.append(service.handle(SCHEDULED).to_dict())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    # Then each channel got one message; the losers saw it claimed
    assert errors == [] and hooks.counts() == ONCE
    outcomes = sorted(v for r in results for v in r["delivered"][SEED_DAY].values())
    assert outcomes.count("sent") == 3 and len(outcomes) == 9
    assert set(outcomes) <= {"sent", "claimed elsewhere", "already sent"}
    parameters.clear_caches()


def test_delivery_failures_never_fail_the_run_nor_touch_the_site(handler, hooks, notify, s3, bucket, monkeypatch):
    # Given the secret parameter gone and the e-mail topic deleted
    boto3.client("ssm").delete_parameter(Name=notify)
    monkeypatch.setenv("NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:gone")
    # When the scheduled run publishes the day
    result = handler(SCHEDULED)
    # Then the day is published, the failures are reported, and delivery wrote only its records
    assert result["status"] == "published"
    assert result["delivered"] == {"channels": {"WebhookChannels": "unavailable"}, SEED_DAY: {"email": "refused"}}
    assert "posts/2026-02-09/index.html" in bodies(s3, bucket)
    assert not [k for k in result["keys"] if k.startswith("notify/")]
    assert [k for k in bodies(s3, bucket) if k.startswith("notify/")] == [f"notify/{SEED_DAY}/email.json"]

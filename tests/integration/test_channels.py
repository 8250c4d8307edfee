"""Channel adapters against their fakes: the same contract for every webhook, SNS in moto, SSM in moto.

A send returns, or raises SendFailed (a later run retries) or SendRefused (never retried); no error quotes a secret."""

from __future__ import annotations

import json
import socket
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from botocore.stub import Stubber

from daily_papers.exceptions import ChannelsUnavailable, SendFailed, SendRefused
from daily_papers.mail import EmailTopic
from daily_papers.messages import Announcement, Entry
from daily_papers.ssm import SecretParameter
from daily_papers.webhooks import WebhookChannels
from tests.support.fake_hf import Reply
from tests.support.fake_hooks import DISCORD, SECRETS, SLACK, TELEGRAM, FakeHooks

MESSAGE = Announcement(
    key="2026-02-09",
    headline="Hugging Face Daily Papers · 2026-02-09",
    summary="논문 3편 · 좋아요 상위 1편",
    entries=(Entry("A <b>paper</b>", 42, "https://p.example/posts/2026-02-09/#2602.03392"),),
    link_label="전체 순위 보기",
    link="https://p.example/posts/2026-02-09/",
)
PATHS = {"slack": SLACK, "discord": DISCORD, "telegram": TELEGRAM}


@pytest.fixture
def hooks():
    with FakeHooks() as receiver:
        yield receiver


def channel(hooks, kind, secret=None):
    found = WebhookChannels(lambda: secret or hooks.secret(), hooks.url).channels()
    return next(c for c in found if c.name.startswith(kind))


def test_each_service_gets_its_own_payload(hooks):
    for kind in PATHS:
        channel(hooks, kind).send(MESSAGE)
    slack, discord, telegram = (hooks.delivered[p][0] for p in (SLACK, DISCORD, TELEGRAM))
    assert "&lt;b&gt;paper&lt;/b&gt;" in slack["text"]
    assert discord["allowed_mentions"] == {"parse": []} and len(discord["content"]) <= 2000
    assert telegram["parse_mode"] == "HTML" and telegram["chat_id"] == "-1001234"
    assert "&lt;b&gt;paper&lt;/b&gt;</a>" in telegram["text"]


RETRY_AFTER = {
    "seconds": (Reply(429, b"", {"Retry-After": "7"}), 7),
    "an HTTP date": (None, 90),
    "Discord's JSON": (Reply(429, b'{"message": "rate limited", "retry_after": 1.5}'), 1.5),
    "Telegram's JSON": (Reply(429, b'{"ok": false, "parameters": {"retry_after": 3}}'), 3),
}


@pytest.mark.parametrize("kind", PATHS)
@pytest.mark.parametrize("case", RETRY_AFTER)
def test_429_is_retried_later_with_its_retry_after(hooks, kind, case):
    reply, seconds = RETRY_AFTER[case]
    if reply is None:
        reply = Reply(429, b"", {"Retry-After": format_datetime(datetime.now(UTC) + timedelta(seconds=seconds))})
    hooks.faults[PATHS[kind]].append(reply)
    with pytest.raises(SendFailed) as info:
        channel(hooks, kind).send(MESSAGE)
    assert info.value.retry_after == pytest.approx(seconds, abs=2)
    assert "HTTP 429" in str(info.value)


@pytest.mark.parametrize("kind", PATHS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_later(hooks, kind, status):
    hooks.faults[PATHS[kind]].append(Reply(status, b"upstream"))
    with pytest.raises(SendFailed, match=f"HTTP {status}"):
        channel(hooks, kind).send(MESSAGE)


@pytest.mark.parametrize("kind", PATHS)
@pytest.mark.parametrize("status", [301, 400, 401, 403, 404, 410])
def test_refusals_are_permanent(hooks, kind, status):
    hooks.faults[PATHS[kind]].append(Reply(status, b'{"ok": false, "description": "chat not found"}'))
    with pytest.raises(SendRefused, match=f"HTTP {status}"):
        channel(hooks, kind).send(MESSAGE)


@pytest.mark.parametrize("kind", PATHS)
def test_an_answer_quoting_the_secret_is_redacted(hooks, kind):
    echo = f"no such hook: {hooks.url}{PATHS[kind]}".encode()
    hooks.faults[PATHS[kind]].append(Reply(404, echo))
    with pytest.raises(SendRefused) as info:
        channel(hooks, kind).send(MESSAGE)
    assert "***" in str(info.value) and not [s for s in SECRETS if s in str(info.value)]


@pytest.mark.parametrize("kind", PATHS)
def test_an_unreachable_service_is_retried_later_without_quoting_the_url(hooks, kind):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    dead = json.loads(json.dumps(hooks.secret()).replace(hooks.url, f"http://127.0.0.1:{port}"))
    found = WebhookChannels(lambda: dead, f"http://127.0.0.1:{port}").channels()
    with pytest.raises(SendFailed) as info:
        next(c for c in found if c.name.startswith(kind)).send(MESSAGE)
    assert "ConnectionError" in str(info.value) and info.value.__cause__ is None
    assert not [s for s in SECRETS if s in str(info.value)]


# ------------------------------------------------------------------ e-mail (SNS)


@pytest.fixture
def sns(moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", moto_endpoint)
    return boto3.client("sns")


def test_email_publishes_subject_and_body_to_the_topic(sns, moto_endpoint):
    topic = sns.create_topic(Name=f"mail-{uuid.uuid4().hex[:8]}")["TopicArn"]
    sqs = boto3.client("sqs", endpoint_url=moto_endpoint)
    queue = sqs.create_queue(QueueName=f"mail-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    EmailTopic(topic).send(MESSAGE)
    (received,) = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    mail = json.loads(received["Body"])
    assert mail["Subject"] == "Hugging Face Daily Papers - 2026-02-09"
    assert "1. A <b>paper</b> (👍 42)" in mail["Message"]


def test_email_to_a_missing_topic_is_refused(sns):
    with pytest.raises(SendRefused, match="NotFound"):
        EmailTopic("arn:aws:sns:us-east-1:123456789012:no-such-topic").send(MESSAGE)


@pytest.mark.parametrize(
    ("code", "error"), [("Throttling", SendFailed), ("InternalError", SendFailed), ("AuthorizationError", SendRefused)]
)
def test_email_throttling_is_retried_and_a_denial_is_refused(sns, code, error):
    with Stubber(sns) as stub:
        stub.add_client_error("publish", service_error_code=code, http_status_code=400)
        with pytest.raises(error, match=code):
            EmailTopic("arn:aws:sns:us-east-1:123456789012:t", client=sns).send(MESSAGE)


# ------------------------------------------------------------------ the secret parameter (SSM)


@pytest.fixture
def ssm(moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto_endpoint)
    parameters.clear_caches()
    yield boto3.client("ssm")
    parameters.clear_caches()


def test_the_secret_parameter_is_decrypted_parsed_and_cached(ssm):
    name = f"/daily-papers/{uuid.uuid4().hex[:8]}"
    ssm.put_parameter(Name=name, Type="SecureString", Value='{"slack": ["https://hooks.example/1"]}')
    secret = SecretParameter(name)
    assert secret() == {"slack": ["https://hooks.example/1"]}
    ssm.put_parameter(Name=name, Type="SecureString", Value='{"slack": []}', Overwrite=True)
    assert secret() == {"slack": ["https://hooks.example/1"]}  # a warm container reuses it
    parameters.clear_caches()  # as in a new container, or once MAX_AGE has passed
    assert secret() == {"slack": []}


def test_a_missing_or_malformed_parameter_is_unavailable_and_never_echoed(ssm):
    with pytest.raises(ChannelsUnavailable, match="cannot be read"):
        SecretParameter(f"/daily-papers/{uuid.uuid4().hex[:8]}")()
    name = f"/daily-papers/{uuid.uuid4().hex[:8]}"
    ssm.put_parameter(Name=name, Type="SecureString", Value="https://hooks.slack.com/services/T/B/SECRET")
    with pytest.raises(ChannelsUnavailable, match="not valid JSON") as info:
        SecretParameter(name)()
    assert "SECRET" not in str(info.value) and info.value.__cause__ is None

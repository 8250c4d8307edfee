"""Which adapters the settings pick: the one place that chooses them."""

import pytest

from daily_papers.aws import CloudFrontInvalidator, S3Store
from daily_papers.config import Settings
from daily_papers.exceptions import ConfigError
from daily_papers.mail import EmailTopic
from daily_papers.ssm import SecretParameter
from daily_papers.store import LocalStore
from daily_papers.webhooks import WebhookChannels
from daily_papers.wiring import build

URL = "https://p.example"


def test_a_bucket_means_s3_and_a_distribution_means_invalidations():
    service = build(Settings(bucket="site", distribution_id="E2ABC", base_url=URL))
    assert isinstance(service.publisher.store, S3Store) and service.publisher.store.bucket == "site"
    assert isinstance(service.cdn, CloudFrontInvalidator) and service.cdn.distribution_id == "E2ABC"


def test_a_folder_wins_and_has_no_cdn(tmp_path):
    service = build(Settings(bucket="site", distribution_id="E2ABC", base_url=URL), tmp_path)
    assert isinstance(service.publisher.store, LocalStore) and service.cdn is None


def test_no_bucket_and_no_folder_is_a_configuration_error():
    with pytest.raises(ConfigError, match="SITE_BUCKET"):
        build(Settings(base_url=URL))


def test_no_channel_means_no_courier_and_each_configured_channel_is_a_source(tmp_path):
    assert build(Settings(base_url=URL), tmp_path).courier is None
    arn = "arn:aws:sns:us-east-1:123456789012:notify"
    on = build(Settings(base_url=URL, notify_parameter="/n", notify_topic_arn=arn), tmp_path)
    assert on.courier is not None
    webhooks, email = on.courier.sources
    assert isinstance(webhooks, WebhookChannels) and isinstance(webhooks.secrets, SecretParameter)
    assert webhooks.secrets.name == "/n"
    assert isinstance(email, EmailTopic) and email.topic_arn == arn
    only_mail = build(Settings(base_url=URL, notify_topic_arn=arn), tmp_path)
    assert only_mail.courier is not None and [type(s) for s in only_mail.courier.sources] == [EmailTopic]


def test_no_base_url_is_refused_before_anything_is_written(tmp_path):
    # feeds and sitemaps need absolute URLs: every publish path (Lambda, command line) builds here
    with pytest.raises(ConfigError, match="SITE_BASE_URL"):
        build(Settings(), tmp_path)

"""Which adapters the settings pick: the one place that chooses them."""

import pytest

from daily_papers.aws import CloudFrontInvalidator, S3Store
from daily_papers.config import Settings
from daily_papers.exceptions import ConfigError
from daily_papers.store import LocalStore
from daily_papers.wiring import build


def test_a_bucket_means_s3_and_a_distribution_means_invalidations():
    service = build(Settings(bucket="site", distribution_id="E2ABC"))
    assert isinstance(service.publisher.store, S3Store) and service.publisher.store.bucket == "site"
    assert isinstance(service.cdn, CloudFrontInvalidator) and service.cdn.distribution_id == "E2ABC"


def test_a_folder_wins_and_has_no_cdn(tmp_path):
    service = build(Settings(bucket="site", distribution_id="E2ABC"), tmp_path)
    assert isinstance(service.publisher.store, LocalStore) and service.cdn is None


def test_no_bucket_and_no_folder_is_a_configuration_error():
    with pytest.raises(ConfigError, match="SITE_BUCKET"):
        build(Settings())

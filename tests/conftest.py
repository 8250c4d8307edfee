"""Shared fixtures. Every server here listens on 127.0.0.1 only."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Safe defaults before any package module is imported: no real AWS, no X-Ray.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_SERVICE_NAME="daily-papers",
    POWERTOOLS_METRICS_NAMESPACE="DailyPapers",
    POWERTOOLS_TRACE_DISABLED="true",
)
for var in (
    "AWS_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "SITE_BUCKET",
):
    os.environ.pop(var, None)
for var in (
    "SUMMARY_MODEL_ID",
    "SUMMARY_MAX_PAPERS",
    "SUMMARY_TIMEOUT",
):  # the feature is off unless a test turns it on
    os.environ.pop(var, None)

from tests.support.data import SEED_DAY, seed_items  # noqa: E402
from tests.support.fake_hf import FakeHfApi  # noqa: E402
from tests.support.template import create_site_bucket  # noqa: E402

TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The folder is the layer: tests/unit -> unit, and so on."""
    for item in items:
        layer = Path(item.fspath).resolve().relative_to(TESTS).parts[0]
        if layer in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture
def fake_hf() -> Iterator[FakeHfApi]:
    with FakeHfApi() as api:
        api.days[SEED_DAY] = seed_items()
        yield api


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch):
    import boto3

    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
    return boto3.client("s3")


@pytest.fixture
def bucket(s3) -> str:
    name = f"site-{uuid.uuid4().hex[:12]}"
    create_site_bucket(s3, name)  # configured as template.yaml declares it
    return name

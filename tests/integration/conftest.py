"""Fixtures to run the real handler against the fake HF API and moto S3."""

import json
from pathlib import Path

import pytest

from tests.support.fake_bedrock import FakeBedrock
from tests.support.lambda_context import FakeLambdaContext

EVENTS = Path(__file__).resolve().parents[2] / "events"


def load_event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


@pytest.fixture
def handler(fake_hf, bucket, monkeypatch):
    """app.lambda_handler configured for this test's fakes, as a (event) -> result callable."""
    import app

    monkeypatch.setenv("SITE_BUCKET", bucket)
    monkeypatch.setenv("HF_API_BASE", fake_hf.url)
    monkeypatch.setenv("HF_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("SITE_BASE_URL", "https://papers.example.org")
    app.service.cache_clear()
    yield lambda event: app.lambda_handler(event, FakeLambdaContext())
    app.service.cache_clear()


@pytest.fixture
def fake_bedrock(monkeypatch):
    """A fake Converse endpoint that boto3 reaches through its standard per-service variable."""
    with FakeBedrock() as fake:
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", fake.url)
        yield fake


@pytest.fixture(scope="session")
def serial_moto_endpoint():
    """A moto S3 server answering one request at a time, like S3's per-request atomicity.

    ThreadedMotoServer checks If-Match and then writes without a lock, so two racing
    conditional writes could both pass there; real S3 never lets that happen.
    """
    import threading

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def snapshot(s3, bucket) -> dict[str, tuple[bytes, str, dict]]:
    """Every object with its content type and metadata, for byte-for-byte comparisons."""
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    result = {}
    for obj in listed:
        got = s3.get_object(Bucket=bucket, Key=obj["Key"])
        result[obj["Key"]] = (got["Body"].read(), got["ContentType"], got["Metadata"])
    return result


def bodies(s3, bucket) -> dict[str, bytes]:
    return {key: body for key, (body, _, _) in snapshot(s3, bucket).items()}

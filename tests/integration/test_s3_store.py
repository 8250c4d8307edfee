"""S3Store against moto in server mode (a real HTTP S3 endpoint via AWS_ENDPOINT_URL_S3)."""

import pytest

from daily_papers.aws import S3Store
from daily_papers.exceptions import PreconditionFailed, StoreError


def test_round_trip_with_content_type_and_metadata(s3, bucket):
    store = S3Store(bucket)
    etag = store.put(
        "posts/x/index.html", "<p>한국어</p>".encode(), "text/html; charset=utf-8", metadata={"sha256": "ab"}
    )
    head = s3.head_object(Bucket=bucket, Key="posts/x/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8" and head["Metadata"] == {"sha256": "ab"}
    got = store.get("posts/x/index.html")
    assert got.body.decode() == "<p>한국어</p>" and got.etag == etag and got.metadata == {"sha256": "ab"}
    assert store.head("posts/x/index.html").etag == etag


def test_missing_keys_are_none(s3, bucket):
    store = S3Store(bucket)
    assert store.get("nope") is None and store.head("nope") is None


def test_conditional_writes(s3, bucket):
    store = S3Store(bucket)
    first = store.put("data/manifest.json", b"1", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("data/manifest.json", b"2", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("data/manifest.json", b"2", "application/json", if_match='"stale"')
    store.put("data/manifest.json", b"2", "application/json", if_match=first)
    assert store.get("data/manifest.json").body == b"2"


def test_list_keys_pages_through_everything(s3, bucket):
    store = S3Store(bucket)
    for i in range(1005):
        s3.put_object(Bucket=bucket, Key=f"data/{i:04d}.json", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"")
    keys = store.list_keys("data/")
    assert len(keys) == 1005 and keys[0] == "data/0000.json"


def test_sdk_errors_become_store_errors(s3):
    store = S3Store("no-such-bucket-here")
    with pytest.raises(StoreError, match="no-such-bucket-here"):
        store.put("index.html", b"x", "text/html")
    with pytest.raises(StoreError):
        store.get("index.html")

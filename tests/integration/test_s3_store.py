"""S3Store against moto in server mode (a real HTTP S3 endpoint via AWS_ENDPOINT_URL_S3)."""

import pytest

from daily_papers.aws import S3Store
from daily_papers.exceptions import StoreError


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


def test_objects_carry_a_cache_policy(s3, bucket):
    S3Store(bucket).put("index.html", b"x", "text/html; charset=utf-8")
    assert s3.head_object(Bucket=bucket, Key="index.html")["CacheControl"] == "public, max-age=300, s-maxage=86400"


class RecordingCloudFront:
    def __init__(self):
        self.batches = []

    def create_invalidation(self, **kwargs):
        self.batches.append(kwargs)
        return {"Invalidation": {"Id": f"I{len(self.batches)}"}}


def test_invalidation_is_one_batch_with_a_unique_reference():
    from daily_papers.aws import CloudFrontInvalidator

    client = RecordingCloudFront()
    cdn = CloudFrontInvalidator("E123", client)
    assert cdn.invalidate(["/index.html", "/feed.xml", "/index.html"]) == "I1"
    cdn.invalidate(["/index.html"])
    first, second = client.batches
    assert first["DistributionId"] == "E123"
    assert first["InvalidationBatch"]["Paths"] == {"Quantity": 2, "Items": ["/feed.xml", "/index.html"]}
    assert first["InvalidationBatch"]["CallerReference"] != second["InvalidationBatch"]["CallerReference"]
    cdn.invalidate([f"/posts/{i}/index.html" for i in range(301)])
    assert client.batches[-1]["InvalidationBatch"]["Paths"] == {"Quantity": 1, "Items": ["/*"]}


def test_invalidation_errors_become_domain_errors(moto_endpoint, monkeypatch):
    import boto3

    from daily_papers.aws import CloudFrontInvalidator
    from daily_papers.exceptions import InvalidationError

    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_endpoint)
    with pytest.raises(InvalidationError, match="ENOPE"):
        CloudFrontInvalidator("ENOPE", boto3.client("cloudfront")).invalidate(["/index.html"])

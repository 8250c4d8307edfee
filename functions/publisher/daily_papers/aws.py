"""AWS adapters (S3 store, CloudFront invalidator): the only module importing boto3.

SDK errors are translated into domain errors here."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .exceptions import InvalidationError, PreconditionFailed, StoreError
from .observability import logger
from .ports import StoredObject

# Browsers re-check after 5 minutes; CloudFront keeps a day, and each publish invalidates what changed.
CACHE_CONTROL = "public, max-age=300, s-maxage=86400"
_MISSING = {"NoSuchKey", "404", "NotFound"}
_CONFLICT = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}


class S3Store:
    def __init__(self, bucket: str, client: Any = None):
        self.bucket = bucket
        # AWS_ENDPOINT_URL_S3 is honoured by boto3 itself.
        self.client = client or boto3.client(
            "s3",
            config=Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=5, read_timeout=30),
        )

    def reopen(self) -> S3Store:
        """The same bucket with a client of its own, for a worker process (clients are not fork-safe)."""
        return S3Store(self.bucket)

    def get(self, key: str) -> StoredObject | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
            body = response["Body"].read()
        except (ClientError, BotoCoreError) as exc:
            self._raise_unless_missing(exc, "reading", key)
            return None
        return StoredObject(key, body, response["ETag"], response.get("Metadata", {}))

    def head(self, key: str) -> StoredObject | None:
        try:
            response = self.client.head_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            self._raise_unless_missing(exc, "checking", key)
            return None
        return StoredObject(key, b"", response["ETag"], response.get("Metadata", {}))

    def put(
        self,
        key: str,
        body: bytes,
        content_type: str,
        *,
        metadata: dict[str, str] | None = None,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": body,
            "ContentType": content_type,
            "CacheControl": CACHE_CONTROL,
        }
        if metadata:
            args["Metadata"] = metadata
        if if_match is not None:
            args["IfMatch"] = if_match
        if if_none_match:
            args["IfNoneMatch"] = "*"
        try:
            return str(self.client.put_object(**args)["ETag"])
        except ClientError as exc:
            if _code(exc) in _CONFLICT or (if_match is not None and _code(exc) in _MISSING):
                raise PreconditionFailed(f"s3://{self.bucket}/{key} changed since it was read") from exc
            logger.exception("S3 write failed", key=key)
            raise StoreError(f"writing s3://{self.bucket}/{key}: {exc}") from exc
        except BotoCoreError as exc:
            logger.exception("S3 write failed", key=key)
            raise StoreError(f"writing s3://{self.bucket}/{key}: {exc}") from exc

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(self.etags(prefix))

    def etags(self, prefix: str) -> dict[str, str]:
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            return {obj["Key"]: obj["ETag"] for page in pages for obj in page.get("Contents", ())}
        except (ClientError, BotoCoreError) as exc:
            raise StoreError(f"listing s3://{self.bucket}/{prefix}: {exc}") from exc

    def _raise_unless_missing(self, exc: Exception, doing: str, key: str) -> None:
        if isinstance(exc, ClientError) and _code(exc) in _MISSING:
            return
        logger.exception("S3 read failed", key=key)
        raise StoreError(f"{doing} s3://{self.bucket}/{key}: {exc}") from exc


class CloudFrontInvalidator:
    """Invalidates changed paths of one distribution in a single batch."""

    # Beyond this many paths (a rebuild), one wildcard is cheaper: CloudFront bills per path.
    MAX_PATHS = 300

    def __init__(self, distribution_id: str, client: Any = None):
        self.distribution_id = distribution_id
        self.client = client or boto3.client("cloudfront")

    def invalidate(self, paths: list[str]) -> str:
        items = sorted(set(paths)) if len(set(paths)) <= self.MAX_PATHS else ["/*"]
        try:
            response = self.client.create_invalidation(
                DistributionId=self.distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(items), "Items": items},
                    "CallerReference": f"daily-papers-{uuid.uuid4()}",
                },
            )
        except (ClientError, BotoCoreError) as exc:
            raise InvalidationError(f"invalidating {len(items)} paths on {self.distribution_id}: {exc}") from exc
        return str(response["Invalidation"]["Id"])


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
